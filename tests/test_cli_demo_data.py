"""`escalation demo-data`: valid data of any size, the same bytes for the same seed, clear refusals, progress."""

from __future__ import annotations

import subprocess
import sys

import pytest

from macros.cli import demo_data as cli_demo_data
from macros.cli import main

AS_OF = "2026-06-30"


def run(*args: str) -> tuple[int, str, str]:
    completed = subprocess.run([sys.executable, "-m", "macros.cli", *args], capture_output=True, text=True, check=False)
    return completed.returncode, completed.stdout, completed.stderr


def test_writes_a_policy_and_a_workbook_that_validate(tmp_path):
    out = tmp_path / "demo"
    code, stdout, err = run("demo-data", "--accounts", "60", "--seed", "3", "--as-of", AS_OF, "--out", str(out))
    assert code == 0, err
    assert (out / "escalations.xlsx").is_file()
    assert sorted(p.name for p in (out / "policy").glob("*.yaml"))
    assert "60 accounts" in stdout
    code, _, err = run("validate", "--data", str(out), "--as-of", AS_OF)
    assert code == 0, err
    assert "0 errors" in err and "60 accounts" in err


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path):
    def workbook(name: str, seed: str) -> bytes:
        args = ["demo-data", "--accounts", "40", "--seed", seed, "--as-of", AS_OF, "--out", str(tmp_path / name)]
        assert main([*args, "--quiet"]) == 0
        return (tmp_path / name / "escalations.xlsx").read_bytes()

    first = workbook("a", "5")
    assert workbook("b", "5") == first
    assert workbook("c", "6") != first


def test_refuses_a_non_empty_folder_unless_forced(tmp_path):
    out = tmp_path / "demo"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("demo-data", "--accounts", "20", "--seed", "1", "--as-of", AS_OF, "--out", str(out))
    assert code == 2
    assert "not empty" in err and "--force" in err and "Traceback" not in err
    assert not (out / "escalations.xlsx").exists()
    code, _, err = run("demo-data", "--accounts", "20", "--seed", "1", "--as-of", AS_OF, "--out", str(out), "--force")
    assert code == 0, err
    assert (out / "escalations.xlsx").is_file() and (out / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--accounts", "0"], "expected at least 1"),
        (["--accounts", "many"], "expected a whole number"),
        (["--accounts", "5", "--as-of", "30/06/2026"], "ISO date"),
        (["--accounts", "5", "--policy", "{tmp}"], "no policy YAML files"),
    ],
    ids=["zero-accounts", "not-a-number", "bad-as-of", "no-policy"],
)
def test_bad_options_are_clear_errors(tmp_path, args, expected):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, _, err = run("demo-data", "--seed", "1", "--out", str(tmp_path / "out"), *args)
    assert code in (1, 2)
    assert expected in err and "Traceback" not in err


def test_policy_option_takes_a_data_folder_or_its_policy_folder(tmp_path):
    first = tmp_path / "first"
    assert main(["demo-data", "--accounts", "15", "--seed", "2", "--as-of", AS_OF, "--out", str(first)]) == 0
    for name, source in (("data", first), ("policy", first / "policy")):
        out = tmp_path / name
        args = ["demo-data", "--accounts", "15", "--seed", "2", "--as-of", AS_OF, "--out", str(out)]
        assert main([*args, "--policy", str(source)]) == 0
        assert (out / "escalations.xlsx").read_bytes() == (first / "escalations.xlsx").read_bytes()


def test_big_runs_report_each_phase_on_stderr(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli_demo_data, "PROGRESS_FROM", 10)
    args = ["demo-data", "--accounts", "30", "--seed", "4", "--as-of", AS_OF, "--out", str(tmp_path / "d")]
    assert main(args) == 0
    err = capsys.readouterr().err
    for phase in ("drew 30 accounts", "escalations (", "commitments", "saved the workbook"):
        assert phase in err
    assert main([*args[:-1], str(tmp_path / "q"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_without_policy_it_falls_back_to_data_policy_in_the_current_folder(tmp_path, monkeypatch):
    # after a non-editable `pip install .` nothing sits beside the installed package
    import shutil

    from macros.demo import writer

    from .conftest import SAMPLE_DATA

    monkeypatch.setattr(writer, "SHIPPED_POLICY", tmp_path / "not-installed")
    shutil.copytree(SAMPLE_DATA / "policy", tmp_path / "checkout" / "data" / "policy")
    monkeypatch.chdir(tmp_path / "checkout")
    args = ["demo-data", "--accounts", "5", "--seed", "1", "--as-of", AS_OF, "--out", str(tmp_path / "out"), "--quiet"]
    assert main(args) == 0
    assert (tmp_path / "out" / "escalations.xlsx").is_file()
    monkeypatch.chdir(tmp_path)
    assert main([*args[:-2], str(tmp_path / "out2"), "--quiet"]) == 2
