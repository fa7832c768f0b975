"""`escalation validate`: check the policy and the workbook and list every error and warning."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from ..problems import DataError
from .common import EXIT_DATA, EXIT_OK, count, data_options, err, print_problems


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate",
        help="check the policy and the workbook; list every error and warning",
        description="Check the policy YAML and the escalation workbook. Errors and warnings go to stderr with their "
        "location (file:line:column or Sheet!Cell). Exit status 1 if there is any error.",
    )
    data_options(parser)
    parser.add_argument(
        "--scope",
        choices=["full", "policy-only"],
        help="check only the policy (policy-only) or the workbook too (full, the default)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat policy lint findings (dead rules, gaps, unheld roles, delegations, targets) as errors",
    )
    parser.add_argument(
        "--summary", action="store_true", help="also print, per sheet, the rows read, loaded and in error"
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="one warning per row dated after the as-of date (by default one warning sums them up)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..analysis.data_quality import data_quality_warnings
    from ..analysis.governance import Governance
    from ..analysis.policy_lint import is_lint
    from ..analysis.policy_timeline import timeline_for
    from ..analysis.portfolio import Portfolio
    from ..dataset import load_dataset
    from ..log_as_of import later_rows_warnings
    from ..problems import Severity

    try:
        dataset = load_dataset(Path(args.data), as_of=args.as_of, scope=args.scope)
    except DataError as exc:
        print_problems(exc.errors + exc.warnings)
        err(f"escalation validate: {count(len(exc.errors), 'error')}, {count(len(exc.warnings), 'warning')}.")
        return EXIT_DATA
    portfolio = Portfolio.from_dataset(dataset)
    warnings = dataset.problems.warnings
    if args.verbose and dataset.later is not None:
        warnings = [w for w in warnings if w.code != "after-as-of"] + later_rows_warnings(dataset.later, verbose=True)
    warnings = warnings + data_quality_warnings(dataset, portfolio)
    if dataset.includes_accounts:
        warnings += Governance(portfolio, timeline_for(dataset)).warnings()
    errors = []
    if args.strict:
        errors = [replace(p, severity=Severity.ERROR) for p in warnings if is_lint(p)]
        warnings = [p for p in warnings if not is_lint(p)]
    print_problems(errors + warnings)
    if args.summary:
        _print_summary(dataset)
    log = dataset.log
    err(
        f"escalation validate: {count(len(errors), 'error')}, {count(len(warnings), 'warning')}; "
        f"{count(len(dataset.policy.tiers), 'tier')}, {count(len(dataset.policy.organisation.people), 'person', 'people')}, "
        f"{count(len(log.accounts), 'account')}, {count(len(log.escalations), 'escalation')} "
        f"(as of {dataset.as_of.isoformat()}, scope {dataset.scope})."
    )
    return EXIT_DATA if errors else EXIT_OK


def _print_summary(dataset) -> None:
    rows = [("Sheet", "Read", "Loaded", "In error", "After as-of")]
    later = dataset.later
    for sheet, tally in dataset.log.counts.items():
        hidden = later.hidden_count(sheet) if later is not None else 0
        rows.append((sheet, str(tally.read), str(tally.loaded), str(tally.in_error), str(hidden)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
