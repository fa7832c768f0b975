"""Auditing recorded commitments: was each one approved by someone allowed to, on the day they approved it?

With rows in the optional Approvals sheet every level of the chain and every stacked review is checked on its
own (see :mod:`.levels`); without them the single ``Approved By`` person must hold the chain's final level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ...policy.model import Policy
from .holders import authority_for_any, held_roles_text, how_text, lapsed_delegations
from .lookup import ApprovalResult, ApprovalStep, concession_for, required_approvals
from .requests import ConcessionRequest, UnknownConcessionType

STATUS_ORDER: tuple[str, ...] = (
    "not_allowed",
    "no_authority",
    "segregation",
    "missing_approval",
    "out_of_order",
    "approved_after_close",
    "no_rule",
    "incomplete",
    "ok",
    "not_needed",
)
"""Verdict statuses, most serious first; a verdict's status is its most serious finding. Breaches of the policy
come first (a concession the policy forbids, an approver without authority, a conflicted approver, no approval at
all, levels signed out of the order the rule demands), then a late approval, then what cannot be judged (no rule
for it, facts or dates missing)."""

FACT_COLUMNS: dict[str, str] = {
    "value": "Value (Commitments)",
    "arr": "ARR (Accounts)",
    "segment": "Segment (Accounts)",
    "term_months": "Term (Months) (Commitments)",
}
"""Where the log records each fact a rule can test, for "… is empty" findings."""

ACCOUNT_COLUMNS: dict[str, str] = {"csm": "CSM", "ae": "AE", "exec_sponsor": "Exec Sponsor"}


@dataclass(frozen=True)
class Finding:
    code: str
    """One of :data:`STATUS_ORDER`."""
    reason: str
    """A sentence naming the rule and the people, for the commitments report."""
    cell: str = ""
    """The workbook cell the finding is about (e.g. ``Commitments!I5``), when known."""


@dataclass(frozen=True)
class AuthorityVerdict:
    commitment_id: str
    status: str
    findings: tuple[Finding, ...]
    approval: ApprovalResult | None
    """What the policy requires for the commitment (``None`` when its type is unknown)."""
    required_reviews: tuple[ApprovalStep, ...] = ()
    """Stacked reviews the commitment needed; checked only against rows of the Approvals sheet."""
    approver: str | None = None
    checked_on: dt.date | None = None
    """The day authority was checked on: Approved On, or the escalation's resolution date when that is empty."""
    authority: str | None = None
    """How the approver held the final step's authority (see :func:`can_approve`), when they did."""

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "not_needed")


def most_serious(findings: Iterable[Finding]) -> str:
    return min((f.code for f in findings), key=STATUS_ORDER.index)


def person_name(policy: Policy, person_id: str) -> str:
    person = policy.person_by_id.get(person_id)
    return person.name if person else person_id


def resolved_day(escalation: Any | None) -> dt.date | None:
    resolved = escalation.resolved_on if escalation is not None else None
    return resolved.date() if isinstance(resolved, dt.datetime) else resolved


def segregation_findings(
    policy: Policy, commitment: Any, account: Any | None, approver: str, rule_id: str, cell: str, level: str = ""
) -> list[Finding]:
    """Segregation-of-duties breaches by one approver: approving their own commitment, or their account's."""
    sod = policy.authority.segregation_of_duties
    name = person_name(policy, approver)
    at = f" ({level})" if level else ""
    findings = []
    if sod.forbid_self_approval and approver == commitment.owner:
        findings.append(
            Finding(
                "segregation",
                f"{name} approved a commitment they own{at}; rule {rule_id} needs someone else's approval",
                cell,
            )
        )
    if account is not None:
        for column in sod.forbid_account_team:
            if getattr(account, column, None) == approver:
                role_id = getattr(policy.organisation.account_team, column)
                role_text = f" ({policy.role_name(role_id)})" if role_id else ""
                findings.append(
                    Finding(
                        "segregation",
                        f"{name} is the account's {ACCOUNT_COLUMNS.get(column, column)}{role_text} and may not "
                        f"approve its concessions{at} (rule {rule_id})",
                        cell,
                    )
                )
    return findings


def audit_commitment(
    policy: Policy,
    commitment: Any,
    account: Any | None,
    escalation: Any | None,
    approvals: Sequence[Any] = (),
) -> AuthorityVerdict:
    """Check a recorded commitment against the decision-authority rules.

    The request is the commitment's type, ``Value`` and ``Term (Months)`` with the account's ARR and segment.
    ``approvals`` are the commitment's rows of the Approvals sheet; with any, every level of the chain and every
    stacked review is audited on its own (:func:`.levels.audit_levels`). Without them the log records a single
    ``Approved By`` person, who must hold the authority of the HIGHEST level of the chain (its final approver) on
    the day of approval — ``Approved On``, or the escalation's resolution date when it is empty; with neither the
    verdict is ``incomplete``. Lower levels are then assumed to have signed off before, and stacked reviews are
    listed in ``required_reviews`` but not checked.

    Findings (several may apply; ``status`` is the most serious by :data:`STATUS_ORDER`):
    ``not_allowed`` the matched rule forbids the concession; ``no_rule`` no rule matches (``incomplete`` instead
    when facts such as Value are missing); ``missing_approval`` the chain is not empty but nobody approved (or a
    level has no Approvals row); ``no_authority`` the approver does not hold the level's role that day (directly,
    through the hierarchy or through a delegation in force); ``segregation`` the approver is the commitment's
    owner (when ``forbid_self_approval``) or the account's CSM/AE/exec sponsor listed in ``forbid_account_team``;
    ``out_of_order`` levels signed out of order where the rule says ``in_order``; ``approved_after_close``
    approved after the escalation's resolution date; ``ok`` approved with authority; ``not_needed`` the chain is
    empty (an approver recorded anyway is not checked).
    """
    commitment_id = commitment.commitment_id
    approver = commitment.approved_by or None
    try:
        concession = concession_for(policy, commitment.type)
    except UnknownConcessionType as exc:
        finding = Finding("incomplete", str(exc), commitment.ref("type"))
        return AuthorityVerdict(commitment_id, "incomplete", (finding,), None, approver=approver)

    request = ConcessionRequest(
        type=concession.id,
        value=commitment.value,
        arr=account.arr if account is not None else None,
        segment=account.segment if account is not None else None,
        term_months=getattr(commitment, "term_months", None),
    )
    result = required_approvals(policy, request)
    findings: list[Finding] = []

    def missing_text(facts: Iterable[str]) -> str:
        return ", ".join(FACT_COLUMNS.get(f, f) for f in facts)

    if result.no_rule:
        if result.rule_missing_facts:
            findings.append(
                Finding(
                    "incomplete",
                    f"No rule of {concession.name} can be chosen: {missing_text(result.rule_missing_facts)} is empty",
                    commitment.ref("value") if "value" in result.rule_missing_facts else "",
                )
            )
        else:
            findings.append(
                Finding(
                    "no_rule",
                    f"No rule of {concession.name} matches this commitment; the policy does not say who approves it",
                    commitment.ref("type"),
                )
            )
        return _verdict(commitment_id, findings, result, approver)

    rule = result.rule
    assert rule is not None
    if result.rule_missing_facts:
        findings.append(
            Finding(
                "incomplete",
                f"Rule {rule.id} was applied, but an earlier rule might apply if "
                f"{missing_text(result.rule_missing_facts)} were filled in",
            )
        )
    if not rule.allowed:
        findings.append(
            Finding(
                "not_allowed",
                f"Rule {rule.id} does not allow this" + (f": {rule.description}" if rule.description else ""),
                commitment.ref("value"),
            )
        )

    if approvals:
        from .levels import audit_levels

        on, authority, signer = audit_levels(policy, commitment, account, escalation, result, approvals, findings)
        return _verdict(commitment_id, findings, result, signer or approver, on, authority)

    final = result.final_step
    if final is None:
        if rule.allowed:
            text = f"Rule {rule.id} needs no approval"
            if approver:
                text += f" (an approval by {person_name(policy, approver)} is recorded but not required)"
            findings.append(Finding("not_needed", text))
        return _verdict(commitment_id, findings, result, approver)

    chain_text = " → ".join(s.role_name for s in result.chain)
    if not approver:
        findings.append(
            Finding(
                "missing_approval",
                f"Rule {rule.id} needs {chain_text}; no one is recorded in Approved By",
                commitment.ref("approved_by"),
            )
        )
        return _verdict(commitment_id, findings, result, approver)

    name = person_name(policy, approver)
    on: dt.date | None = commitment.approved_on
    on_note = ""
    resolved = resolved_day(escalation)
    if on is None and resolved is not None:
        on = resolved
        on_note = f" (Approved On is empty; checked on the escalation's resolution date {on.isoformat()})"

    authority: str | None = None
    if on is None:
        findings.append(
            Finding(
                "incomplete",
                f"Approved On is empty and the escalation is not resolved: cannot tell whether {name} held "
                f"{final.role_name} when approving (rule {rule.id})",
                commitment.ref("approved_on"),
            )
        )
    elif approver not in policy.person_by_id:
        findings.append(
            Finding(
                "no_authority",
                f"Rule {rule.id} needs {final.role_name}; '{approver}' is not a person in the policy",
                commitment.ref("approved_by"),
            )
        )
    else:
        held = authority_for_any(policy, approver, final.roles, on)
        if held is not None:
            role, authority = held
            findings.append(
                Finding(
                    "ok",
                    f"Rule {rule.id} needs {final.role_name}: approved by {name} "
                    f"{how_text(authority, policy.role_name(role))} on {on.isoformat()}{on_note}",
                )
            )
        else:
            text = (
                f"Rule {rule.id} needs {final.role_name}; {name} holds "
                f"{held_roles_text(policy, approver, on, concession)} on {on.isoformat()}{on_note}"
            )
            lapsed = lapsed_delegations(policy, approver, final.roles, on)
            if lapsed:
                text += " — " + "; ".join(lapsed)
            findings.append(Finding("no_authority", text, commitment.ref("approved_by")))

    if commitment.approved_on is not None and resolved is not None and commitment.approved_on > resolved:
        findings.append(
            Finding(
                "approved_after_close",
                f"Approved on {commitment.approved_on.isoformat()}, after the escalation was resolved on "
                f"{resolved.isoformat()}",
                commitment.ref("approved_on"),
            )
        )
    findings.extend(segregation_findings(policy, commitment, account, approver, rule.id, commitment.ref("approved_by")))
    return _verdict(commitment_id, findings, result, approver, on, authority)


def _verdict(
    commitment_id: str,
    findings: list[Finding],
    result: ApprovalResult,
    approver: str | None,
    on: dt.date | None = None,
    authority: str | None = None,
) -> AuthorityVerdict:
    return AuthorityVerdict(
        commitment_id=commitment_id,
        status=most_serious(findings),
        findings=tuple(findings),
        approval=result,
        required_reviews=result.reviews,
        approver=approver,
        checked_on=on,
        authority=authority,
    )
