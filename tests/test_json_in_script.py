"""JSON printed inside a <script> element: nothing from data can end the element, and the value reads back whole."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from macros.render.html import json_in_script

HOSTILE = "</script><img src=x onerror=alert(1)><!-- {{ 7*7 }} & \u2028\u2029"


def test_nothing_that_could_end_the_script_is_left():
    text = str(json_in_script({"name": HOSTILE}))
    for character in "<>&\u2028\u2029":
        assert character not in text
    assert "{{" in text.replace('"name"', "")  # braces kept by default: objects need theirs
    assert json.loads(text) == {"name": HOSTILE}


def test_braces_too_for_values_without_objects():
    text = str(json_in_script([[HOSTILE, 1, None]], braces=True))
    for character in "<>&{}\u2028\u2029":
        assert character not in text
    assert json.loads(text) == [[HOSTILE, 1, None]]


@given(st.recursive(st.none() | st.integers() | st.text(), lambda inner: st.lists(inner, max_size=4), max_leaves=12))
def test_any_list_of_text_reads_back_the_same_with_braces_escaped(value):
    text = str(json_in_script(value, braces=True))
    assert not set(text) & set("<>&{}\u2028\u2029")
    assert json.loads(text) == value
