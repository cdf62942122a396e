"""SLA durations as people write them, read into minutes on a clock (operating_model/sla.py, pure)."""

import pytest

from operating_model import sla

B, A = sla.BUSINESS, sla.ALWAYS


@pytest.mark.parametrize(
    ("text", "clock", "minutes", "canonical"),
    [
        ("4h", A, 240, "4 h"),
        ("4 hours", A, 240, "4 h"),
        ("30 min", A, 30, "30 min"),
        ("≤15 min", A, 15, "15 min"),
        ("1.5h", A, 90, "1 h 30 min"),
        ("1,5 h", A, 90, "1 h 30 min"),
        ("1 h 30 min", A, 90, "1 h 30 min"),
        ("2h, 30m", A, 150, "2 h 30 min"),
        ("1 hour and 15 minutes", A, 75, "1 h 15 min"),
        ("2 days", A, 2880, "2 days"),
        ("1 week", A, 10080, "7 days"),
        ("2 business days", B, 960, "2 business days"),
        ("2 Business Days", B, 960, "2 business days"),
        ("2 working days", B, 960, "2 business days"),
        ("2 days", B, 960, "2 business days"),  # a day on the business clock is a business day
        ("4 business hours", B, 240, "4 business hours"),
        ("1 bh", B, 60, "1 business hour"),
        ("1 business day 4 h", B, 720, "1 business day 4 h"),
        ("1 week", B, 2400, "5 business days"),
        ("90 min", B, 90, "1 business hour 30 min"),
    ],
)
def test_durations_read_with_their_units(text, clock, minutes, canonical):
    duration = sla.parse(text, clock=clock)
    assert (duration.minutes, str(duration)) == (minutes, canonical)
    assert sla.parse(str(duration), clock=clock) == duration  # the canonical text reads back the same


@pytest.mark.parametrize(
    ("text", "clock", "message"),
    [
        ("", A, "Give a duration"),
        ("4", A, '"4" needs a unit: "4 min", "4 h" or "4 business days"'),
        ("soon", A, 'Cannot read "soon" as a duration'),
        ("4h soon", A, 'Cannot read "4h soon"'),
        ("soon 4h", A, 'Cannot read "soon 4h"'),
        ("4 hx", A, 'Cannot read "4 hx"'),
        ("2 business days", A, "counts business time but the clock is 24×7"),
        ("-4h", A, "cannot be negative"),
        ("0 min", A, "no time at all"),
        ("0.5 min", A, "not a whole number of minutes"),
        ("400 days", A, "more than a year"),
        ("300 business days", B, "more than a year"),
    ],
)
def test_nonsense_is_refused_saying_why(text, clock, message):
    with pytest.raises(sla.SlaError, match=message):
        sla.parse(text, clock=clock)
