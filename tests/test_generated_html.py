"""Generated pages rendered without Python-Markdown (macros/generated_html.py) come out exactly as Python-Markdown
renders them, table of contents included; anything else is handed back (``None``)."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import slugify

from macros.build import BuildSettings, get_context
from macros.generated_html import TocSettings, page_html
from macros.render.generated import generated_pages
from macros.render.html import md_inline
from macros.render.monthly_page import monthly_files
from macros.render.policy_changes_page import policy_changes_page

from .conftest import ROOT, SAMPLE_DATA

SETTINGS = TocSettings(slugify, escaped_chars="".join(markdown.Markdown(extensions=["tables"]).ESCAPED_CHARS))
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


def _python_markdown(source: str) -> tuple[str, list]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    return md.convert(source), md.toc_tokens


def _body(content: str) -> str:
    """The Markdown after the front matter (as MkDocs reads it)."""
    from mkdocs.utils import meta

    return meta.get_data(content)[0]


@pytest.fixture(scope="module")
def sample_pages():
    context = get_context(BuildSettings(SAMPLE_DATA, ROOT, "2026-06-30", None))
    pages = [*generated_pages(context), *monthly_files(context, ROOT), policy_changes_page(context, ROOT)]
    return [p for p in pages if p.src_uri.endswith(".md")]


def test_every_generated_sample_page_renders_as_python_markdown_renders_it(sample_pages):
    kinds = {p.src_uri.split("/")[0] for p in sample_pages}
    assert kinds == {"tiers", "accounts", "people", "reviews", "policy"}
    for page in sample_pages:
        source = _body(page.content)
        rendered = page_html(source, SETTINGS)
        assert rendered is not None, page.src_uri
        expected_html, expected_toc = _python_markdown(source)
        assert rendered.html == expected_html, page.src_uri
        assert rendered.toc == expected_toc, page.src_uri


def test_a_briefing_keeps_its_escalation_anchors_and_title(sample_pages):
    page = next(p for p in sample_pages if ": current escalation" in p.content)
    rendered = page_html(_body(page.content), SETTINGS)
    assert rendered is not None
    top = rendered.toc[0]
    assert top["level"] == 1
    child_ids = [child["id"] for child in top["children"]]
    assert any(anchor.startswith("ESC-") for anchor in child_ids)
    assert set(child_ids) <= rendered.anchor_ids
    assert rendered.title == page.title


HEADING_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda text: text.strip() != "")


@settings(max_examples=300, deadline=None)
@given(HEADING_TEXT, st.sampled_from(["", " { data-search-exclude }", " { #custom-id data-search-exclude }"]))
def test_any_escaped_heading_matches_python_markdown(text, attributes):
    source = f"# {md_inline(text)}{attributes}\n\n<div><p>x</p></div>\n\n## {md_inline(text)}\n"
    rendered = page_html(source, SETTINGS)
    expected_html, expected_toc = _python_markdown(source)
    assert rendered is not None
    assert rendered.html == expected_html
    assert rendered.toc == expected_toc


def test_repeated_headings_get_numbered_anchors_as_python_markdown_gives_them():
    source = "## Notes\n\n## Notes\n\n## Notes\\_1\n"
    rendered = page_html(source, SETTINGS)
    assert rendered is not None
    assert [t["id"] for t in rendered.toc] == ["notes", "notes_1", "notes_2"]
    assert rendered.html == _python_markdown(source)[0]


def test_two_elements_on_one_line_are_split_as_python_markdown_splits_them():
    source = '# T\n\n<p class="a">one</p><p>two</p>\n'
    rendered = page_html(source, SETTINGS)
    assert rendered is not None
    assert rendered.html == _python_markdown(source)[0]
    assert "</p>\n<p>two</p>" in rendered.html


@pytest.mark.parametrize(
    "source",
    [
        "# Title\n\nA paragraph of text.\n",
        "# Title\n\n- a list item\n",
        "# Title with *emphasis*\n",
        "# Title with `code`\n",
        "# Title\n\n<span>inline element</span>\n",
        '# Title\n\n<div markdown="1">*Markdown* inside</div>\n',
        "# Title\n\n<div><p>never closed</p>\n",
        "# Title\n\n<div>x</div>\ntext after the element\n",
        "# Title { key='single quoted' }\n",
    ],
)
def test_anything_beyond_headings_and_html_blocks_is_handed_back(source):
    assert page_html(source, SETTINGS) is None


def test_permalink_settings_are_followed():
    plain = page_html("## Due\n", TocSettings(slugify, permalink=None))
    assert plain is not None
    assert plain.html == '<h2 id="due">Due</h2>'
    custom = page_html("## Due\n", TocSettings(slugify, permalink="#", permalink_title="", permalink_class="anchor"))
    assert custom is not None
    assert custom.html == '<h2 id="due">Due<a class="anchor" href="#due">#</a></h2>'
