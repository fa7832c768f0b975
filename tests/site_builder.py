"""Run a real `mkdocs build` of this project's docs against any data folder, in a temporary directory."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        path = self.site / url / "index.html" if not url.endswith(".html") else self.site / url
        return path.read_text(encoding="utf-8")


def build_site(
    tmp_path: Path,
    data_dir: Path,
    *,
    as_of: str = "2026-06-30",
    scope: str | None = None,
    extra_env: dict | None = None,
) -> BuildResult:
    project = prepare_project(tmp_path / "project", data_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCALATION_")}
    env.update({"ESCALATION_AS_OF": as_of, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)})
    if scope:
        env["ESCALATION_SCOPE"] = scope
    env.update(extra_env or {})
    site = project / "site"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        check=False,
        timeout=600,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, site)


def prepare_project(project: Path, data_dir: Path) -> Path:
    """This project's docs and mkdocs.yml in ``project``, reading the data in ``data_dir``."""
    project.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", project / "docs", dirs_exist_ok=True)
    # mkdocs-macros looks for its module next to mkdocs.yml: link the package there.
    if not (project / "macros").exists():
        (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^    data_dir: .*$", f"    data_dir: {data_dir.resolve().as_posix()}", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


class _Links(HTMLParser):
    """A page's links and the ids they may point to: its elements' ids, and those of the rows a long table holds
    as JSON (the table script shows the row a link names, see docs/assets/escalation-table.js ``reveal``)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"] or "")
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append((tag, attributes[name]))
        self._in_json = tag == "script" and attributes.get("type") == "application/json"

    def handle_endtag(self, tag):
        self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            for html in _payload_cells(json.loads(data)):
                self.ids.update(_ID.findall(html))


_ID = re.compile(r'\bid="([^"]+)"')


def _payload_cells(payload) -> list[str]:
    """The HTML of every cell of a long table's JSON (layout in macros/render/table_payload.py); none for other
    JSON (the theme's settings)."""
    if not (isinstance(payload, list) and len(payload) == 3):
        return []
    cells = []
    for column in payload[1]:
        if column:
            prefix, suffix, entries = column[0], column[1], column[2]
            cells += [prefix + (entry if isinstance(entry, str) else entry[0]) + suffix for entry in entries]
    return cells


def broken_links(site: Path) -> list[str]:
    """Internal links (and fragments) in every built page that point nowhere."""
    pages: dict[Path, _Links] = {}
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":  # served from any depth, so MkDocs writes it with absolute links
            continue
        parser = _Links()
        parser.feed(html_file.read_text(encoding="utf-8"))
        pages[html_file] = parser
    problems = []
    for html_file, parser in pages.items():
        for tag, link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (html_file.parent / unquote(parts.path)).resolve() if parts.path else html_file
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{html_file.relative_to(site)}: {tag} {link}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target in pages and fragment not in pages[target].ids:
                problems.append(f"{html_file.relative_to(site)}: {link} (no such anchor)")
    return problems
