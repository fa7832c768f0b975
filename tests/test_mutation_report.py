"""The mutation report: how mutmut's results fold into killed, survived and equivalent per target."""

from __future__ import annotations

import json

import pytest

from tests.mutation import run


def test_each_mutant_counts_once_under_its_target():
    results = {
        "macros.analysis.tiering.x_assess_tier__mutmut_1": 1,
        "macros.analysis.tiering.x_assess_tier__mutmut_2": 0,
        "macros.analysis.tiering.x_assess_tier__mutmut_3": 0,
        "macros.analysis.tiering.x_assess_tier__mutmut_4": 33,
        "macros.analysis.tiering.x_assess_tier__mutmut_5": 36,
        "macros.policy.references.x_unique__mutmut_1": 1,
        "macros.workbook.cells.x_parse_id__mutmut_1": None,
    }
    equivalent = {"macros.analysis.tiering.x_assess_tier__mutmut_3": "a cache size"}
    tallies = run.tally(results, equivalent)
    analysis = tallies["analysis"]
    assert analysis.killed == 2  # a timeout is noticed too
    assert analysis.survived == ["macros.analysis.tiering.x_assess_tier__mutmut_2"]
    assert analysis.no_tests == ["macros.analysis.tiering.x_assess_tier__mutmut_4"]
    assert analysis.equivalent == ["macros.analysis.tiering.x_assess_tier__mutmut_3"]
    assert analysis.score == pytest.approx(50.0)  # 2 of 4 non-equivalent
    assert tallies["policy"].score == pytest.approx(100.0)
    assert tallies["cells"].not_checked == 1
    assert tallies["cells"].score is None


def test_a_killed_mutant_listed_as_equivalent_still_counts_as_killed():
    tallies = run.tally(
        {"macros.workbook.cells.x_parse_id__mutmut_1": 1}, {"macros.workbook.cells.x_parse_id__mutmut_1": "x"}
    )
    assert (tallies["cells"].killed, tallies["cells"].equivalent) == (1, [])


def test_the_report_names_survivors_and_gives_each_equivalent_its_reason():
    equivalent = {"macros.policy.tiers.x_a__mutmut_2": "the default is overwritten before use"}
    tallies = run.tally({"macros.policy.tiers.x_a__mutmut_1": 0, "macros.policy.tiers.x_a__mutmut_2": 0}, equivalent)
    report = run.render_report(tallies, equivalent)
    assert "| policy | 0 | 1 | 0 | 1 | 0 | 0.0% |" in report
    assert "- `macros.policy.tiers.x_a__mutmut_1`" in report
    assert "- `macros.policy.tiers.x_a__mutmut_2`: the default is overwritten before use" in report


def test_results_are_read_from_mutmut_meta_files(tmp_path):
    folder = tmp_path / "macros" / "analysis"
    folder.mkdir(parents=True)
    (folder / "tiering.py.meta").write_text(json.dumps({"exit_code_by_key": {"m1": 1, "m2": 0}}))
    (folder / "tiering.py").write_text("ignored")
    assert run.load_results(tmp_path) == {"m1": 1, "m2": 0}


def test_every_equivalent_mutant_has_a_reason():
    equivalent = run.load_equivalent()
    assert all(reason.strip() for reason in equivalent.values())
    assert all(name.startswith(tuple(f"{p}." for p in run.TARGETS.values())) for name in equivalent)


def test_targets_and_modules_map_to_mutmut_patterns():
    assert run._module_prefix("cells") == "macros.workbook.cells"
    assert run._module_prefix("macros.analysis.tiering") == "macros.analysis.tiering"
    assert run.target_of("macros.analysis.tiering.x_f__mutmut_1") == "analysis"
    assert run.target_of("macros.analysisx.f") == "other"


def test_the_report_has_a_row_per_module_with_what_is_not_yet_checked():
    results = {
        "macros.policy.loader.x_f__mutmut_1": 1,
        "macros.policy.loader.x_f__mutmut_2": 0,
        "macros.policy.loader.x_f__mutmut_3": None,
        "macros.policy.codeowners.xǁCǁg__mutmut_1": 1,
    }
    tallies = run.tally(results, {})
    modules = run.tally(results, {}, key=run.module_of)
    assert sorted(modules) == ["macros.policy.codeowners", "macros.policy.loader"]
    report = run.render_report(tallies, {}, modules)
    assert "| policy | 2 | 1 | 0 | 0 | 1 | 66.7% |" in report
    assert "| `macros.policy.loader` | 1 | 1 | 0 | 0 | 1 | 50.0% |" in report
    assert "| `macros.policy.codeowners` | 1 | 0 | 0 | 0 | 0 | 100.0% |" in report
