"""`python -m macros.cli` runs the `escalation` command."""

import sys

from . import main

sys.exit(main())
