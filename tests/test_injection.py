"""Injection: HTML, Markdown, Jinja and javascript: payloads in every text column of the workbook and every
free-text field of the policy are shown literally; nothing runs at build time or in the browser."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import yaml

from macros.workbook.columns import SHEETS

from .conftest import SAMPLE_DATA
from .site_builder import build_site
from .workbook_builder import small_log, write_workbook

pytestmark = pytest.mark.build  # every test here reads a real build

SENTINEL_NAME = "executed-payload-sentinel"


def payloads(sentinel: str) -> list[str]:
    return [
        "<script>alert('xss')</script>",
        "<img src=x onerror=alert(1)>",
        "{{ 7*7 }}",
        "{% for x in range(3) %}loop{% endfor %}",
        f"{{{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch {sentinel}') }}}}",
        "[click](javascript:alert(1))",
        "**bold** _em_ `code` # heading",
        "javascript:alert(document.cookie)",
        '"><svg onload=alert(1)>',
    ]


# Free-text keys of the policy files (ids, enums, emails, colours and time zones are typed and refused anyway).
POLICY_TEXT_KEYS = {
    "name",
    "description",
    "summary",
    "title",
    "purpose",
    "body",
    "subject",
    "notes",
    "note",
    "audience",
    "channel",
    "intranet_note",
    "reason",
}


def _inject_policy(node, payload_for, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and key in POLICY_TEXT_KEYS:
                node[key] = value + " " + payload_for((*path, key))
            else:
                _inject_policy(value, payload_for, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, str) and path and path[-1] == "must_include":
                node[index] = value + " " + payload_for((*path, index))
            else:
                _inject_policy(value, payload_for, (*path, index))


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("injection")
    sentinel = tmp / SENTINEL_NAME
    items = payloads(str(sentinel))
    counter = {"n": 0}

    def payload_for(_path):
        counter["n"] += 1
        return f"P{counter['n']}:" + items[counter["n"] % len(items)]

    data = tmp / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    for path in (data / "policy").glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        _inject_policy(document, payload_for)
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rows = _by_id(small_log())
    text_columns = {s.name: [c.header for c in s.columns if c.kind == "text"] for s in SHEETS}
    for sheet, records in rows.items():
        for record in records:
            for header in text_columns[sheet]:
                record[header] = f"{record.get(header) or 'x'} " + payload_for((sheet, header))
    rows["Escalations"][0]["Play"] = "javascript:alert(1)"
    write_workbook(data / "escalations.xlsx", rows)
    result = build_site(tmp, data)
    assert result.returncode == 0, result.output
    return result, sentinel, items


def _by_id(rows):
    """Refer to people and terms by id: the payloads change their names, which the workbook may also use."""
    from macros.policy.loader import load_policy
    from macros.workbook.loader import vocabulary_terms

    policy = load_policy(SAMPLE_DATA)
    for sheet in SHEETS:
        for record in rows.get(sheet.name, []):
            for column in sheet.columns:
                value = record.get(column.header)
                if not isinstance(value, str):
                    continue
                if column.kind == "person":
                    record[column.header] = policy.find_person(value).id
                elif column.kind == "term":
                    wanted = value.strip().lower()
                    term = next(
                        t
                        for t in vocabulary_terms(policy, column.vocabulary)
                        if wanted in (t.id.lower(), t.name.lower())
                    )
                    record[column.header] = term.id
    return rows


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self.links: list[str] = []
        self.handlers: list[str] = []
        self._in_script: dict | None = None
        self._script_text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in attributes:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
        if tag == "script":
            self._in_script, self._script_text = attributes, ""
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in ("img", "iframe", "svg", "object", "embed") and attributes.get("src", "").startswith("x"):
            self.handlers.append(f"<{tag} src=x>")

    def handle_data(self, data):
        if self._in_script is not None:
            self._script_text += data

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, self._script_text))
            self._in_script = None


def _pages(site):
    return {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_no_payload_ran_at_build_time(injected):
    result, sentinel, _ = injected
    assert not sentinel.exists()
    pages = _pages(result.site)
    assert all("loop" * 3 not in text for text in pages.values())  # the Jinja for-loop never expanded


def test_payloads_are_shown_literally(injected):
    result, _, _items = injected
    briefing = result.page("accounts/ACC-1")
    text = html.unescape(re.sub(r"<[^>]+>", " ", briefing))
    for payload in (
        "<script>alert('xss')</script>",
        "{{ 7*7 }}",
        "[click](javascript:alert(1))",
        "**bold** _em_ `code` # heading",
    ):
        assert payload in text, payload
    article = briefing.split("<article", 1)[1].split("</article>", 1)[0]
    assert "{{ 7*7 }}" not in article  # braces are entities in the page body, so no later stage can evaluate them
    assert "&#123;&#123; 7*7 &#125;&#125;" in article
    title = briefing.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title  # the title loses angle brackets; the heading keeps the name whole


def test_no_script_element_or_handler_comes_from_data(injected):
    result, _, _ = injected
    for path, text in _pages(result.site).items():
        parser = _Elements()
        parser.feed(text)
        assert parser.handlers == [], f"{path}: {parser.handlers}"
        for attributes, body in parser.scripts:
            if attributes.get("src"):
                assert "alert" not in attributes["src"]
                continue
            assert "alert(" not in body or attributes.get("type") == "application/json", path
            assert "</script" not in body.lower()


def test_no_link_from_data_has_an_unsafe_scheme(injected):
    result, _, _ = injected
    for path, text in _pages(result.site).items():
        parser = _Elements()
        parser.feed(text)
        for href in parser.links:
            scheme = urlsplit(href).scheme.lower()
            assert scheme in ("", "http", "https", "mailto"), f"{path}: {href}"


@pytest.mark.browser
def test_no_dialog_fires_in_the_browser(injected, chromium):
    from .browser import serve

    result, _, _ = injected
    dialogs = []
    with serve(result.site) as url:
        page = chromium.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in (
            "",
            "accounts/ACC-1/",
            "accounts/ACC-2/",
            "escalations/",
            "actions/",
            "commitments/",
            "approval-matrix/",
            "stakeholders/",
            "communication/",
            "tiers/red/",
            "data-quality/",
            "people/",
        ):
            page.goto(url + path)
            page.wait_for_load_state("load")
            for link in page.locator("a[href^='javascript']").all():
                link.click()
        page.goto(url + "approval-matrix/")
        page.select_option("#approval-lookup select[name=type]", index=0)
        page.fill("#approval-lookup input[name=value]", "<img src=x onerror=alert(1)>")
    assert dialogs == []
