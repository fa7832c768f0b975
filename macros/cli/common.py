"""What every command shares: exit codes, the usage error, and printing problems to stderr."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..problems import Problem

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A command was called in a way that cannot work; the message says how to call it."""


def err(text: str) -> None:
    print(text, file=sys.stderr)


def print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        err(problem.format())


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`1 error`, `2,000 errors`: a number with its noun in the right number."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def data_options(parser: argparse.ArgumentParser, *, with_as_of: bool = True) -> None:
    """The --data and --as-of options that commands reading the data folder take."""
    parser.add_argument(
        "--data", default="data", metavar="DIR", help="folder holding policy/ and escalations.xlsx (default: data)"
    )
    if with_as_of:
        parser.add_argument(
            "--as-of",
            metavar="DATE",
            help="date that 'today' means (ISO, e.g. 2026-06-30); default: ESCALATION_AS_OF or today",
        )
