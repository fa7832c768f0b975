"""Decision authority: who must approve a concession, who may, and whether recorded commitments were approved.

Everything here is read from the policy (`authority.yaml` and `organisation.yaml`): no role, concession type or
person is named in the code. Three questions are answered:

* :func:`required_approvals` — for a concession request, the rule that applies, the approval chain and the stacked
  reviews (the "who must approve this?" lookup; :meth:`ApprovalResult.to_json` is the reference the browser lookup
  must agree with);
* :func:`can_approve` — whether, and how, a person holds a role's authority on a day;
* :func:`audit_commitment` — whether a commitment recorded in the escalation log was approved by someone allowed to.

:func:`boundary_cases` derives edge-case requests from the policy's own thresholds, for tests that compare
implementations of the lookup.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..policy.authority import ConcessionType, Rule
from ..policy.common import Bounds
from ..policy.model import Policy
from ..problems import did_you_mean

INPUT_FACTS: tuple[str, ...] = ("value", "arr", "segment", "term_months")
"""Facts a request gives, in the order they are reported (e.g. in ``missing_facts``)."""

FACT_FLAGS: dict[str, str] = {fact: "--" + fact.replace("_", "-") for fact in INPUT_FACTS}
"""Command-line option that gives each fact, for "give --arr" messages."""

_FACT_COLUMNS: dict[str, str] = {
    "value": "Value (Commitments)",
    "arr": "ARR (Accounts)",
    "segment": "Segment (Accounts)",
    "term_months": "contract term (not recorded in the log)",
}

_ACCOUNT_COLUMNS: dict[str, str] = {"csm": "CSM", "ae": "AE", "exec_sponsor": "Exec Sponsor"}


class UnknownConcessionType(ValueError):
    """The request names a concession type the policy does not define."""


# --- requests ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcessionRequest:
    """What is being asked for. ``value`` is in the concession type's unit (percentage points for a percent
    discount, money, days, months…); the other facts describe the account and the contract."""

    type: str
    value: float | None = None
    arr: float | None = None
    segment: str | None = None
    term_months: float | None = None

    def facts(self, concession: ConcessionType) -> dict[str, float | str | None]:
        """The facts rules test. ``money`` is derived from the type's ``money_value``: the value itself,
        ``value * arr / 100`` for a percentage of ARR (``None`` when either is missing), or absent."""
        facts: dict[str, float | str | None] = {
            "value": self.value,
            "arr": self.arr,
            "segment": self.segment,
            "term_months": self.term_months,
        }
        if concession.money_value == "value":
            facts["money"] = self.value
        elif concession.money_value == "percent_of_arr":
            # Multiply first, then divide: exact for whole numbers, and the order the browser lookup uses too.
            facts["money"] = self.value * self.arr / 100 if self.value is not None and self.arr is not None else None
        return facts

    def inputs(self) -> dict[str, float | str | None]:
        """The request's own facts, in a stable order, numbers that are whole written as integers."""
        return {fact: _plain(getattr(self, fact)) for fact in INPUT_FACTS}


def _plain(value: float | str | None) -> float | int | str | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _sources(fact: str, concession: ConcessionType) -> tuple[str, ...]:
    """Input facts a tested fact is made from (``money`` is derived from the value and perhaps the ARR)."""
    if fact != "money":
        return (fact,)
    if concession.money_value == "percent_of_arr":
        return ("value", "arr")
    if concession.money_value == "value":
        return ("value",)
    return ("money",)


def _blocked_by(
    when: Mapping[str, Bounds], facts: Mapping[str, Any], concession: ConcessionType, request: ConcessionRequest
) -> set[str] | None:
    """``None`` when a test on a given fact fails; otherwise the input facts whose absence stops the tests
    passing (an empty set means every test passes)."""
    missing: set[str] = set()
    for fact, test in when.items():
        value = facts.get(fact)
        if value is None:
            missing.update(s for s in _sources(fact, concession) if s not in INPUT_FACTS or getattr(request, s) is None)
            continue
        if not test.matches(value):
            return None
    return missing


def _ordered(facts: Iterable[str]) -> tuple[str, ...]:
    wanted = set(facts)
    return tuple(f for f in INPUT_FACTS if f in wanted) + tuple(sorted(wanted - set(INPUT_FACTS)))


# --- the approval lookup ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalStep:
    """One sign-off. ``kind`` is ``"approval"`` (part of the chain; ``rule_id`` is the rule) or ``"review"``
    (a stacked review; ``rule_id`` is then the review's id)."""

    role: str
    role_name: str
    rule_id: str
    reason: str
    kind: str = "approval"


@dataclass(frozen=True)
class ApprovalResult:
    """Who must approve a request, according to the first rule whose tests all pass."""

    request: ConcessionRequest
    concession: ConcessionType
    rule: Rule | None
    """The rule that applies; ``None`` when no rule matched (see ``no_rule``)."""
    allowed: bool | None
    """The rule's ``allowed``; ``None`` when no rule matched (the policy does not say)."""
    chain: tuple[ApprovalStep, ...]
    """Approvals in order, lowest first. Empty: the requester's own authority suffices."""
    reviews: tuple[ApprovalStep, ...]
    """Stacked reviews whose tests all pass, in the policy's order (evaluated whatever rule applies)."""
    no_rule: bool
    missing_facts: tuple[str, ...]
    """Facts not given that could change the answer: a test on them is all that keeps an earlier rule, or a
    review, from applying. A caller can ask for them (``--arr``)."""
    rule_missing_facts: tuple[str, ...] = ()
    """The part of ``missing_facts`` that could change which rule applies (reviews left out)."""

    @property
    def final_step(self) -> ApprovalStep | None:
        """The highest approval in the chain: the one a single recorded approver must hold."""
        return self.chain[-1] if self.chain else None

    def summary(self) -> str:
        """One readable sentence, e.g. for the command line."""
        name = self.concession.name
        if self.no_rule:
            text = f"No rule of {name} matches this request"
            if self.missing_facts:
                text += "; give " + ", ".join(FACT_FLAGS.get(f, f) for f in self.missing_facts)
            return text + "."
        assert self.rule is not None
        if self.allowed is False:
            return f"Not allowed: rule {self.rule.id} ({self.rule.description or name}) does not permit this."
        if not self.chain:
            text = f"Rule {self.rule.id}: no approval needed"
        else:
            text = f"Rule {self.rule.id}: " + " → ".join(s.role_name for s in self.chain)
        if self.reviews:
            text += "; reviews: " + ", ".join(f"{s.role_name} ({s.rule_id})" for s in self.reviews)
        return text + "."

    def to_json(self) -> dict[str, Any]:
        """Plain data with a stable key order; the browser lookup must produce exactly this."""
        return {
            "type": self.concession.id,
            "inputs": self.request.inputs(),
            "rule": self.rule.id if self.rule else None,
            "allowed": self.allowed,
            "chain": [{"role": s.role, "role_name": s.role_name, "rule": s.rule_id} for s in self.chain],
            "reviews": [{"role": s.role, "role_name": s.role_name, "review": s.rule_id} for s in self.reviews],
            "missing_facts": list(self.missing_facts),
            "no_rule": self.no_rule,
        }


def concession_for(policy: Policy, reference: str) -> ConcessionType:
    """A concession type by id or name; :class:`UnknownConcessionType` (with a hint) when there is none."""
    found = policy.find_concession(reference)
    if found is None:
        choices = [c.id for c in policy.authority.concession_types]
        hint = did_you_mean(reference, choices)
        raise UnknownConcessionType(f"'{reference}' is not a concession type" + (f"; {hint}" if hint else ""))
    return found


def chain_roles(concession: ConcessionType, rule: Rule) -> list[str]:
    """Roles of a rule's chain in order: its ``approvers``, or every ladder role up to ``approve_up_to``."""
    if rule.approve_up_to is not None:
        ladder = list(concession.ladder)
        if rule.approve_up_to in ladder:
            return ladder[: ladder.index(rule.approve_up_to) + 1]
        return [rule.approve_up_to]  # not in the ladder: the reference checks report it; stay usable meanwhile
    return list(rule.approvers)


def required_approvals(policy: Policy, request: ConcessionRequest) -> ApprovalResult:
    """The approvals a request needs: the first rule (in order) whose every test passes, its chain, and every
    stacked review whose tests all pass. A test on a fact the request does not give never passes."""
    concession = concession_for(policy, request.type)
    facts = request.facts(concession)
    rule_missing: set[str] = set()
    matched: Rule | None = None
    for rule in concession.rules:
        blocked = _blocked_by(rule.when, facts, concession, request)
        if blocked is None:
            continue
        if not blocked:
            matched = rule
            break
        rule_missing.update(blocked)
    review_missing: set[str] = set()
    reviews: list[ApprovalStep] = []
    for review in concession.reviews:
        blocked = _blocked_by(review.when, facts, concession, request)
        if blocked is None:
            continue
        if blocked:
            review_missing.update(blocked)
            continue
        reviews.append(
            ApprovalStep(
                role=review.reviewer,
                role_name=policy.role_name(review.reviewer),
                rule_id=review.id,
                reason=f"Review {review.id}" + (f": {review.description}" if review.description else ""),
                kind="review",
            )
        )
    chain: list[ApprovalStep] = []
    if matched is not None:
        reason = f"Rule {matched.id}" + (f": {matched.description}" if matched.description else "")
        if matched.approve_up_to is not None:
            reason += f" (every level up to {policy.role_name(matched.approve_up_to)})"
        chain = [
            ApprovalStep(role=role, role_name=policy.role_name(role), rule_id=matched.id, reason=reason)
            for role in chain_roles(concession, matched)
        ]
    return ApprovalResult(
        request=request,
        concession=concession,
        rule=matched,
        allowed=matched.allowed if matched is not None else None,
        chain=tuple(chain),
        reviews=tuple(reviews),
        no_rule=matched is None,
        missing_facts=_ordered(rule_missing | review_missing),
        rule_missing_facts=_ordered(rule_missing),
    )


# --- who holds authority ------------------------------------------------------------------------------------------


def can_approve(policy: Policy, person_id: str, role_id: str, on: dt.date) -> str | None:
    """How ``person_id`` holds ``role_id``'s authority on ``on``: ``'role'`` (their own role),
    ``'hierarchy (A covers B)'`` (a higher role of theirs covers it) or ``'delegation from X (start to end)'``
    (a delegation in force that day, both ends included); ``None`` when they do not hold it."""
    return policy.authority_of(person_id, on).get(role_id)


def _how_text(how: str, role_name: str) -> str:
    return f"as {role_name}" if how == "role" else f"through {how}"


def _held_roles_text(policy: Policy, person_id: str, on: dt.date, concession: ConcessionType) -> str:
    """The roles a person holds that matter for this concession type, highest only (e.g. 'VP Sales only')."""
    held = policy.authority_of(person_id, on)
    relevant = set(concession.ladder)
    for rule in concession.rules:
        relevant.update(chain_roles(concession, rule))
    own = [r for r, how in held.items() if not how.startswith("hierarchy")]
    shown = [r for r in own if r in relevant] or [r for r in held if r in relevant]
    top = [r for r in shown if not any(o != r and r in policy.covered_roles.get(o, ()) for o in shown)]
    if top:
        return " and ".join(policy.role_name(r) for r in top) + " only"
    direct = ", ".join(policy.role_name(r) for r in own) or "no role"
    return f"none of the roles that approve {concession.name} ({direct})"


def _lapsed_delegations(policy: Policy, person_id: str, role_id: str, on: dt.date) -> list[str]:
    notes = []
    for delegation in policy.organisation.delegations:
        if delegation.delegate != person_id or delegation.active_on(on):
            continue
        delegator = policy.person_by_id.get(delegation.delegator)
        if delegator is None:
            continue
        lent = delegation.roles or delegator.roles
        if any(role_id in policy.covered_roles.get(r, frozenset({r})) for r in lent):
            notes.append(
                f"the delegation from {delegator.name} runs {delegation.starts.isoformat()} to "
                f"{delegation.ends.isoformat()}"
            )
    return notes


# --- auditing recorded commitments --------------------------------------------------------------------------------

STATUS_ORDER: tuple[str, ...] = (
    "not_allowed",
    "no_authority",
    "segregation",
    "missing_approval",
    "approved_after_close",
    "no_rule",
    "incomplete",
    "ok",
    "not_needed",
)
"""Verdict statuses, most serious first; a verdict's status is its most serious finding. Breaches of the policy
come first (a concession the policy forbids, an approver without authority, a conflicted approver, no approval at
all), then a late approval, then what cannot be judged (no rule for it, facts or dates missing)."""


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
    """Stacked reviews the commitment needed; listed, not checked against Approved By."""
    approver: str | None = None
    checked_on: dt.date | None = None
    """The day authority was checked on: Approved On, or the escalation's resolution date when that is empty."""
    authority: str | None = None
    """How the approver held the final step's authority (see :func:`can_approve`), when they did."""

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "not_needed")


def _most_serious(findings: Iterable[Finding]) -> str:
    return min((f.code for f in findings), key=STATUS_ORDER.index)


def audit_commitment(policy: Policy, commitment: Any, account: Any | None, escalation: Any | None) -> AuthorityVerdict:
    """Check a recorded commitment against the decision-authority rules.

    The request is the commitment's type and ``Value`` with the account's ARR and segment. The log records a
    single ``Approved By`` person, so that person must hold the authority of the HIGHEST step of the chain (its
    final approver) on the day of approval — ``Approved On``, or the escalation's resolution date when it is
    empty; with neither the verdict is ``incomplete``. Lower levels of the chain are assumed to have signed off
    before. Stacked reviews are listed in ``required_reviews`` but not checked against ``Approved By``.

    Findings (several may apply; ``status`` is the most serious by :data:`STATUS_ORDER`):
    ``not_allowed`` the matched rule forbids the concession; ``no_rule`` no rule matches (``incomplete`` instead
    when facts such as Value are missing); ``missing_approval`` the chain is not empty but nobody approved;
    ``no_authority`` the approver does not hold the final step's role that day (directly, through the hierarchy
    or through a delegation in force); ``segregation`` the approver is the commitment's owner (when
    ``forbid_self_approval``) or the account's CSM/AE/exec sponsor listed in ``forbid_account_team``;
    ``approved_after_close`` approved after the escalation's resolution date; ``ok`` approved with authority;
    ``not_needed`` the chain is empty (an approver recorded anyway is not checked).
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
    )
    result = required_approvals(policy, request)
    findings: list[Finding] = []

    def missing_text(facts: Iterable[str]) -> str:
        return ", ".join(_FACT_COLUMNS.get(f, f) for f in facts)

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

    final = result.final_step
    if final is None:
        if rule.allowed:
            text = f"Rule {rule.id} needs no approval"
            if approver:
                text += f" (an approval by {_name(policy, approver)} is recorded but not required)"
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

    name = _name(policy, approver)
    on: dt.date | None = commitment.approved_on
    on_note = ""
    resolved = escalation.resolved_on if escalation is not None else None
    resolved_day = resolved.date() if isinstance(resolved, dt.datetime) else resolved
    if on is None and resolved_day is not None:
        on = resolved_day
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
        authority = can_approve(policy, approver, final.role, on)
        if authority is not None:
            findings.append(
                Finding(
                    "ok",
                    f"Rule {rule.id} needs {final.role_name}: approved by {name} "
                    f"{_how_text(authority, final.role_name)} on {on.isoformat()}{on_note}",
                )
            )
        else:
            text = (
                f"Rule {rule.id} needs {final.role_name}; {name} holds "
                f"{_held_roles_text(policy, approver, on, concession)} on {on.isoformat()}{on_note}"
            )
            lapsed = _lapsed_delegations(policy, approver, final.role, on)
            if lapsed:
                text += " — " + "; ".join(lapsed)
            findings.append(Finding("no_authority", text, commitment.ref("approved_by")))

    if commitment.approved_on is not None and resolved_day is not None and commitment.approved_on > resolved_day:
        findings.append(
            Finding(
                "approved_after_close",
                f"Approved on {commitment.approved_on.isoformat()}, after the escalation was resolved on "
                f"{resolved_day.isoformat()}",
                commitment.ref("approved_on"),
            )
        )

    sod = policy.authority.segregation_of_duties
    if sod.forbid_self_approval and approver == commitment.owner:
        findings.append(
            Finding(
                "segregation",
                f"{name} approved a commitment they own; rule {rule.id} needs someone else's approval",
                commitment.ref("approved_by"),
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
                        f"{name} is the account's {_ACCOUNT_COLUMNS.get(column, column)}{role_text} and may not "
                        f"approve its concessions (rule {rule.id})",
                        commitment.ref("approved_by"),
                    )
                )
    return _verdict(commitment_id, findings, result, approver, on, authority)


def _name(policy: Policy, person_id: str) -> str:
    person = policy.person_by_id.get(person_id)
    return person.name if person else person_id


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
        status=_most_serious(findings),
        findings=tuple(findings),
        approval=result,
        required_reviews=result.reviews,
        approver=approver,
        checked_on=on,
        authority=authority,
    )


# --- edge cases from the policy -----------------------------------------------------------------------------------

_STEP_FOR_UNIT = {"percent": 0.01, "money": 0.01, "days": 1.0, "months": 1.0, "count": 1.0, "none": 0.01}
_MONEY_STEP = 0.01
_MONTH_STEP = 1.0
_REPRESENTATIVE_PERCENT = 10.0
"""Percentage used to reach money thresholds when a percent-of-ARR type has no thresholds on its value."""


def _around(points: Iterable[float], step: float) -> list[float]:
    values = set()
    for point in points:
        for candidate in (point - step, point, point + step):
            rounded = round(candidate, 6)
            if rounded >= 0:
                values.add(float(rounded))
    return sorted(values)


def boundary_cases(policy: Policy) -> list[ConcessionRequest]:
    """Requests on and either side of every numeric threshold of every concession type's rules and reviews.

    Per type: each value threshold, and a step below and above it (0.01 for percent and money, 1 for days,
    months and counts); money thresholds become value thresholds for money-valued types and, for percentages of
    ARR, the ARR at which each value threshold reaches them; ARR thresholds (and those derived ARRs) ± 0.01;
    contract-term thresholds ± 1 month; every segment of the policy, and no segment, when a test looks at the
    segment. A fact no test of the type needs is left out (``None``). Deduplicated, in policy order, then by value, ARR, segment, term.
    """
    segments = [term.id for term in policy.vocabulary("segments")]
    cases: dict[ConcessionRequest, None] = {}
    for concession in policy.authority.concession_types:
        points: dict[str, list[float]] = {"value": [], "money": [], "arr": [], "term_months": []}
        tests_segment = False
        for when in [r.when for r in concession.rules] + [r.when for r in concession.reviews]:
            for fact, test in when.items():
                if fact == "segment":
                    tests_segment = True
                elif fact in points:
                    points[fact].extend(test.boundaries())
        value_points = list(points["value"])
        arr_points = list(points["arr"])
        if points["money"]:
            if concession.money_value == "value":
                value_points.extend(points["money"])
            elif concession.money_value == "percent_of_arr":
                if not value_points:
                    value_points.append(_REPRESENTATIVE_PERCENT)
                arr_points.extend(
                    round(money * 100 / percent, 2) for money in points["money"] for percent in value_points if percent
                )
        values: list[float | None] = list(_around(value_points, _STEP_FOR_UNIT[concession.unit])) or [None]
        arrs: list[float | None] = list(_around(arr_points, _MONEY_STEP)) or [None]
        terms: list[float | None] = list(_around(points["term_months"], _MONTH_STEP)) or [None]
        segs: list[str | None] = [*segments, None] if tests_segment else [None]
        for value, arr, segment, term in itertools.product(values, arrs, segs, terms):
            request = ConcessionRequest(concession.id, value=value, arr=arr, segment=segment, term_months=term)
            cases.setdefault(request, None)
    return list(cases)
