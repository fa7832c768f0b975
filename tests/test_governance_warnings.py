"""`Governance.warnings`, finding by finding: each warning whole (cell, message, column, hint, code), in order.

The verdicts are given directly (assessments, targets and authority verdicts are tested in their own modules), so
each branch of the warnings has its own escalation or commitment: an open escalation under-tiered and with two
breached targets, a resolved one that is both (no warnings), an open one that is neither; a commitment judged ok
listed first, a finding at its own cell beside a note that is not a finding, a finding without a cell on a
commitment with an Approved By cell, and one on a commitment without one.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from macros.analysis.authority.audit import AuthorityVerdict, Finding
from macros.analysis.governance import Governance
from macros.analysis.response_targets import BREACHED, MET, TargetResult
from macros.analysis.tiering import TierAssessment
from macros.problems import Problem, Severity
from macros.workbook.records import Commitment, Escalation

OPENED = dt.datetime(2026, 3, 2, 9, 0)


def _policy(low: str, high: str):
    return SimpleNamespace(tier_by_id={"t1": SimpleNamespace(name=low), "t2": SimpleNamespace(name=high)})


def _escalation(row: int, escalation_id: str, status: str) -> Escalation:
    return Escalation(
        row=row,
        cells={"escalation_id": f"Escalations!A{row}", "tier": f"Escalations!D{row}"},
        escalation_id=escalation_id,
        opened_on=OPENED,
        tier="t1",
        status=status,
    )


def _target(target: str, status: str, detail: str) -> TargetResult:
    return TargetResult(target, status, None, None, None, "business_hours", detail)


def _under_tiered() -> TierAssessment:
    return TierAssessment("t1", "t2", (), (), True)


def _commitment(row: int, commitment_id: str, *, approved_by_cell: bool = True) -> Commitment:
    cells = {"commitment_id": f"Commitments!A{row}"}
    if approved_by_cell:
        cells["approved_by"] = f"Commitments!I{row}"
    return Commitment(row=row, cells=cells, commitment_id=commitment_id, escalation_id="E-1")


def _verdict(commitment_id: str, status: str, *findings: Finding) -> AuthorityVerdict:
    return AuthorityVerdict(commitment_id, status, findings, None)


def governance() -> Governance:
    """A Governance whose verdicts are set by hand (warnings() reads nothing else)."""
    open_one = _escalation(2, "E-1", "open")
    closed = _escalation(3, "E-2", "resolved")
    quiet = _escalation(4, "E-3", "open")
    commitments = [
        _commitment(2, "C-OK"),
        _commitment(3, "C-CELL"),
        _commitment(4, "C-NOCELL"),
        _commitment(5, "C-BARE", approved_by_cell=False),
    ]
    portfolio = SimpleNamespace(
        escalations=[open_one, closed, quiet],
        commitments=commitments,
        is_open=lambda e: e.status == "open",
    )
    then = SimpleNamespace(policy=_policy("Watch (then)", "Critical (then)"))
    today = SimpleNamespace(policy=_policy("Watch", "Critical"))
    timeline = SimpleNamespace(in_force=lambda day: then if day == OPENED else today, current=today)
    g = object.__new__(Governance)
    g.portfolio = portfolio
    g.policy = today.policy
    g.timeline = timeline
    g.__dict__["assessments"] = {
        "E-1": _under_tiered(),
        "E-2": _under_tiered(),
        "E-3": TierAssessment("t1", "t1", (), (), False),
    }
    g.__dict__["targets"] = {
        "E-1": [
            _target("acknowledge", BREACHED, "not acknowledged after 9 business hours (target 4 business hours)"),
            _target("exec_engaged", MET, "executive engaged in 2 business hours (target 8 business hours)"),
            _target("status_update_every", BREACHED, "longest gap 5 business days (target 3 business days)"),
        ],
        "E-2": [_target("acknowledge", BREACHED, "not acknowledged after 20 business hours")],
    }
    g.__dict__["verdicts"] = {
        "C-OK": _verdict("C-OK", "ok"),
        "C-CELL": _verdict(
            "C-CELL",
            "no_authority",
            Finding("no_authority", "Olivia Grant cannot approve a 25% discount", "Approvals!D7"),
            Finding("note", "a note that is no finding", "Approvals!D8"),
        ),
        "C-NOCELL": _verdict("C-NOCELL", "missing_approval", Finding("missing_approval", "nobody approved it")),
        "C-BARE": _verdict("C-BARE", "incomplete", Finding("incomplete", "the value is empty")),
    }
    return g


def W(location, message, path, hint, code):
    return Problem(Severity.WARNING, location, message, path, hint, code)


TIER_HINT = "raise the tier, or record why not in an update"
TARGET_HINT = "see the account briefing"
AUTHORITY_HINT = "get approval from someone with the authority, or record who gave it"


def test_every_warning_whole_and_in_order():
    assert governance().warnings() == [
        W(
            "Escalations!D2",
            "recorded as Watch (then) but the policy puts it in Critical (then): its criteria",
            "Tier",
            TIER_HINT,
            "under-tiered",
        ),
        W(
            "Escalations!A2",
            "Acknowledge: not acknowledged after 9 business hours (target 4 business hours)",
            "Escalation ID",
            TARGET_HINT,
            "target-acknowledge",
        ),
        W(
            "Escalations!A2",
            "Status updates: longest gap 5 business days (target 3 business days)",
            "Escalation ID",
            TARGET_HINT,
            "target-status_update_every",
        ),
        W(
            "Approvals!D7",
            "C-CELL: Olivia Grant cannot approve a 25% discount",
            "Approved By",
            AUTHORITY_HINT,
            "authority-no_authority",
        ),
        W(
            "Commitments!I4",
            "C-NOCELL: nobody approved it",
            "Approved By",
            AUTHORITY_HINT,
            "authority-missing_approval",
        ),
        W("Commitments!A5", "C-BARE: the value is empty", "Approved By", AUTHORITY_HINT, "authority-incomplete"),
    ]


def test_the_formatted_lines_name_the_column_and_hint():
    lines = [w.format() for w in governance().warnings()]
    assert lines[0] == (
        "Escalations!D2 [Tier]: warning: recorded as Watch (then) but the policy puts it in Critical (then): "
        f"its criteria ({TIER_HINT})"
    )
    assert lines[-1] == f"Commitments!A5 [Approved By]: warning: C-BARE: the value is empty ({AUTHORITY_HINT})"


def test_a_resolved_escalation_gives_no_warning_however_late_or_under_tiered():
    g = governance()
    g.portfolio.escalations = [g.portfolio.escalations[1]]
    g.portfolio.commitments = []
    assert g.warnings() == []


def test_a_commitment_judged_ok_gives_no_warning_and_does_not_stop_the_rest():
    g = governance()
    g.portfolio.escalations = []
    assert [w.code for w in g.warnings()] == [
        "authority-no_authority",
        "authority-missing_approval",
        "authority-incomplete",
    ]
    g.portfolio.commitments = g.portfolio.commitments[:1]
    assert g.warnings() == []
