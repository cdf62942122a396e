"""Planned versus done on the sponsor roadmap (people/sponsor_roadmap.py): table tests."""

import datetime as dt

import pytest

from people.sponsor_roadmap import Done, Planned, Tally, by_sponsor_and_month, tally

TODAY = dt.date(2026, 11, 23)
EVELYN, RAJ = 1, 2


def day(month, d):
    return dt.date(2026, month, d)


@pytest.mark.parametrize(
    ("planned", "done", "expected"),
    [
        ([], [], Tally()),
        # a town hall planned last week and recorded: 1 of 1
        ([Planned(1, EVELYN, day(11, 16), True)], [Done(EVELYN, day(11, 16), 1)], Tally(due=1, done=1)),
        # planned last week, nobody recorded it: overdue
        ([Planned(1, EVELYN, day(11, 16), False)], [], Tally(due=1, done=0)),
        # planned today, not done yet: still to come, not overdue
        ([Planned(1, EVELYN, TODAY, False)], [], Tally(upcoming=1)),
        # planned next month but already done: counts as due and done
        ([Planned(1, EVELYN, day(12, 10), True)], [Done(EVELYN, day(11, 20), 1)], Tally(due=1, done=1)),
        # done off the roadmap
        ([], [Done(RAJ, day(11, 2), None)], Tally(unplanned=1)),
        # cancelled items count nowhere
        ([Planned(1, EVELYN, day(11, 1), False, cancelled=True)], [], Tally()),
    ],
)
def test_tally(planned, done, expected):
    assert tally(planned, done, today=TODAY) == expected


def test_overdue_and_percent():
    result = tally(
        [
            Planned(1, EVELYN, day(10, 1), True),
            Planned(2, EVELYN, day(11, 1), False),
            Planned(3, RAJ, day(11, 2), True),
        ],
        [Done(EVELYN, day(10, 1), 1), Done(RAJ, day(11, 2), 3), Done(RAJ, day(11, 3), None)],
        today=TODAY,
    )
    assert (result.due, result.done, result.overdue, result.percent, result.unplanned, result.activity) == (
        3, 2, 1, 67, 1, 3,
    )  # fmt: skip
    assert Tally().percent is None


def test_by_sponsor_and_month():
    rows = by_sponsor_and_month(
        [
            Planned(1, EVELYN, day(10, 5), True),  # October: planned and done (in November)
            Planned(2, EVELYN, day(11, 2), False),  # November: overdue
            Planned(3, EVELYN, day(12, 1), False),  # December: still to come
            Planned(4, RAJ, day(11, 9), False, cancelled=True),  # not counted
        ],
        [Done(EVELYN, day(11, 3), 1), Done(EVELYN, day(11, 20), None), Done(RAJ, day(11, 21), None)],
        today=TODAY,
    )
    table = [(r.sponsor_id, r.month, r.planned, r.planned_done, r.unplanned, r.overdue, r.done) for r in rows]
    assert table == [
        (EVELYN, day(10, 1), 1, 1, 0, 0, 1),
        (EVELYN, day(11, 1), 1, 0, 1, 1, 1),
        (EVELYN, day(12, 1), 1, 0, 0, 0, 0),
        (RAJ, day(11, 1), 0, 0, 1, 0, 1),
    ]
