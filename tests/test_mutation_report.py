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


def test_a_later_run_names_only_the_mutants_not_yet_killed():
    results = {
        "macros.policy.loader.x_a__mutmut_1": 1,
        "macros.policy.loader.x_a__mutmut_2": 0,
        "macros.policy.loader.x_a__mutmut_3": None,
        "macros.policy.loader.x_a__mutmut_4": 0,
        "macros.policy.tiers.x_b__mutmut_1": None,
        "macros.policy.tiers.x_b__mutmut_2": 33,
        "macros.workbook.cells.x_c__mutmut_1": None,
    }
    equivalent = {"macros.policy.loader.x_a__mutmut_4": "reason"}
    assert run.mutants_to_run(["policy"], results, equivalent) == [
        "macros.policy.loader.x_a__mutmut_2",
        "macros.policy.loader.x_a__mutmut_3",
        "macros.policy.tiers.*",
    ]
    assert run.mutants_to_run(["macros.workbook.cells"], results, equivalent) == ["macros.workbook.cells.*"]
    assert run.mutants_to_run(["cells"], {"macros.workbook.cells.x_c__mutmut_1": 1}, {}) == []


def test_left_out_tests_match_by_node_module_or_parameter_family(tmp_path):
    from tests.mutation import pytest_plugin

    listing = tmp_path / "left_out.txt"
    listing.write_text("# why\ntests/test_a.py  # builds\n\ntests/test_b.py::test_x\n", encoding="utf-8")
    entries = pytest_plugin.read_left_out(listing)
    assert entries == ("tests/test_a.py", "tests/test_b.py::test_x")
    assert pytest_plugin.is_left_out("tests/test_a.py::test_y", entries)
    assert pytest_plugin.is_left_out("tests/test_b.py::test_x", entries)
    assert pytest_plugin.is_left_out("tests/test_b.py::test_x[1-2]", entries)
    assert not pytest_plugin.is_left_out("tests/test_b.py::test_xy", entries)
    assert not pytest_plugin.is_left_out("tests/test_ab.py::test_y", entries)


def test_every_left_out_entry_names_an_existing_test_module():
    from tests.mutation import pytest_plugin

    root = run.ROOT
    for entry in pytest_plugin.read_left_out():
        module = entry.split("::", 1)[0]
        assert (root / module).is_file(), entry
        if "::" in entry:
            name = entry.split("::", 1)[1].split("[", 1)[0]
            assert f"def {name}(" in (root / module).read_text(encoding="utf-8"), entry
