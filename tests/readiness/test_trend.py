"""The readiness trend's date axis: points sit at their time, days are written under them (issue #13)."""

import datetime as dt

from readiness.trend import LEFT, RIGHT, WIDTH, trend_chart

START = dt.datetime(2026, 9, 24, 22, 30, tzinfo=dt.UTC)


def test_sixty_days_of_scores_get_a_date_axis_ending_on_the_last_day():
    history = [(START + dt.timedelta(days=d), 40 + d / 2, "no_go") for d in range(61)]
    chart = trend_chart(history, go=90, conditions=80)
    labels = [label for _, label in chart.date_ticks]
    assert 3 <= len(labels) <= 6 and labels[-1] == "23 Nov" and "9 Nov" in labels
    xs = [x for x, _ in chart.date_ticks]
    assert xs == sorted(xs) and all(LEFT <= x <= WIDTH - RIGHT for x in xs)
    assert chart.dots[0][0] == LEFT and chart.dots[-1][0] == WIDTH - RIGHT


def test_points_sit_at_their_time_not_side_by_side():
    history = [(START, 50.0, "no_go"), (START + dt.timedelta(days=1), 55.0, "no_go"),
               (START + dt.timedelta(days=10), 70.0, "no_go")]  # fmt: skip
    x0, x1, x2 = (dot[0] for dot in trend_chart(history, go=90, conditions=80).dots)
    assert round((x2 - x0) / (x1 - x0)) == 10


def test_a_trend_within_one_day_is_labelled_by_the_hour_and_a_single_point_by_its_moment():
    day = [(START - dt.timedelta(hours=h), 50.0, "no_go") for h in (5, 1)]
    assert [label for _, label in trend_chart(day, go=90, conditions=80).date_ticks] == ["17:30", "21:30"]
    one = trend_chart([(START, 50.0, "no_go")], go=90, conditions=80)
    assert [label for _, label in one.date_ticks] == ["24 Sep 22:30"]
    assert trend_chart([], go=90, conditions=80) is None
