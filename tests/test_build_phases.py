"""A build logs each phase with counts and times, and can write its final Markdown for plain MkDocs (benchmarks)."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import SAMPLE_AS_OF, SAMPLE_DATA
from .site_builder import build_site

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def dumped_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dump")
    dump = tmp / "markdown"
    result = build_site(tmp, SAMPLE_DATA, as_of=SAMPLE_AS_OF, extra_env={"ESCALATION_DUMP_MARKDOWN": str(dump)})
    assert result.returncode == 0, result.output
    return result, dump


def test_each_phase_is_logged_with_counts_and_time(dumped_build):
    result, _ = dumped_build
    for pattern in (
        r"INFO\s+-\s+escalation: loaded [\d,]+ accounts, [\d,]+ escalations in \d+\.\d s",
        r"escalation: analysed [\d,]+ escalations, [\d,]+ commitments in \d+\.\d s",
        r"escalation: generated [\d,]+ pages in \d+\.\d s",
        r"escalation: rendered [\d,]+ macros in \d+\.\d s",
    ):
        assert re.search(pattern, result.output), pattern


def test_every_page_is_dumped_as_rendered_markdown_with_its_front_matter(dumped_build):
    result, dump = dumped_build
    built = {p.parent.relative_to(result.site).as_posix() for p in result.site.rglob("index.html")}
    dumped = {
        "." if p.as_posix() == "index.md" else p.with_suffix("").as_posix().removesuffix("/index")
        for p in (q.relative_to(dump) for q in dump.rglob("*.md"))
    }
    assert built - {"404"} <= dumped | {"."}, sorted(built - dumped)[:5]
    home = (dump / "index.md").read_text(encoding="utf-8")
    assert "{{" not in home and "<table" in home  # the macros ran before the page was written
    account = next((dump / "accounts").glob("*.md")).read_text(encoding="utf-8")
    front = yaml.safe_load(account.split("---\n")[1])
    assert front["title"]
    assert (dump / "templates" / "escalation-log-template.xlsx").is_file()  # generated downloads too
