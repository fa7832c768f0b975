"""Run a real `mkdocs build` of this project's docs against any data folder, in a temporary directory."""

from __future__ import annotations

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
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"] or "")
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append((tag, attributes[name]))


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
