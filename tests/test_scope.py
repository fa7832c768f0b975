"""The policy-only scope: the playbook without any account data, checked in every file the build writes."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from macros.scope import full_scope_pages, prune_nav

from .conftest import ROOT, SAMPLE_DATA
from .site_builder import build_site


def test_prune_nav_drops_pages_and_empty_sections():
    nav = [
        {"Home": "index.md"},
        {"Log": [{"All": "escalations.md"}, {"Tracker": "actions.md"}]},
        {"Playbook": [{"Tiers": "tiers/index.md"}, "approval-matrix.md"]},
    ]
    assert prune_nav(nav, {"escalations.md", "actions.md", "approval-matrix.md"}) == [
        {"Home": "index.md"},
        {"Playbook": [{"Tiers": "tiers/index.md"}]},
    ]


def test_account_data_pages_are_marked_in_their_front_matter():
    assert full_scope_pages(ROOT / "docs") == {
        "escalations.md",
        "accounts/index.md",
        "actions.md",
        "commitments.md",
        "data-quality.md",
        "reviews/index.md",
        "learnings.md",
    }


def _sample_accounts():
    book = load_workbook(SAMPLE_DATA / "escalations.xlsx", read_only=True)
    sheet = book["Accounts"]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h).strip().lower() for h in rows[0]]
    id_col, name_col = header.index("account id"), header.index("account name")
    ids = {str(r[id_col]) for r in rows[1:] if r[id_col]}
    names = {str(r[name_col]) for r in rows[1:] if r[name_col]}
    escalations = {str(r[0]) for r in list(book["Escalations"].iter_rows(values_only=True))[1:] if r[0]}
    book.close()
    return ids, names, escalations


def _file_texts(site):
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{path.relative_to(site)}:{member}", archive.read(member).decode("utf-8", "replace")
        else:
            yield str(path.relative_to(site)), path.read_bytes().decode("utf-8", "replace")


@pytest.mark.build
def test_policy_only_build_contains_no_account_name_or_id(tmp_path):
    result = build_site(tmp_path, SAMPLE_DATA, as_of="2026-11-30", scope="policy-only")
    assert result.returncode == 0, result.output
    ids, names, escalations = _sample_accounts()
    assert len(ids) >= 40 and len(names) >= 40
    leaks = []
    for where, text in _file_texts(result.site):
        for needle in ids | names | escalations:
            if needle in text:
                leaks.append(f"{where}: {needle}")
    assert leaks == []
    assert not (result.site / "accounts").exists()
    assert not (result.site / "escalations").exists()
    assert not (result.site / "reviews").exists()
    assert (result.site / "approval-matrix" / "index.html").exists()
    assert (result.site / "tiers" / "red" / "index.html").exists()
    assert (result.site / "templates" / "escalation-log-template.xlsx").exists()
