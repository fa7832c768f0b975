"""Two builds of the same input with the same as-of date produce byte-identical files."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from .conftest import SAMPLE_DATA
from .site_builder import build_site

pytestmark = pytest.mark.build


def _digests(site):
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_the_sample_are_byte_identical(tmp_path):
    """Every file, including the search index, sitemap, charts and the template workbook, with no exception: the
    sitemap's dates follow the as-of date (SOURCE_DATE_EPOCH), so builds on different days agree too."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    shutil.copy(SAMPLE_DATA / "escalations.xlsx", data / "escalations.xlsx")
    first = build_site(tmp_path / "one", data, as_of="2026-11-30")
    assert first.returncode == 0, first.output
    one = _digests(first.site)
    # The second build goes over the first: what it no longer writes is removed, and hidden entries stay.
    (first.site / "accounts" / "ACC-STALE").mkdir()
    (first.site / "accounts" / "ACC-STALE" / "index.html").write_text("a page of an old build", encoding="utf-8")
    (first.site / ".git").mkdir()
    (first.site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    second = build_site(tmp_path / "one", data, as_of="2026-11-30")
    assert second.returncode == 0, second.output
    two = _digests(second.site)
    assert (second.site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    del two[".git/HEAD"]
    assert one.keys() == two.keys()
    different = sorted(name for name in one if one[name] != two[name])
    assert different == []
    assert sorted(p.name for p in second.site.iterdir() if p.name.startswith(".")) == [".git"]


def test_build_dates_follow_the_as_of_date(tmp_path):
    """MkDocs stamps the compressed sitemap with the build time; the build pins it to the as-of date."""
    import datetime as dt
    import struct

    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    shutil.copy(SAMPLE_DATA / "escalations.xlsx", data / "escalations.xlsx")
    result = build_site(tmp_path / "site", data, as_of="2026-06-30")
    assert result.returncode == 0, result.output
    header = (result.site / "sitemap.xml.gz").read_bytes()[:8]
    stamp = struct.unpack("<I", header[4:8])[0]
    assert dt.datetime.fromtimestamp(stamp, dt.UTC) == dt.datetime(2026, 6, 30, tzinfo=dt.UTC)
