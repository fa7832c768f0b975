"""The accounts index view model: every account of the sheet, escalated or not, with its open tier and counts."""

from __future__ import annotations

import shutil

import pytest

from macros.render.account_index import account_index_model
from macros.render.generated import account_page_model, generated_pages
from macros.site_context import build_context

from .conftest import SAMPLE_DATA
from .workbook_builder import small_log, write_workbook


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    data = tmp_path_factory.mktemp("accounts") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    log = small_log()
    log["Accounts"].append(
        {
            "Account ID": "ACC-3",
            "Account Name": "Alder Freight",
            "Segment": "Enterprise",
            "ARR": 90000,
            "Renewal Date": "2026-06-20",
            "Health": "Green",
            "CSM": "Priya Raman",
            "AE": "Jordan Kim",
        }
    )
    resolved, opened = (next(e for e in log["Escalations"] if e["Escalation ID"] == i) for i in ("ESC-2", "ESC-3"))
    # A resolved Red escalation must not count as the open tier; the open yellow one outranks the open green one.
    log["Escalations"].append({**resolved, "Escalation ID": "ESC-4", "Tier": "Red"})
    log["Escalations"].append({**opened, "Escalation ID": "ESC-5", "Tier": "yellow"})
    write_workbook(data / "escalations.xlsx", log)
    return build_context(data, as_of="2026-06-30", scope="full")


def test_every_account_has_a_row_by_name_with_its_facts(context):
    index = account_index_model(context, "accounts/")
    assert [r.account_id for r in index.rows] == ["ACC-3", "ACC-2", "ACC-1"]
    harbor = index.rows[2]
    assert harbor.name == "Harbor Logistics"
    assert harbor.href == "ACC-1/"
    assert (harbor.arr, harbor.arr_sort) == ("$420,000", "420000.00")
    assert (harbor.renewal, harbor.days_to_renewal, harbor.days_sort) == ("2026-08-15", "in 46 days", "46")
    assert (harbor.open_tier.name, harbor.tier_rank) == ("Red", context.policy.tier_rank("red"))
    assert (harbor.open_escalations, harbor.escalations) == (1, 1)
    assert (str(harbor.csm), str(harbor.ae)) == ("Priya Raman", "Ben Adeyemi")
    assert (harbor.csm.href, harbor.ae.href) == ("../people/priya-raman/", "../people/ben-adeyemi/")
    assert index.csm_label == context.policy.role_name(context.policy.organisation.account_team.csm)


def test_open_tier_is_the_most_severe_open_escalation(context):
    brightwell = account_index_model(context, "accounts/").rows[1]
    assert brightwell.open_tier.name == "Yellow"
    assert (brightwell.open_escalations, brightwell.escalations) == (2, 4)


def test_an_account_without_escalations_has_no_tier(context):
    alder = account_index_model(context, "accounts/").rows[0]
    assert alder.open_tier is None
    assert alder.tier_rank == -1
    assert (alder.open_escalations, alder.escalations) == (0, 0)
    assert (alder.renewal, alder.days_to_renewal, alder.days_sort) == ("2026-06-20", "10 days ago", "-10")


def test_every_account_gets_a_page_and_one_without_escalations_says_so(context):
    urls = {p.url for p in generated_pages(context)}
    assert {context.account_url(a) for a in ("ACC-1", "ACC-2", "ACC-3")} <= urls
    alder = context.portfolio.account_by_id["ACC-3"]
    assert account_page_model(context, alder).escalated is False
    page = next(p for p in generated_pages(context) if p.url == context.account_url("ACC-3"))
    assert "No escalations yet." in page.content
    assert "No escalations yet." not in next(p for p in generated_pages(context) if p.url == "accounts/ACC-1/").content
