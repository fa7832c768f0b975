"""Benchmark: `escalation validate` and the site build on one generated bad file per class of hostile input.

Not a test (pytest collects only ``test_*.py``); run it by hand::

    .venv/bin/python tests/benchmarks/bench_bad_input.py [--only far_cell,bomb] [--keep DIR]

Each case copies the sample data, breaks one thing (tests/hostile_files.py builds the workbooks), then runs, each
in a fresh subprocess, ``escalation validate`` and ``mkdocs build`` of this project's docs against it. It prints
the exit code, wall time, peak memory (the child's own ``ru_maxrss``) and the ratio of each to the clean sample
measured in the same run, then PASS or FAIL against the targets: every run at or under 10 s and 300 MB, and an
exit code of 0 or 1 for validate (a crash signal or a traceback fails).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

from bench_build import _WRAPPER, _env, our_project  # noqa: E402 - the sibling benchmark's helpers

from tests import hostile_files as hostile  # noqa: E402

SAMPLE = ROOT / "data"
TARGET_SECONDS = 10.0
TARGET_MB = 300.0
TIMEOUT = 600


@dataclass
class Run:
    code: int
    seconds: float
    peak_mb: float
    traceback: bool


def _measure(module: str, args: list[str], work: Path) -> Run:
    report = work / "rss.json"
    report.unlink(missing_ok=True)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(report), module, *args],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=work,
        check=False,
        timeout=TIMEOUT,
    )
    seconds = time.perf_counter() - started
    peak = json.loads(report.read_text(encoding="utf-8"))["maxrss_kib"] / 1024 if report.exists() else float("nan")
    code = completed.returncode
    return Run(code, seconds, peak, "Traceback (most recent call last)" in completed.stderr)


# --- the cases: each takes the data folder (a copy of the sample) and breaks one thing ---------------------------


def _workbook(change: Callable[[Path, Path], Path]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        workbook = data / "escalations.xlsx"
        original = data / "original.xlsx"
        workbook.rename(original)
        change(original, workbook)
        original.unlink()

    return apply


def _policy(file_name: str, text: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / "policy" / file_name
        path.write_text(text(path.read_text(encoding="utf-8")), encoding="utf-8")

    return apply


def _sheet_names(source: Path, target: Path) -> Path:
    def rename(data: bytes) -> bytes:
        return data.replace(b'<sheet name="Reviews"', b'<sheet name="updates "', 1)

    return hostile.rewrite(source, target, {"xl/workbook.xml": rename})


def _error_cells(source: Path, target: Path) -> Path:
    return hostile.rewrite(source, target, {"xl/worksheets/sheet6.xml": hostile.add_to_sheet_data(_late_rows())})


def _late_rows() -> bytes:
    # 200,000 self-closing error cells after the sample's rows (which end well before row 1,000)
    return b"".join(f'<row r="{r}"><c r="A{r}" t="e"/><c r="B{r}" t="e"/></row>'.encode() for r in range(1000, 101_000))


def _typed_date(source: Path, target: Path) -> Path:
    # Renewal Date of the first account: an Excel date serial for 1900-01-05 in a date-formatted cell
    def change(data: bytes) -> bytes:
        start = data.index(b'<c r="G2"')
        end = data.index(b"</c>", start)
        cell = data[start:end]
        style = cell[cell.index(b' s="') : cell.index(b'"', cell.index(b' s="') + 4) + 1] if b' s="' in cell else b""
        return data[:start] + b'<c r="G2"' + style + b"><v>5</v>" + data[end:]

    return hostile.rewrite(source, target, {"xl/worksheets/sheet1.xml": change})


def _macro(source: Path, target: Path) -> Path:
    return hostile.rewrite(source, target, {}, added={"xl/vbaProject.bin": b"\x00" * 512})


def _control_id(source: Path, target: Path) -> Path:
    def change(data: bytes) -> bytes:
        start = data.index(b'<c r="A2"')
        end = data.index(b"</c>", start) + 4
        return data[:start] + b'<c r="A2" t="inlineStr"><is><t>ACC_x0007_\xe2\x80\xae1</t></is></c>' + data[end:]

    return hostile.rewrite(source, target, {"xl/worksheets/sheet1.xml": change})


CASES: dict[str, Callable[[Path], None]] = {
    "far_cell": _workbook(lambda s, t: hostile.stray_far_cell(s, t)),
    "far_value": _workbook(lambda s, t: hostile.stray_far_cell(s, t, text="x")),
    "bomb_1GB": _workbook(lambda s, t: hostile.bomb(s, t, "xl/worksheets/sheet2.xml", 1_000_000_000)),
    "bomb_lying_header": _workbook(
        lambda s, t: hostile.bomb(s, t, "xl/worksheets/sheet2.xml", 300_000_000, declared=150_000)
    ),
    "doctype_entity": _workbook(lambda s, t: hostile.doctype_in(s, t, "xl/styles.xml")),
    "truncated_zip": _workbook(lambda s, t: hostile.truncated(s, t, 0.6)),
    "error_cells_200k": _workbook(_error_cells),
    "sheet_names_collide": _workbook(_sheet_names),
    "typed_date_1900": _workbook(_typed_date),
    "macro_part": _workbook(_macro),
    "control_chars_in_id": _workbook(_control_id),
    "yaml_impossible_values": _policy(
        "tiers.yaml", lambda text: text.replace("owners:", "x_date: 2026-02-30\nx_int: " + "9" * 5000 + "\nowners:", 1)
    ),
    "yaml_deep_nesting": _policy("tiers.yaml", lambda text: "owners: " + "[" * 200_000 + "]" * 200_000 + "\n"),
}


def run_case(name: str, apply: Callable[[Path], None] | None, work: Path) -> tuple[Run, Run]:
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    data = folder / "data"
    shutil.copytree(SAMPLE / "policy", data / "policy")
    shutil.copy(SAMPLE / "escalations.xlsx", data / "escalations.xlsx")
    if apply is not None:
        apply(data)
    size = (data / "escalations.xlsx").stat().st_size
    parts = ""
    if zipfile.is_zipfile(data / "escalations.xlsx"):
        with zipfile.ZipFile(data / "escalations.xlsx") as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        parts = f", declares {unpacked / 1e6:,.0f} MB unpacked"
    print(f"  {name}: workbook {size / 1e6:,.2f} MB{parts}", flush=True)
    validate = _measure("macros.cli", ["validate", "--data", str(data)], folder)
    project = our_project(folder, data)
    build = _measure("mkdocs", ["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(folder / "site")], folder)
    return validate, build


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="comma-separated case names (default: all)")
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(CASES)}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-bad-input-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        base_validate, base_build = run_case("clean_sample", None, work)
        rows = [("clean_sample", base_validate, base_build)]
        for name in names:
            rows.append((name, *run_case(name, CASES[name], work)))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"{'case':24} {'validate':>30} {'build':>30}  verdict")
    failures = 0
    for name, validate, build in rows:
        cells = []
        for run, base in ((validate, base_validate), (build, base_build)):
            cells.append(
                f"exit {run.code:>3} {run.seconds:5.1f} s ×{run.seconds / base.seconds:4.1f} "
                f"{run.peak_mb:4.0f} MB ×{run.peak_mb / base.peak_mb:3.1f}"
            )
        ok = (
            validate.code in (0, 1)
            and build.code in (0, 1)
            and not validate.traceback
            and not build.traceback
            and max(validate.seconds, build.seconds) <= TARGET_SECONDS
            and max(validate.peak_mb, build.peak_mb) <= TARGET_MB
        )
        failures += not ok
        print(f"{name:24} {cells[0]:>30} {cells[1]:>30}  {'PASS' if ok else 'FAIL'}")
    print(f"\ntargets: exit 0 or 1 without a traceback, ≤ {TARGET_SECONDS:g} s and ≤ {TARGET_MB:g} MB per run")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
