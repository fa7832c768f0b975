"""Content lines of iCalendar (RFC 5545) events, written directly.

A feed's events take a handful of property kinds (text, date, UTC and zoned date-times, URI), and writing them is
escaping and folding. The icalendar library builds an object per property and folds character by character, which
made calendar feeds most of a large build's generation time; it still writes each feed's header and VTIMEZONE,
and the tests read every feed back with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

SEGMENT_OCTETS = 74
"""RFC 5545 3.1 folds content lines longer than 75 octets (without the line break). Every segment of a folded line
holds at most 74, so a continuation line with its leading space is at most 75; the icalendar library folds the same
way, so feeds written before keep their bytes."""

_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def text(value: str) -> str:
    """A TEXT value (3.3.11): backslash, semicolon and comma escaped, every line break written ``\\n``."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_TEXT_ESCAPES)


def texts(values: Iterable[str]) -> str:
    """A list of TEXT values, as in CATEGORIES: each escaped, joined by commas."""
    return ",".join(text(value) for value in values)


def date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def utc_datetime(moment: dt.datetime) -> str:
    """A date-time in UTC, ``Z``-suffixed (form 2 of 3.3.5)."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def local_datetime(moment: dt.datetime) -> str:
    """A date-time as the wall clock shows it, to go with a TZID parameter (form 3 of 3.3.5)."""
    return moment.strftime("%Y%m%dT%H%M%S")


def fold(line: str) -> str:
    """One content line, folded (3.1) and ended with CRLF: segments of at most :data:`SEGMENT_OCTETS`, continuation
    lines starting with a space, never splitting a character's UTF-8 bytes. A backslash or caret that would end a
    segment is carried to the next one, as the icalendar library folds, which keeps an escape such as ``\\,`` or
    RFC 6868's ``^n`` on one line (a client unfolds before it unescapes, so the text reads the same either way)."""
    if len(line.encode("utf-8")) <= SEGMENT_OCTETS:
        return line + "\r\n"
    parts: list[str] = []
    start = 0
    count = 0
    index = 0
    for index, char in enumerate(line):
        size = 1 if char < "\x80" else len(char.encode("utf-8"))
        if count + size > SEGMENT_OCTETS:
            cut = index - 1 if index - start > 1 and line[index - 1] in "\\^" else index
            parts.append(line[start:cut])
            count = len(line[cut:index].encode("utf-8"))
            start = cut
        count += size
    parts.append(line[start:])
    return "\r\n ".join(parts) + "\r\n"


def content_line(name: str, value: str, parameters: str = "") -> str:
    """``NAME;PARAMETERS:value``, folded; the value already written in its type's form (see :func:`text`)."""
    return fold(f"{name}{';' + parameters if parameters else ''}:{value}")
