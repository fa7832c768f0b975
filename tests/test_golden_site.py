"""Golden check: every page of the sample site renders exactly as recorded (see tests/golden_site.py to update)."""

from __future__ import annotations

import pytest

from .golden_site import article_digests, build_sample, read_digests

pytestmark = pytest.mark.build


def test_every_sample_page_renders_as_recorded(tmp_path):
    result = build_sample(tmp_path)
    assert result.returncode == 0, result.output
    expected = read_digests()
    actual = article_digests(result.site)
    assert sorted(actual) == sorted(expected)
    changed = sorted(name for name in expected if actual[name] != expected[name])
    assert changed == []
