"""`escalation impact`: what a change to the policy or the workbook does, between two git revisions."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import EXIT_OK, UsageError, data_options


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "impact",
        help="what a change does: policy changes in words, decisions, escalations, people, workbook rows",
        description="Compare the policy and the workbook at --base with --head (by default the working tree), "
        "reading the revisions from git without a checkout. Reports the policy changes in words, approval-matrix "
        "answers that change (boundary cases of each changed rule), open escalations whose tier, required "
        "stakeholders, deadlines or update cadence change, commitments not yet approved whose approvers change, "
        "people who gain or lose authority, CODEOWNERS changes and workbook rows added, removed or changed. "
        "Sections with nothing to say are left out; with no change at all it says so.",
        epilog="Example: escalation impact --base origin/main --format markdown",
    )
    parser.add_argument("--base", required=True, metavar="REF", help="the revision to compare from, e.g. origin/main")
    parser.add_argument(
        "--head", metavar="REF", help="the revision to compare to (default: the working tree, uncommitted edits too)"
    )
    parser.add_argument(
        "--format", choices=["markdown", "json"], default="markdown", help="output format (default: markdown)"
    )
    data_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..analysis.git_snapshot import GitError
    from ..analysis.impact import compare_revisions
    from ..dataset import parse_as_of, resolve_as_of
    from ..render.impact_report import impact_markdown

    data_dir = Path(args.data)
    if not data_dir.is_dir():
        raise UsageError(f"the data folder {data_dir.as_posix()} does not exist; give --data DIR")
    as_of = parse_as_of(args.as_of, "--as-of") if args.as_of else None
    try:
        if as_of is None:
            from ..policy.loader import load_policy
            from ..problems import DataError

            try:
                as_of = resolve_as_of(None, load_policy(data_dir))
            except DataError:
                import datetime as dt

                as_of = dt.date.today()
        report = compare_revisions(data_dir, args.base, args.head, as_of)
    except GitError as exc:
        raise UsageError(exc.message + (f" (hint: {exc.hint})" if exc.hint else "")) from None
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(impact_markdown(report))
    return EXIT_OK
