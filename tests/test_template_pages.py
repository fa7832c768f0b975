"""Template pages (intake, briefing, tracker) follow the policy they are built with, escape what they show, and
the built site offers the blank workbook for download."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from macros.render import templates_pages as pages
from macros.render.generated import TEMPLATE_WORKBOOK
from macros.workbook.columns import ACTIONS, ESCALATIONS
from macros.workbook.template import template_bytes

from .conftest import SAMPLE_DATA
from .site_builder import broken_links, build_site
from .workbook_builder import small_log, write_workbook

URL = "templates/intake/"


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", str(fragment)))


@pytest.fixture(params=["sample", "five_level"])
def policy(request, sample_policy, five_level_policy):
    return sample_policy if request.param == "sample" else five_level_policy


def test_intake_names_the_intake_fields_tiers_and_blocker_types(policy):
    fields = _text(pages.intake_fields(policy, URL))
    for name in ("issue", "impact", "requested_support", "deadline"):
        assert ESCALATIONS.column(name).header in fields
    guidance = _text(pages.tier_guidance(policy, URL))
    for tier in policy.tiers:
        assert tier.name in guidance
        for criterion in tier.criteria:
            assert criterion.description in guidance
        if tier.response.acknowledge:
            assert tier.response.acknowledge.describe() in guidance
    blockers = _text(pages.blocker_types(policy, URL))
    for term in policy.log_values.blocker_types:
        assert term.name in blockers


def test_briefing_has_its_sections_and_who_must_be_involved(policy):
    outline = _text(pages.briefing_outline(policy, "templates/briefing/"))
    for name in ("talking_points", "risks", "desired_outcome"):
        assert ESCALATIONS.column(name).header in outline
    involvement = _text(pages.involvement_by_tier(policy, "templates/briefing/"))
    for tier in policy.tiers:
        assert tier.name in involvement
        for role_id, how in policy.stakeholders.matrix.get(tier.id, {}).items():
            if how.required:
                assert policy.role_name(role_id) in involvement


def test_tracker_has_the_action_columns_and_statuses(policy):
    tracker = _text(pages.tracker_columns(policy, "templates/tracker/"))
    for column in ACTIONS.columns:
        assert column.header in tracker
    statuses = _text(pages.action_statuses(policy, "templates/tracker/"))
    for status in policy.log_values.action_statuses:
        assert status.name in statuses


def test_policy_text_is_escaped(tmp_path):
    from macros.policy.loader import load_policy

    from .conftest import copy_data

    data = copy_data(SAMPLE_DATA, tmp_path / "data")
    path = data / "policy" / "escalation-log.yaml"
    blocker = load_policy(data).log_values.blocker_types[0]
    text = path.read_text(encoding="utf-8").replace(
        f"name: {blocker.name},", "name: '<script>x</script> {{ 7*7 }}',", 1
    )
    path.write_text(text, encoding="utf-8")
    fragment = str(pages.blocker_types(load_policy(data), URL))
    assert "<script>" not in fragment
    assert "{{" not in fragment
    assert "&lt;script&gt;" in fragment


@pytest.mark.build
def test_the_site_offers_the_templates_and_the_blank_workbook(tmp_path, sample_policy):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    write_workbook(data / "escalations.xlsx", small_log())
    result = build_site(tmp_path, data)
    assert result.returncode == 0, result.output
    download = result.site / TEMPLATE_WORKBOOK
    assert download.read_bytes() == template_bytes(sample_policy)
    index = result.page("templates")
    assert 'href="escalation-log-template.xlsx"' in index
    assert sample_policy.tiers[0].name in _text(result.page("templates/intake"))
    assert sample_policy.tiers[0].name in _text(result.page("templates/briefing"))
    assert ACTIONS.column("next_check_in").header in _text(result.page("templates/tracker"))
    assert [p for p in broken_links(result.site) if "templates/" in p] == []
