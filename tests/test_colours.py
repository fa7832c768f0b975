"""Tier badge text colours: legible (at least 4.5:1) on whatever colours a policy gives its tiers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.policy.loader import load_policy
from macros.render.colours import BLACK, WHITE, contrast_ratio, relative_luminance, text_colour_on
from macros.render.fragments import tier_badge_model
from macros.render.templating import template


def test_contrast_ratio_matches_known_values():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast_ratio(WHITE, "#f9a825") == pytest.approx(1.97, abs=0.01)  # white on the sample's yellow
    assert relative_luminance("#808080") == pytest.approx(0.2159, abs=0.0001)


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#f9a825", BLACK),  # amber
        ("#fff59d", BLACK),  # pale yellow
        ("#e0f7fa", BLACK),  # pale cyan
        ("#ffffff", BLACK),
        ("#c62828", WHITE),  # dark red
        ("#1a237e", WHITE),  # navy
        ("#2e7d32", WHITE),  # dark green
        ("#000000", WHITE),
    ],
)
def test_text_colour_on_pale_and_dark_colours(background, text):
    assert text_colour_on(background) == text
    assert contrast_ratio(text_colour_on(background), background) >= 4.5


@given(st.integers(min_value=0, max_value=0xFFFFFF))
def test_text_colour_always_reaches_four_and_a_half_to_one(value):
    background = f"#{value:06x}"
    assert contrast_ratio(text_colour_on(background), background) >= 4.5


def test_text_colour_rejects_a_colour_that_is_not_rrggbb():
    with pytest.raises(ValueError, match="#rrggbb"):
        relative_luminance("#fff")


def test_badges_of_a_policy_with_pale_and_dark_tier_colours(sample_copy):
    tiers = sample_copy / "policy" / "tiers.yaml"
    text = tiers.read_text(encoding="utf-8")
    for old, new in (("#2e7d32", "#fffde7"), ("#f9a825", "#e1f5fe"), ("#c62828", "#0d1b2a")):
        assert old in text
        text = text.replace(old, new)
    tiers.write_text(text, encoding="utf-8")
    policy = load_policy(sample_copy)
    macro = template("partials/inline.html").module.tier_badge
    seen = {}
    for tier in policy.tiers:
        badge = str(macro(tier_badge_model(policy, tier.id)))
        found = re.search(r"--tier-color: (#[0-9a-f]{6}); --tier-text: (#[0-9a-f]{6})", badge)
        assert found, badge
        seen[found.group(1)] = found.group(2)
        assert contrast_ratio(found.group(1), found.group(2)) >= 4.5
    assert seen == {"#fffde7": BLACK, "#e1f5fe": BLACK, "#0d1b2a": WHITE}
