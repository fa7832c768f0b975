"""Markup details that keep the generated pages accessible: header cells, heading levels."""

from __future__ import annotations

import re

import pytest
from jinja2 import Environment

from macros.render.policy_pages import protocol_fragment
from macros.render.tables import header, table


def test_an_unnamed_column_has_an_empty_data_cell_not_an_empty_header():
    html = str(table(("Role", "", "Who"), [("a", "b", "c")]))
    head = re.search(r"<thead>(.*)</thead>", html, re.S).group(1)
    assert re.findall(r"<(t[hd])>([^<]*)</t[hd]>", head) == [("th", "Role"), ("td", ""), ("th", "Who")]


def _protocol_tier(policy) -> str:
    return next(tier_id for tier_id, protocol in policy.communication.protocols.items() if protocol.channels)


def test_protocol_headings_take_the_level_asked_for(sample_policy):
    tier_id = _protocol_tier(sample_policy)
    default = str(protocol_fragment(sample_policy, tier_id, "communication/"))
    on_tier_page = str(protocol_fragment(sample_policy, tier_id, "tiers/x/", heading="h3"))
    assert "<h4>Channels</h4>" in default and "<h3>" not in default
    assert "<h3>Channels</h3>" in on_tier_page and "<h4>" not in on_tier_page


def test_a_protocol_heading_must_be_a_heading_element(sample_policy):
    with pytest.raises(ValueError, match="h2 to h6"):
        protocol_fragment(sample_policy, _protocol_tier(sample_policy), "communication/", heading="script")


def test_a_header_printed_whole_is_its_escaped_content():
    assert Environment(autoescape=True).from_string("<th>{{ h }}</th>").render(h=header("<b>")) == "<th>&lt;b&gt;</th>"
    assert header("").element == "td" and header("Role").element == "th"
