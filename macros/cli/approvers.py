"""`escalation approvers`: who must approve a concession request, from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..workbook.cells import CellError, parse_money, parse_percent, parse_quantity


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "approvers",
        help="show who must approve a concession request",
        description="Look up the approval chain for a concession request in data/policy/authority.yaml: the rule "
        "that applies, the approvers in order, and any reviews stacked on top. Values are written as in the "
        "workbook: 18%, $25,000, 60.",
        epilog="Example: escalation approvers --type discount --value 18% --arr 240000 --segment enterprise",
    )
    parser.add_argument("--data", default="data", metavar="DIR", help="folder holding policy/ (default: data)")
    parser.add_argument("--type", required=True, help="concession type id or name (see the approval matrix)")
    parser.add_argument("--value", help="the concession's value in its unit: 18%%, 25000, $25,000, 60 (days)")
    parser.add_argument("--arr", help="the account's ARR, e.g. 240000 or $240,000")
    parser.add_argument("--segment", help="the account's segment id or name")
    parser.add_argument("--term-months", help="the contract term in months")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="day whose role holders and delegations are listed (ISO); default: ESCALATION_AS_OF or today",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..analysis.authority import ConcessionRequest, UnknownConcessionType, concession_for, required_approvals
    from ..dataset import resolve_as_of
    from ..policy.loader import load_policy
    from .common import UsageError

    policy = load_policy(Path(args.data))
    try:
        ctype = concession_for(policy, args.type)
    except UnknownConcessionType as exc:
        raise UsageError(str(exc)) from None
    try:
        value = _value(ctype.unit, args.value) if args.value is not None else None
        arr = parse_money(args.arr) if args.arr is not None else None
        term = parse_quantity(args.term_months) if args.term_months is not None else None
    except CellError as exc:
        raise UsageError(f"{exc.message}" + (f" ({exc.hint})" if exc.hint else "")) from None
    segment = None
    if args.segment is not None:
        term_found = policy.find_term("segments", args.segment)
        if term_found is None:
            from ..problems import did_you_mean

            choices = [t.id for t in policy.log_values.segments]
            raise UsageError(f"unknown segment '{args.segment}'; {did_you_mean(args.segment, choices)}")
        segment = term_found.id
    if args.value is not None and ctype.unit == "none":
        raise UsageError(f"'{ctype.name}' takes no --value")
    result = required_approvals(
        policy, ConcessionRequest(type=ctype.id, value=value, arr=arr, segment=segment, term_months=term)
    )
    if args.json:
        json.dump(result.to_json(), sys.stdout, indent=2)
        print()
        return 0
    print(_readable(policy, result, resolve_as_of(args.as_of, policy)))
    return 0


def _value(unit: str, text: str) -> float:
    if unit == "percent":
        return parse_percent(text)
    if unit == "money":
        return parse_money(text)
    return parse_quantity(text)


def _readable(policy, result, as_of) -> str:
    """The result in lines; the people who can sign each level are those holding it on ``as_of`` (directly,
    through a covering role or through a delegation in force), as the audit counts them."""
    from ..analysis.authority import holders_text

    lines = [f"{result.concession.name}: {result.summary()}"]
    if result.rule is not None and result.rule.description:
        lines.append(f"  Rule {result.rule.id}: {result.rule.description}")
    for index, step in enumerate(result.chain, start=1):
        lines.append(f"  {index}. {step.role_name} ({holders_text(policy, step.roles, as_of)})")
    for step in result.reviews:
        lines.append(f"  + review by {step.role_name} ({holders_text(policy, step.roles, as_of)}): {step.reason}")
    if result.missing_facts:
        from ..analysis.authority import FACT_FLAGS

        lines.append("  Missing: " + ", ".join(FACT_FLAGS.get(f, f) for f in result.missing_facts))
    return "\n".join(lines)
