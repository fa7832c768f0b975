"""A month's ARR saved, lost and on downsells adds up every escalation resolved in it with that result, not only
the last one (two of each in May 2026, sample policy, as of 2026-06-30)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from macros.analysis.governance import Governance
from macros.analysis.monthly import monthly_reviews
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset

from .conftest import SAMPLE_DATA
from .test_monthly import _escalation
from .workbook_builder import write_workbook

t = dt.datetime


@pytest.fixture(scope="module")
def may(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outcome_sums") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", folder / "policy")
    escalations = []
    for n, (outcome, arr) in enumerate(
        [("Renewed", 1000), ("Renewed", 200), ("Churned", 30), ("Churned", 4), ("Downsell", 5000), ("Downsell", 600)]
    ):
        opened = t(2026, 5, 4 + n, 9)
        escalations.append(
            _escalation(
                f"E{n}", "A1", "green", opened, resolved=opened + dt.timedelta(days=2), outcome=outcome, arr=arr
            )
        )
    accounts = [{"Account ID": "A1", "Account Name": "Account A1", "ARR": 100000, "Renewal Date": dt.date(2027, 1, 1)}]
    write_workbook(folder / "escalations.xlsx", {"Accounts": accounts, "Escalations": escalations})
    portfolio = Portfolio.from_dataset(load_dataset(folder, as_of="2026-06-30", scope="full"))
    return {m.key: m for m in monthly_reviews(portfolio, Governance(portfolio))}["2026-05"]


def test_every_resolved_escalation_adds_its_arr_to_its_result(may):
    assert may.resolved_count == 6
    assert (may.arr_saved, may.arr_lost, may.arr_downsell) == (1200.0, 34.0, 5600.0)
