"""The MkDocs adapter for generated pages (macros/page_bypass.py): which sites it renders without
Python-Markdown, and which pages a ``--dirty`` build (``mkdocs serve --dirty``) writes again."""

from __future__ import annotations

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from macros import page_bypass


def _config(tmp_path, **options) -> MkDocsConfig:
    docs = tmp_path / "docs"
    if not docs.is_dir():
        docs.mkdir()
        (docs / "index.md").write_text("# Home\n", encoding="utf-8")
        (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict(
        {"site_name": "Test", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"), "theme": {"name": "mkdocs"}}
        | options
    )
    errors, _ = config.validate()
    assert errors == []
    config.plugins._current_plugin = "escalation"  # what MkDocs sets while a plugin's on_files runs
    return config


PAGE = '---\ntitle: "Kingsbridge Mobility"\n---\n\n# Kingsbridge Mobility\n\n<div><p>Facts</p></div>\n'


def test_the_projects_markdown_settings_are_followed(tmp_path):
    config = _config(
        tmp_path, markdown_extensions=["admonition", "attr_list", "md_in_html", {"toc": {"permalink": True}}]
    )
    settings = page_bypass.toc_settings(config)
    assert settings is not None
    assert settings.permalink == "&para;"
    assert "|" in settings.escaped_chars  # MkDocs always adds `tables`, which makes `\|` an escape


@pytest.mark.parametrize(
    "extensions",
    [["abbr"], [{"toc": {"permalink": True, "toc_depth": 2}}], [{"toc": {"permalink": "<b>#</b>"}}]],
)
def test_settings_it_cannot_reproduce_leave_the_pages_to_python_markdown(tmp_path, extensions):
    assert page_bypass.toc_settings(_config(tmp_path, markdown_extensions=extensions)) is None


def test_a_generated_page_renders_without_python_markdown(tmp_path, monkeypatch):
    config = _config(tmp_path)
    files = Files([])
    file = page_bypass.add_generated_page(files, config, "accounts/ACC-0007.md", PAGE, search_sections=("x",))
    page = file.page
    assert isinstance(page, page_bypass.GeneratedHtmlPage)
    page.read_source(config)
    assert page.meta == {"title": "Kingsbridge Mobility"}

    def no_markdown(*args, **kwargs):
        raise AssertionError("Python-Markdown must not run")

    monkeypatch.setattr("markdown.Markdown.convert", no_markdown)
    page.render(config, files)
    assert page.content.startswith('<h1 id="kingsbridge-mobility">Kingsbridge Mobility')
    assert [item.id for item in page.toc] == ["kingsbridge-mobility"]
    assert page.meta["search"] == {"exclude": True}  # its search entries come from the data


def test_a_dirty_build_writes_again_only_pages_whose_source_changed(tmp_path):
    config = _config(tmp_path)
    first = page_bypass.add_generated_page(Files([]), config, "accounts/ACC-9001.md", PAGE)
    assert first.is_modified()
    site_page = tmp_path / "site" / "accounts" / "ACC-9001" / "index.html"
    site_page.parent.mkdir(parents=True)
    site_page.write_text("built", encoding="utf-8")
    same = page_bypass.add_generated_page(Files([]), _config(tmp_path), "accounts/ACC-9001.md", PAGE)
    assert not same.is_modified()
    edited = page_bypass.add_generated_page(Files([]), _config(tmp_path), "accounts/ACC-9001.md", PAGE + "\n<p>x</p>\n")
    assert edited.is_modified()
    site_page.unlink()
    gone = page_bypass.add_generated_page(Files([]), _config(tmp_path), "accounts/ACC-9001.md", PAGE + "\n<p>x</p>\n")
    assert gone.is_modified()


def test_a_change_to_the_hand_written_pages_writes_every_generated_page_again(tmp_path):
    config = _config(tmp_path)
    page_bypass.add_generated_page(Files([]), config, "accounts/ACC-9002.md", PAGE)
    site_page = tmp_path / "site" / "accounts" / "ACC-9002" / "index.html"
    site_page.parent.mkdir(parents=True)
    site_page.write_text("built", encoding="utf-8")
    (tmp_path / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    again = page_bypass.add_generated_page(Files([]), _config(tmp_path), "accounts/ACC-9002.md", PAGE)
    assert again.is_modified()


def test_the_site_digest_follows_the_pages_and_the_own_theme_but_not_installed_themes(tmp_path):
    import os
    import sysconfig
    from pathlib import Path
    from types import SimpleNamespace

    import material

    docs, theme = tmp_path / "docs", tmp_path / "theme"
    docs.mkdir()
    theme.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (theme / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    installed = Path(material.__file__).parent / "templates"
    assert page_bypass._installed(installed) and Path(sysconfig.get_path("purelib")) in installed.resolve().parents
    assert not page_bypass._installed(theme)

    def digest():
        config = SimpleNamespace(
            docs_dir=str(docs), config_file_path=None, theme=SimpleNamespace(dirs=[str(theme), str(installed)])
        )
        return page_bypass.site_digest(config)

    first = digest()
    assert digest() == first
    os.utime(theme / "main.html", ns=(1, 1))
    assert digest() != first
    second = digest()
    (docs / "index.md").write_text("# Home page\n", encoding="utf-8")
    assert digest() != second
