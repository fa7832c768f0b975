"""Questions asked of a loaded policy (the five-level fixture): authority through the hierarchy and through a
delegation on its first and last day and the days around them, people and terms by reference, and names in words.

The delegation lends Ines Vogel's cfo role to Omar Haddad (finance_partner) from 3 to 21 August 2026, both included.
"""

from __future__ import annotations

import datetime as dt

import pytest

DELEGATED = "delegation from Ines Vogel (2026-08-03 to 2026-08-21)"


@pytest.mark.parametrize(
    ("day", "lent"),
    [("2026-08-02", False), ("2026-08-03", True), ("2026-08-21", True), ("2026-08-22", False)],
)
def test_a_delegation_lends_authority_from_its_first_to_its_last_day(five_level_policy, day, lent):
    held = five_level_policy.authority_of("omar", dt.date.fromisoformat(day))
    assert held == ({"finance_partner": "role", "cfo": DELEGATED} if lent else {"finance_partner": "role"})


def test_a_delegate_holding_the_role_already_keeps_it_as_their_own(five_level_policy):
    held = five_level_policy.authority_of("ines", dt.date(2026, 8, 10))
    assert held == {"cfo": "role", "finance_partner": "hierarchy (CFO covers Finance Business Partner)"}


def test_the_hierarchy_gives_every_role_covered_transitively(five_level_policy):
    held = five_level_policy.authority_of("karl", dt.date(2026, 1, 1))
    assert held == {
        "chief_customer_officer": "role",
        "head_of_success": "hierarchy (Chief Customer Officer covers Head of Customer Success)",
        "commercial_director": "hierarchy (Chief Customer Officer covers Commercial Director)",
        "customer_director": "hierarchy (Chief Customer Officer covers Customer Director)",
        "success_lead": "hierarchy (Chief Customer Officer covers Success Lead)",
        "account_manager": "hierarchy (Chief Customer Officer covers Account Manager)",
    }
    assert five_level_policy.covered_roles["success_lead"] == frozenset({"success_lead"})
    assert five_level_policy.authority_of("nobody", dt.date(2026, 1, 1)) == {}


def test_roles_in_words(five_level_policy):
    p = five_level_policy
    assert p.roles_text(["cfo"]) == "CFO"
    assert p.roles_text(["cfo", "counsel"]) == "CFO or Legal Counsel"
    assert p.roles_text(["cfo", "counsel", "no-such-role"]) == "CFO, Legal Counsel or no-such-role"
    assert p.role_name("no-such-role") == "no-such-role"


def test_the_highest_tiers_are_all_but_the_lowest(five_level_policy):
    assert [t.id for t in five_level_policy.highest_tiers] == ["concern", "elevated", "severe", "critical"]
    assert [five_level_policy.tier_rank(t) for t in ("watch", "critical")] == [0, 4]


def test_people_by_id_name_or_email_in_any_case(five_level_policy):
    p = five_level_policy
    assert p.find_person(" ANNA@kestrel.example ").id == "anna"
    assert p.find_person("anna keller").id == "anna"
    assert p.find_person("Jonas").id == "jonas"
    assert p.find_person("nobody") is None
    assert p.person_refs()[:6] == [
        "anna",
        "Anna Keller",
        "anna@kestrel.example",
        "jonas",
        "Jonas Wolf",
        "jonas@kestrel.example",
    ]


def test_terms_and_concessions_by_id_or_name(five_level_policy):
    p = five_level_policy
    assert p.find_term("segments", " SMB ").id == "smb"
    assert p.find_term("segments", "nothing") is None
    assert p.find_concession("Credit note").id == "credit_note"
    assert p.find_concession("CREDIT_NOTE").id == "credit_note"
    assert p.find_concession("zz") is None


def test_locations_in_the_policy_files(five_level_policy):
    p = five_level_policy
    assert p.location("tiers.yaml", ("tiers", 0, "id")) == "policy/tiers.yaml:3:9"
    assert p.location("tiers.yaml", ("tiers", 0), at_key=True) == "policy/tiers.yaml:3:5"
    assert p.location("nofile.yaml", ("a",)) == "nofile.yaml:1:1"


def test_a_later_delegation_applies_when_an_earlier_one_does_not_and_lends_the_covered_roles_too(tmp_path):
    import shutil

    from macros.policy.loader import load_policy

    from .conftest import FIVE_LEVEL

    data = tmp_path / "data"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    path = data / "policy" / "organisation.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - {delegator: ines, delegate: omar, roles: [cfo], starts: 2026-08-03, ends: 2026-08-21, reason: Summer leave}\n"
    assert old in text
    later = "  - {delegator: ines, delegate: anna, roles: [cfo], starts: 2026-09-01, ends: 2026-09-30, reason: Cover}\n"
    path.write_text(text.replace(old, old + later), encoding="utf-8")
    policy = load_policy(data, root=data)
    held = policy.authority_of("anna", dt.date(2026, 9, 30))
    how = "delegation from Ines Vogel (2026-09-01 to 2026-09-30)"
    assert held == {"success_lead": "role", "cfo": how, "finance_partner": how}
    assert policy.authority_of("anna", dt.date(2026, 10, 1)) == {"success_lead": "role"}
