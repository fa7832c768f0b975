"""`escalation demo-data`: write a policy and a realistic escalation log of any size, for demos and benchmarks."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import ClassVar

PROGRESS_FROM = 1_000
"""Accounts from which phases are reported on stderr as they finish (unless --quiet)."""
DEFAULT_MONTHS = 12


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "demo-data",
        help="write a policy and a realistic escalation log for any number of accounts",
        description="Write OUT/policy/*.yaml (copied from --policy) and OUT/escalations.xlsx: an escalation log "
        "for N accounts drawn from the policy, with about 4 escalations per 10 accounts a year and actions, "
        "commitments, updates and reviews to match. The same seed, as-of date, months and policy always give "
        "byte-identical files. Phases and counts are reported on stderr from "
        f"{PROGRESS_FROM:,} accounts.",
        epilog="Example: escalation demo-data --accounts 5000 --seed 7 --as-of 2026-06-30 --out /tmp/demo-5000 "
        "&& escalation validate --data /tmp/demo-5000 --as-of 2026-06-30",
    )
    parser.add_argument("--accounts", required=True, type=_positive, metavar="N", help="number of accounts")
    parser.add_argument("--seed", required=True, type=int, metavar="S", help="random seed (any integer)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write policy/ and escalations.xlsx to")
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="the log's 'today' (ISO, e.g. 2026-06-30): it ends on this date; default: ESCALATION_AS_OF or today. "
        "Pass it for files that do not change from day to day.",
    )
    parser.add_argument(
        "--months",
        type=_positive,
        default=DEFAULT_MONTHS,
        metavar="M",
        help=f"months of history that end on the as-of date (default: {DEFAULT_MONTHS})",
    )
    parser.add_argument(
        "--policy",
        metavar="DIR",
        help="folder of policy YAML files, or a data folder holding policy/ (default: the sample policy in data/)",
    )
    parser.add_argument(
        "--imperfections",
        action="store_true",
        help="plant a few data-quality warnings and authority findings (never errors), as in the shipped sample",
    )
    parser.add_argument("--force", action="store_true", help="write into --out even if it is not empty")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    from ..dataset import AS_OF_VARIABLE, parse_as_of
    from ..demo import write_demo_data
    from .common import UsageError

    as_of_text = args.as_of or os.environ.get(AS_OF_VARIABLE)
    as_of = parse_as_of(as_of_text, "--as-of" if args.as_of else AS_OF_VARIABLE) if as_of_text else dt.date.today()
    source = _policy_source(args.policy, UsageError)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out names a file, not a folder: '{args.out}'")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise UsageError(
            f"'{args.out}' is not empty; choose an empty or new folder, or pass --force to overwrite "
            "policy/, schema/ and escalations.xlsx in it"
        )
    progress = None if args.quiet or args.accounts < PROGRESS_FROM else _Progress()
    path = write_demo_data(
        source,
        out,
        accounts=args.accounts,
        seed=args.seed,
        as_of=as_of,
        months=args.months,
        imperfections=args.imperfections,
        progress=progress,
    )
    print(
        f"wrote {path.as_posix()} and {(out / 'policy').as_posix()}/: {args.accounts:,} accounts over "
        f"{args.months} months to {as_of.isoformat()} (seed {args.seed})"
    )
    return 0


def _policy_source(option: str | None, usage_error: type[Exception]) -> Path | None:
    """The folder of policy YAML files named by --policy (itself, or its policy/ subfolder)."""
    if option is None:
        from ..demo.writer import sample_policy_dir

        found = sample_policy_dir()
        if found is None:
            raise usage_error(
                "no sample policy beside the package or in ./data/policy; name a policy with --policy DIR"
            )
        return found
    folder = Path(option)
    for candidate in (folder / "policy", folder):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    raise usage_error(
        f"no policy YAML files in '{option}' or '{(folder / 'policy').as_posix()}'; --policy names a folder "
        "such as data/policy or data"
    )


class _Progress:
    """Prints each finished phase with its counts and the time since the previous one, on stderr."""

    LABELS: ClassVar[dict[str, str]] = {
        "accounts": "drew {accounts:,} accounts",
        "plan": "planned {escalations:,} escalations ({open:,} open)",
        "details": "drew {actions:,} actions, {commitments:,} commitments, {updates:,} updates, {reviews:,} reviews",
        "sheets": "laid out {sheets} sheets",
        "saved": "saved the workbook ({bytes:,} bytes)",
    }

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()

    def __call__(self, phase: str, counts: dict[str, int]) -> None:
        now = time.perf_counter()
        label = self.LABELS.get(phase, phase).format(**counts)
        print(f"demo-data: {label} in {now - self.last:.1f} s", file=sys.stderr, flush=True)
        self.last = now
