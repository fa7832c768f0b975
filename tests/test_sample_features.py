"""The shipped sample shows every feature: each kind of data-quality warning, an escalation under-tiered by its
criteria and one moved up by time-based escalation."""

from __future__ import annotations

import re

import pytest

from macros.analysis.data_quality import data_quality_warnings
from macros.analysis.governance import Governance
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset

from .conftest import ROOT, SAMPLE_AS_OF, SAMPLE_DATA


@pytest.fixture(scope="module")
def sample():
    dataset = load_dataset(SAMPLE_DATA, as_of=SAMPLE_AS_OF, scope="full", root=ROOT)
    portfolio = Portfolio.from_dataset(dataset)
    return dataset, portfolio, Governance(portfolio)


def warning_kinds() -> set[str]:
    """Every code a data-quality warning can carry, read from the module that raises them."""
    source = (ROOT / "macros" / "analysis" / "data_quality.py").read_text(encoding="utf-8")
    return set(re.findall(r'code="([a-z-]+)"', source))


def test_the_kinds_of_warning_are_found():
    assert {"missing-check-in", "check-in-passed", "stale", "review-owed", "missing-fulfilled-on"} <= warning_kinds()


def test_each_kind_of_data_quality_warning_occurs_in_the_sample(sample):
    dataset, portfolio, _ = sample
    found = {w.code for w in data_quality_warnings(dataset, portfolio)}
    assert found == warning_kinds()


def test_the_sample_has_an_escalation_under_tiered_by_its_criteria_and_one_moved_up_by_time(sample):
    _, portfolio, governance = sample
    flagged = [
        governance.assessments[e.escalation_id]
        for e in portfolio.escalations
        if portfolio.is_open(e) and governance.assessments[e.escalation_id].under_tiered
    ]
    kinds = sorted({r.kind for a in flagged for r in a.reasons})
    assert kinds == ["criterion", "time"]
    assert "under-tiered" in {w.code for w in governance.warnings()}
