"""A macro's HTML set aside while its hand-written page is converted (macros/macro_blocks.py) comes back exactly
where and as Python-Markdown would have written it; anything else is put back before the conversion."""

from __future__ import annotations

import markdown
import pytest

from macros import macro_blocks

TABLE = "<table><tbody>" + "".join(f'<tr id="r{i}"><td>row {i}</td></tr>' for i in range(200)) + "</tbody></table>"
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


@pytest.fixture(autouse=True)
def fresh():
    macro_blocks.reset()
    yield
    macro_blocks.reset()


def _convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


@pytest.mark.parametrize("output", [TABLE, f'<div class="a">{TABLE}</div> <p>after</p>', f"{TABLE}\n<p>next</p>"])
def test_a_block_comes_back_as_python_markdown_writes_it(output):
    page = "# Accounts\n\nSome *text*.\n\n{}\n\nMore text.\n"
    placeholder = macro_blocks.hold(output)
    assert placeholder != output
    source = page.format(placeholder)
    numbers = macro_blocks.placeholders_in(source)
    assert numbers == ["0"]
    released = macro_blocks.release(_convert(source), numbers)
    assert released is not None
    assert released.content == _convert(page.format(output))
    assert {"r0", "r199"} <= released.ids
    assert released.search_content is None  # nothing in it is marked for the search to skip


@pytest.mark.parametrize(
    "output",
    ["<p>short</p>", "plain text " * 300, f"<span>{TABLE}</span>", f"{TABLE}\n\n<p>after a blank line</p>", 42],
)
def test_small_inline_or_broken_outputs_are_not_held(output):
    assert macro_blocks.hold(output) is output


@pytest.mark.parametrize(
    "page",
    [
        "Text {} inline.\n",
        "# T\n\n    {}\n",
        "# T\n\n- item\n{}\n",
        '# T\n\n<div markdown="1">\n\n{}\n\n</div>\n',
    ],
)
def test_a_placeholder_that_is_not_a_block_of_its_own_is_put_back(page):
    placeholder = macro_blocks.hold(TABLE)
    source = page.format(placeholder)
    numbers = macro_blocks.placeholders_in(source)
    assert numbers == []
    assert macro_blocks.restore(source, keep=numbers) == page.format(TABLE)


def test_a_placeholder_that_did_not_come_out_as_a_line_asks_for_another_conversion():
    placeholder = macro_blocks.hold(TABLE)
    assert macro_blocks.release(f"<p>{placeholder}</p>", ["0"]) is None
    assert macro_blocks.release("<p>nothing</p>", ["0"]) is None


def test_a_block_the_search_skips_is_left_out_of_what_it_reads():
    excluded = f"<aside data-search-exclude>{TABLE}</aside>"
    placeholder = macro_blocks.hold(excluded)
    source = f"# T\n\n{placeholder}\n"
    released = macro_blocks.release(_convert(source), macro_blocks.placeholders_in(source))
    assert released is not None
    assert released.content == _convert(f"# T\n\n{excluded}\n")
    assert released.search_content == _convert("# T\n\n<aside data-search-exclude></aside>\n")
