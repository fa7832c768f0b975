"""`escalation textconv`: the workbook as stable text, one line per row, for git's diff driver."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from openpyxl import Workbook

from macros.cli import main
from macros.workbook.columns import SHEETS
from macros.workbook.text_rows import cell_text, read_text_sheets, workbook_text

from .conftest import ROOT
from .workbook_builder import small_log, write_workbook


def test_each_sheet_has_a_heading_and_each_row_one_line(tmp_path):
    path = write_workbook(tmp_path / "log.xlsx", small_log())
    text = workbook_text(path)
    lines = text.splitlines()
    assert lines[0] == "== Accounts =="
    assert lines[1].startswith("Account ID: ACC-1; Account Name: Harbor Logistics; Segment: Enterprise;")
    assert "ARR: 420000" in lines[1]
    assert "Renewal Date: 2026-08-15" in lines[1]
    assert "ARR: $180,000" in lines[2]  # text stays as written
    headings = [line for line in lines if line.startswith("== ")]
    assert headings == [f"== {sheet.name} ==" for sheet in SHEETS]
    # one line per non-empty row
    sheets = {s.name: s for s in read_text_sheets(path)}
    assert len(sheets["Accounts"].rows) == len(small_log()["Accounts"])
    assert text == workbook_text(path)  # the same every time


def test_values_are_written_the_same_way_every_time():
    assert cell_text(None) == ""
    assert cell_text(120000.0) == "120000"
    assert cell_text(0.15) == "0.15"
    assert cell_text(dt.datetime(2026, 3, 1)) == "2026-03-01"
    assert cell_text(dt.datetime(2026, 3, 1, 14, 30)) == "2026-03-01 14:30"
    assert cell_text(dt.date(2026, 3, 1)) == "2026-03-01"
    assert cell_text("two\nlines") == "two\\nlines"
    assert cell_text(True) == "TRUE"


def test_hidden_sheets_are_left_out_and_empty_rows_skipped(tmp_path):
    workbook = Workbook()
    first = workbook.active
    first.title = "Accounts"
    first.append(["Account ID", "Account Name", None])
    first.append(["A-1", "One", None])
    first.append([None, None, None])
    first.append(["A-2", None, "loose"])
    hidden = workbook.create_sheet("Lists")
    hidden.append(["secret"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "w.xlsx"
    workbook.save(path)
    assert workbook_text(path) == "== Accounts ==\nAccount ID: A-1; Account Name: One\nAccount ID: A-2; C: loose\n"
    sheet = read_text_sheets(path)[0]
    assert sheet.key_column == 0
    assert [sheet.key(r) for r in sheet.rows] == ["A-1", "A-2"]
    assert [r.row for r in sheet.rows] == [2, 4]


def test_the_command_prints_the_text_and_refuses_other_files(tmp_path, capsys):
    path = write_workbook(tmp_path / "log.xlsx", small_log())
    assert main(["textconv", str(path)]) == 0
    assert capsys.readouterr().out == workbook_text(path)
    other = tmp_path / "notes.xlsx"
    other.write_text("not a workbook", encoding="utf-8")
    assert main(["textconv", str(other)]) == 1
    assert "not an Excel workbook" in capsys.readouterr().err


def test_gitattributes_send_workbooks_to_the_driver_the_readme_names():
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert "*.xlsx diff=escalation-log" in attributes.splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'git config diff.escalation-log.textconv "escalation textconv"' in readme


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_diff_shows_the_changed_row(tmp_path):
    import sys

    def git(*args):
        return subprocess.run(["git", "-C", str(tmp_path), *args], capture_output=True, text=True, check=True).stdout

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "T")
    git("config", "diff.escalation-log.textconv", f"{sys.executable} -m macros.cli textconv")
    (tmp_path / ".gitattributes").write_text("*.xlsx diff=escalation-log\n", encoding="utf-8")
    rows = small_log()
    write_workbook(tmp_path / "log.xlsx", rows)
    git("add", "-A")
    git("commit", "-qm", "base")
    rows["Accounts"][0]["ARR"] = 450000
    write_workbook(tmp_path / "log.xlsx", rows)
    diff = git("diff")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 2
    assert changed[0].startswith("-Account ID: ACC-1;") and "ARR: 420000" in changed[0]
    assert changed[1].startswith("+Account ID: ACC-1;") and "ARR: 450000" in changed[1]
