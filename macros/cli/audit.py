"""`escalation audit`: every recorded commitment's authority verdict, judged by the policy in force on its
approval day, and what today's policy would say."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import EXIT_DATA, EXIT_OK, count, data_options, err


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "audit",
        help="list every commitment's authority verdict under the policy in force when it was approved",
        description="Judge every recorded commitment against the policy in force on its approval day (from the git "
        "history of the policy folder) and against today's policy. Exit status 1 if any verdict is a breach "
        "(not_allowed, no_authority, segregation, missing_approval), so CI can gate on it.",
    )
    data_options(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON list, one object per commitment")
    parser.set_defaults(handler=run)


def audit_records(dataset) -> tuple[list[dict], object]:
    """One plain record per commitment (what ``--json`` prints), and the timeline used."""
    from ..analysis.governance import Governance
    from ..analysis.policy_timeline import timeline_for
    from ..analysis.portfolio import Portfolio

    portfolio = Portfolio.from_dataset(dataset)
    timeline = timeline_for(dataset)
    governance = Governance(portfolio, timeline)
    records = []
    for commitment in sorted(portfolio.commitments, key=lambda c: c.commitment_id):
        verdict = governance.verdict(commitment)
        version = governance.verdict_version(commitment)
        records.append(
            {
                "commitment_id": commitment.commitment_id,
                "escalation_id": commitment.escalation_id,
                "status": verdict.status,
                "approved_by": commitment.approved_by,
                "approved_on": commitment.approved_on.isoformat() if commitment.approved_on else None,
                "policy": {
                    "commit": version.commit,
                    "date": version.date.isoformat() if version.commit and version.date else None,
                },
                "status_under_current_policy": governance.current_verdict(commitment).status,
                "reasons": [finding.reason for finding in verdict.findings],
                "cell": commitment.ref("commitment_id"),
            }
        )
    return records, timeline


def run(args: argparse.Namespace) -> int:
    from ..analysis.governance import BREACH_STATUSES
    from ..dataset import load_dataset

    dataset = load_dataset(Path(args.data), as_of=args.as_of, scope="full")
    records, timeline = audit_records(dataset)
    breaches = [r for r in records if r["status"] in BREACH_STATUSES]
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        for record in records:
            policy = record["policy"]
            used = f"policy {policy['commit'][:7]} of {policy['date']}" if policy["commit"] else "current policy"
            today = record["status_under_current_policy"]
            line = (
                f"{record['cell'] or record['commitment_id']}: {record['commitment_id']} {record['status']} "
                f"(approved {record['approved_on'] or '—'}, judged by {used})"
            )
            if today != record["status"]:
                line += f"; under today's policy: {today}"
            print(line)
    if not timeline.has_history:
        err(f"escalation audit: every verdict uses the current policy: {timeline.note}.")
    for failed in timeline.failed:
        err(
            f"escalation audit: policy version {failed.commit[:7]} of {failed.date.isoformat()} does not load: "
            f"{failed.message}; the version before it stays in force."
        )
    err(
        f"escalation audit: {count(len(records), 'commitment')}, {count(len(breaches), 'breach', 'breaches')} "
        f"(as of {dataset.as_of.isoformat()})."
    )
    return EXIT_DATA if breaches else EXIT_OK
