"""Benchmark: a build whose policy folder has 12 versions in git against the same build with a single version.

Not a test (pytest collects only ``test_*.py``); run it by hand::

    .venv/bin/python tests/benchmarks/bench_policy_history.py [--accounts 5000] [--versions 12] [--repeats 3]

It generates demo data once (``escalation demo-data``, cached under --cache), then sets up two git repositories
holding this project's docs and that data:

* **single**: the policy committed once, before the log starts;
* **history**: the policy committed ``--versions`` times a month apart across the log's months, each version with
  a different ARR threshold in the discount rules (so approvals are judged by different policies and today's
  verdict differs for some), the last version equal to the single one.

Each is built with ``mkdocs build`` in a fresh subprocess, alternately, ``--repeats`` times after a warm-up run;
medians are compared. Target: history <= 1.1 x single. Ends with PASS or FAIL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"
SEED = 7
MONTHS = 12
LIMIT = 1.1
TIMEOUT = 1800
THRESHOLD = "250000"


def demo_data(cache: Path, accounts: int) -> Path:
    folder = cache / f"data-{accounts}-seed{SEED}-{AS_OF}"
    if not (folder / "escalations.xlsx").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        command = ["demo-data", "--accounts", str(accounts), "--seed", str(SEED), "--as-of", AS_OF]
        subprocess.run(
            [sys.executable, "-m", "macros.cli", *command, "--months", str(MONTHS), "--out", str(folder)],
            check=True,
            cwd=ROOT,
            env=_env(),
            timeout=TIMEOUT,
        )
        print(f"  generated demo data for {accounts:,} accounts in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ESCALATION_", "GIT_"))}
    env.update({"ESCALATION_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def _git(repo: Path, *args: str, when: dt.date | None = None) -> None:
    extra = {}
    if when is not None:
        extra = {"GIT_AUTHOR_DATE": f"{when.isoformat()}T09:00:00+00:00"}
        extra["GIT_COMMITTER_DATE"] = extra["GIT_AUTHOR_DATE"]
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Bench", "-c", "user.email=bench@example.com", *args],
        check=True,
        capture_output=True,
        env=_env(**extra),
    )


def project(work: Path, name: str, data: Path, days: list[dt.date]) -> Path:
    """A git repository with this project's docs and a copy of ``data``, the policy committed once per day."""
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", folder / "docs")
    (folder / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    shutil.copytree(data / "policy", folder / "data" / "policy")
    shutil.copy(data / "escalations.xlsx", folder / "data" / "escalations.xlsx")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^    data_dir: .*$", "    data_dir: data", config)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    authority = folder / "data" / "policy" / "authority.yaml"
    final = authority.read_text(encoding="utf-8")
    if THRESHOLD not in final:
        raise SystemExit(f"the demo policy has no {THRESHOLD} threshold to vary in authority.yaml")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "docs", "mkdocs.yml", "data/escalations.xlsx")
    _git(folder, "commit", "-q", "-m", "Site", when=days[0] - dt.timedelta(days=1))
    for index, day in enumerate(days):
        last = index == len(days) - 1
        threshold = THRESHOLD if last else str(int(THRESHOLD) - 10000 * (len(days) - 1 - index))
        authority.write_text(final.replace(THRESHOLD, threshold), encoding="utf-8")
        _git(folder, "add", "data/policy")
        _git(folder, "commit", "-q", "-m", f"Policy version {index + 1}", when=day)
    return folder


def build(folder: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site")],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=folder,
        check=False,
        timeout=TIMEOUT,
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"build of {folder.name} failed:\n{(completed.stdout + completed.stderr)[-4000:]}")
    return seconds


def month_days(count: int) -> list[dt.date]:
    """First days of ``count`` consecutive months ending with the as-of month."""
    end = dt.date.fromisoformat(AS_OF).replace(day=1)
    days = []
    year, month = end.year, end.month
    for _ in range(count):
        days.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(days)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--versions", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=3, help="measured builds of each (medians are compared)")
    parser.add_argument(
        "--cache",
        default=str(Path(tempfile.gettempdir()) / "escalation-bench"),
        help="folder for generated demo data and the two repositories (reused between runs)",
    )
    args = parser.parse_args(argv)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    print(f"N = {args.accounts:,} accounts, {args.versions} policy versions", flush=True)
    data = demo_data(cache, args.accounts)
    days = month_days(args.versions)
    work = cache / "policy-history"
    single = project(work, "single", data, [days[0] - dt.timedelta(days=31)])
    history = project(work, "history", data, days)
    build(single)  # warm-up: OS caches, byte-compiled modules
    build(history)
    times: dict[str, list[float]] = {"single": [], "history": []}
    for index in range(args.repeats):
        times["single"].append(build(single))
        times["history"].append(build(history))
        print(
            f"  run {index + 1}/{args.repeats}: single {times['single'][-1]:.1f} s, "
            f"history {times['history'][-1]:.1f} s",
            flush=True,
        )
    one, many = statistics.median(times["single"]), statistics.median(times["history"])
    ratio = many / one
    print()
    print(f"Medians of {args.repeats} builds, as of {AS_OF}, seed {SEED}, {args.accounts:,} accounts:")
    print(f"  single version     {one:.1f} s")
    print(f"  {args.versions} versions       {many:.1f} s")
    print(f"  ratio              {ratio:.3f}")
    verdict = "PASS" if ratio <= LIMIT else "FAIL"
    print(f"{verdict}  build with {args.versions} policy versions <= {LIMIT} x build with one: {ratio:.3f}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
