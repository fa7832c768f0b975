"""How a status-update cadence reads, and which cadences are refused, at the limits of each field."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from macros.policy.communication import UpdateCadence


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"every": "2 business days"}, "every 2 business days"),
        ({"every": "1 day"}, "every 1 day"),
        ({"weekdays": ["friday"]}, "every Friday"),
        ({"weekdays": ["monday", "thursday"]}, "every Monday and Thursday"),
        ({"every": "3 days", "weekdays": ["friday"], "by": "17:00"}, "every 3 days and every Friday, by 17:00 local"),
        ({"weekdays": ["tuesday"], "by": 540}, "every Tuesday, by 09:00 local"),
        ({"weekdays": ["tuesday"], "by": "00:00"}, "every Tuesday, by 00:00 local"),
        ({"weekdays": ["tuesday"]}, "every Tuesday"),
    ],
)
def test_a_cadence_reads_as_written(fields, text):
    assert UpdateCadence.model_validate(fields).describe() == text


def test_minutes_past_midnight_from_the_first_to_the_last_minute_of_the_day():
    assert UpdateCadence.model_validate({"weekdays": ["friday"], "by": 0}).by == dt.time(0, 0)
    assert UpdateCadence.model_validate({"weekdays": ["friday"], "by": 1439}).by == dt.time(23, 59)


@pytest.mark.parametrize("minutes", [1440, -1, 17.5, 1e9])
def test_a_number_that_is_no_minute_of_the_day_is_refused_not_read_as_seconds(minutes):
    """`by: 24:00` unquoted is the YAML integer 1440; pydantic alone would read it as 00:24."""
    with pytest.raises(ValidationError) as caught:
        UpdateCadence.model_validate({"weekdays": ["friday"], "by": minutes})
    (error,) = caught.value.errors()
    assert error["msg"] == 'Value error, not a time of day: write a time from "00:00" to "23:59", in quotes'


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "give 'every', 'weekdays', or both"),
        ({"weekdays": []}, "give 'every', 'weekdays', or both"),
        ({"every": "4 hours"}, "'every' counts days: write it in days or business days, e.g. '2 business days'"),
        ({"every": "1.5 days"}, "'every' is a whole number of days"),
    ],
)
def test_a_cadence_without_days_or_with_part_days_is_refused(fields, message):
    with pytest.raises(ValidationError) as caught:
        UpdateCadence.model_validate(fields)
    (error,) = caught.value.errors()
    assert error["msg"] == f"Value error, {message}"
