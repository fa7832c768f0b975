"""What each person owns, owes and may approve (macros/analysis/person_items.py), on a small log worked by hand.

As of 2026-06-30, so "this week" runs to 2026-07-07 (the shared horizon).
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from macros.analysis.person_items import approvals_reaching, delegations_of, people_items
from macros.analysis.reminders import ACTION_DUE, CHECK_IN, STATUS_UPDATE, DueItem
from macros.policy.codeowners import owned_files
from macros.site_context import build_context

from .conftest import SAMPLE_DATA
from .workbook_builder import small_log, write_workbook

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    data = tmp_path_factory.mktemp("people") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    log = small_log()
    d = dt.date
    log["Actions"] += [
        # Ivan already owns "Confirm fix date" (due 06-20, overdue; check-in 07-02).
        {"Escalation ID": "ESC-1", "Action": "Write RCA", "Owner": "Ivan Petrov", "Due": d(2026, 7, 3),
         "Status": "Open", "Next Check-in": d(2026, 7, 8)},
        {"Escalation ID": "ESC-1", "Action": "Patch rollout", "Owner": "ivan-petrov", "Due": d(2026, 6, 25),
         "Status": "Open"},
        {"Escalation ID": "ESC-1", "Action": "Old task", "Owner": "Ivan Petrov", "Due": d(2026, 6, 1),
         "Status": "Done", "Completed On": d(2026, 6, 2)},
    ]  # fmt: skip
    log["Commitments"].append(
        {
            "Commitment ID": "C-2",
            "Escalation ID": "ESC-3",
            "Type": "success_plan",
            "Description": "Exec business review",
            "Owner": "Olivia Grant",
            "Due": d(2026, 7, 30),
            "Status": "Open",
            "Approved By": "Olivia Grant",
        }
    )
    write_workbook(data / "escalations.xlsx", log)
    return build_context(data, as_of=AS_OF.isoformat())


@pytest.fixture(scope="module")
def items(context):
    return people_items(context.governance)


def test_everyone_in_the_organisation_file_has_items(context, items):
    assert list(items) == [p.id for p in context.policy.organisation.people]
    assert items["catherine-wu"].escalations == []
    assert items["catherine-wu"].actions == []


def test_escalations_they_own_open_first(items):
    assert [e.escalation_id for e in items["daniel-okafor"].escalations] == ["ESC-3", "ESC-2"]
    assert items["daniel-okafor"].open_escalations == 1  # ESC-2 is resolved
    assert [e.escalation_id for e in items["priya-raman"].escalations] == ["ESC-1"]
    assert items["ivan-petrov"].escalations == []


def test_open_actions_overdue_first_then_by_due_date(items):
    ivan = items["ivan-petrov"]
    # Overdue: Confirm fix date (06-20), Patch rollout (06-25); then Write RCA (07-03). The done one is left out.
    assert [a.action for a in ivan.actions] == ["Confirm fix date", "Patch rollout", "Write RCA"]
    assert ivan.overdue_actions == 2
    assert [a.action for a in items["jordan-kim"].actions] == []  # his only action is done


def test_check_ins_due_by_the_horizon(items):
    # Ivan's check-ins: 07-02 (within the week) and 07-08 (one day past 07-07): only the first.
    ivan = [(i.kind, i.day) for i in items["ivan-petrov"].due_soon]
    assert ivan == [(CHECK_IN, dt.date(2026, 7, 2))]
    elena = [(i.kind, i.day) for i in items["elena-sorensen"].due_soon if i.kind == CHECK_IN]
    assert elena == [(CHECK_IN, dt.date(2026, 7, 1))]


def _item(key: str, kind: str, day: dt.date, people: tuple[str, ...], *, overdue: bool = False) -> DueItem:
    return DueItem(key, kind, key, day, None, people, "ESC-1", "ACC-1", "Harbor", "", overdue)


def test_due_soon_keeps_check_ins_and_updates_to_the_horizon_and_overdue_ones(context):
    reminders = [
        _item("a", CHECK_IN, dt.date(2026, 7, 7), ("zoe-carter",)),  # on the horizon: kept
        _item("b", CHECK_IN, dt.date(2026, 7, 8), ("zoe-carter",)),  # a day past it: left out
        _item("c", STATUS_UPDATE, dt.date(2026, 6, 26), ("zoe-carter",), overdue=True),  # overdue: kept
        _item("d", ACTION_DUE, dt.date(2026, 7, 1), ("zoe-carter",)),  # not a check-in or update
        _item("e", STATUS_UPDATE, dt.date(2026, 7, 3), ("nobody-known", "zoe-carter")),  # second person counts
    ]
    found = people_items(context.governance, reminders)
    assert [i.key for i in found["zoe-carter"].due_soon] == ["a", "c", "e"]
    assert "nobody-known" not in found


def test_commitments_owned_or_approved(items):
    assert [(c.commitment.commitment_id, c.relations) for c in items["jordan-kim"].commitments] == [("C-1", ("owner",))]
    assert [(c.commitment.commitment_id, c.relations) for c in items["olivia-grant"].commitments] == [
        ("C-1", ("approver",)),
        ("C-2", ("owner", "approver")),
    ]


def test_roles_and_policy_files(context, items):
    assert items["elena-sorensen"].roles == ("vp_cs", "exec_sponsor")
    # organisation, tiers, stakeholders and communication name vp_cs among their owners.
    assert items["elena-sorensen"].policy_files == [
        "organisation.yaml",
        "tiers.yaml",
        "stakeholders.yaml",
        "communication.yaml",
    ]
    # revops owns organisation.yaml and escalation-log.yaml, and so the workbook.
    assert owned_files(context.policy, "zoe-carter") == ["organisation.yaml", "escalation-log.yaml", "escalations.xlsx"]
    assert owned_files(context.policy, "priya-raman") == []


def test_delegations_active_and_upcoming(context):
    policy = context.policy
    # As of 06-30 the CFO's leave (07-06 to 07-24) is upcoming; the CRO's offsite (03-16 to 03-27) has ended.
    laura = delegations_of(policy, "laura-mcallister", AS_OF)
    assert [(d.delegation.delegator, d.direction, d.active) for d in laura] == [("samuel-osei", "to", False)]
    samuel = delegations_of(policy, "samuel-osei", AS_OF)
    assert [(d.delegation.delegate, d.direction, d.active) for d in samuel] == [("laura-mcallister", "from", False)]
    assert delegations_of(policy, "william-hartley", AS_OF) == []
    assert [d.active for d in delegations_of(policy, "laura-mcallister", dt.date(2026, 7, 24))] == [True]
    assert delegations_of(policy, "laura-mcallister", dt.date(2026, 7, 25)) == []


def _reach(policy, person_id, day):
    return [
        (r.concession_type, r.rule_id, r.kind, r.level, r.levels) for r in approvals_reaching(policy, person_id, day)
    ]


def test_approvals_reaching_a_role(context):
    # The sales director is the first rung of the discount ladder; the rule over 30% is not allowed at all.
    assert _reach(context.policy, "olivia-grant", AS_OF) == [
        ("discount", "discount-10-under-250k", "approval", 1, 1),
        ("discount", "discount-10-from-250k", "approval", 1, 2),
        ("discount", "discount-20-under-250k", "approval", 1, 2),
        ("discount", "discount-20-from-250k", "approval", 1, 3),
        ("discount", "discount-30", "approval", 1, 4),
    ]
    # Deal Desk signs reviews only.
    assert _reach(context.policy, "kenji-watanabe", AS_OF) == [
        ("discount", "deal-desk-large-discount", "review", 1, 1),
        ("free_services", "deal-desk-services", "review", 1, 1),
    ]


def test_approvals_reaching_through_a_delegation_in_force(context):
    policy = context.policy
    own = [
        ("payment_terms", "terms-net-60", "approval", 1, 1),
        ("payment_terms", "terms-net-90", "approval", 1, 2),
        ("contract_length", "term-short", "approval", 2, 2),
        ("service_credits", "credits-50k", "approval", 2, 2),
        ("free_services", "services-over-15k", "approval", 2, 2),
    ]
    assert _reach(policy, "laura-mcallister", AS_OF) == own
    during_leave = approvals_reaching(policy, "laura-mcallister", dt.date(2026, 7, 10))
    lent = {(r.concession_type, r.rule_id, r.level) for r in during_leave if r.how.startswith("delegation from")}
    # The CFO's levels: the top of the discount ladder, net 90 terms, long terms and credits over $50,000.
    assert lent == {
        ("discount", "discount-30", 4),
        ("payment_terms", "terms-net-90", 2),
        ("contract_length", "term-long", 2),
        ("service_credits", "credits-over-50k", 2),
    }
    assert len(during_leave) == len(own) + len(lent)


def test_the_most_senior_role_is_not_given_every_rule_through_the_hierarchy(context):
    # The CEO covers the CRO, CFO, General Counsel and VP Product, but no chain names the CEO.
    assert approvals_reaching(context.policy, "catherine-wu", AS_OF) == []
