"""The shared escalations table: its columns, and the Owner column left out on a person's own page."""

from __future__ import annotations

import re
import shutil

import pytest

from macros.render.escalation_tables import escalation_table
from macros.site_context import build_context

from .conftest import SAMPLE_DATA
from .workbook_builder import small_log, write_workbook


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    data = tmp_path_factory.mktemp("escalation-tables") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    write_workbook(data / "escalations.xlsx", small_log())
    return build_context(data, as_of="2026-06-30", scope="full")


def _headers(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th\b[^>]*>(.*?)</th>", html, re.S)]


def _first_row_cells(html: str) -> int:
    body = html.split("<tbody>", 1)[1]
    return len(re.findall(r"<td\b", body.split("</tr>", 1)[0]))


def test_the_full_table_has_an_owner_column(context):
    escalations = context.portfolio.escalations
    html = str(escalation_table(context, escalations, "tiers/"))
    headers = _headers(html)
    assert headers == ["Escalation", "Account", "Tier", "Status", "Owner", "Opened", "Deadline", "ARR at risk"]
    assert _first_row_cells(html) == len(headers)


def test_a_persons_table_leaves_out_the_owner_column_and_its_cells(context):
    escalations = context.portfolio.escalations
    html = str(escalation_table(context, escalations, "people/x/", show_owner=False))
    headers = _headers(html)
    assert headers == ["Escalation", "Account", "Tier", "Status", "Opened", "Deadline", "ARR at risk"]
    assert _first_row_cells(html) == len(headers)
    owners = {context.policy.person_by_id[e.owner].name for e in escalations if e.owner in context.policy.person_by_id}
    assert owners, "the small log names owners"
    assert not any(name in html for name in owners)


def test_without_tier_and_owner_the_rest_keep_their_order(context):
    html = str(escalation_table(context, context.portfolio.escalations, "", show_tier=False, show_owner=False))
    assert _headers(html) == ["Escalation", "Account", "Status", "Opened", "Deadline", "ARR at risk"]
