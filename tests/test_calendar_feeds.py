"""Calendar feeds: each parses back with icalendar, its events match the analysis, UIDs survive a rebuild a day
later, builds are reproducible, and a policy-only build publishes none."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import icalendar
import pytest

from macros.analysis.reminders import KINDS, RENEWAL, due_items, items_for
from macros.render.calendar_feed import as_of_instant, event_uid, uid_domain
from macros.render.calendar_files import ALL_FEED, calendar_files, person_feed
from macros.site_context import build_context

from .conftest import SAMPLE_AS_OF, SAMPLE_DATA
from .site_builder import build_site

SITE = "https://escalations.example.com/"
NEXT_DAY = (dt.date.fromisoformat(SAMPLE_AS_OF) + dt.timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def context():
    return build_context(SAMPLE_DATA, as_of=SAMPLE_AS_OF, scope="full")


@pytest.fixture(scope="module")
def feeds(context):
    return {f.src_uri: icalendar.Calendar.from_ical(f.content) for f in calendar_files(context, SITE)}


def _events(calendar) -> list:
    return list(calendar.walk("VEVENT"))


def _uid_map(calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in _events(calendar)}


def test_there_is_one_feed_for_everything_and_one_per_person(context, feeds):
    expected = {ALL_FEED} | {person_feed(p.id) for p in context.policy.organisation.people}
    assert set(feeds) == expected


def test_every_kind_of_item_is_in_the_sample(context):
    kinds = Counter(i.kind for i in due_items(context.governance))
    assert set(kinds) == set(KINDS)


def test_event_counts_match_the_analysis(context, feeds):
    items = due_items(context.governance)
    assert len(_events(feeds[ALL_FEED])) == len(items)
    for person in context.policy.organisation.people:
        assert len(_events(feeds[person_feed(person.id)])) == len(items_for(items, person.id)), person.id
    counted = Counter(str(e["CATEGORIES"].cats[0]) for e in _events(feeds[ALL_FEED]))
    assert counted == Counter(i.label for i in items)


def test_a_sample_of_events_matches_the_items(context, feeds):
    items = due_items(context.governance)
    domain = uid_domain(context.policy.organisation.company.name)
    zone = ZoneInfo(context.policy.organisation.calendar.timezone)
    events = _uid_map(feeds[ALL_FEED])
    sample = {}
    for item in items:  # the first item of each kind
        sample.setdefault(item.kind, item)
    for item in sample.values():
        event = events[event_uid(item, domain)]
        assert str(event["SUMMARY"]) == f"{item.title} ({item.account_name})"
        start = event.decoded("DTSTART")
        if item.at is None:
            assert start == item.day
            assert event.decoded("DTEND") == item.day + dt.timedelta(days=1)
        else:
            assert start == item.at.replace(tzinfo=zone, microsecond=0)
            assert event["DTSTART"].params["TZID"] == zone.key
        description = str(event["DESCRIPTION"])
        assert f"Open: {SITE}accounts/" in description
        assert str(event["URL"]).startswith(SITE + "accounts/")
        assert ("(overdue)" in description) == item.overdue


def test_a_persons_feed_holds_exactly_their_items(context, feeds):
    items = due_items(context.governance)
    domain = uid_domain(context.policy.organisation.company.name)
    owner = Counter(i.owner for i in items).most_common(1)[0][0]
    mine = items_for(items, owner)
    assert set(_uid_map(feeds[person_feed(owner)])) == {event_uid(i, domain) for i in mine}
    assert all(i.owner == owner for i in mine if i.kind != RENEWAL)  # renewals also go to the account team


def test_times_are_in_the_policy_zone_with_a_vtimezone_and_dtstamp_is_the_as_of_instant(context, feeds):
    zone_name = context.policy.organisation.calendar.timezone
    stamp = as_of_instant(dt.date.fromisoformat(SAMPLE_AS_OF), ZoneInfo(zone_name))
    for calendar in feeds.values():
        timezones = list(calendar.walk("VTIMEZONE"))
        assert [str(t["TZID"]) for t in timezones] == [zone_name]
        assert {e.decoded("DTSTAMP") for e in _events(calendar)} <= {stamp}
    timed = [e for e in _events(feeds[ALL_FEED]) if isinstance(e.decoded("DTSTART"), dt.datetime)]
    assert timed
    assert {e["DTSTART"].params["TZID"] for e in timed} == {zone_name}


def test_builds_are_byte_for_byte_reproducible(context):
    first = {f.src_uri: f.content for f in calendar_files(context, SITE)}
    again = build_context(SAMPLE_DATA, as_of=SAMPLE_AS_OF, scope="full")
    assert {f.src_uri: f.content for f in calendar_files(again, SITE)} == first


def test_rebuilding_a_day_later_keeps_the_uids_of_unchanged_events(feeds):
    later = build_context(SAMPLE_DATA, as_of=NEXT_DAY, scope="full")
    tomorrow = _uid_map(icalendar.Calendar.from_ical(calendar_files(later, SITE)[0].content))
    today = _uid_map(feeds[ALL_FEED])

    def shape(event):
        return str(event["SUMMARY"]), event.decoded("DTSTART")

    same_uid = set(today) & set(tomorrow)
    assert len(same_uid) >= 0.9 * len(today)
    # An event whose title and time did not change keeps its UID: nothing is added twice.
    tomorrow_by_shape = {shape(e): uid for uid, e in tomorrow.items()}
    for uid, event in today.items():
        if shape(event) in tomorrow_by_shape:
            assert tomorrow_by_shape[shape(event)] == uid
    # The day after, the DTSTAMP follows the new as-of date.
    assert {e.decoded("DTSTAMP") for e in tomorrow.values()} != {e.decoded("DTSTAMP") for e in today.values()}


def test_without_a_site_url_descriptions_give_the_site_path(context):
    calendar = icalendar.Calendar.from_ical(calendar_files(context)[0].content)
    event = _events(calendar)[0]
    assert "Open: accounts/" in str(event["DESCRIPTION"])
    assert "URL" not in event


def test_policy_only_scope_has_no_feeds():
    policy_only = build_context(SAMPLE_DATA, as_of=SAMPLE_AS_OF, scope="policy-only")
    assert calendar_files(policy_only, SITE) == []


@pytest.mark.build
def test_the_site_publishes_and_links_the_feeds_and_a_policy_only_site_does_not(tmp_path, sample_copy):
    full = build_site(tmp_path / "full", sample_copy, as_of=SAMPLE_AS_OF)
    assert full.returncode == 0, full.output
    everything = icalendar.Calendar.from_ical((full.site / ALL_FEED).read_bytes())
    assert _events(everything)
    person = full.site / "people" / "priya-raman" / "calendar.ics"
    assert _events(icalendar.Calendar.from_ical(person.read_bytes()))
    people = full.page("people")
    assert 'href="priya-raman/calendar.ics"' in people and 'href="../calendar.ics"' in people
    assert "To subscribe" in people
    assert 'href="calendar.ics"' in full.page("")

    policy_only = build_site(tmp_path / "policy", sample_copy, as_of=SAMPLE_AS_OF, scope="policy-only")
    assert policy_only.returncode == 0, policy_only.output
    assert not list(policy_only.site.rglob("*.ics"))
    assert "calendar.ics" not in policy_only.page("people")
    assert "calendar.ics" not in policy_only.page("")
