"""When a routine meets: pure date arithmetic on a routine's rhythm (no ORM, no clock).

A rhythm is a first occurrence, a cadence and a time zone. Occurrences keep the first one's wall-clock time
in that zone, so a 09:00 weekly stand-up stays at 09:00 across daylight-saving changes (its UTC time moves).
A time that does not exist on a given day (the hour skipped in spring) moves forward by the gap; a time
that happens twice (autumn) is the first of the two.

Monthly cadences (monthly, quarterly, twice a year, yearly) keep the first occurrence's day of the month;
on a shorter month it falls on the month's last day (31 January → 28/29 February → 31 March). A routine
first held on the last day of a month is a month-end routine: it stays on the last day (30 April → 31 May).

An optional active window (dates, inclusive) bounds the occurrences: the daily hypercare stand-up runs
from the first go-live to 30 days after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DAILY, WEEKLY, FORTNIGHTLY = "daily", "weekly", "fortnightly"
MONTHLY, QUARTERLY, BIANNUAL, ANNUAL = "monthly", "quarterly", "biannual", "annual"
STEP_DAYS = {DAILY: 1, WEEKLY: 7, FORTNIGHTLY: 14}
STEP_MONTHS = {MONTHLY: 1, QUARTERLY: 3, BIANNUAL: 6, ANNUAL: 12}
CADENCES = (*STEP_DAYS, *STEP_MONTHS)


@dataclass(frozen=True)
class Rhythm:
    cadence: str
    first: dt.datetime  # aware
    zone: ZoneInfo
    active_from: dt.date | None = None
    active_until: dt.date | None = None

    def __post_init__(self) -> None:
        if self.cadence not in CADENCES:
            raise ValueError(f"Unknown cadence {self.cadence!r}")
        if self.first.tzinfo is None:
            raise ValueError("The first occurrence must carry its time zone")


def period(cadence: str) -> dt.timedelta:
    """The nominal length of one cycle (a month counts 30 days)."""
    if cadence in STEP_DAYS:
        return dt.timedelta(days=STEP_DAYS[cadence])
    return dt.timedelta(days=30 * STEP_MONTHS[cadence])


def _add_months(day: dt.date, months: int, *, month_end: bool) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, last if month_end else min(day.day, last))


def _at(day: dt.date, wall: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The wall-clock time on that day in the zone; a time skipped by a DST change moves forward by the gap."""
    naive = dt.datetime.combine(day, wall)
    return naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def nth(rhythm: Rhythm, n: int) -> dt.datetime:
    """The n-th occurrence (0 is the first), in the rhythm's zone, ignoring the active window."""
    local = rhythm.first.astimezone(rhythm.zone)
    wall = local.replace(tzinfo=None).time()
    if rhythm.cadence in STEP_DAYS:
        day = local.date() + dt.timedelta(days=n * STEP_DAYS[rhythm.cadence])
    else:
        month_end = local.day == calendar.monthrange(local.year, local.month)[1]
        day = _add_months(local.date(), n * STEP_MONTHS[rhythm.cadence], month_end=month_end)
    return _at(day, wall, rhythm.zone)


def _in_window(rhythm: Rhythm, when: dt.datetime) -> bool:
    day = when.astimezone(rhythm.zone).date()
    return (rhythm.active_from is None or day >= rhythm.active_from) and (
        rhythm.active_until is None or day <= rhythm.active_until
    )


def _start_index(rhythm: Rhythm, moment: dt.datetime) -> int:
    """An index at or before every occurrence from `moment` on (a cheap lower bound: months count 31 days)."""
    months = STEP_MONTHS.get(rhythm.cadence)
    longest = dt.timedelta(days=31 * months) if months else period(rhythm.cadence)
    return max(0, (moment - rhythm.first) // longest - 2)


def _window_end(rhythm: Rhythm) -> dt.datetime | None:
    if rhythm.active_until is None:
        return None
    return dt.datetime.combine(rhythm.active_until + dt.timedelta(days=1), dt.time.min, tzinfo=rhythm.zone)


def next_occurrences(rhythm: Rhythm, *, after: dt.datetime, count: int = 1) -> list[dt.datetime]:
    """The next `count` occurrences strictly after `after`, inside the active window (fewer if it closes)."""
    found: list[dt.datetime] = []
    closes = _window_end(rhythm)
    n = _start_index(rhythm, after)
    while len(found) < count:
        when = nth(rhythm, n)
        if closes is not None and when >= closes:
            break
        if when > after and _in_window(rhythm, when):
            found.append(when)
        n += 1
    return found


def last_due(rhythm: Rhythm, *, now: dt.datetime) -> dt.datetime | None:
    """The latest occurrence at or before `now` inside the active window; None if there is none yet."""
    closes = _window_end(rhythm)
    if closes is not None:
        now = min(now, closes - dt.timedelta(microseconds=1))
    latest = None
    n = _start_index(rhythm, now)
    while (when := nth(rhythm, n)) <= now:
        latest = when
        n += 1
    return latest if latest is not None and _in_window(rhythm, latest) else None


def missed(
    rhythm: Rhythm, *, now: dt.datetime, meetings: list[dt.datetime], grace: dt.timedelta = dt.timedelta(days=1)
) -> dt.datetime | None:
    """The last occurrence due (more than `grace` ago) with no meeting held near it, or None.

    A meeting counts for an occurrence when it starts within half a cycle of it, before or after (a steering
    committee moved by a week still counts). A routine whose active window closed a cycle ago is over: nothing
    is left to hold, so nothing is missed (the hypercare stand-up of a pilot long gone live)."""
    closes = _window_end(rhythm)
    if closes is not None and now - grace >= closes + period(rhythm.cadence):
        return None
    due = last_due(rhythm, now=now - grace)
    if due is None:
        return None
    half = period(rhythm.cadence) / 2
    if any(abs(meeting - due) <= half for meeting in meetings):
        return None
    return due
