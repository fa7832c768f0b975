"""Parsers for single workbook cells. Each returns a value or raises :class:`CellError` saying what was expected.

They accept what people actually type in Excel, LibreOffice and Google Sheets, and refuse what cannot be read
without guessing: `03/04/2026` could be March or April, so it is an error with a hint, never a guess.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

from ..text_checks import forbidden_character

MAX_TEXT = 20_000
"""Longest text a cell may hold; longer pasted text is refused rather than silently cut."""
MAX_AMOUNT = 1e12


_NUMBER_HINT = "write a plain number such as 12 or 1,250.5"


class CellError(ValueError):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_text(value: object) -> str:
    """Text that may run over several lines (tab and newline allowed, other control characters not)."""
    if type(value) is str and "\r" not in value and len(value) <= MAX_TEXT:  # fast path for the common case
        _check_characters(value, multiline=True)
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_TEXT:
        raise CellError(
            f"text of {len(text):,} characters; at most {MAX_TEXT:,} are allowed",
            hint="keep long notes in a document and paste a link",
        )
    _check_characters(text, multiline=True)
    return text


def _check_characters(text: str, *, multiline: bool) -> None:
    bad = forbidden_character(text, multiline=multiline)
    if bad is not None:
        offset, name = bad
        raise CellError(
            f"text without {name} (found at character {offset + 1}), got {shown(text)}",
            hint="delete the invisible character (retype the text if unsure)",
        )


def parse_id(value: object) -> str:
    text = parse_text(value)
    if "\n" in text:
        raise CellError(f"an id on one line, got {shown(text)}", hint="remove the line break from the cell")
    _check_characters(text, multiline=False)
    if len(text) > 80:
        raise CellError(f"an id of at most 80 characters, got {len(text)}")
    return text


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")
_SLASHED = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_NAMED_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y")
_DATE_HINT = "use an Excel date or ISO text like 2026-03-01"


def parse_date(value: object) -> dt.date:
    """A calendar day from a date cell, or ISO text (2026-03-01), or text with the month in words (1 Mar 2026)."""
    if isinstance(value, dt.date):  # a date cell (datetime is a date too) gets the same range check as text
        return _in_range(value.date() if isinstance(value, dt.datetime) else value)
    if isinstance(value, (bool, int | float)):
        raise CellError(f"a date, got the number {shown(value)}", hint="format the cell as a date, or " + _DATE_HINT)
    text = parse_text(value)
    match = _ISO_DATE.match(text)
    if match:
        return _make_date(text, *map(int, match.groups()))
    match = _ISO_DATETIME.match(text)
    if match:
        return _make_date(text, *map(int, match.groups()[:3]))
    if _SLASHED.match(text):
        raise CellError(
            f"an unambiguous date, got {shown(text)} (day and month could be either way round)",
            hint=_DATE_HINT,
        )
    for fmt in _NAMED_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return _in_range(day, text)
    raise CellError(f"a date, got {shown(text)}", hint=_DATE_HINT)


def parse_datetime(value: object) -> dt.datetime:
    """A moment, naive, in the business time zone. A date alone means the start of that day."""
    if isinstance(value, dt.datetime):
        _in_range(value.date())
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        _in_range(value)
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        raise CellError(f"a date and time, got only a time {value}", hint="use 2026-03-01 14:30")
    if not isinstance(value, str):
        return dt.datetime.combine(parse_date(value), dt.time())
    text = parse_text(value)
    match = _ISO_DATETIME.match(text)
    if match:
        year, month, day, hour, minute = map(int, match.groups()[:5])
        second = int(match.group(6) or 0)
        _make_date(text, year, month, day)
        if hour > 23 or minute > 59 or second > 59:
            raise CellError(f"a valid time of day, got {shown(text)}", hint="use 24-hour time, e.g. 2026-03-01 14:30")
        return dt.datetime(year, month, day, hour, minute, second)
    return dt.datetime.combine(parse_date(text), dt.time())


def _make_date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        result = dt.date(year, month, day)
    except ValueError:
        raise CellError(f"a real calendar date, got {shown(text)}", hint=_DATE_HINT) from None
    return _in_range(result, text)


FIRST_YEAR, LAST_YEAR = 1990, 2100
"""Dates outside these years are typing mistakes (or Excel's day 0, 1900-01-00), whether typed or text."""


def _in_range(day: dt.date, text: str | None = None) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        quoted = shown(text) if text is not None else day.isoformat()
        raise CellError(f"a date between {FIRST_YEAR} and {LAST_YEAR}, got {quoted}", hint="check the year")
    return day


_CURRENCY = re.compile(
    r"^(?:[A-Z]{3}\s*)?[$€£¥]?\s*(-?)\s*[$€£¥]?\s*([0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*(?:[A-Z]{3})?$"
)


def parse_number(value: object) -> float:
    if isinstance(value, bool):
        raise CellError(f"a number, got {value}", hint=_NUMBER_HINT)
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise CellError("a number, got a value that is not a finite number", hint=_NUMBER_HINT)
        return number
    text = parse_text(value).replace("\u00a0", " ").replace("\u202f", " ")
    cleaned = text.replace(" ", "")
    if re.fullmatch(r"-?[0-9][0-9,]*(\.[0-9]+)?|-?\.[0-9]+", cleaned) and _grouping_ok(cleaned):
        return float(cleaned.replace(",", ""))
    raise CellError(f"a number, got {shown(text)}", hint=_NUMBER_HINT)


def _grouping_ok(text: str) -> bool:
    """Thousands separators must group by three (so 1,5 is refused: it could be a European decimal)."""
    whole = text.lstrip("-").split(".")[0]
    if "," not in whole:
        return True
    groups = whole.split(",")
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def parse_money(value: object, *, allow_negative: bool = False) -> float:
    """An amount: a number, or text like `$120,000`, `USD 120,000`, `120000.50`."""
    if isinstance(value, str):
        text = parse_text(value).replace("\u00a0", " ")
        match = _CURRENCY.match(text.upper().replace(" ", "") if " " in text else text.upper())
        if not match or not _grouping_ok(match.group(2)):
            raise CellError(f"an amount, got {shown(text)}", hint="write a number or text like $120,000")
        try:
            amount = float(Decimal(match.group(2).replace(",", "")))
        except InvalidOperation:
            raise CellError(f"an amount, got {shown(text)}", hint="write a number or text like $120,000") from None
        if match.group(1):
            amount = -amount
    else:
        amount = parse_number(value)
    if amount < 0 and not allow_negative:
        raise CellError(f"an amount of zero or more, got {amount:,.2f}")
    if abs(amount) > MAX_AMOUNT:
        raise CellError(f"a plausible amount, got {amount:,.0f}", hint="check for extra digits")
    return amount


def parse_percent(value: object, number_format: str | None = None) -> float:
    """Percentage points: `15%` text, `0.15` in a cell formatted as %, or the plain number `15`."""
    if isinstance(value, str):
        text = parse_text(value).replace(" ", "")
        if text.endswith("%"):
            number = parse_number(text[:-1])
        else:
            number = parse_number(text)
            _check_ambiguous_fraction(number)
    else:
        number = parse_number(value)
        if number_format and "%" in number_format:
            number = number * 100
        else:
            _check_ambiguous_fraction(number)
    number = round(number, 6)
    if not 0 <= number <= 100:
        raise CellError(f"a percentage from 0% to 100%, got {number:g}%")
    return number


def _check_ambiguous_fraction(number: float) -> None:
    if 0 < number < 1:
        raise CellError(
            f"a percentage, got {number:g}, which could mean {number:g}% or {number * 100:g}%",
            hint="write 15% or 15, or format the cell as a percentage",
        )


_QUANTITY = re.compile(r"^(?:net\s*)?(-?\d+(?:\.\d+)?)\s*(?:days?|months?|mo|d)?$", re.IGNORECASE)


def parse_quantity(value: object) -> float:
    """A count of days or months: `60`, `net 60`, `60 days`, `24 months`."""
    if isinstance(value, str):
        text = parse_text(value)
        match = _QUANTITY.match(text)
        if not match:
            raise CellError(f"a number of days or months, got {shown(text)}", hint="write a number such as 60")
        number = float(match.group(1))
    else:
        number = parse_number(value)
    if number < 0 or number > 10_000:
        raise CellError(f"a number from 0 to 10,000, got {number:g}")
    return number
