"""``mkdocs serve --dirty`` after a data edit (macros/serve_stages.py): the edited account's briefing first, then
the rest of the site, which ends as a fresh build of the edited data renders it."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from macros.serve_stages import FULL, QUICK, ServeStages

from .conftest import ROOT, SAMPLE_DATA, copy_data
from .golden_site import article_digests
from .site_builder import build_site, prepare_project

pytestmark = pytest.mark.build
AS_OF = "2026-06-30"

# Three dirty builds in one process, as `mkdocs serve --dirty` runs them: the first, one after an edit of an
# account's name (stage 1), and the one the stage-2 signal starts. Prints what each showed.
_SEQUENCE = """
import json, sys, time
from pathlib import Path
import openpyxl
from mkdocs.commands.build import build
from mkdocs.config import load_config
from macros.build import STAGES

project, data, site = (Path(a) for a in sys.argv[1:4])
def rebuild():
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)), dirty=True)
    return STAGES.stage
report = {"first": rebuild()}
signal = STAGES.start_serving(True)
book = openpyxl.load_workbook(data / "escalations.xlsx")
rows = book["Accounts"]
headers = [str(c.value).strip().lower() for c in rows[1]]
account_id = rows.cell(2, headers.index("account id") + 1).value
name = rows.cell(2, headers.index("account name") + 1)
name.value = report["name"] = "Edited Name Holdings"
book.save(data / "escalations.xlsx")
report["id"] = account_id
report["second"] = rebuild()
page = lambda url: (site / url / "index.html").read_text(encoding="utf-8")
report["briefing_after_stage_1"] = name.value in page(f"accounts/{account_id}")
report["index_after_stage_1"] = name.value in page("accounts")
deadline = time.monotonic() + 120
while not (signal / "catch-up").exists() and time.monotonic() < deadline:
    time.sleep(0.1)
report["signalled"] = (signal / "catch-up").exists()
report["third"] = rebuild()
report["index_after_stage_2"] = name.value in page("accounts")
print("REPORT " + json.dumps(report))
"""


def test_an_edit_shows_its_briefing_first_and_then_the_whole_site_as_a_fresh_build(tmp_path):
    data = copy_data(SAMPLE_DATA, tmp_path / "data")
    project = prepare_project(tmp_path / "project", data)
    site = tmp_path / "served"
    env = {"ESCALATION_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "PATH": ""}
    completed = subprocess.run(
        [sys.executable, "-c", _SEQUENCE, str(project), str(data), str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        check=False,
        timeout=900,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    report = json.loads(output.split("REPORT ", 1)[1].splitlines()[0])
    assert (report["first"], report["second"], report["third"]) == (FULL, QUICK, FULL)
    assert report["briefing_after_stage_1"] is True
    assert report["index_after_stage_1"] is False  # the index follows in stage 2
    assert report["signalled"] is True
    assert report["index_after_stage_2"] is True

    fresh = build_site(tmp_path / "fresh", data, as_of=AS_OF)
    assert fresh.returncode == 0, fresh.output
    expected = article_digests(fresh.site)
    served = article_digests(site)
    assert sorted(served) == sorted(expected)
    assert [name for name in expected if served[name] != expected[name]] == []


def test_only_a_log_edit_in_a_served_site_starts_with_the_edited_rows(tmp_path, monkeypatch):
    monkeypatch.setattr("macros.serve_stages.CATCH_UP_DELAY", 0.0)
    stages = ServeStages()
    assert stages.begin("log 1", "rest") == FULL  # not served
    stages.keep(["a page"], [])
    assert stages.begin("log 2", "rest") == FULL
    signal = stages.start_serving(dirty=True)
    assert signal is not None and signal.is_dir()
    assert stages.begin("log 2", "rest") == FULL  # nothing changed
    assert stages.begin("log 3", "rest") == QUICK
    assert stages.begin("log 4", "rest") == QUICK  # a second edit before stage 2
    stages.end()
    deadline = time.monotonic() + 30
    while not (signal / "catch-up").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (signal / "catch-up").exists()
    assert stages.begin("log 4", "rest") == FULL  # stage 2
    stages.end()
    assert stages.begin("log 5", "another policy") == FULL  # more than the log changed
    assert ServeStages().start_serving(dirty=False) is None
    monkeypatch.setenv("ESCALATION_SERVE_STAGES", "off")
    assert ServeStages().start_serving(dirty=True) is None
