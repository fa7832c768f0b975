"""Headless Chromium for browser tests: find it, serve a built site on 127.0.0.1, open pages with Playwright.

A test that needs Chromium and cannot find it is skipped with the reason, never passed silently.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed: `apt-get install chromium` to run the browser tests")
    raise AssertionError("unreachable")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A page closed while its files were still being sent is no error (BrokenPipe, ConnectionReset)."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield instance
        finally:
            instance.close()


def page_types(site: Path) -> list[str]:
    """One page of every kind in a built site, as paths relative to its root: each fixed page, the first account
    briefing, the latest monthly review, the first tier page, the first person's page and the first blocker type's
    page of reviews."""

    def first(folder: str, *, last: bool = False) -> str:
        found = sorted(p.name for p in (site / folder).iterdir() if (p / "index.html").is_file())
        assert found, f"no pages under {folder}/"
        return f"{folder}/{found[-1] if last else found[0]}/"

    fixed = [
        "",
        "about/",
        "accounts/",
        "actions/",
        "approval-matrix/",
        "commitments/",
        "communication/",
        "data-quality/",
        "escalations/",
        "learnings/",
        "people/",
        "policy/changes/",
        "reviews/",
        "stakeholders/",
        "templates/",
        "templates/briefing/",
        "templates/intake/",
        "templates/tracker/",
        "tiers/",
    ]
    for path in fixed:
        assert (site / path / "index.html").is_file(), f"{path} was not built"
    return [
        *fixed,
        first("accounts"),
        first("reviews", last=True),
        first("tiers"),
        first("people"),
        first("learnings"),
    ]


def axe_source() -> str:
    """axe-core's script, from the file the AXE_CORE environment variable names (`.ci/run` installs it)."""
    path = os.environ.get("AXE_CORE")
    if not path or not Path(path).is_file():
        if os.environ.get("AXE_CORE_REQUIRED") == "1":  # set by .ci/run, where the check must run
            pytest.fail(f"AXE_CORE_REQUIRED is set but AXE_CORE ({path!r}) names no file")
        pytest.skip("axe-core is not installed: `npm install axe-core@4.11.1` and set AXE_CORE to its axe.min.js")
    return Path(path).read_text(encoding="utf-8")


# Every critical or serious violation, and these lesser ones the site once had.
AXE_SERIOUS = """async () => {
  const named = ["heading-order", "empty-table-header", "landmark-unique", "landmark-complementary-is-top-level"];
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious" || named.includes(v.id))
    .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""

# The same check in two steps, so that several pages can be checked at once: AXE_START sets axe running and returns
# at once (with ``true``, only the rules that depend on colours); AXE_RESULT waits for it and filters as above.
AXE_START = """(colourOnly) => {
  const only = colourOnly ? { runOnly: { type: "rule", values: ["color-contrast", "link-in-text-block"] } } : {};
  window.refAxe = axe.run(document, { resultTypes: ["violations"], ...only });
}"""
# Named rules only, awaited at once: the violations' ids and first targets.
AXE_RULES = """async (rules) => {
  const results = await axe.run(document, { runOnly: { type: "rule", values: rules }, resultTypes: ["violations"] });
  return results.violations.map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""
AXE_RESULT = AXE_SERIOUS.replace('await axe.run(document, { resultTypes: ["violations"] })', "await window.refAxe")
assert AXE_RESULT != AXE_SERIOUS
