"""Benchmark: the table component at scale, in headless Chromium, on the accounts index and the escalations list.

Not a test (pytest collects only ``test_*.py``); run it by hand or in a scheduled job::

    .venv/bin/python tests/benchmarks/bench_tables.py [--accounts 5000] [--repeats 3] [--cache DIR]

It generates demo data for N accounts (``escalation demo-data``, cached under --cache), builds the site once, serves
it on 127.0.0.1 and measures with ``performance.now()`` in Chromium (medians of --repeats):

* **size**: the page's HTML in bytes (target: at most 2 MB); a table of more than 500 rows writes its first 100 as
  HTML and every row as JSON (``macros/render/table_payload.py``), so the row count printed is "100 of 5,000".
  The largest pages of the whole site are listed first, and checked against the same 2 MB;

Material's search loads the site's whole search index in a worker on every page view (several MB and most of the
renderer's CPU at 5,000 accounts, whatever the page); the index is the build's business, not the table's, so both
runs below block it (``--with-search`` keeps it) and what is measured is the page and its table.

* **first render**: from navigation start to the component being ready to use (its ``ref-table-ready`` mark, set
  at the end of the script's set-up), and to first contentful paint; target: ready within 1 s;
* **baseline**: the same page with the table script blocked, measured in the same run: first contentful paint and
  DOMContentLoaded, so the script's own cost reads as a ratio; and the machine's own speed: a bare table of the same
  rows and columns (short text cells, no stylesheet) parsed, then reversed in place with the same forced layout;
* **each sort** (ascending, then descending) and **each filter** (its first value, then back to all) and a
  **search**: from the click or change to the end of the layout it causes (the script's work plus the browser's
  style and layout, forced by reading ``offsetHeight``); target: within 200 ms. The cost of the same forced layout
  with nothing changed is printed as the floor.

It ends with PASS or FAIL per target.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_FLAGS, chromium_path, serve  # noqa: E402
from tests.site_builder import build_site  # noqa: E402

AS_OF = "2026-06-30"
SEED = 7
PAGES = (("accounts/", "account-index"), ("escalations/", "escalation-index"))
MAX_BYTES = 2 * 1000 * 1000
MAX_READY_MS = 1000.0
MAX_ACTION_MS = 200.0

_TIMED = """([selector, action]) => {
  const target = document.querySelector(selector);
  const started = performance.now();
  if (action === "click") target.click();
  else if (action === "none") document.body.classList.toggle("ref-bench");
  else {
    if (target.tagName === "SELECT") target.value = action === "first" ? target.options[1].value : "";
    else target.value = action;
    target.dispatchEvent(new Event(target.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
  }
  void document.body.offsetHeight;  // the style and layout the change causes
  return performance.now() - started;
}"""

_LOAD = """(id) => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const ready = performance.getEntriesByName("ref-table-ready:" + id)[0];
  return {
    fcp: paint ? paint.startTime : null,
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    ready: ready ? ready.startTime : null,
    rows: document.querySelectorAll("#" + id + " tbody tr").length,
    total: Number(document.getElementById(id).getAttribute("data-total") || 0),
  };
}"""


_BARE_REVERSE = """() => {
  const body = document.querySelector("tbody");
  const rows = Array.from(body.rows).reverse();
  const started = performance.now();
  const fragment = document.createDocumentFragment();
  rows.forEach((row) => fragment.appendChild(row));
  body.appendChild(fragment);
  void document.body.offsetHeight;
  return performance.now() - started;
}"""


def _bare_table(browser, rows: int, columns: int, repeats: int) -> tuple[float, float]:
    """(parse and first layout, one reversal with its layout) of a bare table of this shape, in ms."""
    cells = "".join(f"<td>c{j}</td>" for j in range(columns))
    html = "<!doctype html><html><body><table><tbody>" + f"<tr>{cells}</tr>" * rows + "</tbody></table></body></html>"
    parses, reversals = [], []
    for _ in range(repeats):
        page = browser.new_page()
        started = page.evaluate("performance.now()")
        page.set_content(html)
        parses.append(page.evaluate("void document.body.offsetHeight; performance.now()") - started)
        reversals.append(page.evaluate(_BARE_REVERSE))
        page.close()
    return _median(parses), _median(reversals)


def _data(cache: Path, accounts: int) -> Path:
    folder = cache / f"demo-{accounts}"
    if not (folder / "escalations.xlsx").is_file():
        subprocess.run(
            [sys.executable, "-m", "macros.cli", "demo-data", "--accounts", str(accounts), "--seed", str(SEED),
             "--as-of", AS_OF, "--out", str(folder), "--force", "--quiet"],
            check=True,
            cwd=ROOT,
        )  # fmt: skip
    return folder


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _page(browser, search: bool):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if not search:
        page.route("**/search/search_index.json", lambda route: route.abort())
    return context, page


def _load(browser, url: str, table: str, *, script: bool, search: bool, repeats: int) -> dict[str, float]:
    runs = []
    for _ in range(repeats):
        context, page = _page(browser, search)
        if not script:
            page.route("**/escalation-table.js", lambda route: route.abort())
        page.goto(url, wait_until="load")
        page.wait_for_timeout(200)  # let the first paint entry arrive
        runs.append(page.evaluate(_LOAD, table))
        context.close()
    return {key: _median([r[key] for r in runs if r[key] is not None]) for key in runs[0]}


def _actions(browser, url: str, table: str, *, search: bool, repeats: int) -> list[tuple[str, float]]:
    context, page = _page(browser, search)
    page.goto(url, wait_until="load")
    page.wait_for_function(f"performance.getEntriesByName('ref-table-ready:{table}').length > 0")
    timings: dict[str, list[float]] = {}

    def timed(name: str, selector: str, action: str) -> None:
        timings.setdefault(name, []).append(page.evaluate(_TIMED, [selector, action]))

    keys = page.eval_on_selector_all(f"#{table} thead th[data-key]", "(ths) => ths.map((th) => th.dataset.key)")
    filters = page.eval_on_selector_all(
        f'.ref-filters[data-for="{table}"] select', "(ss) => ss.map((s) => s.dataset.key)"
    )
    for _ in range(repeats):
        timed("floor (layout, nothing changed)", "body", "none")
        for key in keys:
            button = f"#{table} th[data-key={key}] button"
            timed(f"sort {key} ascending", button, "click")
            timed(f"sort {key} descending", button, "click")
        for key in filters:
            select = f'.ref-filters[data-for="{table}"] select[data-key="{key}"]'
            timed(f"filter {key}", select, "first")
            timed(f"filter {key} back to all", select, "all")
        search = f'.ref-filters[data-for="{table}"] input[type=search]'
        timed("search 'an'", search, "an")
        timed("search cleared", search, "")
    context.close()
    return [(name, _median(values)) for name, values in timings.items()]


def page_columns(page: Path, table: str) -> int:
    html = page.read_text(encoding="utf-8")
    head = html[html.index(f'id="{table}"') :]
    return len(re.findall(r"<t[hd][\s>]", head[: head.index("</thead>")]))


def largest_pages(site: Path) -> list[tuple[int, str]]:
    """Every HTML page of the built site (listing pages included) as (bytes, URL), largest first."""
    pages = [(path.stat().st_size, path.relative_to(site).as_posix()) for path in site.rglob("*.html")]
    return sorted(((size, url.removesuffix("index.html")) for size, url in pages), reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "escalation-bench-tables")
    parser.add_argument("--with-search", action="store_true", help="let pages load the search index too")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    data = _data(args.cache, args.accounts)
    print(f"building the site for {args.accounts:,} accounts …", flush=True)
    built = build_site(args.cache / f"site-{args.accounts}", data, as_of=AS_OF)  # always rebuilt: the code may change
    if built.returncode != 0:
        print(built.output[-4000:])
        return 1
    largest = largest_pages(built.site)
    print("largest pages of the site:")
    for size, url in largest[:5]:
        print(f"  {size / 1e6:6.2f} MB  /{url}")
    verdicts: list[tuple[str, bool]] = [
        (
            f"every page of the site at most 2 MB (largest /{largest[0][1]}, {largest[0][0] / 1e6:.2f} MB)",
            largest[0][0] <= MAX_BYTES,
        )
    ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} (figures scale with it)", flush=True)
    from playwright.sync_api import sync_playwright

    with serve(built.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for path, table in PAGES:
            size = (built.site / path / "index.html").stat().st_size
            search = args.with_search
            with_script = _load(browser, base + path, table, script=True, search=search, repeats=args.repeats)
            without = _load(browser, base + path, table, script=False, search=search, repeats=args.repeats)
            # A long table's rows: only the first are HTML, the others JSON (macros/render/table_payload.py).
            total = int(with_script["total"])
            shown = f" of {total:,}" if total else ""
            print(f"\n/{path}  #{table}: {int(with_script['rows']):,}{shown} rows as HTML, {size / 1e6:.2f} MB of HTML")
            print(f"  {'':34}{'with the script':>18}{'script blocked':>18}{'ratio':>8}")
            for name, key in (("first contentful paint", "fcp"), ("DOMContentLoaded", "dcl"), ("load", "load")):
                ratio = with_script[key] / without[key] if without[key] else float("nan")
                print(f"  {name:34}{with_script[key]:>15.0f} ms{without[key]:>15.0f} ms{ratio:>8.2f}")
            ready = with_script["ready"]
            print(
                f"  {'table ready to use':34}{ready:>15.0f} ms{'':>18}{ready / without['dcl']:>8.2f}  (÷ DCL blocked)"
            )
            rows = int(with_script["rows"])
            columns = page_columns(built.site / path / "index.html", table)
            bare_parse, bare_reverse = _bare_table(browser, rows, columns, args.repeats)
            print(f"  {'bare ' + f'{rows:,} × {columns}' + ' table parsed':34}{bare_parse:>15.0f} ms   (this machine)")
            print(f"  {'bare table reversed, with layout':34}{bare_reverse:>15.0f} ms   (this machine)")
            actions = _actions(browser, base + path, table, search=search, repeats=args.repeats)
            floor = actions[0][1]
            print(f"  {'':52}{'':>11}{'÷ floor':>9}{'÷ bare reversal':>17}")
            for name, ms in actions:
                print(f"  {name:52}{ms:>8.1f} ms{ms / floor:>9.1f}{ms / bare_reverse:>17.2f}")
            worst = max(ms for _, ms in actions[1:])
            fcp = with_script["fcp"]
            verdicts += [
                (f"/{path} HTML at most 2 MB ({size / 1e6:.2f} MB)", size <= MAX_BYTES),
                (f"/{path} first paint within 1 s ({fcp:.0f} ms)", fcp <= MAX_READY_MS),
                (f"/{path} table ready within 1 s ({ready:.0f} ms)", ready <= MAX_READY_MS),
                (
                    f"/{path} each sort, filter and search within 200 ms (slowest {worst:.0f} ms)",
                    worst <= MAX_ACTION_MS,
                ),
            ]
        browser.close()
    print()
    for label, passed in verdicts:
        print(f"{'PASS' if passed else 'FAIL'}  {label}")
    return 0 if all(passed for _, passed in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
