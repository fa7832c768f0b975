"""Two builds of the same input with the same as-of date produce byte-identical files."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from .conftest import SAMPLE_DATA
from .site_builder import build_site
from .workbook_builder import small_log, write_workbook

pytestmark = pytest.mark.build


def _digests(site):
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    write_workbook(data / "escalations.xlsx", small_log())
    first = build_site(tmp_path / "one", data)
    second = build_site(tmp_path / "two", data)
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    one, two = _digests(first.site), _digests(second.site)
    assert one.keys() == two.keys()
    different = sorted(name for name in one if one[name] != two[name])
    assert different == []
