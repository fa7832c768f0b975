"""The `escalation` command line. Domain code raises typed errors; only this package turns them into messages
on stderr and exit codes. No traceback reaches the user for a data problem.

Each command is a module with `register(commands)`, which adds its subparser and sets `handler`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..problems import DataError
from . import approvers, audit, codeowners, demo_data, digest, impact, schema, template, textconv, validate
from .common import EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError, err, print_problems

__all__ = ["UsageError", "build_parser", "main"]

COMMANDS = (validate, audit, schema, approvers, template, codeowners, demo_data, digest, impact, textconv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="escalation",
        description="Validate and query the renewal escalation policy and log.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.handler(args)
        sys.stdout.flush()  # a closed pipe (`| head -1`) shows up here, not at exit
        return status
    except BrokenPipeError:
        # The reader went away (`escalation approvers ... | head -1`): stop quietly, and keep Python's final
        # flush of stdout from reporting the same closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except DataError as exc:
        print_problems(exc.errors)
        return EXIT_DATA
    except UsageError as exc:
        err(f"escalation {args.command}: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err("interrupted")
        return 130
