"""Real `mkdocs build --strict` runs whose HTML is read: the pages the foundation promises, for two policies."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from macros.policy.loader import load_policy

from .conftest import FIVE_LEVEL, SAMPLE_DATA
from .site_builder import broken_links, build_site
from .workbook_builder import small_log, write_workbook

pytestmark = pytest.mark.build


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("small")
    data = tmp / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    write_workbook(data / "escalations.xlsx", small_log())
    result = build_site(tmp, data)
    assert result.returncode == 0, result.output
    return result


def test_every_tier_has_its_page_with_criteria_and_targets(small_site):
    policy = load_policy(SAMPLE_DATA)
    for tier in policy.tiers:
        text = _text(small_site.page(f"tiers/{tier.id}"))
        assert f"{tier.name} tier" in text
        for criterion in tier.criteria:
            assert criterion.description in text
        if tier.response.acknowledge:
            assert tier.response.acknowledge.describe() in text


def test_approval_matrix_names_every_concession_type_and_approver(small_site):
    policy = load_policy(SAMPLE_DATA)
    text = _text(small_site.page("approval-matrix"))
    for ctype in policy.authority.concession_types:
        assert ctype.name in text
        for rule in ctype.rules:
            for role in rule.approvers + ([rule.approve_up_to] if rule.approve_up_to else []):
                assert policy.role_name(role) in text, role
        for review in ctype.reviews:
            assert policy.role_name(review.reviewer) in text


def test_stakeholder_matrix_names_every_role(small_site):
    policy = load_policy(SAMPLE_DATA)
    text = _text(small_site.page("stakeholders"))
    for role in policy.organisation.roles:
        assert role.name in text


def test_briefings_and_index_cover_every_escalation(small_site):
    index = small_site.page("escalations")
    for escalation in small_log()["Escalations"]:
        assert escalation["Escalation ID"] in index
    briefing = _text(small_site.page("accounts/ACC-1"))
    for field in (
        "Reporting outage",
        "Board reports late",
        "Engineering fix date",
        "2026-07-10",
        "in 10 days",
        "Priya Raman",
        "Ben Adeyemi",
        "Elena Sorensen",
        "Who must be involved",
        "Response targets",
    ):
        assert field in briefing, field
    assert "Gap: nobody in this role is involved" in briefing  # no CRO took part in ESC-1


def test_no_broken_internal_links(small_site):
    assert broken_links(small_site.site) == []


def test_generated_pages_stay_out_of_the_navigation(small_site):
    home = small_site.page("")
    assert "accounts/ACC-1/" not in home.split('class="md-content"')[0]


def test_five_level_policy_builds_its_own_pages(tmp_path):
    result = build_site(tmp_path, FIVE_LEVEL, scope="policy-only")
    assert result.returncode == 0, result.output
    for tier_id in ("watch", "concern", "elevated", "severe", "critical"):
        assert (result.site / "tiers" / tier_id / "index.html").exists()
    assert not (result.site / "tiers" / "red").exists()
    matrix = _text(result.page("approval-matrix"))
    assert "Multi-year discount" in matrix and "Chief Customer Officer" in matrix
    assert "Renewal discount" not in matrix


def test_invalid_data_fails_the_build_with_located_messages(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    rows = small_log()
    rows["Escalations"][0]["Tier"] = "Redd"
    write_workbook(data / "escalations.xlsx", rows)
    tiers = data / "policy" / "tiers.yaml"
    tiers.write_text(tiers.read_text().replace("to: red", "to: rde"), encoding="utf-8")
    result = build_site(tmp_path, data)
    assert result.returncode == 1
    # Located at the value: line 51, column 11 of the sample's tiers.yaml, with its key path.
    assert re.search(
        r"policy/tiers\.yaml:51:11 \[tiers\[1\]\.escalate_after\.to\]: error: unknown tier 'rde'", result.output
    )
    assert "1 error found" in result.output  # policy errors stop the load before the workbook is read
    assert "Traceback" not in result.output


def test_search_index_holds_account_names_but_not_briefing_details(small_site):
    import json

    index = json.loads((small_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # Briefings are under accounts/<id>/; accounts/ itself is the index, whose table stays out of search too.
    account_docs = [d for d in index["docs"] if d["location"].startswith("accounts/") and d["location"] != "accounts/"]
    assert {d["title"] for d in account_docs} >= {"Harbor Logistics", "Brightwell Foods"}
    # Their entries come from the data: the id and a few key facts (macros/render/search_facts.py), no narrative.
    assert all(d["ids"] and len(d["text"]) < 120 for d in account_docs), account_docs
    everything = json.dumps(index)
    assert "Reporting outage" not in everything  # escalation text stays out of the index
    listing = next(d for d in index["docs"] if d["location"] == "accounts/")
    assert "Harbor Logistics" not in listing["text"]  # nor do the accounts index's rows
    # The playbook is searchable: the approval matrix page is indexed with its text.
    matrix = [d for d in index["docs"] if d["location"].split("#")[0] == "approval-matrix/"]
    assert matrix[0]["title"] == "Approval matrix"
    assert "Who must approve" in matrix[0]["text"]
    assert any("Renewal discount" in d["text"] for d in matrix[1:])  # the rules themselves are indexed


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    result = build_site(tmp_path_factory.mktemp("sample"), SAMPLE_DATA, as_of="2026-11-30")
    assert result.returncode == 0, result.output
    return result


def test_every_row_of_the_sample_is_reachable(sample_site):
    """Every escalation is in the index; every action, commitment, update and review is on its briefing."""
    from macros.dataset import load_dataset

    dataset = load_dataset(SAMPLE_DATA, as_of="2026-11-30")
    log = dataset.log
    index = sample_site.page("escalations")
    accounts = {e.escalation_id: e.account_id for e in log.escalations}
    pages: dict[str, str] = {}

    def briefing(escalation_id):
        account = accounts[escalation_id]
        if account not in pages:
            pages[account] = html.unescape(sample_site.page(f"accounts/{account}"))
        return pages[account]

    missing = [e.escalation_id for e in log.escalations if e.escalation_id not in index]
    missing += [f"action {a.row}" for a in log.actions if a.action not in briefing(a.escalation_id)]
    missing += [c.commitment_id for c in log.commitments if c.commitment_id not in briefing(c.escalation_id)]
    missing += [f"update {u.row}" for u in log.updates if u.summary not in briefing(u.escalation_id)]
    commitments = sample_site.page("commitments")
    missing += [c.commitment_id for c in log.commitments if c.commitment_id not in commitments]
    learnings = html.unescape(sample_site.page("learnings"))
    missing += [f"review {r.row}" for r in log.reviews if r.escalation_id not in learnings]
    assert missing == []


def test_accounts_index_lists_every_account_of_the_sheet_and_each_has_a_page(sample_site):
    rows = _sheet_rows("Accounts")
    ids = {str(r[0]) for r in rows}
    index = sample_site.page("accounts")
    listed = re.findall(r'<tr><td><a href="([^"/]+)/">', index)
    assert len(listed) == len(rows)
    assert set(listed) == ids
    for account_id in ids:
        assert f'href="{account_id}/"' in index
        assert (sample_site.site / "accounts" / account_id / "index.html").is_file(), account_id
    without = sorted(ids - {str(r[1]) for r in _sheet_rows("Escalations")})
    assert without  # the sample has accounts that were never escalated: they get a page too
    for account_id in without:
        assert "No escalations yet." in sample_site.page(f"accounts/{account_id}")
    assert 'href="accounts/"' in sample_site.page("")  # in the navigation


def _sheet_rows(sheet: str) -> list[tuple]:
    """The sample workbook's data rows of ``sheet``, read directly (not through the loader)."""
    from openpyxl import load_workbook

    book = load_workbook(SAMPLE_DATA / "escalations.xlsx", read_only=True)
    rows = [r for r in list(book[sheet].iter_rows(values_only=True))[1:] if r[0] is not None]
    book.close()
    return rows


def test_five_level_policy_with_its_own_log_builds_a_full_site(tmp_path):
    """A company with five levels, other roles and other concession types gets its own briefings and tiers."""
    import datetime as dt

    from macros.demo import write_demo_data

    data = tmp_path / "data"
    write_demo_data(FIVE_LEVEL / "policy", data, accounts=30, seed=5, as_of=dt.date(2026, 9, 30), months=12)
    result = build_site(tmp_path, data, as_of="2026-09-30")
    assert result.returncode == 0, result.output
    home = _text(result.page(""))
    for name in ("Critical", "Severe", "Elevated", "Concern", "Watch"):
        assert name in home
    assert "Red" not in re.findall(r"\b\w+\b", home)
    assert any((result.site / "accounts").iterdir())
    assert "Chief Customer Officer" in _text(result.page("stakeholders"))
    assert broken_links(result.site) == []


def test_data_quality_warnings_link_to_their_briefing(sample_site):
    page = sample_site.page("data-quality")
    rows = re.findall(r"<tr>.*?</tr>", page.split("<tbody>", 1)[1], flags=re.DOTALL)
    assert rows
    linked = [r for r in rows if 'href="../accounts/' in r]
    assert len(linked) == len([r for r in rows if "<code>" in r])  # every sample warning names an account's row
