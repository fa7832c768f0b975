"""Open the workbook's zip package and stream its XML parts safely, within size limits.

An xlsx file is a zip of XML parts. Two things make reading one dangerous: a small file can unzip to gigabytes
(a "zip bomb"), and XML can declare entities that expand without end. So every part is

* checked before it is opened: its declared uncompressed size against :attr:`ReadLimits.max_part_bytes`, and its
  compression ratio against :attr:`ReadLimits.max_ratio` (once it is larger than :attr:`ReadLimits.ratio_grace_bytes`);
* streamed in chunks into an expat parser, counting the bytes that really come out, so a part whose declared size
  lies is stopped at the same limit, and no part is ever held in memory whole;
* parsed with document type declarations refused: a DOCTYPE (and with it every entity declaration) is an error,
  never a silently empty result. Excel never writes one.

Every failure is a :class:`PartError` naming the part and, where it applies, the limit.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

_MB = 1_000_000
_CHUNK = 1 << 20


def _env_megabytes(name: str, default: int) -> int:
    text = os.environ.get(name, "")
    return int(text) * _MB if text.isdigit() and int(text) > 0 else default


DEFAULT_MAX_PART_BYTES = 200 * _MB


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """How large a workbook's parts may be. The defaults are far above any real escalation log (a log of 5,000
    accounts has parts of a few megabytes); ``ESCALATION_MAX_PART_MB`` overrides the size of a part."""

    max_part_bytes: int = DEFAULT_MAX_PART_BYTES
    """Largest uncompressed size of one part (declared, and counted while reading)."""
    max_ratio: int = 200
    """Largest uncompressed/compressed size ratio of a part above :attr:`ratio_grace_bytes`."""
    ratio_grace_bytes: int = 5 * _MB
    """Parts up to this size may compress as well as they like (small repetitive parts compress very well)."""
    max_parts: int = 10_000
    """Most members the zip may hold."""

    @classmethod
    def from_environment(cls) -> ReadLimits:
        return cls(max_part_bytes=_env_megabytes("ESCALATION_MAX_PART_MB", DEFAULT_MAX_PART_BYTES))


class PartError(Exception):
    """A part of the package cannot be read safely; ``message`` names the part."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_OPEN_HINT = "open it in Excel and save it again as an Excel Workbook (.xlsx)"
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)
"""What zipfile raises for damaged, truncated, encrypted or oddly compressed members."""


def _megabytes(size: int) -> str:
    return f"{size / _MB:,.0f} MB" if size >= _MB else f"{size:,} bytes"


class Package:
    """The open zip, with its members checked against the limits before any is read."""

    def __init__(self, path: Path, limits: ReadLimits) -> None:
        self.limits = limits
        try:
            self.archive = zipfile.ZipFile(path)
            infos = self.archive.infolist()
        except _ZIP_ERRORS as exc:
            raise PartError(f"the zip container is damaged ({_short(exc)})", hint=_OPEN_HINT) from None
        if len(infos) > limits.max_parts:
            self.archive.close()
            raise PartError(
                f"the package holds {len(infos):,} parts; at most {limits.max_parts:,} are read", hint=_OPEN_HINT
            )
        self.members = {info.filename: info for info in infos}

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def has(self, name: str) -> bool:
        return name in self.members

    def check(self, name: str) -> zipfile.ZipInfo:
        """The member's entry, after its declared size and ratio are checked."""
        info = self.members.get(name)
        if info is None:
            raise PartError(f"part '{_quoted(name)}' is missing from the package", hint=_OPEN_HINT)
        limits = self.limits
        if info.file_size > limits.max_part_bytes:
            raise PartError(
                f"part '{_quoted(name)}' unpacks to {_megabytes(info.file_size)}, "
                f"above the limit of {_megabytes(limits.max_part_bytes)} a part",
                hint="a real escalation log is far smaller; check the file, or raise ESCALATION_MAX_PART_MB",
            )
        if info.file_size > limits.ratio_grace_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise PartError(
                f"part '{_quoted(name)}' is compressed {ratio:,.0f} to 1, above the limit of {limits.max_ratio} to 1",
                hint="this is how decompression bombs look; a real workbook compresses far less",
            )
        return info

    def chunks(self, name: str):
        """The member's bytes in chunks, stopped at the part limit whatever its header declares."""
        self.check(name)
        limit = self.limits.max_part_bytes
        seen = 0
        try:
            with self.archive.open(name) as stream:
                while chunk := stream.read(_CHUNK):
                    seen += len(chunk)
                    if seen > limit:
                        raise PartError(
                            f"part '{_quoted(name)}' unpacks to more than {_megabytes(limit)} "
                            "(more than its header declares), above the limit a part",
                            hint="the file is damaged or built to exhaust memory",
                        )
                    yield chunk
        except _ZIP_ERRORS as exc:
            raise PartError(f"part '{_quoted(name)}' cannot be unpacked ({_short(exc)})", hint=_OPEN_HINT) from None

    def parse(self, name: str, handler: XmlHandler) -> None:
        """Stream the member through ``handler`` (see :class:`XmlHandler`)."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.ordered_attributes = False
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.data
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_entity
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        try:
            for chunk in self.chunks(name):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Refused as exc:
            raise PartError(
                f"part '{_quoted(name)}' cannot be read: it {exc.args[0]} (line {parser.CurrentLineNumber})",
                hint="Excel never writes one, so another tool made or changed the file; " + _OPEN_HINT,
            ) from None
        except expat.ExpatError as exc:
            raise PartError(
                f"part '{_quoted(name)}' is not well-formed XML ({expat.ErrorString(exc.code)}, "
                f"line {exc.lineno}, column {exc.offset + 1})",
                hint=_OPEN_HINT,
            ) from None
        except CellRefError as exc:
            raise PartError(f"part '{_quoted(name)}': {exc.args[0]}", hint=_OPEN_HINT) from None


class XmlHandler:
    """Callbacks for :meth:`Package.parse`. Element names arrive as written (``c`` or ``x:c``)."""

    def start(self, name: str, attributes: dict[str, str]) -> None:  # pragma: no cover - overridden
        pass

    def end(self, name: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass


class _Refused(Exception):
    pass


class CellRefError(Exception):
    """A cell or row reference outside Excel's grid; raised by handlers, reported as a :class:`PartError`."""


def _refuse_doctype(*_args) -> None:
    raise _Refused("declares a document type (DOCTYPE)")


def _refuse_entity(*_args) -> None:  # pragma: no cover - only reachable after a DOCTYPE, which is refused first
    raise _Refused("declares an entity")


def local(name: str) -> str:
    """``x:c`` → ``c``."""
    return name[name.index(":") + 1 :] if ":" in name else name


def _quoted(name: str, limit: int = 80) -> str:
    """A part name as messages show it: a crafted package may name a part with thousands of characters."""
    return name if len(name) <= limit else name[: limit - 3] + "..."


def _short(exc: BaseException, limit: int = 120) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[: limit - 3] + "..."
