"""The environment switches (macros/switches.py) every optional speed-up is turned off with."""

from __future__ import annotations

import pytest

from macros.switches import switched_off


@pytest.mark.parametrize("value", ["off", "OFF", " off ", "0", "false", "False", "no"])
def test_words_that_turn_a_switch_off(monkeypatch, value):
    monkeypatch.setenv("ESCALATION_EXAMPLE", value)
    assert switched_off("ESCALATION_EXAMPLE")


@pytest.mark.parametrize("value", ["on", "1", "true", "yes", "", "of", "nope"])
def test_anything_else_leaves_it_on(monkeypatch, value):
    monkeypatch.setenv("ESCALATION_EXAMPLE", value)
    assert not switched_off("ESCALATION_EXAMPLE")


def test_an_unset_switch_is_on(monkeypatch):
    monkeypatch.delenv("ESCALATION_EXAMPLE", raising=False)
    assert not switched_off("ESCALATION_EXAMPLE")
