"""Event lines written directly (macros/render/ical_lines.py): escaping, folding and the events of a feed, read back
with the icalendar library and compared with what the library itself writes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from hypothesis import example, given
from hypothesis import strategies as st
from icalendar.parser import Contentline

from macros.analysis.reminders import KINDS, DueItem
from macros.render import ical_lines as ical
from macros.render.calendar_feed import TIMED_EVENT_LENGTH, _description, _event_lines, event_uid

ZONE = ZoneInfo("America/New_York")
STAMP = dt.datetime(2026, 6, 30, 4, tzinfo=dt.UTC)
DOMAIN = "example-co.renewal-escalations"

# Text as spreadsheets hold it: the characters TEXT escapes, line breaks of every kind, and characters of two to
# four UTF-8 bytes, so that folding meets escapes and multi-byte characters at every position.
awkward = st.text(alphabet=st.sampled_from([*'ab ,;\\:"\n\r\t', "é", "€", "…", "日", "😀", "\u0301"]))
texts = st.one_of(awkward, st.text(max_size=200))


def _physical_lines(written: str) -> list[str]:
    assert written.endswith("\r\n")
    return written[:-2].split("\r\n")


def _read_back(value_line: str) -> str:
    calendar = icalendar.Calendar.from_ical(
        f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n{value_line}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    return str(next(iter(calendar.walk("VEVENT")))["DESCRIPTION"])


def test_text_escapes_backslash_semicolon_comma_and_line_breaks():
    assert ical.text("a\\b;c,d\ne\r\nf\rg:h") == "a\\\\b\\;c\\,d\\ne\\nf\\ng:h"
    assert ical.texts(["one, two", "three;four"]) == "one\\, two,three\\;four"


def test_dates_and_times_take_their_forms():
    assert ical.date(dt.date(2026, 2, 3)) == "20260203"
    assert ical.utc_datetime(dt.datetime(2026, 6, 30, 0, 0, 30, tzinfo=ZONE)) == "20260630T040030Z"
    assert ical.local_datetime(dt.datetime(2026, 6, 30, 9, 5, tzinfo=ZONE)) == "20260630T090500"


def test_a_line_of_74_octets_stays_whole_and_one_more_folds():
    assert ical.fold("X" * 74) == "X" * 74 + "\r\n"
    assert ical.fold("X" * 75) == "X" * 74 + "\r\n X\r\n"
    assert ical.fold("X" * 148) == "X" * 74 + "\r\n " + "X" * 74 + "\r\n"


def test_a_fold_never_splits_a_character_and_carries_a_backslash_or_caret_over():
    assert ical.fold("X" * 73 + "€") == "X" * 73 + "\r\n €\r\n"  # € is three octets
    assert ical.fold("X" * 73 + "\\,") == "X" * 73 + "\r\n \\,\r\n"
    assert ical.fold("X" * 72 + "\\\\,") == "X" * 72 + "\\\r\n \\,\r\n"  # the pair's second backslash moves on
    assert ical.fold("X" * 73 + "^n") == "X" * 73 + "\r\n ^n\r\n"


@given(texts)
@example("X" * 72 + "\\N")
@example("😀" * 40)
def test_any_text_folds_within_75_octets_and_reads_back_unchanged(value):
    written = ical.content_line("DESCRIPTION", ical.text(value))
    lines = _physical_lines(written)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join([lines[0], *(line[1:] for line in lines[1:])]) == "DESCRIPTION:" + ical.text(value)
    assert _read_back(written) == value.replace("\r\n", "\n").replace("\r", "\n")


@given(texts)
def test_folding_matches_the_icalendar_library(value):
    """The library's own folding (segments of at most 74 octets, escapes kept whole) gives the same bytes."""
    line = "DESCRIPTION:" + ical.text(value)
    assert ical.fold(line).encode("utf-8") == Contentline(line).to_ical() + b"\r\n"


def _library_event(item: DueItem, url: str) -> bytes:
    """The event as the icalendar library writes it, property by property."""
    event = icalendar.Event()
    event.add("uid", event_uid(item, DOMAIN))
    event.add("dtstamp", STAMP)
    event.add("summary", f"{item.title} ({item.account_name})")
    if item.at is None:
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
    else:
        start = item.at.replace(tzinfo=ZONE, microsecond=0)
        event.add("dtstart", start)
        event.add("dtend", start + TIMED_EVENT_LENGTH)
    event.add("description", _description(item, url))
    event.add("categories", [item.label])
    event.add("transp", "TRANSPARENT")
    if url.startswith(("http://", "https://")):
        event.add("url", url)
    return event.to_ical()


# The library turns a literal backslash-N into a line break before escaping (a quirk of its own); names and details
# in a log do not hold one, and the round-trip test above covers it for ours.
plain = texts.filter(lambda value: "\\N" not in value)


@given(
    title=plain,
    account=plain,
    detail=plain,
    kind=st.sampled_from(sorted(KINDS)),
    day=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    minutes=st.one_of(st.none(), st.integers(0, 24 * 60 - 1)),
    url=st.sampled_from(["", "accounts/ACC-1/", "https://escalations.example.com/accounts/ACC-0001/#ESC-2026-0001"]),
)
@example(  # a name ending in a backslash, where the summary folds
    title="000000,,,\x80\x80\x80\x80\x80\x80\u0800\U00010000\U00010000\U00010000",
    account="0000,\x80\x80\x80\u0800\U00010000\U00010000\\",
    detail="",
    kind=sorted(KINDS)[0],
    day=dt.date(2020, 1, 1),
    minutes=None,
    url="",
)
def test_an_event_has_the_bytes_the_icalendar_library_writes(title, account, detail, kind, day, minutes, url):
    at = None if minutes is None else dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
    item = DueItem(
        key=f"key:{title}",
        kind=kind,
        title=title,
        day=day,
        at=at,
        people=(),
        escalation_id="ESC-2026-0001" if minutes is not None else None,
        account_id="ACC-0001",
        account_name=account,
        detail=detail,
        overdue=minutes is None,
    )
    assert _event_lines(item, ZONE, STAMP, DOMAIN, url) == _library_event(item, url)
