"""The cadence calculator: month ends, time zones, daylight saving and the hypercare window (table tests)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from governance import cadence
from governance.cadence import Rhythm

UTC = dt.UTC
NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")


def at(zone, *parts):
    return dt.datetime(*parts, tzinfo=zone)


def local(zone, when):
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


@pytest.mark.parametrize(
    ("name", "rhythm", "after", "count", "expected"),
    [
        ("weekly keeps the weekday", Rhythm("weekly", at(UTC, 2026, 11, 2, 9), UTC), at(UTC, 2026, 11, 3), 3,
         ["2026-11-09 09:00 UTC", "2026-11-16 09:00 UTC", "2026-11-23 09:00 UTC"]),
        ("strictly after: an occurrence at `after` is not next", Rhythm("weekly", at(UTC, 2026, 11, 2, 9), UTC),
         at(UTC, 2026, 11, 9, 9), 1, ["2026-11-16 09:00 UTC"]),
        ("before the first: the first", Rhythm("fortnightly", at(UTC, 2026, 12, 1, 14), UTC), at(UTC, 2026, 1, 1), 2,
         ["2026-12-01 14:00 UTC", "2026-12-15 14:00 UTC"]),
        ("monthly on the 31st falls on shorter months' last day", Rhythm("monthly", at(UTC, 2027, 1, 31, 10), UTC),
         at(UTC, 2027, 1, 31, 11), 3, ["2027-02-28 10:00 UTC", "2027-03-31 10:00 UTC", "2027-04-30 10:00 UTC"]),
        ("leap February", Rhythm("monthly", at(UTC, 2028, 1, 30, 10), UTC), at(UTC, 2028, 2, 1), 2,
         ["2028-02-29 10:00 UTC", "2028-03-30 10:00 UTC"]),
        ("a month-end routine stays on the last day", Rhythm("monthly", at(UTC, 2027, 4, 30, 16), UTC),
         at(UTC, 2027, 5, 1), 2, ["2027-05-31 16:00 UTC", "2027-06-30 16:00 UTC"]),
        ("quarterly from 30 November (month end)", Rhythm("quarterly", at(UTC, 2026, 11, 30, 9), UTC),
         at(UTC, 2026, 12, 1), 2, ["2027-02-28 09:00 UTC", "2027-05-31 09:00 UTC"]),
        ("twice a year", Rhythm("biannual", at(UTC, 2026, 3, 15, 9), UTC), at(UTC, 2026, 11, 23), 2,
         ["2027-03-15 09:00 UTC", "2027-09-15 09:00 UTC"]),
        ("weekly across the US spring change keeps 09:00", Rhythm("weekly", at(NY, 2027, 3, 8, 9), NY),
         at(NY, 2027, 3, 9), 2, ["2027-03-15 09:00 EDT", "2027-03-22 09:00 EDT"]),
        ("weekly across the UK autumn change keeps 09:00", Rhythm("weekly", at(LONDON, 2026, 10, 19, 9), LONDON),
         at(LONDON, 2026, 10, 20), 2, ["2026-10-26 09:00 GMT", "2026-11-02 09:00 GMT"]),
        ("a skipped hour moves forward by the gap", Rhythm("daily", at(NY, 2027, 3, 13, 2, 30), NY),
         at(NY, 2027, 3, 13, 3), 2, ["2027-03-14 03:30 EDT", "2027-03-15 02:30 EDT"]),
        ("a repeated hour is the first of the two", Rhythm("daily", at(NY, 2026, 10, 31, 1, 30), NY),
         at(NY, 2026, 10, 31, 2), 1, ["2026-11-01 01:30 EDT"]),
        ("southern hemisphere: Sydney leaves DST in April", Rhythm("weekly", at(SYDNEY, 2027, 3, 29, 8), SYDNEY),
         at(SYDNEY, 2027, 3, 30), 2, ["2027-04-05 08:00 AEST", "2027-04-12 08:00 AEST"]),
        ("hypercare: daily inside its window only",
         Rhythm("daily", at(UTC, 2027, 1, 18, 8, 30), UTC, dt.date(2027, 1, 18), dt.date(2027, 1, 20)),
         at(UTC, 2027, 1, 1), 5, ["2027-01-18 08:30 UTC", "2027-01-19 08:30 UTC", "2027-01-20 08:30 UTC"]),
        ("hypercare window opening after the first",
         Rhythm("daily", at(UTC, 2027, 1, 1, 8, 30), UTC, dt.date(2027, 2, 1), None),
         at(UTC, 2027, 1, 5), 1, ["2027-02-01 08:30 UTC"]),
        ("after the window: nothing", Rhythm("daily", at(UTC, 2027, 1, 18, 8), UTC, None, dt.date(2027, 1, 20)),
         at(UTC, 2027, 2, 1), 1, []),
        ("ten years on, monthly still on the day", Rhythm("monthly", at(UTC, 2026, 1, 15, 9), UTC),
         at(UTC, 2036, 1, 16), 1, ["2036-02-15 09:00 UTC"]),
    ],
)  # fmt: skip
def test_next_occurrences(name, rhythm, after, count, expected):
    assert [local(rhythm.zone, when) for when in cadence.next_occurrences(rhythm, after=after, count=count)] == expected


@pytest.mark.parametrize(
    ("rhythm", "now", "expected"),
    [
        (Rhythm("weekly", at(UTC, 2026, 11, 2, 9), UTC), at(UTC, 2026, 11, 23, 8), "2026-11-16 09:00 UTC"),
        (Rhythm("weekly", at(UTC, 2026, 11, 2, 9), UTC), at(UTC, 2026, 11, 23, 9), "2026-11-23 09:00 UTC"),
        (Rhythm("weekly", at(UTC, 2026, 11, 2, 9), UTC), at(UTC, 2026, 11, 1), None),
        (Rhythm("monthly", at(UTC, 2027, 1, 31, 10), UTC), at(UTC, 2027, 3, 30), "2027-02-28 10:00 UTC"),
        (Rhythm("daily", at(UTC, 2027, 1, 18, 8), UTC, None, dt.date(2027, 1, 20)), at(UTC, 2027, 6, 1),
         "2027-01-20 08:00 UTC"),
        (Rhythm("daily", at(UTC, 2027, 1, 1, 8), UTC, dt.date(2027, 2, 1), None), at(UTC, 2027, 1, 20), None),
    ],
)  # fmt: skip
def test_last_due(rhythm, now, expected):
    due = cadence.last_due(rhythm, now=now)
    assert (local(rhythm.zone, due) if due else None) == expected


WEEKLY = Rhythm("weekly", at(UTC, 2026, 11, 2, 9), UTC)


@pytest.mark.parametrize(
    ("meetings", "now", "missed"),
    [
        ([], at(UTC, 2026, 11, 2, 12), None),  # inside the grace day
        ([], at(UTC, 2026, 11, 4), "2026-11-02 09:00 UTC"),
        ([at(UTC, 2026, 11, 2, 9)], at(UTC, 2026, 11, 4), None),
        ([at(UTC, 2026, 11, 4, 15)], at(UTC, 2026, 11, 6), None),  # moved by two days still counts
        ([at(UTC, 2026, 11, 2, 9)], at(UTC, 2026, 11, 11), "2026-11-09 09:00 UTC"),  # last week's is not this one
        ([], at(UTC, 2026, 10, 1), None),  # before the routine began
    ],
)
def test_missed(meetings, now, missed):
    found = cadence.missed(WEEKLY, now=now, meetings=meetings)
    assert (local(UTC, found) if found else None) == missed


def test_a_routine_whose_window_closed_is_over_not_missed():
    hypercare = Rhythm("daily", at(UTC, 2026, 11, 2, 8), UTC, active_until=dt.date(2026, 11, 6))
    assert local(UTC, cadence.missed(hypercare, now=at(UTC, 2026, 11, 7, 12), meetings=[])) == "2026-11-06 08:00 UTC"
    assert cadence.missed(hypercare, now=at(UTC, 2026, 11, 20), meetings=[]) is None


def test_a_rhythm_needs_a_known_cadence_and_a_zone():
    with pytest.raises(ValueError, match="cadence"):
        Rhythm("hourly", at(UTC, 2026, 1, 1), UTC)
    with pytest.raises(ValueError, match="time zone"):
        Rhythm("weekly", dt.datetime(2026, 1, 1), UTC)  # noqa: DTZ001
