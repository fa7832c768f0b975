"""Browser tests in headless Chromium for the approval lookup's parity with `escalation approvers` (missing facts,
who holds each role, prefill from an account) and the message templates' copy buttons."""

from __future__ import annotations

import contextlib
import io
import json
import re
from urllib.parse import urljoin

import pytest

from macros.cli import main
from macros.dataset import load_dataset

from .conftest import SAMPLE_AS_OF, SAMPLE_DATA

pytestmark = pytest.mark.browser

AS_OF = SAMPLE_AS_OF
"""The General Counsel's leave (2026-11-23 to 2026-12-11) is in force: Commercial Counsel holds the role too."""


@pytest.fixture(scope="module")
def sample_site(served_sample):
    return served_sample[0]


@pytest.fixture
def lookup(sample_site, chromium):
    page = chromium.new_page()
    page.goto(sample_site + "approval-matrix/")
    assert page.locator("#approval-lookup").is_visible()
    yield page
    page.close()


def _result(page) -> dict:
    return json.loads(page.get_attribute("#approval-result", "data-result"))


def test_lookup_names_the_missing_fact_a_stacked_review_depends_on(lookup):
    lookup.select_option("#approval-lookup select[name=type]", "contract_length")
    lookup.fill("#approval-lookup input[name=value]", "40")
    assert _result(lookup)["rule"] == "term-long"
    missing = lookup.locator("#approval-result .ref-missing")
    assert missing.get_attribute("data-missing") == "segment"
    assert "the segment" in missing.inner_text()
    assert lookup.locator("#approval-result .ref-reviews").count() == 0
    lookup.select_option("#approval-lookup select[name=segment]", "enterprise")
    assert lookup.locator("#approval-result .ref-missing").count() == 0
    review = lookup.locator("#approval-result .ref-reviews li")
    assert review.count() == 1
    assert review.first.inner_text().startswith("Commercial Counsel (legal-long-term) — Amara Nwosu")


def _cli_holders(*args: str) -> list[str]:
    """The holders `escalation approvers` names for each step, then each review, in order."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["approvers", "--data", str(SAMPLE_DATA), "--as-of", AS_OF, *args]) == 0
    holders = []
    for line in out.getvalue().splitlines():
        step = re.match(r"^  (?:\d+\.|\+ review by) [^(]+\((.*)\)(?:: Review .*)?$", line)
        if step:
            holders.append(step.group(1))
    return holders


def _widget_holders(page) -> list[str]:
    spans = page.locator("#approval-result .ref-holders")
    return [spans.nth(i).inner_text().removeprefix(" — ").strip().removeprefix("— ") for i in range(spans.count())]


@pytest.mark.parametrize(
    ("type_id", "fields", "args"),
    [
        ("legal_terms", {"arr": "600000"}, ["--arr", "600000"]),
        ("contract_length", {"value": "40", "segment": "enterprise"}, ["--value", "40", "--segment", "enterprise"]),
        ("discount", {"value": "25", "arr": "300000"}, ["--value", "25%", "--arr", "300000"]),
        ("payment_terms", {"value": "75"}, ["--value", "75"]),
    ],
)
def test_lookup_names_who_holds_each_role_as_the_command_line_does(lookup, type_id, fields, args):
    lookup.select_option("#approval-lookup select[name=type]", type_id)
    for name, value in fields.items():
        if name == "segment":
            lookup.select_option("#approval-lookup select[name=segment]", value)
        else:
            lookup.fill(f"#approval-lookup input[name={name}]", value)
    expected = _cli_holders("--type", type_id, *args)
    assert len(expected) >= 2
    assert _widget_holders(lookup) == expected


def test_role_holders_link_to_their_pages(lookup):
    lookup.select_option("#approval-lookup select[name=type]", "legal_terms")
    lookup.fill("#approval-lookup input[name=arr]", "600000")
    steps = lookup.locator("#approval-result ol.ref-chain li")
    assert steps.count() == 2
    # During the General Counsel's leave, Commercial Counsel holds the role through the delegation.
    assert "Amara Nwosu through delegation from David Rosen (2026-11-23 to 2026-12-11)" in steps.nth(1).inner_text()
    links = steps.nth(1).locator("a.ref-person")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "../people/david-rosen/",
        "../people/amara-nwosu/",
    ]
    lookup.goto(urljoin(lookup.url, links.first.get_attribute("href")))
    assert lookup.title().startswith("David Rosen")


def test_lookup_prefills_arr_and_segment_from_an_account(lookup):
    dataset = load_dataset(SAMPLE_DATA, as_of=AS_OF)
    account = next(a for a in dataset.log.accounts if a.segment and a.arr >= 250000)
    lookup.select_option("#approval-lookup select[name=type]", "discount")
    lookup.fill("#approval-lookup input[name=value]", "15")
    lookup.fill("#approval-lookup input[name=account]", account.account_id)
    assert lookup.input_value("#approval-lookup input[name=arr]") == f"{account.arr:g}"
    assert lookup.input_value("#approval-lookup select[name=segment]") == account.segment
    result = _result(lookup)
    assert result["inputs"]["arr"] == account.arr
    assert result["rule"] == "discount-20-from-250k"
    assert account.name in lookup.inner_text("#approval-account-note")
    # The datalist offers each account by "Name (ID)"; that text is accepted too.
    offered = lookup.eval_on_selector_all("#approval-accounts option", "options => options.map(o => o.value)")
    assert len(offered) == len(dataset.log.accounts)
    assert f"{account.name} ({account.account_id})" in offered
    other = next(a for a in dataset.log.accounts if a.arr < 250000)
    lookup.fill("#approval-lookup input[name=account]", f"{other.name} ({other.account_id})")
    assert _result(lookup)["rule"] == "discount-20-under-250k"


def _message_templates():
    from macros.policy.loader import load_policy

    return load_policy(SAMPLE_DATA).communication.templates


@pytest.mark.parametrize("url", ["communication/", "templates/"])
def test_copy_buttons_copy_each_message_and_say_so(sample_site, chromium, url):
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(sample_site + url)
    templates = _message_templates()
    assert templates
    for template in templates:
        section = page.locator(f"#template-{template.id}")
        button = section.get_by_role("button", name=f"Copy the message of {template.title}")
        assert button.count() == 1
        assert button.evaluate("b => b.tagName === 'BUTTON' && b.type === 'button'")
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('ref-copy-status').textContent !== ''")
        assert page.evaluate("() => navigator.clipboard.readText()") == template.body.rstrip()
        live = page.locator("#ref-copy-status")
        assert live.get_attribute("aria-live") == "polite"
        assert live.inner_text() == f"Copied the message of {template.title} to the clipboard."
        assert button.inner_text() == "Copied"
        if template.subject:
            section.get_by_role("button", name=f"Copy the subject of {template.title}").click()
            assert page.evaluate("() => navigator.clipboard.readText()") == template.subject
        page.evaluate("() => { document.getElementById('ref-copy-status').textContent = ''; }")
    context.close()


def test_no_copy_buttons_without_javascript(sample_site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_site + "communication/")
    assert page.locator("pre.ref-template-body").count() == len(_message_templates())
    assert page.locator("article button").count() == 0
    assert page.locator(".ref-copy").count() == 0
    context.close()
