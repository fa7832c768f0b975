"""On/off switches read from the environment (``ESCALATION_THEME_REUSE=off`` and the like)."""

from __future__ import annotations

import os

OFF_WORDS = frozenset({"off", "0", "false", "no"})


def switched_off(variable: str) -> bool:
    """Whether the environment variable ``variable`` turns something off (``off``, ``0``, ``false``, ``no``, in any
    case and with spaces around); unset or anything else leaves it on."""
    return os.environ.get(variable, "").strip().lower() in OFF_WORDS
