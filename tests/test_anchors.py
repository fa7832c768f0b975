"""Anchors of rows on a page: safe in a fragment, and never shared by two ids."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from macros.render.urls import anchor


def test_ids_that_slugify_alike_get_different_anchors():
    assert (anchor("E/1"), anchor("E:1"), anchor("E-1"), anchor("E_1")) == ("E_2f_1", "E_3a_1", "E-1", "E_5f_1")


@given(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12))
def test_anchors_are_one_to_one_and_fragment_safe(first, second):
    first, second = first.strip() or "x", second.strip() or "y"
    assert re.fullmatch(r"[A-Za-z0-9_-]+", anchor(first))
    if first != second:
        assert anchor(first) != anchor(second)
