"""Fuzz `escalation validate` with the sample workbook's package mutated at random: cells of any type and
address, parts replaced by random bytes, a truncated file, bytes overwritten anywhere.

Whatever the file, the command exits 0 (clean) or 1 (located errors): never a traceback, a crash or a hang. A
fixed number of derandomised examples keeps the run short and the same in CI.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import signal
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.cli import main

from .conftest import SAMPLE_AS_OF, SAMPLE_DATA
from .hostile_files import add_to_sheet_data, rewrite

SAMPLE = SAMPLE_DATA / "escalations.xlsx"
PARTS = sorted(zipfile.ZipFile(SAMPLE).namelist())
SIZE = SAMPLE.stat().st_size
HANG_SECONDS = 120
"""A guard against hangs, not a performance target (tests/benchmarks/bench_bad_input.py measures time)."""


@dataclass(frozen=True)
class Cell:
    sheet: int
    ref: str
    kind: str
    value: str
    formula: bool
    escaped: bool


@dataclass(frozen=True)
class Part:
    name: str
    data: bytes


@dataclass(frozen=True)
class Truncate:
    keep: float


@dataclass(frozen=True)
class Overwrite:
    offset: int
    data: bytes


refs = st.one_of(
    st.from_regex(r"[A-Z]{1,3}[1-9][0-9]{0,6}", fullmatch=True),
    st.sampled_from(["XFD1048576", "A1048576", "A1", "B2", "A0", "XFE1", "", "1A"]),
)
values = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "1e999", "-0", "45000", "2026-02-30", "#N/A", "_x0007_", "99999999", "nan", "1"]),
)
mutations = st.one_of(
    st.builds(
        Cell,
        st.integers(1, 6),
        refs,
        st.sampled_from(["n", "s", "str", "b", "e", "d", "inlineStr", "zz"]),
        values,
        st.booleans(),
        st.booleans(),
    ),
    st.builds(Part, st.sampled_from(PARTS), st.binary(max_size=300)),
    st.builds(Truncate, st.floats(0.0, 0.999)),
    st.builds(Overwrite, st.integers(0, SIZE - 1), st.binary(min_size=1, max_size=16)),
)


def _cell_xml(cell: Cell) -> bytes:
    text = escape(cell.value) if cell.escaped else cell.value
    formula = "<f>A1+1</f>" if cell.formula else ""
    inner = f"<is><t>{text}</t></is>" if cell.kind == "inlineStr" else f"{formula}<v>{text}</v>"
    digits = "".join(ch for ch in cell.ref if ch.isdigit()) or "1"
    row = f'<row r="{digits[:7]}"><c r="{cell.ref}" t="{cell.kind}">{inner}</c></row>'
    return row.encode("utf-8", "surrogatepass")


def _apply(mutation, path: Path, scratch: Path) -> None:
    """Apply one mutation; one that needs a readable zip leaves a file an earlier mutation broke as it is."""
    try:
        _mutate(mutation, path, scratch)
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ValueError, OSError, NotImplementedError, RuntimeError):
        return
    shutil.move(scratch, path)


def _mutate(mutation, path: Path, scratch: Path) -> None:
    if isinstance(mutation, Cell):
        rewrite(path, scratch, {f"xl/worksheets/sheet{mutation.sheet}.xml": add_to_sheet_data(_cell_xml(mutation))})
    elif isinstance(mutation, Part):
        rewrite(path, scratch, {mutation.name: mutation.data})
    elif isinstance(mutation, Truncate):
        data = path.read_bytes()
        scratch.write_bytes(data[: int(len(data) * mutation.keep)])
    else:
        data = bytearray(path.read_bytes())
        offset = min(mutation.offset, max(len(data) - 1, 0))
        data[offset : offset + len(mutation.data)] = mutation.data
        scratch.write_bytes(bytes(data))


class _Hang(Exception):
    pass


def _alarm(*_args):
    raise _Hang(f"escalation validate ran for more than {HANG_SECONDS} s")


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(st.lists(mutations, min_size=1, max_size=3))
def test_validate_exits_0_or_1_for_any_mutation_of_the_sample_workbook(changes):
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
        workbook = data / "escalations.xlsx"
        shutil.copy(SAMPLE, workbook)
        for change in changes:
            _apply(change, workbook, Path(folder) / "scratch.xlsx")
        stderr = io.StringIO()
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(HANG_SECONDS)
        try:
            with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
                code = main(["validate", "--data", str(data), "--as-of", SAMPLE_AS_OF])
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        assert code in (0, 1), stderr.getvalue()[-2000:]
        assert "Traceback" not in stderr.getvalue()
        if code == 1:
            assert "error" in stderr.getvalue()
