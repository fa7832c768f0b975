"""Templates: the override folder comes first, autoescape holds whatever an override does, and no text from data
is ever compiled as a template."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros.render.templating import (
    DEFAULT_OVERRIDES,
    PACKAGE_TEMPLATES,
    make_environment,
    override_dir_from_config,
)

from .conftest import SAMPLE_DATA
from .site_builder import ROOT, build_site
from .workbook_builder import small_log, write_workbook

PAYLOAD = "<script>alert('x')</script> {{ 7*7 }} {% if 1 %}ran{% endif %} \"quoted\""
ESCAPED = (
    "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &#123;&#123; 7*7 &#125;&#125; "
    "&#123;% if 1 %&#125;ran&#123;% endif %&#125; &quot;quoted&quot;"
)


def _write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_template_in_the_override_folder_replaces_the_package_one(tmp_path):
    _write(tmp_path, "briefing/facts.html", "<ul>{% for fact in facts %}<li>{{ fact.label }}</li>{% endfor %}</ul>")
    env = make_environment(tmp_path)
    facts = [type("Fact", (), {"label": "ARR", "value": "$1"})()]
    assert env.get_template("briefing/facts.html").render(facts=facts) == "<ul><li>ARR</li></ul>"
    # Templates the folder does not hold still come from the package.
    assert env.get_template("briefing/actions.html").filename == str(PACKAGE_TEMPLATES / "briefing" / "actions.html")


def test_without_an_override_folder_the_package_templates_are_used(tmp_path):
    env = make_environment(tmp_path / "missing")
    assert env.get_template("briefing/facts.html").filename == str(PACKAGE_TEMPLATES / "briefing" / "facts.html")


@pytest.mark.parametrize("expression", ["{{ value }}", "{{ value|e }}", "{{ value|escape }}", "{{ value ~ '' }}"])
def test_an_override_printing_a_field_without_escaping_still_escapes_it(tmp_path, expression):
    """Autoescape is on for every template, overrides included: text from data is escaped, braces too, so it
    cannot run as a template here or in any later stage that reads the page."""
    _write(tmp_path, "briefing/facts.html", f"<p>{expression}</p>")
    html = make_environment(tmp_path).get_template("briefing/facts.html").render(value=PAYLOAD)
    assert html == f"<p>{ESCAPED}</p>"


def test_text_from_data_is_never_compiled():
    """Values are passed to templates, never turned into one: no Jinja source is built from strings anywhere in
    the package."""
    sources = {path: path.read_text(encoding="utf-8") for path in (ROOT / "macros").rglob("*.py")}
    uses = sorted(
        path.relative_to(ROOT).as_posix()
        for path, text in sources.items()
        if re.search(r"\.from_string\(|(?<![\w.])Template\(", text)
    )
    assert uses == []


def test_html_templates_drop_line_breaks_and_markdown_templates_keep_them(tmp_path):
    _write(tmp_path, "x.html", "<p>\n  {{ a }}\n  {{ ' ' }}{{ b }}\n</p>\n")
    _write(tmp_path, "x.md", "# {{ a }}\n\n{{ b }}\n")
    env = make_environment(tmp_path)
    assert env.get_template("x.html").render(a="A", b="B") == "<p>A B</p>"
    assert env.get_template("x.md").render(a="A", b="B") == "# A\n\nB\n"


def test_the_override_folder_is_named_in_mkdocs_yml_relative_to_it(tmp_path):
    assert override_dir_from_config(tmp_path, {}) == tmp_path / DEFAULT_OVERRIDES
    assert override_dir_from_config(tmp_path, {"escalation": {"templates_dir": "brand"}}) == tmp_path / "brand"


@pytest.mark.build
def test_a_company_override_changes_every_briefing_and_stays_escaped(tmp_path):
    """The README's example (a logo and a "Confidential" banner on every briefing) in a real build, plus an
    override of the briefing's header that prints each value without ``|e``: a payload in the workbook is still
    shown as text."""
    overrides = tmp_path / "site" / "project" / DEFAULT_OVERRIDES
    _write(
        overrides,
        "briefing/banner.html",
        '<div class="company-banner"><img src="{{ site_root }}assets/logo.svg" alt="Company logo">\n'
        "  {{ ' ' }}<strong>Confidential</strong></div>\n",
    )
    _write(
        overrides,
        "briefing/facts.html",
        "<dl>{% for f in facts %}<dt>{{ f.label }}</dt><dd>{{ f.value }}</dd>{% endfor %}</dl>",
    )
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    rows = small_log()
    rows["Accounts"][0]["Account Name"] = "Harbor " + PAYLOAD
    write_workbook(data / "escalations.xlsx", rows)
    result = build_site(tmp_path / "site", data)
    assert result.returncode == 0, result.output
    briefings = sorted((result.site / "accounts").glob("*/index.html"))
    assert len(briefings) == 2
    for page in briefings:
        html = page.read_text(encoding="utf-8")
        assert html.count('<div class="company-banner"><img src="../../assets/logo.svg" alt="Company logo"> ') == 1
        assert "<dl><dt>Account</dt>" in html
    harbor = next(p.read_text(encoding="utf-8") for p in briefings if "Harbor" in p.read_text(encoding="utf-8"))
    assert f"<dd>Harbor {ESCAPED} (ACC-1)</dd>" in harbor
    assert "<script>alert" not in harbor
    assert "company-banner" not in result.page("tiers/red")


def test_no_sample_names_in_templates(sample_policy):
    """The layout moved from Python strings to templates: the no-hard-coding rule follows it there."""
    from .test_no_hard_coding import _sample_ids

    ids = {i.lower() for i in _sample_ids(sample_policy)}
    offenders = []
    for path in sorted(PACKAGE_TEMPLATES.rglob("*")):
        if path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                literals = re.findall(r"\"([^\"]*)\"|'([^']*)'", line)
                words = {w.lower() for pair in literals for w in pair if w}
                words |= {w.lower() for w in re.findall(r">([^<>{}]+)<", line)}
                offenders += [f"{path.relative_to(ROOT)}:{number}: {w!r}" for w in sorted(words & ids)]
    assert offenders == []


def test_join_and_blocks_escape_like_every_printed_value(tmp_path):
    _write(tmp_path, "j.html", "{{ items|join(' & ') }}|{{ text|html_block }}|{{ title|yaml_string }}")
    html = (
        make_environment(tmp_path)
        .get_template("j.html")
        .render(items=["<b>", "{x}"], text="a\n\nb", title='Say "hi" <now>')
    )
    assert html == '&lt;b&gt; &amp; &#123;x&#125;|a\nb|"Say \\"hi\\" now"'


def test_a_persons_link_is_printed_by_the_override_loaded_last_not_by_a_cached_one(tmp_path):
    """A person's HTML is worked out once per name while the templates stay loaded (macros/render/person_links.py);
    loading the templates again (each build, and each rebuild under mkdocs serve) uses an edited override."""
    from macros.render.person_links import PersonLink
    from macros.render.templating import set_override_dir

    link = PersonLink("Anna Weiß", "../people/anna/")
    package = (PACKAGE_TEMPLATES / "partials" / "inline.html").read_text(encoding="utf-8")
    try:
        set_override_dir(tmp_path / "none")
        plain = '<a class="ref-person" href="../people/anna/">Anna Weiß</a>'
        assert link.__html__().strip() == plain
        assert link.__html__() is link.__html__()  # the same object: worked out once
        marked = package.replace('class="ref-person"', 'class="ref-person brand"')
        assert marked != package
        _write(tmp_path / "brand", "partials/inline.html", marked)
        set_override_dir(tmp_path / "brand")
        assert link.__html__().strip() == plain.replace('"ref-person"', '"ref-person brand"')
        set_override_dir(tmp_path / "none")
        assert link.__html__().strip() == plain
    finally:
        set_override_dir(None)
