"""Browser tests in headless Chromium: the approval lookup agrees with `escalation approvers`, the escalation
index filters and sorts with JavaScript and is complete without it, a briefing opens; and every page type stays on
the local server, follows the system's light or dark palette, fits a phone, prints, and passes axe-core."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil

import pytest

from macros.analysis.authority import boundary_cases
from macros.cli import main
from macros.policy.loader import load_policy

from .browser import AXE_RESULT, AXE_RULES, AXE_START, axe_source, page_types, serve
from .conftest import SAMPLE_DATA
from .site_builder import build_site
from .workbook_builder import small_log, write_workbook

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    data = tmp / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    write_workbook(data / "escalations.xlsx", small_log())
    result = build_site(tmp, data)
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url, data


def _cli_json(data, case) -> dict:
    args = ["approvers", "--data", str(data), "--type", case.type, "--json"]
    if case.value is not None:
        args += ["--value", f"{case.value!r}%" if _unit(case.type) == "percent" else repr(case.value)]
    if case.arr is not None:
        args += ["--arr", repr(case.arr)]
    if case.segment is not None:
        args += ["--segment", case.segment]
    if case.term_months is not None:
        args += ["--term-months", repr(case.term_months)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0
    return json.loads(out.getvalue())


_POLICY = load_policy(SAMPLE_DATA)


def _unit(type_id: str) -> str:
    return _POLICY.concession_by_id[type_id].unit


def _cases():
    cases = boundary_cases(_POLICY)
    if len(cases) <= 60:
        return cases
    step = len(cases) / 60
    return [cases[int(i * step)] for i in range(60)]


def test_approval_lookup_agrees_with_the_command_line(site, chromium):
    url, data = site
    cases = _cases()
    assert len(cases) >= 30
    page = chromium.new_page()
    page.goto(url + "approval-matrix/")
    form = page.locator("#approval-lookup")
    assert form.is_visible()
    compared = 0
    for case in cases:
        page.select_option("#approval-lookup select[name=type]", case.type)
        for name in ("value", "arr", "term_months"):
            field = page.locator(f"#approval-lookup input[name={name}]")
            if field.is_visible():
                value = getattr(case, name)
                field.fill("" if value is None else repr(value))
        segment = page.locator("#approval-lookup select[name=segment]")
        if segment.is_visible():
            segment.select_option(case.segment or "")
        browser_result = json.loads(page.get_attribute("#approval-result", "data-result"))
        expected = _cli_json(data, case)
        assert browser_result == expected, f"{case}: browser {browser_result} != cli {expected}"
        compared += 1
    assert compared >= 30


def test_escalation_index_filters_and_sorts(site, chromium):
    url, _ = site
    page = chromium.new_page()
    page.goto(url + "escalations/")
    rows = page.locator("#escalation-index tbody tr")
    assert rows.count() == 3
    tier_filter = page.locator(".ref-filters select[aria-label=Tier]")
    assert tier_filter.is_visible()
    tier_filter.select_option("Red")
    visible = page.locator("#escalation-index tbody tr:not([hidden])")
    assert visible.count() == 1
    assert "ESC-1" in visible.first.inner_text()
    tier_filter.select_option("")
    status_filter = page.locator(".ref-filters select[aria-label=Status]")
    status_filter.select_option("Resolved")
    assert page.locator("#escalation-index tbody tr:not([hidden])").count() == 1
    status_filter.select_option("")
    header = page.locator("#escalation-index thead th", has_text="Opened")
    header.click()
    first = page.locator("#escalation-index tbody tr").first.inner_text()
    assert "ESC-2" in first  # opened 2026-05-04, the earliest
    header.click()
    assert "ESC-3" in page.locator("#escalation-index tbody tr").first.inner_text()


def test_escalation_index_is_complete_without_javascript(site, chromium):
    url, _ = site
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "escalations/")
    assert page.locator("#escalation-index tbody tr").count() == 3
    assert not page.locator(".ref-filters").is_visible()
    context.close()


def test_briefing_opens_with_its_facts(site, chromium):
    url, _ = site
    page = chromium.new_page()
    page.goto(url + "accounts/ACC-1/")
    text = page.locator("article").inner_text().lower()  # labels are shown in capitals by CSS
    for fact in ("Harbor Logistics", "Renewal", "Who must be involved", "Response targets", "Latest updates"):
        assert fact.lower() in text


@pytest.fixture(scope="module")
def sample_site(served_sample):
    return served_sample


def _pdf_pages(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def _pdf(page, url: str, paper: str = "A4") -> bytes:
    page.goto(url)
    page.emulate_media(media="print")
    return page.pdf(format=paper, print_background=True)


def _pdf_text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_sample_briefing_prints_on_at_most_two_pages(sample_site, chromium, paper):
    url, site = sample_site
    accounts = sorted(p.name for p in (site / "accounts").iterdir() if (p / "index.html").is_file())
    assert len(accounts) >= 30
    page = chromium.new_page()
    pages = {account: _pdf_pages(_pdf(page, f"{url}accounts/{account}/", paper)) for account in accounts}
    page.close()
    too_long = {a: n for a, n in pages.items() if n > 2}
    assert too_long == {}, too_long
    escaped = [a for a in accounts if "&lt;table" in (site / "accounts" / a / "index.html").read_text("utf-8")]
    assert escaped == []  # every table is a table, not its escaped source
    assert min(pages.values()) >= 1


def test_every_monthly_review_prints_on_at_most_four_a4_pages(sample_site, chromium):
    url, site = sample_site
    months = sorted(p.name for p in (site / "reviews").iterdir() if (p / "index.html").is_file())
    assert len(months) >= 6
    page = chromium.new_page()
    pages = {month: _pdf_pages(_pdf(page, f"{url}reviews/{month}/")) for month in months}
    page.close()
    assert {m: n for m, n in pages.items() if n > 4} == {}
    assert min(pages.values()) >= 1


@pytest.mark.parametrize(("kind", "heading"), [("accounts", "h1"), ("reviews", "h1")])
def test_printed_pages_carry_a_running_header_and_page_numbers(sample_site, chromium, kind, heading):
    url, site = sample_site
    folder = sorted(p.name for p in (site / kind).iterdir() if (p / "index.html").is_file())[-1]
    page = chromium.new_page()
    page.goto(f"{url}{kind}/{folder}/")
    title = page.locator(f".md-content {heading}").first.evaluate(
        "(h) => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach((a) => a.remove());"
        " return c.textContent.trim(); }"
    )
    texts = _pdf_text(_pdf(page, f"{url}{kind}/{folder}/"))
    page.close()
    expected = f"{title} · as of 2026-11-30 · Internal"
    for number, text in enumerate(texts, start=1):
        assert expected in text, f"page {number} of {kind}/{folder}: {text[:200]!r}"
        assert f"Page {number} of {len(texts)}" in text


_SMALL_PRINT = """() => {
  const small = [];
  for (const element of document.querySelectorAll(".md-content article *")) {
    const own = Array.from(element.childNodes).some((n) => n.nodeType === 3 && n.data.trim());
    if (!own || !element.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < 12) small.push(element.tagName + "." + element.className + " " + size + "px");
  }
  return small;
}"""


@pytest.mark.parametrize("kind", ["accounts", "reviews"])
def test_printed_text_is_at_least_nine_points(sample_site, chromium, kind):
    url, site = sample_site
    folder = sorted(p.name for p in (site / kind).iterdir() if (p / "index.html").is_file())[0]
    page = chromium.new_page()
    page.goto(f"{url}{kind}/{folder}/")
    page.emulate_media(media="print")
    small = page.evaluate(_SMALL_PRINT)
    page.close()
    assert small == []  # 9 pt is 12 CSS pixels


def test_approval_lookup_agrees_on_a_grid_with_any_of_levels(tmp_path, chromium):
    from .conftest import FIVE_LEVEL, FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    shutil.copy(FIXTURES / "shapes" / "grid" / "authority.yaml", data / "policy" / "authority.yaml")
    result = build_site(tmp_path, data, scope="policy-only")
    assert result.returncode == 0, result.output
    policy = load_policy(data)
    cases = [c for c in boundary_cases(policy) if c.type == "discount"]
    assert any(c.segment == "public_sector" and c.value and c.value > 15 for c in cases)
    with serve(result.site) as url:
        page = chromium.new_page()
        page.goto(url + "approval-matrix/")
        page.select_option("#approval-lookup select[name=type]", "discount")
        for case in cases[::3]:
            for name in ("value", "arr"):
                field = page.locator(f"#approval-lookup input[name={name}]")
                if field.is_visible():
                    value = getattr(case, name)
                    field.fill("" if value is None else repr(value))
            page.locator("#approval-lookup select[name=segment]").select_option(case.segment or "")
            browser_result = json.loads(page.get_attribute("#approval-result", "data-result"))
            args = ["approvers", "--data", str(data), "--type", "discount", "--json"]
            if case.value is not None:
                args += ["--value", f"{case.value!r}%"]
            if case.arr is not None:
                args += ["--arr", repr(case.arr)]
            if case.segment is not None:
                args += ["--segment", case.segment]
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                assert main(args) == 0
            assert browser_result == json.loads(out.getvalue()), case


_FOREIGN_REFERENCE = re.compile(
    r"<(?:link|script|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I
)
_FOREIGN_STYLE = re.compile(r"""url\(\s*["']?(?:https?:)?//|@import""", re.I)


def test_no_page_requests_another_host(sample_site, chromium):
    url, site = sample_site
    page = chromium.new_page()
    foreign = []
    page.on("request", lambda request: None if request.url.startswith((url, "data:")) else foreign.append(request.url))
    visited = page_types(site)
    for path in visited:
        page.goto(url + path, wait_until="networkidle")
    page.close()
    assert len(visited) >= 20
    assert foreign == []
    fetching = [
        str(p.relative_to(site)) for p in site.rglob("*.html") if _FOREIGN_REFERENCE.search(p.read_text("utf-8"))
    ]
    assert fetching == []
    styles = [str(p.relative_to(site)) for p in site.rglob("*.css") if _FOREIGN_STYLE.search(p.read_text("utf-8"))]
    assert styles == []


@pytest.mark.parametrize(("system", "scheme"), [("light", "default"), ("dark", "slate")])
def test_palette_follows_the_system_and_the_toggle(sample_site, chromium, system, scheme):
    url, _ = sample_site
    context = chromium.new_context(color_scheme=system)
    page = context.new_page()
    page.goto(url + "escalations/")
    assert page.get_attribute("body", "data-md-color-scheme") == scheme
    toggle = page.locator("form[data-md-component=palette] label:visible")
    assert toggle.count() == 1
    toggle.click()  # from "follow the system" to light
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator("form[data-md-component=palette] label:visible").click()  # light to dark
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.goto(url + "tiers/")  # the choice is remembered
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    context.close()


# A line may break at a space or after a hyphen ("2026-" / "06-30"), never inside a run of letters or digits.
_BROKEN_WORDS = """() => {
  const broken = [];
  const scope = document.querySelectorAll(".md-content table, .md-content .ref-cards, .md-content .ref-factgrid");
  for (const root of scope) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.getClientRects().length) continue;
      for (const match of node.data.matchAll(/[^\\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_every_page_fits_a_phone(sample_site, chromium):
    url, site = sample_site
    source = axe_source() if os.environ.get("AXE_CORE") else None
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    too_wide, broken, scrolling, stuck, made_focusable = {}, {}, 0, {}, 0
    for path in page_types(site):
        page.goto(url + path)
        width, viewport = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        if width > viewport:
            too_wide[path] = width
        words = page.evaluate(_BROKEN_WORDS)
        if words:
            broken[path] = words[:5]
        scrolling += page.evaluate(
            """() => Array.from(document.querySelectorAll(".md-content table")).filter(
                 (t) => t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX === "auto").length"""
        )
        if source:  # a box that scrolls must be reachable from the keyboard (assets/scroll-regions.js)
            page.add_script_tag(content=source)
            unreachable = page.evaluate(AXE_RULES, ["scrollable-region-focusable"])
            if unreachable:
                stuck[path] = unreachable
        made_focusable += page.evaluate("document.querySelectorAll('table[data-ref-scroll][aria-label]').length")
    context.close()
    assert too_wide == {}
    assert broken == {}
    assert scrolling >= 3  # wide tables exist, and they scroll inside their own box
    assert stuck == {}
    assert made_focusable >= 1  # tables with nothing focusable in them scroll here, and became focusable, named


AXE_SHARES = 4
"""The page types are checked in this many tests, so that the test workers share the slowest check."""


@pytest.mark.parametrize("share", range(AXE_SHARES))
def test_axe_finds_nothing_critical_or_serious_in_light_or_dark(sample_site, chromium, share):
    """Each page type in the light and the dark palette, checked side by side in two pages whose renderers work at
    once. A page's elements are the same in both palettes, only its colours differ, so the dark page is checked
    against the rules that depend on colour. Every page type is in exactly one share."""
    source = axe_source()
    url, site = sample_site
    paths = page_types(site)[share::AXE_SHARES]
    assert paths
    contexts = {scheme: chromium.new_context(color_scheme=scheme) for scheme in ("light", "dark")}
    pages = {scheme: context.new_page() for scheme, context in contexts.items()}
    found = {}
    for path in paths:
        for scheme, page in pages.items():
            page.goto(url + path)
            page.add_script_tag(content=source)
            page.evaluate(AXE_START, scheme == "dark")
        for scheme, page in pages.items():
            violations = page.evaluate(AXE_RESULT)
            if violations:
                found[f"{scheme}: {path}"] = violations
    schemes = {scheme: page.evaluate("document.body.dataset.mdColorScheme") for scheme, page in pages.items()}
    for context in contexts.values():
        context.close()
    assert found == {}
    assert schemes["light"] != schemes["dark"]  # the two pages did show the two palettes


_FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
  const inContent = !!element.closest(".md-content");
  const key = element.tagName.toLowerCase() + ":" + (element.getAttribute("aria-label") || element.getAttribute("name")
    || element.textContent.trim().slice(0, 40));
  return { key: key, visible: visible, inContent: inContent };
}"""


def _tab_through(page, limit: int = 400) -> dict[str, bool]:
    """Press Tab until focus comes round again; returns each focused control in the content and whether its focus
    could be seen."""
    seen: dict[str, bool] = {}
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            continue
        if focused["key"] == first:
            break
        first = first or focused["key"]
        if focused["inContent"]:
            seen[focused["key"]] = seen.get(focused["key"], True) and focused["visible"]
    return seen


def test_escalation_index_works_from_the_keyboard(sample_site, chromium):
    url, _ = sample_site
    page = chromium.new_page()
    page.goto(url + "escalations/")
    seen = _tab_through(page)
    headings = page.locator("#escalation-index thead th").all_inner_texts()
    filters = page.locator(".ref-filters select").evaluate_all("(s) => s.map((e) => e.getAttribute('aria-label'))")
    assert len(filters) >= 3
    for name in filters:
        assert seen.get(f"select:{name}") is True, (name, seen)
    for heading in headings:
        assert seen.get(f"button:{heading.strip()}") is True, (heading, seen)
    opened = page.locator("#escalation-index thead th", has_text="Opened")
    opened.locator("button").focus()
    page.keyboard.press("Enter")
    assert opened.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert opened.get_attribute("aria-sort") == "descending"
    total = page.locator("#escalation-index tbody tr").count()
    page.locator(".ref-filters select[aria-label=Tier]").focus()
    page.keyboard.press("ArrowDown")
    shown = page.locator("#escalation-index tbody tr:not([hidden])").count()
    assert 0 < shown < total
    page.close()


def test_approval_lookup_works_from_the_keyboard(sample_site, chromium):
    url, _ = sample_site
    page = chromium.new_page()
    page.goto(url + "approval-matrix/")
    seen = _tab_through(page)
    for name in ("type", "value", "arr"):
        assert any(key.endswith(f":{name}") and shown for key, shown in seen.items()), (name, seen)
    before = page.get_attribute("#approval-result", "data-result")
    page.locator("#approval-lookup input[name=value]").focus()
    page.keyboard.type("40")
    page.locator("#approval-lookup input[name=arr]").focus()
    page.keyboard.type("2000000")
    assert page.get_attribute("#approval-result", "data-result") != before
    page.close()


def test_folds_open_from_the_keyboard(sample_site, chromium):
    url, site = sample_site
    month = sorted(p.name for p in (site / "reviews").iterdir() if (p / "index.html").is_file())[-1]
    page = chromium.new_page()
    page.goto(f"{url}reviews/{month}/")
    fold = page.locator(".md-content details").first
    assert fold.get_attribute("open") is None
    seen = _tab_through(page)
    summary = fold.locator("summary").inner_text().strip()
    assert seen.get(f"summary:{summary[:40]}") is True, seen
    fold.locator("summary").focus()
    page.keyboard.press("Enter")
    assert fold.get_attribute("open") is not None
    page.close()


def test_charts_stay_readable_in_the_dark_palette(sample_site, chromium):
    url, site = sample_site
    month = sorted(p.name for p in (site / "reviews").iterdir() if (p / "index.html").is_file())[-1]
    context = chromium.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{url}reviews/{month}/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    charts = page.locator("figure.ref-chart img")
    assert charts.count() >= 3
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.evaluate("(img) => img.complete && img.naturalWidth > 0")
        svg = page.request.get(f"{url}reviews/{month}/{chart.get_attribute('src')}").text()
        # dark text on the chart's own white ground, whatever the page's palette
        assert ".background{fill:#ffffff" in svg.replace(" ", "")
        assert "rgba(0,0,0,0.87)" in svg.replace(" ", "")
    context.close()
