"""Benchmark: our full site build against plain MkDocs building the same pages, for growing portfolios.

Not a test (pytest collects only ``test_*.py``); run it by hand or in a scheduled job::

    .venv/bin/python tests/benchmarks/bench_build.py [--sizes 400,500,2000,5000] [--repeats 3]

For each number of accounts N it generates demo data once (``escalation demo-data``, cached under --cache), then
measures, each in a fresh subprocess and repeated (medians reported):

* **ours**: ``mkdocs build`` of this project's docs against that data: load, analysis, page generation and MkDocs;
* **baseline**: plain MkDocs (same theme, search plugin, Markdown extensions, CSS and JavaScript; no macros
  plugin, no hooks) building the very same pages, written to disk as ordinary Markdown by our build run with
  ``ESCALATION_DUMP_MARKDOWN=DIR`` (see macros/mkdocs_hooks.py);
* **validate**: ``escalation validate`` alone.

It prints wall time, peak memory (the largest ``ru_maxrss`` of the measured process and of any process it forked
and waited for, such as the build's briefing child), the ratio of ours to the baseline, the time per
account, the bytes a first page view downloads (``index.html`` and ``search/search_index.json``) and how our
time splits between load, analysis, generation (generated pages plus macros in hand-written pages) and MkDocs
(the rest, including interpreter start-up), read from the build's log. It ends with PASS or FAIL per target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"
SEED = 7
TIMEOUT = 1800

# Runs a module as __main__ in this process, then reports this process's own peak RSS (KiB on Linux) to a file.
_WRAPPER = """
import json, resource, runpy, sys
report, module, *argv = sys.argv[1:]
sys.argv = [module, *argv]
code = 0
try:
    runpy.run_module(module, run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
with open(report, "w") as out:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    json.dump({"code": code, "maxrss_kib": max(own.ru_maxrss, children.ru_maxrss), "cpu": cpu}, out)
sys.exit(code)
"""

_PHASES = {
    "load": re.compile(r"escalation: loaded [\d,]+ accounts, [\d,]+ escalations in ([\d.]+) s"),
    "analysis": re.compile(r"escalation: analysed [\d,]+ escalations, [\d,]+ commitments in ([\d.]+) s"),
    "pages": re.compile(r"escalation: generated [\d,]+ pages in ([\d.]+) s"),
    "macros": re.compile(r"escalation: rendered [\d,]+ macros in ([\d.]+) s"),
}

TARGETS = (
    ("ratio to plain MkDocs at 5,000 accounts <= 0.4", 5000),
    ("time per account at 5,000 <= 1.3 x at 500", 5000),
    ("peak memory at 5,000 < 1 GB", 5000),
    ("escalation validate at 5,000 < 5 s", 5000),
    ("first page view (HTML + search index) at 5,000 < 3 MB", 5000),
    ("build at 2,000 <= 5.5 x build at 400", 2000),
    ("serve --dirty, workbook edit to updated page at 5,000 <= 5 s", 5000),
)


@dataclass
class Run:
    seconds: float
    peak_mb: float
    phases: dict[str, float] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    """CPU time of the process and its children: steadier than wall time on a shared machine."""


@dataclass
class Result:
    accounts: int
    escalations: int = 0
    pages: int = 0
    ours: list[Run] = field(default_factory=list)
    baseline: list[Run] = field(default_factory=list)
    validate: list[Run] = field(default_factory=list)
    first_view_bytes: int = 0
    search_index_bytes: int = 0
    search_trimmed: tuple[int, int, int] = (0, 0, 0)
    """Long search entries cut to their distinct phrases: how many, their characters before and after."""
    serve_seconds: list[float] = field(default_factory=list)
    """``mkdocs serve --dirty``: from a saved workbook edit to the edited page served with the new value."""
    serve_whole_seconds: list[float] = field(default_factory=list)
    """The same, until the account index (every page) shows the new value."""

    def median(self, runs: str, what: str = "seconds") -> float:
        values = [getattr(r, what) for r in getattr(self, runs)]
        return statistics.median(values) if values else float("nan")

    def phase(self, name: str) -> float:
        return statistics.median(r.phases.get(name, 0.0) for r in self.ours) if self.ours else float("nan")

    @property
    def ratio(self) -> float:
        return self.median("ours") / self.median("baseline")

    @property
    def cpu_ratio(self) -> float:
        return self.median("ours", "cpu_seconds") / self.median("baseline", "cpu_seconds")

    @property
    def per_account_ms(self) -> float:
        return self.median("ours") * 1000 / self.accounts


# --- running things -------------------------------------------------------------------------------------------


def _measure(module: str, args: list[str], *, env: dict[str, str], cwd: Path, work: Path) -> tuple[Run, str]:
    report = work / "rss.json"
    report.unlink(missing_ok=True)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(report), module, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=TIMEOUT,
    )
    seconds = time.perf_counter() - started
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise SystemExit(f"{module} {' '.join(args)} failed ({completed.returncode}):\n{output[-4000:]}")
    usage = json.loads(report.read_text(encoding="utf-8"))
    peak = usage["maxrss_kib"] / 1024
    phases = {name: float(m.group(1)) for name, pattern in _PHASES.items() if (m := pattern.search(output))}
    return Run(seconds, peak, phases, usage["cpu"]), output


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCALATION_")}
    env.update({"ESCALATION_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def demo_data(cache: Path, accounts: int) -> Path:
    """The demo data for ``accounts`` accounts, generated once per seed and as-of date."""
    from macros.demo import write_demo_data

    folder = cache / f"data-{accounts}-seed{SEED}-{AS_OF}"
    if not (folder / "escalations.xlsx").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        write_demo_data(None, folder, accounts=accounts, seed=SEED, as_of=_date(AS_OF), months=12)
        print(f"  generated demo data for {accounts:,} accounts in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def _date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


def our_project(work: Path, data: Path) -> Path:
    """This project's docs and mkdocs.yml, reading ``data`` (as tests/site_builder.py sets it up)."""
    project = work / "ours"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^    data_dir: .*$", f"    data_dir: {data.resolve().as_posix()}", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def baseline_project(work: Path, dumped: Path) -> Path:
    """Plain MkDocs over the dumped Markdown: the same theme, search, extensions, assets and nav; no macros
    plugin and no hooks."""
    project = work / "baseline"
    shutil.rmtree(project, ignore_errors=True)
    docs = project / "docs"
    shutil.copytree(dumped, docs)
    for static in (ROOT / "docs").rglob("*"):
        if static.is_file() and static.suffix != ".md":
            target = docs / static.relative_to(ROOT / "docs")
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(static, target)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    theme = config.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):  # the same theme overrides as ours
        theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p) and p != "macros"]
    config["not_in_nav"] = "*.md"  # generated pages stay out of the nav in our build too
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


def _mkdocs_build(project: Path) -> list[str]:
    # Not quiet: our phase log lines go to stderr; both builds log the same way.
    return ["build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (a local URL we built)
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, deadline: float, server: subprocess.Popen) -> bool:
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            return False
        body = _fetch(url)
        if body is not None and text in body:
            return True
        time.sleep(0.05)
    return False


def measure_serve(work: Path, data: Path, repeats: int) -> tuple[list[float], list[float]]:
    """``mkdocs serve --dirty`` on a copy of ``data``: save an edited account name into the workbook (written
    elsewhere, then moved into place, as an editor saves) and time until the account's page shows it, then until
    the account index shows it too (the whole site is up to date)."""
    import openpyxl

    serve_data = work / "serve-data"
    shutil.rmtree(serve_data, ignore_errors=True)
    shutil.copytree(data, serve_data)
    project = our_project(work / "serve", serve_data)
    workbook_path = serve_data / "escalations.xlsx"
    book = openpyxl.load_workbook(workbook_path)
    # Saved before serving, as a workbook kept in a spreadsheet app is: the demo data holds its text in the cells
    # (inline strings), and openpyxl's first two saves of a loaded book move it into a shared-strings table and
    # renumber it, which changes every sheet: the first edit would measure a conversion rather than an edit
    # (tests/test_sheet_cache.py saves twice for the same reason).
    book.save(workbook_path)
    book.save(workbook_path)
    sheet = book["Accounts"]
    headers = [str(c.value).strip().lower() for c in sheet[1]]
    id_cell, name_cell = (
        sheet.cell(2, headers.index("account id") + 1),
        sheet.cell(2, headers.index("account name") + 1),
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}/accounts/{id_cell.value}/"
    index_url = f"http://127.0.0.1:{port}/accounts/"
    log_path = work / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(project / "mkdocs.yml")]
    command += ["-a", f"127.0.0.1:{port}"]
    timings: list[float] = []
    whole: list[float] = []
    with log_path.open("w") as log_file:
        server = subprocess.Popen(command, cwd=project, env=_env(), stdout=log_file, stderr=subprocess.STDOUT)
        try:
            if not _wait_for(url, str(id_cell.value), time.perf_counter() + TIMEOUT, server):
                raise SystemExit(f"mkdocs serve did not serve {url}:\n{log_path.read_text()[-4000:]}")
            original = str(name_cell.value)
            for index in range(repeats):
                name_cell.value = f"{original} Edited {index + 1}"
                edited = work / "edited.xlsx"
                book.save(edited)
                started = time.perf_counter()
                edited.replace(workbook_path)
                if not _wait_for(url, name_cell.value, started + 120, server):
                    raise SystemExit(f"the edit never reached {url}:\n{log_path.read_text()[-4000:]}")
                timings.append(time.perf_counter() - started)
                # The account index lists every name: it shows the edit once the whole site is up to date
                # (macros/serve_stages.py); the next edit waits for it.
                if not _wait_for(index_url, name_cell.value, started + TIMEOUT, server):
                    raise SystemExit(f"the edit never reached {index_url}:\n{log_path.read_text()[-4000:]}")
                whole.append(time.perf_counter() - started)
                print(
                    f"  serve run {index + 1}/{repeats}: edit to updated page {timings[-1]:.2f} s, "
                    f"to the whole site {whole[-1]:.2f} s",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return timings, whole


def bench(accounts: int, repeats: int, cache: Path, work_root: Path, *, serve: bool = False) -> Result:
    print(f"N = {accounts:,}", flush=True)
    data = demo_data(cache, accounts)
    work = work_root / f"n{accounts}"
    work.mkdir(parents=True, exist_ok=True)
    result = Result(accounts)

    ours = our_project(work, data)
    dumped = work / "dumped"
    shutil.rmtree(dumped, ignore_errors=True)
    # Warm-up run (not measured): fills OS caches and writes the final Markdown for the baseline.
    _, output = _measure(
        "mkdocs", _mkdocs_build(ours), env=_env(ESCALATION_DUMP_MARKDOWN=str(dumped)), cwd=ours, work=work
    )
    match = re.search(r"loaded [\d,]+ accounts, ([\d,]+) escalations", output)
    result.escalations = int(match.group(1).replace(",", "")) if match else 0
    result.pages = sum(1 for _ in (ours / "site").rglob("index.html"))
    trim = re.search(
        r"distinct phrases of ([\d,]+) long search entries: ([\d,]+) characters instead of ([\d,]+)", output
    )
    if trim:
        count, after, before = (int(g.replace(",", "")) for g in trim.groups())
        result.search_trimmed = (count, before, after)
    site = ours / "site"
    result.search_index_bytes = (site / "search" / "search_index.json").stat().st_size
    result.first_view_bytes = (site / "index.html").stat().st_size + result.search_index_bytes
    baseline = baseline_project(work, dumped)
    _measure("mkdocs", _mkdocs_build(baseline), env=_env(), cwd=baseline, work=work)  # warm-up

    for index in range(repeats):
        run, _ = _measure("mkdocs", _mkdocs_build(ours), env=_env(), cwd=ours, work=work)
        result.ours.append(run)
        run, _ = _measure("mkdocs", _mkdocs_build(baseline), env=_env(), cwd=baseline, work=work)
        result.baseline.append(run)
        run, _ = _measure(
            "macros.cli", ["validate", "--data", str(data), "--as-of", AS_OF], env=_env(), cwd=ROOT, work=work
        )
        result.validate.append(run)
        print(
            f"  run {index + 1}/{repeats}: ours {result.ours[-1].seconds:.1f} s, baseline "
            f"{result.baseline[-1].seconds:.1f} s, validate {result.validate[-1].seconds:.1f} s",
            flush=True,
        )
    if serve:
        result.serve_seconds, result.serve_whole_seconds = measure_serve(work, data, repeats)
    return result


# --- reporting ------------------------------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    head = (
        "N",
        "escal.",
        "pages",
        "ours s",
        "base s",
        "ratio",
        "ms/acct",
        "peak MB",
        "base MB",
        "valid. s",
        "val. MB",
        "1st view",
        "load",
        "analysis",
        "generate",
        "MkDocs",
    )
    rows = [head]
    for r in results:
        load, analysis = r.phase("load"), r.phase("analysis")
        generation = r.phase("pages") + r.phase("macros")
        rows.append(
            (
                f"{r.accounts:,}",
                f"{r.escalations:,}",
                f"{r.pages:,}",
                f"{r.median('ours'):.1f}",
                f"{r.median('baseline'):.1f}",
                f"{r.ratio:.2f}",
                f"{r.per_account_ms:.1f}",
                f"{r.median('ours', 'peak_mb'):.0f}",
                f"{r.median('baseline', 'peak_mb'):.0f}",
                f"{r.median('validate'):.2f}",
                f"{r.median('validate', 'peak_mb'):.0f}",
                f"{r.first_view_bytes / 1e6:.2f} MB",
                f"{load:.1f}",
                f"{analysis:.1f}",
                f"{generation:.1f}",
                f"{r.median('ours') - load - analysis - generation:.1f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row)) for row in rows)


def check_targets(results: list[Result]) -> list[tuple[str, str, str]]:
    by_n = {r.accounts: r for r in results}
    big, small, mid, tiny = by_n.get(5000), by_n.get(500), by_n.get(2000), by_n.get(400)
    checks: list[tuple[str, float | None, float, str]] = [
        (TARGETS[0][0], big.ratio if big else None, 0.4, "{:.2f}"),
        (TARGETS[1][0], big.per_account_ms / small.per_account_ms if big and small else None, 1.3, "{:.2f} x"),
        (TARGETS[2][0], big.median("ours", "peak_mb") if big else None, 1024, "{:.0f} MB"),
        (TARGETS[3][0], big.median("validate") if big else None, 5.0, "{:.2f} s"),
        (TARGETS[4][0], big.first_view_bytes / 1e6 if big else None, 3.0, "{:.2f} MB"),
        (TARGETS[5][0], mid.median("ours") / tiny.median("ours") if mid and tiny else None, 5.5, "{:.2f} x"),
        (TARGETS[6][0], statistics.median(big.serve_seconds) if big and big.serve_seconds else None, 5.0, "{:.2f} s"),
    ]
    verdicts = []
    for name, value, limit, fmt in checks:
        if value is None:
            verdicts.append(("SKIP", name, "size not measured"))
        else:
            verdicts.append(("PASS" if value <= limit else "FAIL", name, fmt.format(value)))
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="400,500,2000,5000", help="accounts per run, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="measured runs per size (medians are reported)")
    parser.add_argument(
        "--cache",
        default=str(Path(tempfile.gettempdir()) / "escalation-bench"),
        help="folder for generated demo data and build folders (reused between runs)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write every measurement to FILE as JSON")
    parser.add_argument(
        "--no-serve", dest="serve", action="store_false", help="skip the mkdocs serve measurement (largest size)"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    serve_sizes = {max(sizes)} if args.serve else set()
    results = [bench(n, args.repeats, cache, cache / "work", serve=n in serve_sizes) for n in sizes]
    print()
    print(
        f"Medians of {args.repeats} runs; wall time of each subprocess, peak RSS of each; as of {AS_OF}, seed {SEED}."
    )
    print(table(results))
    by_n = {r.accounts: r for r in results}
    for r in results:
        print(
            f"{r.accounts:,} accounts, CPU time (median): ours {r.median('ours', 'cpu_seconds'):.1f} s, plain MkDocs "
            f"{r.median('baseline', 'cpu_seconds'):.1f} s, ratio {r.cpu_ratio:.2f}; per-run wall ratios "
            + ", ".join(f"{o.seconds / b.seconds:.2f}" for o, b in zip(r.ours, r.baseline, strict=False))
        )
    for r in results:
        count, before, after = r.search_trimmed
        saved = (before - after) / 1e6
        print(
            f"{r.accounts:,} accounts, search index {r.search_index_bytes / 1e6:.2f} MB "
            f"(about {r.search_index_bytes / 1e6 + saved:.2f} MB before trimming {count} long entries "
            f"from {before:,} to {after:,} characters)"
        )
    for r in results:
        if r.serve_seconds:
            print(
                f"serve --dirty at {r.accounts:,} accounts: workbook edit to updated page "
                f"{statistics.median(r.serve_seconds):.2f} s, to the whole site "
                f"{statistics.median(r.serve_whole_seconds):.2f} s (medians of {len(r.serve_seconds)})"
            )
    if 400 in by_n and 2000 in by_n:
        print(f"2,000 vs 400 accounts: {by_n[2000].median('ours') / by_n[400].median('ours'):.2f} x the time")
    print()
    verdicts = check_targets(results)
    for verdict, name, value in verdicts:
        print(f"{verdict}  {name}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return 1 if any(v == "FAIL" for v, _, _ in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
