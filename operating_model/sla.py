"""Service-level durations as people write them ("4h", "2 business days", "30 min"), read into minutes on a clock.

Pure: no Django. A duration is counted on a clock: `24x7` (elapsed time: a day is 24 h, a week 7 days) or
`business_hours` (a business day is BUSINESS_DAY_HOURS hours, a week 5 business days). "Business" units say
the clock themselves, and contradict a 24×7 clock. `str(duration)` is the canonical text, which reads back
to the same duration.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ALWAYS = "24x7"
BUSINESS = "business_hours"
CLOCKS = (ALWAYS, BUSINESS)
BUSINESS_DAY_HOURS = 8
OPENS = dt.time(9, 0)  # business hours: Monday to Friday, 09:00 to 17:00 local time
CLOSES = dt.time(OPENS.hour + BUSINESS_DAY_HOURS, 0)
MAX_DAYS = {"24x7": 366, "business_hours": 261}  # a year: a longer target is not a service level

EXAMPLES = '"4 h", "2 business days" or "30 min"'

# unit word → (minutes it is worth, or None for a day / week that depends on the clock; business-only?)
_UNITS: dict[str, tuple[str, bool]] = {}
for _words, _unit, _business in (
    (("m", "min", "mins", "minute", "minutes"), "minute", False),
    (("h", "hr", "hrs", "hour", "hours"), "hour", False),
    (("d", "day", "days"), "day", False),
    (("w", "wk", "wks", "week", "weeks"), "week", False),
    (("bh", "business hour", "business hours", "working hour", "working hours"), "hour", True),
    (("bd", "business day", "business days", "working day", "working days"), "day", True),
    (("business week", "business weeks", "working week", "working weeks"), "week", True),
):
    for _word in _words:
        _UNITS[_word] = (_unit, _business)

_UNIT_WORDS = "|".join(sorted((re.escape(w) for w in _UNITS), key=len, reverse=True))
_PART = re.compile(rf"(?P<number>-?\d+(?:[.,]\d+)?)\s*(?P<unit>{_UNIT_WORDS})\b")
_JOINERS = re.compile(r"^(?:\s|,|\+|and)*$")


class SlaError(ValueError):
    """The text is not a duration; the message says why in words a user reads."""


def minutes_per(unit: str, clock: str) -> int:
    day = BUSINESS_DAY_HOURS * 60 if clock == BUSINESS else 24 * 60
    return {"minute": 1, "hour": 60, "day": day, "week": day * (5 if clock == BUSINESS else 7)}[unit]


@dataclass(frozen=True)
class Duration:
    minutes: int
    clock: str

    def __str__(self) -> str:
        return describe(self.minutes, self.clock)


def describe(minutes: int, clock: str) -> str:
    """The canonical text: "2 business days 4 h", "4 business hours", "1 day 30 min", "45 min"."""
    day = minutes_per("day", clock)
    days, rest = divmod(minutes, day)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        word = "business day" if clock == BUSINESS else "day"
        parts.append(f"{days} {word}{'s' if days != 1 else ''}")
    if hours and clock == BUSINESS and not days:
        parts.append(f"{hours} business hour{'s' if hours != 1 else ''}")
    elif hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    return " ".join(parts)


def parse(text: str, *, clock: str) -> Duration:
    """Read `text` as a duration on `clock`; SlaError says what is wrong with it."""
    if clock not in CLOCKS:
        raise SlaError(f'Unknown clock "{clock}".')
    raw = " ".join(str(text).split())
    said = raw.lower().replace("≤", "").replace("<=", "").strip()
    if not said:
        raise SlaError(f"Give a duration, e.g. {EXAMPLES}.")
    total, last, business_said = Decimal(0), 0, False
    for match in _PART.finditer(said):
        if not _JOINERS.match(said[last : match.start()]):
            break
        try:
            number = Decimal(match["number"].replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            raise SlaError(f'Cannot read "{raw}" as a duration: write e.g. {EXAMPLES}.') from None
        if number < 0:
            raise SlaError(f'"{raw}": a duration cannot be negative.')
        unit, business = _UNITS[match["unit"]]
        business_said = business_said or business
        total += number * minutes_per(unit, BUSINESS if business else clock)
        last = match.end()
    if last == 0 or not _JOINERS.match(said[last:]):
        if re.fullmatch(r"-?\d+(?:[.,]\d+)?", said):
            raise SlaError(f'"{raw}" needs a unit: "{said} min", "{said} h" or "{said} business days".')
        raise SlaError(f'Cannot read "{raw}" as a duration: write e.g. {EXAMPLES}.')
    if business_said and clock == ALWAYS:
        raise SlaError(
            f'"{raw}" counts business time but the clock is 24×7: choose the business-hours clock, '
            "or say it in hours or days."
        )
    if total != total.to_integral_value():
        raise SlaError(f'"{raw}" is not a whole number of minutes.')
    if total == 0:
        raise SlaError(f'"{raw}" is no time at all: a target must be met in some time.')
    if total > MAX_DAYS[clock] * minutes_per("day", clock):
        raise SlaError(f'"{raw}" is more than a year: that is not a service level.')
    return Duration(int(total), clock)


def due_at(start: dt.datetime, minutes: int, clock: str) -> dt.datetime:
    """When `minutes` on `clock` have run from `start`. On 24×7, elapsed time. On business hours only Monday to Friday
    09:00–17:00 counts: an incident opened in the evening or at a weekend starts its clock at the next opening,
    and one still open at 17:00 carries the rest to the next business day. Wall-clock time (a `start` with a time
    zone stays in it)."""
    if clock != BUSINESS:
        return start + dt.timedelta(minutes=minutes)
    moment, left = _opening(start), dt.timedelta(minutes=minutes)
    while True:
        room = dt.datetime.combine(moment.date(), CLOSES, moment.tzinfo) - moment
        if left <= room:
            return moment + left
        left -= room
        moment = _opening(dt.datetime.combine(moment.date() + dt.timedelta(days=1), OPENS, moment.tzinfo))


def _opening(moment: dt.datetime) -> dt.datetime:
    """`moment` if business hours are open then, else the next time they open."""
    while True:
        if moment.weekday() < 5 and moment.time() < CLOSES:
            return max(moment, dt.datetime.combine(moment.date(), OPENS, moment.tzinfo))
        moment = dt.datetime.combine(moment.date() + dt.timedelta(days=1), OPENS, moment.tzinfo)
