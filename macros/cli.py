"""The `escalation` command line. Domain code raises typed errors; only this module turns them into messages
on stderr and exit codes. No traceback reaches the user for a data problem."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .problems import DataError, Problem

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A command was called in a way that cannot work; the message says how to call it."""


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        _err(problem.format())


# --- validate --------------------------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    from .analysis.data_quality import data_quality_warnings
    from .analysis.governance import Governance
    from .analysis.portfolio import Portfolio
    from .dataset import load_dataset

    try:
        dataset = load_dataset(Path(args.data), as_of=args.as_of, scope=args.scope)
    except DataError as exc:
        _print_problems(exc.errors + exc.warnings)
        _err(f"escalation validate: {_count(len(exc.errors), 'error')}, {_count(len(exc.warnings), 'warning')}.")
        return EXIT_DATA
    portfolio = Portfolio.from_dataset(dataset)
    warnings = dataset.problems.warnings + data_quality_warnings(dataset, portfolio)
    if dataset.includes_accounts:
        warnings += Governance(portfolio).warnings()
    _print_problems(warnings)
    if args.summary:
        _print_summary(dataset)
    log = dataset.log
    _err(
        f"escalation validate: 0 errors, {_count(len(warnings), 'warning')}; "
        f"{_count(len(dataset.policy.tiers), 'tier')}, {_count(len(dataset.policy.organisation.people), 'person', 'people')}, "
        f"{_count(len(log.accounts), 'account')}, {_count(len(log.escalations), 'escalation')} "
        f"(as of {dataset.as_of.isoformat()}, scope {dataset.scope})."
    )
    return EXIT_OK


def _print_summary(dataset) -> None:
    rows = [("Sheet", "Read", "Loaded", "In error")]
    for sheet, count in dataset.log.counts.items():
        rows.append((sheet, str(count.read), str(count.loaded), str(count.in_error)))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


# --- schema ----------------------------------------------------------------------------------------------------
def cmd_schema(args: argparse.Namespace) -> int:
    from .policy.schema_export import stale_schemas, write_schemas

    folder = Path(args.out)
    if args.check:
        stale = stale_schemas(folder)
        if stale:
            for name in stale:
                _err(f"{(folder / name).as_posix()}: the committed JSON Schema is out of date")
            _err("Run `escalation schema` and commit the result.")
            return EXIT_DATA
        print(f"JSON Schemas in {folder.as_posix()} are up to date.")
        return EXIT_OK
    for path in write_schemas(folder):
        print(f"wrote {path.as_posix()}")
    return EXIT_OK


# --- parser ----------------------------------------------------------------------------------------------------
def _data_options(parser: argparse.ArgumentParser, *, with_as_of: bool = True) -> None:
    parser.add_argument(
        "--data", default="data", metavar="DIR", help="folder holding policy/ and escalations.xlsx (default: data)"
    )
    if with_as_of:
        parser.add_argument(
            "--as-of",
            metavar="DATE",
            help="date that 'today' means (ISO, e.g. 2026-06-30); default: ESCALATION_AS_OF or today",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="escalation",
        description="Validate and query the renewal escalation policy and log.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check the policy and the workbook; list every error and warning",
        description="Check the policy YAML and the escalation workbook. Errors and warnings go to stderr with their "
        "location (file:line:column or Sheet!Cell). Exit status 1 if there is any error.",
    )
    _data_options(validate)
    validate.add_argument(
        "--scope",
        choices=["full", "policy-only"],
        help="check only the policy (policy-only) or the workbook too (full, the default)",
    )
    validate.add_argument(
        "--summary", action="store_true", help="also print, per sheet, the rows read, loaded and in error"
    )
    validate.set_defaults(handler=cmd_validate)

    schema = commands.add_parser(
        "schema",
        help="write the JSON Schema of each policy file",
        description="Write data/schema/<file>.schema.json from the typed policy models, for editors that validate "
        "YAML. With --check, only report whether the committed files are current.",
    )
    schema.add_argument("--out", default="data/schema", metavar="DIR", help="folder to write to (default: data/schema)")
    schema.add_argument("--check", action="store_true", help="exit 1 if the files in --out are missing or stale")
    schema.set_defaults(handler=cmd_schema)

    from . import cli_approvers, cli_codeowners, cli_demo_data, cli_template

    for module in (cli_approvers, cli_template, cli_codeowners, cli_demo_data):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except DataError as exc:
        _print_problems(exc.errors)
        return EXIT_DATA
    except UsageError as exc:
        _err(f"escalation {args.command}: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":  # pragma: no cover
    # Run the package's copy of main(): command modules raise macros.cli.UsageError, which is not this
    # __main__ module's UsageError, so main() here would not catch it under `python -m macros.cli`.
    from macros.cli import main as package_main

    sys.exit(package_main())
