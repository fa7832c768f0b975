"""Planted authority violations are found everywhere the policy is applied: /commitments/, the briefing and
`escalation validate`; the sample's own commitments keep their verdicts."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from openpyxl import load_workbook

from macros.analysis.governance import Governance
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset

from .conftest import SAMPLE_DATA
from .site_builder import build_site
from .test_cli import run

pytestmark = pytest.mark.build  # every test here reads a real build

AS_OF = "2026-11-30"


def _verdicts(data):
    dataset = load_dataset(data, as_of=AS_OF)
    governance = Governance(Portfolio.from_dataset(dataset))
    return {cid: v.status for cid, v in governance.verdicts.items()}, dataset


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("planted")
    data = tmp / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    shutil.copy(SAMPLE_DATA / "escalations.xlsx", data / "escalations.xlsx")
    before, dataset = _verdicts(data)
    portfolio = Portfolio.from_dataset(dataset)
    escalation = next(e for e in portfolio.open_escalations if portfolio.account_of(e).arr >= 250_000)
    account = portfolio.account_of(escalation)
    book = load_workbook(data / "escalations.xlsx")
    sheet = book["Commitments"]
    headers = [c.value for c in sheet[1]]

    def plant(**values):
        sheet.append([values.get(h) for h in headers])

    common = {"Escalation ID": escalation.escalation_id, "Due": dt.date(2026, 12, 20), "Status": "Open"}
    # A 25% discount needs the CFO; a regional sales director approves it.
    plant(
        **common,
        **{
            "Commitment ID": "P-NOAUTH",
            "Type": "discount",
            "Description": "Planted: 25% off",
            "Owner": "Priya Raman",
            "Value": "25%",
            "Approved By": "Olivia Grant",
            "Approved On": dt.date(2026, 11, 20),
        },
    )
    # The Finance Director held the CFO's authority until 2026-07-24; this approval is the day after.
    plant(
        **common,
        **{
            "Commitment ID": "P-EXPIRED",
            "Type": "discount",
            "Description": "Planted: 25% off",
            "Owner": "Priya Raman",
            "Value": "25%",
            "Approved By": "Laura McAllister",
            "Approved On": dt.date(2026, 7, 25),
        },
    )
    # Service credits within a CS director's limit, approved by the commitment's own owner.
    plant(
        **common,
        **{
            "Commitment ID": "P-SELF",
            "Type": "service_credits",
            "Description": "Planted: credit",
            "Owner": "Marcus Bell",
            "Value": 5000,
            "Approved By": "Marcus Bell",
            "Approved On": dt.date(2026, 11, 21),
        },
    )
    book.save(data / "escalations.xlsx")
    after, _ = _verdicts(data)
    site = build_site(tmp, data, as_of=AS_OF)
    assert site.returncode == 0, site.output
    return data, before, after, site, account


def test_planted_commitments_get_findings(planted):
    _, _, after, _, _ = planted
    assert after["P-NOAUTH"] == "no_authority"
    assert after["P-EXPIRED"] == "no_authority"
    assert after["P-SELF"] == "segregation"


def test_unplanted_rows_keep_their_verdicts(planted):
    _, before, after, _, _ = planted
    assert {k: v for k, v in after.items() if not k.startswith("P-")} == before


def test_findings_are_in_validate_output(planted):
    data, _, _, _, _ = planted
    code, _, err = run("validate", "--data", str(data), "--as-of", AS_OF)
    assert code == 0  # findings are warnings: they inform, they never fail a build
    for planted_id in ("P-NOAUTH", "P-EXPIRED", "P-SELF"):
        assert f"{planted_id}:" in err
    assert "delegation from Samuel Osei runs 2026-07-06 to 2026-07-24" in err


def test_findings_are_on_the_commitments_page_and_the_briefing(planted):
    _, _, _, site, account = planted
    report = site.page("commitments")
    findings = report.split('id="authority"', 1)[1].split('id="by-owner"', 1)[0]
    for planted_id in ("P-NOAUTH", "P-EXPIRED", "P-SELF"):
        assert planted_id in findings
    briefing = site.page(f"accounts/{account.account_id}")
    for planted_id in ("P-NOAUTH", "P-EXPIRED", "P-SELF"):
        assert planted_id in briefing
    assert "Without authority" in briefing and "Segregation of duties" in briefing
