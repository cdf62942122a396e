"""The pure rules: risk bands and heat map, milestone schedule, dependency cycles, the timeline geometry."""

import datetime as dt
from types import SimpleNamespace

import pytest

from programs import risks, schedule, timeline

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "Low"),
        (5, "Low"),
        (6, "Medium"),
        (11, "Medium"),
        (12, "High"),
        (19, "High"),
        (20, "Critical"),
        (25, "Critical"),
    ],
)
def test_risk_bands_follow_the_register(score, band):
    assert risks.risk_band(score) == band


def test_heat_map_counts_risks_in_their_cell_with_likelihood_five_on_top():
    grid = risks.heat_map([(3, 5), (3, 5), (1, 1), (5, 4)])
    assert [row[0].likelihood for row in grid] == [5, 4, 3, 2, 1]
    cell = grid[2][4]
    assert (cell.likelihood, cell.impact, cell.count, cell.band) == (3, 5, 2, "High")
    assert grid[0][3].count == 1 and grid[0][3].band == "Critical"
    assert grid[4][0].count == 1
    assert sum(c.count for row in grid for c in row) == 4


@pytest.mark.parametrize(
    ("due", "completed", "closed", "overdue"),
    [
        (TODAY - dt.timedelta(days=1), None, False, True),
        (TODAY, None, False, False),
        (TODAY - dt.timedelta(days=1), TODAY, False, False),
        (TODAY - dt.timedelta(days=1), None, True, False),
    ],
)
def test_overdue_means_due_before_today_and_still_open(due, completed, closed, overdue):
    assert schedule.is_overdue(due=due, completed=completed, today=TODAY, closed=closed) is overdue


def test_slip_is_forecast_minus_baseline():
    assert schedule.slip_days(baseline=TODAY, forecast=TODAY + dt.timedelta(days=9)) == 9
    assert schedule.slip_days(baseline=TODAY, forecast=TODAY - dt.timedelta(days=2)) == -2
    assert schedule.slip_days(baseline=TODAY, forecast=None) == 0


def test_find_cycle_reports_the_loop_path():
    assert schedule.find_cycle(1, {1: [2], 2: [3], 3: [1]}) == [1, 2, 3, 1]
    assert schedule.find_cycle(1, {1: [1]}) == [1, 1]


def test_find_cycle_accepts_a_diamond_and_cycles_elsewhere():
    assert schedule.find_cycle(1, {1: [2, 3], 2: [4], 3: [4], 4: []}) is None
    assert schedule.find_cycle(1, {1: [2], 2: [3], 3: [2]}) is None  # the loop does not pass through 1


def _milestone(title, baseline, forecast=None, completed=None, workstream=None):
    m = SimpleNamespace(
        title=title, baseline_date=baseline, forecast_date=forecast, completed_date=completed, workstream=workstream
    )
    m.due_date = forecast or baseline
    m.slip_days = schedule.slip_days(baseline=baseline, forecast=forecast)
    return m


def test_timeline_marks_today_and_shows_slips_against_the_baseline():
    ws = SimpleNamespace(name="Training", position=1)
    items = [
        _milestone("Late", TODAY - dt.timedelta(days=10), workstream=ws),
        _milestone("Slipped", TODAY + dt.timedelta(days=5), TODAY + dt.timedelta(days=20), workstream=ws),
        _milestone("Done", TODAY - dt.timedelta(days=30), completed=TODAY - dt.timedelta(days=28)),
    ]
    chart = timeline.build(items, link=lambda m: f"/m/{m.title}", today=TODAY)
    assert [g.name for g in chart.groups] == ["Training", "No workstream"]
    points = {p.title: p for g in chart.groups for p in g.points}
    assert points["Late"].state == "overdue" and points["Late"].due_x < chart.today_x
    assert points["Slipped"].state == "slipped" and points["Slipped"].due_x > points["Slipped"].baseline_x
    assert points["Done"].state == "completed"
    assert chart.ticks and all(timeline.LABEL_WIDTH <= t.x <= chart.width for t in chart.ticks)


def test_timeline_of_nothing_is_empty():
    assert timeline.build([], link=str, today=TODAY).is_empty
