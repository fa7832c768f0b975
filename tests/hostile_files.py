"""Generate hostile or broken workbooks from a good one, by rewriting parts of its zip package.

Used by the adversarial tests, the fuzz test and ``tests/benchmarks/bench_bad_input.py``: every bad file is built
by code here, so the repository holds no binary fixtures.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

Change = bytes | Callable[[bytes], bytes] | None
"""New content of a part, a function of its old content, or None to delete it."""


def rewrite(source: Path, target: Path, changes: dict[str, Change], added: dict[str, bytes] | None = None) -> Path:
    """Copy the package ``source`` to ``target`` with ``changes`` applied to its parts and ``added`` parts added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename in changes:
                change = changes[item.filename]
                if change is None:
                    continue
                data = change(data) if callable(change) else change
            new.writestr(item.filename, data)
        for name, data in (added or {}).items():
            new.writestr(name, data)
    return target


def sheet_part(index: int) -> str:
    """The zip member of the ``index``-th sheet (1-based) as openpyxl writes it."""
    return f"xl/worksheets/sheet{index}.xml"


def add_to_sheet_data(xml_rows: bytes) -> Callable[[bytes], bytes]:
    """A change that appends raw ``<row>`` XML at the end of a sheet's data."""

    def change(data: bytes) -> bytes:
        if b"<sheetData/>" in data:
            return data.replace(b"<sheetData/>", b"<sheetData>" + xml_rows + b"</sheetData>")
        return data.replace(b"</sheetData>", xml_rows + b"</sheetData>", 1)

    return change


def stray_far_cell(source: Path, target: Path, sheet: int = 1, text: str = " ") -> Path:
    """One text cell at XFD1048576, the last cell of the grid, far from the data."""
    row = f'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>{text}</t></is></c></row>'.encode()
    return rewrite(source, target, {sheet_part(sheet): add_to_sheet_data(row)})


def doctype_in(source: Path, target: Path, part: str) -> Path:
    """``part`` with an internal DTD declaring an entity (the shape of every XML entity attack)."""

    def change(data: bytes) -> bytes:
        declaration = b'<!DOCTYPE x [<!ENTITY e "boom">]>'
        if data.startswith(b"<?xml"):
            end = data.index(b"?>") + 2
            return data[:end] + declaration + data[end:]
        return declaration + data

    return rewrite(source, target, {part: change})


def error_cells(count: int) -> bytes:
    """``count`` rows of self-closing error cells (``<c t="e"/>``): the input that made a regular-expression scan
    quadratic."""
    return b"".join(f'<row r="{r}"><c r="A{r}" t="e"/><c r="B{r}" t="e"/></row>'.encode() for r in range(2, count + 2))


def bomb(source: Path, target: Path, part: str, size: int, *, declared: int | None = None) -> Path:
    """``part`` replaced by its own XML padded with ``size`` bytes of spaces (which compress about 1,000 to 1).

    With ``declared`` the zip's headers claim that uncompressed size instead of the real one, as a crafted file
    would, to get past a check of the declared size alone.
    """
    with zipfile.ZipFile(source) as old:
        original = old.read(part)
    head, _, tail = original.partition(b"</worksheet>")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = 0
    pieces = []
    block = b" " * (1 << 20)
    for chunk in _chunks(head, block, size, tail + b"</worksheet>"):
        crc = zlib.crc32(chunk, crc)
        pieces.append(compressor.compress(chunk))
    pieces.append(compressor.flush())
    compressed = b"".join(pieces)
    real_size = len(head) + size + len(tail) + len(b"</worksheet>")
    rewrite(source, target, {part: None})
    _append_raw_member(target, part, compressed, crc, declared if declared is not None else real_size)
    return target


def _chunks(head: bytes, block: bytes, size: int, tail: bytes):
    yield head
    left = size
    while left > 0:
        yield block[: min(left, len(block))]
        left -= len(block)
    yield tail


def _append_raw_member(target: Path, name: str, compressed: bytes, crc: int, size: int) -> None:
    """Add an already-deflated member whose header states ``size`` (zipfile cannot write a lying header)."""
    with zipfile.ZipFile(target, "a") as archive:
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size = size
        info.compress_size = len(compressed)
        info.CRC = crc
        info.header_offset = archive.fp.seek(archive.start_dir)
        archive.fp.write(info.FileHeader(zip64=size > 0xFFFFFFFF or None))
        archive.fp.write(compressed)
        archive.start_dir = archive.fp.tell()
        archive.filelist.append(info)
        archive.NameToInfo[name] = info
        archive._didModify = True


def truncated(source: Path, target: Path, keep: float) -> Path:
    """The first ``keep`` fraction of the file's bytes, as a broken download leaves it."""
    data = source.read_bytes()
    target.write_bytes(data[: max(1, int(len(data) * keep))])
    return target
