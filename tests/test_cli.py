"""The `escalation` command line: exit codes, messages on stderr with locations, no tracebacks, --help."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from macros.cli import build_parser, main

from .conftest import SAMPLE_DATA
from .workbook_builder import small_log, write_workbook


@pytest.fixture
def small_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    write_workbook(data / "escalations.xlsx", small_log())
    return data


def run(*args):
    completed = subprocess.run([sys.executable, "-m", "macros.cli", *args], capture_output=True, text=True, check=False)
    return completed.returncode, completed.stdout, completed.stderr


def test_validate_clean_data_exits_zero_with_a_summary(small_data):
    code, out, err = run("validate", "--data", str(small_data), "--as-of", "2026-06-30", "--summary")
    assert code == 0, err
    assert "escalation validate: 0 errors" in err
    assert "3 escalations" in err
    assert "Escalations" in out and "Read" in out


def _break(data, file, old, new):
    path = data / "policy" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (("tiers.yaml", "  - id: green\n", "  - id: green\n   oops: [\n"), "tiers.yaml:"),
        (("tiers.yaml", 'color: "#2e7d32"', "color: 12"), "tiers.yaml:9:12"),
        (
            ("stakeholders.yaml", "    cs_director: accountable\n", "    cs_directr: accountable\n"),
            "did you mean 'cs_director'",
        ),
    ],
    ids=["yaml-syntax", "wrong-type", "unknown-role"],
)
def test_validate_policy_errors_exit_one_with_location(small_data, breakage, expected):
    _break(small_data, *breakage)
    code, _, err = run("validate", "--data", str(small_data))
    assert code == 1
    assert expected in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("sheet", "index", "column", "value", "cell"),
    [
        ("Escalations", 0, "Deadline", "next week", "Escalations!I2"),
        ("Escalations", 0, "Account ID", "ACC-404", "Escalations!B2"),
        ("Escalations", 1, "Tier", "Amber", "Escalations!D3"),
    ],
    ids=["text-in-date", "unknown-account", "unknown-tier"],
)
def test_validate_workbook_errors_exit_one_with_cell(tmp_path, sheet, index, column, value, cell):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    rows = small_log()
    rows[sheet][index][column] = value
    write_workbook(data / "escalations.xlsx", rows)
    code, _, err = run("validate", "--data", str(data))
    assert code == 1
    assert cell in err
    assert "Traceback" not in err


def test_bad_as_of_is_a_clear_error(small_data):
    code, _, err = run("validate", "--data", str(small_data), "--as-of", "30/06/2026")
    assert code == 1
    assert "ISO date" in err


def test_every_command_has_help_and_is_documented_in_the_readme():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # argparse keeps sub-commands here
    readme = (SAMPLE_DATA.parent / "README.md").read_text(encoding="utf-8")
    for name, sub in commands.items():
        assert sub.description, f"{name} has no description"
        assert f"escalation {name}" in readme, f"README does not document `escalation {name}`"
        with pytest.raises(SystemExit) as caught:
            main([name, "--help"])
        assert caught.value.code == 0


def test_schema_check_fails_when_stale(tmp_path):
    code, _, _ = run("schema", "--out", str(tmp_path))
    assert code == 0
    (tmp_path / "tiers.schema.json").write_text("{}", encoding="utf-8")
    code, _, err = run("schema", "--out", str(tmp_path), "--check")
    assert code == 1 and "tiers.schema.json" in err


@pytest.mark.parametrize("command", ["validate", "schema", "approvers", "template", "codeowners", "demo-data"])
def test_help_prints_percent_signs_once(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "%%" not in out
    assert "usage: escalation " + command in out


def test_command_modules_do_not_import_the_entry_point():
    """Command modules import `common`, never the package itself, so there is no import cycle with `main`."""
    from pathlib import Path

    import macros.cli as package

    modules = [p for p in Path(package.__file__).parent.glob("*.py") if p.name not in {"__init__.py", "__main__.py"}]
    assert len(modules) >= 7
    for module in modules:
        text = module.read_text(encoding="utf-8")
        assert "from . import" not in text, module.name
        assert "from .. import cli" not in text, module.name
        assert "macros.cli import" not in text, module.name
