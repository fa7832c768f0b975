"""Benchmark: build time of this working tree against another commit (by default ``main``), same data, same run.

Not a test (pytest collects only ``test_*.py``). Use it when a change touches rendering, to check that the build
has not slowed down::

    .venv/bin/python tests/benchmarks/bench_render_ref.py [--ref main] [--accounts 1500] [--repeats 3]

It generates demo data once (``escalation demo-data --seed 7``), exports the other commit with ``git archive``,
then times a full ``mkdocs build`` of each tree in a fresh subprocess, alternating between the two, and prints
the median wall and CPU time of each and their ratios (this tree / the other commit).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"


def _project(tree: Path, folder: Path, data: Path) -> Path:
    """A project folder building ``tree``'s docs and macros against ``data``."""
    folder.mkdir(parents=True)
    shutil.copytree(tree / "docs", folder / "docs")
    (folder / "macros").symlink_to(tree / "macros", target_is_directory=True)
    config = (tree / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^    data_dir: .*$", f"    data_dir: {data.as_posix()}", config)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder


def _build(tree: Path, project: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one build. CPU time (user + system of the child) is the steadier figure on
    a machine shared with other work."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCALATION_")}
    env.update(ESCALATION_AS_OF=AS_OF, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(tree))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
        check=True,
        env=env,
        cwd=project,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main", help="the commit to compare with (default: main)")
    parser.add_argument("--accounts", type=int, default=1500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = work / "data"
        demo = ["demo-data", "--accounts", str(args.accounts), "--seed", "7", "--as-of", AS_OF, "--out", str(data)]
        subprocess.run(
            [sys.executable, "-m", "macros.cli", *demo],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        other = work / "other"
        other.mkdir()
        archive = subprocess.run(["git", "archive", args.ref], check=True, cwd=ROOT, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(other)], input=archive, check=True)
        trees = {"this tree": ROOT, args.ref: other}
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for repeat in range(args.repeats):
            for name, tree in trees.items():
                project = _project(tree, work / f"{name.replace(' ', '-')}-{repeat}", data)
                times[name].append(_build(tree, project))
                wall, cpu = times[name][-1]
                print(f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
    for index, what in ((0, "wall"), (1, "CPU")):
        medians = {name: statistics.median(v[index] for v in values) for name, values in times.items()}
        for name, value in medians.items():
            print(f"median {what} {name}: {value:.2f} s")
        print(f"ratio {what} this tree / {args.ref}: {medians['this tree'] / medians[args.ref]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
