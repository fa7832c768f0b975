"""People pages in a real build of the sample data: everyone in the organisation file has a page, the people
index lists them with counts, and every link to a person's page, on any page, resolves to a built file."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markupsafe import Markup

from macros.policy.loader import load_policy
from macros.render.html import esc
from macros.render.person_links import person_link

from .conftest import SAMPLE_DATA
from .site_builder import build_site

POLICY = load_policy(SAMPLE_DATA)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build_site(tmp_path_factory.mktemp("people-site"), SAMPLE_DATA, as_of="2026-11-30")
    assert result.returncode == 0, result.output
    return result


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.person_links: list[tuple[str, str]] = []
        self._in_person: str | None = None
        self._text: list[str] = []
        self.tables: dict[str, int] = {}
        self._table: str | None = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])
            if "ref-person" in (attributes.get("class") or "").split():
                self._in_person, self._text = attributes["href"], []
        if tag == "table":
            self._table = attributes.get("id")
            self.tables.setdefault(self._table or "", 0)
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body and self._table is not None:
            self.tables[self._table] += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._in_person is not None:
            self.person_links.append((self._in_person, "".join(self._text)))
            self._in_person = None
        if tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._in_person is not None:
            self._text.append(data)


def _parse(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_person_in_the_organisation_file_has_a_page(site):
    for person in POLICY.organisation.people:
        page = site.site / "people" / person.id / "index.html"
        assert page.is_file(), f"no page for {person.id}"
        text = page.read_text(encoding="utf-8")
        assert "<h1" in text and esc(person.name) in text
        assert 'href="calendar.ics"' in text  # their feed sits beside the page
        assert (site.site / "people" / person.id / "calendar.ics").is_file()


def test_people_index_lists_everyone_with_links(site):
    parsed = _parse(site.site / "people" / "index.html")
    assert parsed.tables["people-index"] == len(POLICY.organisation.people)
    linked = {href for href, _ in parsed.person_links}
    assert linked == {f"{p.id}/" for p in POLICY.organisation.people}


def test_every_person_link_in_the_site_resolves_to_a_built_page(site):
    checked = 0
    pages_with_people = set()
    for html_file in site.site.rglob("*.html"):
        if html_file.name == "404.html":
            continue
        parsed = _parse(html_file)
        base = html_file.parent.relative_to(site.site).as_posix()
        for href in parsed.hrefs:
            path = unquote(urlsplit(href).path)
            if urlsplit(href).scheme or "people/" not in posixpath.normpath(posixpath.join(base, path)) + "/":
                continue
            target = (html_file.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{html_file.relative_to(site.site)}: {href} resolves to nothing"
            checked += 1
        for href, name in parsed.person_links:
            person_id = Path(posixpath.normpath(posixpath.join(base, href))).name
            assert POLICY.person_by_id[person_id].name == name, f"{html_file}: {href} shows {name!r}"
            pages_with_people.add(html_file.relative_to(site.site).parts[0])
        assert "&lt;a class=&#34;ref-person" not in html_file.read_text(encoding="utf-8"), f"{html_file}: escaped link"
    assert checked > 500
    # Names are links on every kind of page that shows people.
    for kind in ("accounts", "escalations", "actions", "commitments", "people", "reviews", "tiers", "stakeholders"):
        assert kind in pages_with_people, f"no person link on any {kind} page"


def test_a_briefing_links_its_account_team(site):
    parsed = _parse(site.site / "accounts" / "ACC-0007" / "index.html")
    assert ("../../people/aisha-bello/", "Aisha Bello") in parsed.person_links


def test_a_person_stays_a_link_inside_composed_markup():
    link = person_link(POLICY, "priya-raman", "commitments/")
    composed = Markup("{} on {}").format(link, "2026-05-01")
    assert composed == '<a class="ref-person" href="../people/priya-raman/">Priya Raman</a> on 2026-05-01'
    assert Markup("; ").join([link, "x"]).startswith('<a class="ref-person"')


def test_a_name_outside_the_organisation_file_stays_plain_text():
    unknown = person_link(POLICY, "Someone <b>Else</b>", "accounts/ACC-1/")
    assert unknown.href is None
    assert str(esc(unknown)) == "Someone &lt;b&gt;Else&lt;/b&gt;"
    known = person_link(POLICY, "priya.raman@lumenfield.io", "accounts/ACC-1/")
    assert str(esc(known)) == '<a class="ref-person" href="../../people/priya-raman/">Priya Raman</a>'
    assert str(esc(person_link(POLICY, None, ""))) == "—"


def test_policy_only_build_has_people_pages_without_account_data(tmp_path):
    result = build_site(tmp_path, SAMPLE_DATA, as_of="2026-11-30", scope="policy-only")
    assert result.returncode == 0, result.output
    page = result.page("people/laura-mcallister/")
    assert "Approvals that would come to them" in page
    assert "Escalations they own" not in page
    assert "calendar.ics" not in page
    index = _parse(result.site / "people" / "index.html")
    assert index.tables["people-index"] == len(POLICY.organisation.people)
    assert "Open escalations" not in result.page("people/")


def test_people_are_listed_by_name_without_case_then_by_id():
    from types import SimpleNamespace

    from macros.render.person_links import by_name

    people = [
        SimpleNamespace(id="p4", name="anna weist"),
        SimpleNamespace(id="p3", name="Anna Weiß"),
        SimpleNamespace(id="p2", name="Anna Weiss"),
        SimpleNamespace(id="p1", name="Anna Weiss"),
        SimpleNamespace(id="p5", name="Ángel Ruiz"),
    ]
    assert [p.id for p in by_name(people)] == ["p1", "p2", "p3", "p4", "p5"]
