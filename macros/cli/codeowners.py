"""`escalation codeowners`: write (or check) .github/CODEOWNERS from the owners of each policy file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "codeowners",
        help="write .github/CODEOWNERS from the owners of each policy file",
        description="Write a CODEOWNERS file in which each policy file is reviewed by its `owners` (a role stands "
        "for everyone holding it) through their GitHub handles, and the escalation workbook by the owners of "
        "escalation-log.yaml. People without a `github` handle are skipped with a warning; a file whose owners "
        "have no handle at all is an error. Paths are written relative to the repository root, which is the "
        "folder holding --out (or its parent when --out is in .github/ or docs/, as GitHub reads it).",
        epilog="Example: escalation codeowners --check",
    )
    parser.add_argument("--data", default="data", metavar="DIR", help="folder holding policy/ (default: data)")
    parser.add_argument(
        "--out",
        default=".github/CODEOWNERS",
        metavar="FILE",
        help="the CODEOWNERS file to write or check (default: .github/CODEOWNERS)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if --out is missing or differs from the policy"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..policy.codeowners import build_codeowners, codeowners_root
    from ..policy.loader import load_policy
    from ..problems import DataError
    from .common import UsageError

    data_dir = Path(args.data)
    out = Path(args.out)
    policy = load_policy(data_dir)
    try:
        result = build_codeowners(policy, data_dir, codeowners_root(out.absolute()))
    except ValueError as exc:
        raise UsageError(f"{exc}; put --out in the repository that holds --data") from None
    except DataError as exc:
        for warning in exc.warnings:
            print(warning.format(), file=sys.stderr)
        raise
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.is_file() else None
        if current != result.text:
            state = "is missing" if current is None else "is out of date with the policy's owners"
            print(f"{out.as_posix()} {state}. Run `escalation codeowners` and commit the result.", file=sys.stderr)
            return 1
        print(f"{out.as_posix()} is up to date.")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.is_file() and out.read_text(encoding="utf-8") == result.text:
        print(f"{out.as_posix()} is up to date.")
        return 0
    out.write_text(result.text, encoding="utf-8")
    print(f"wrote {out.as_posix()}")
    return 0
