"""`escalation textconv`: print a workbook as stable text, for git's readable diffs of `escalations.xlsx`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_DATA, EXIT_OK, err


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "textconv",
        help="print a workbook as text, one line per row (a git diff driver)",
        description="Print every visible sheet of a workbook, sheet by sheet, one line per non-empty row "
        "(`Header: value; Header: value`). The output is stable, so git can diff it: with `*.xlsx "
        'diff=escalation-log` in .gitattributes, run `git config diff.escalation-log.textconv "escalation '
        'textconv"` once and `git diff` shows the rows that changed.',
        epilog="Example: escalation textconv data/escalations.xlsx",
    )
    parser.add_argument("file", metavar="FILE.xlsx", help="the workbook to print")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..workbook.reader import WorkbookFileError
    from ..workbook.text_rows import workbook_text

    path = Path(args.file)
    try:
        text = workbook_text(path)
    except WorkbookFileError as exc:
        err(f"{path.as_posix()}: {exc.message}" + (f" (hint: {exc.hint})" if exc.hint else ""))
        return EXIT_DATA
    sys.stdout.write(text)
    return EXIT_OK
