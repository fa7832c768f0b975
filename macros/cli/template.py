"""`escalation template`: write a blank escalation-log workbook with dropdowns from the policy."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "template",
        help="write a blank escalation-log workbook with dropdowns from the policy",
        description="Write a blank escalation log (.xlsx): every sheet and column of the workbook contract, a "
        "note on each header, date formats, and dropdowns of the policy's tiers, statuses, outcomes, blocker "
        "types, health values, segments, concession types and people. The same policy always gives the same "
        "file.",
        epilog="Example: escalation template --out escalation-log.xlsx",
    )
    parser.add_argument("--out", required=True, metavar="FILE.xlsx", help="where to write the workbook")
    parser.add_argument("--data", default="data", metavar="DIR", help="folder holding policy/ (default: data)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..policy.loader import load_policy
    from ..workbook.template import dropdowns, write_template
    from .common import UsageError

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out must name an .xlsx file, got '{args.out}'")
    if out.is_dir():
        raise UsageError(f"--out names a folder, not a file: '{args.out}'")
    policy = load_policy(Path(args.data))
    write_template(policy, out)
    count = len(dropdowns(policy))
    print(f"wrote {out.as_posix()} (blank escalation log with {count} dropdown columns)")
    return 0
