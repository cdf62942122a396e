"""The trend charts' geometry: one line per series, gaps where a round has no value."""

import itertools

from people import charts


def test_nothing_to_draw_gives_no_chart():
    assert charts.line_chart("t", [], [], low=1, high=5) is None
    assert charts.line_chart("t", ["r1"], [("A", [None])], low=1, high=5) is None


def test_higher_scores_are_drawn_higher_and_gaps_are_skipped():
    chart = charts.line_chart("t", ["r1", "r2", "r3"], [("A", [1, None, 5]), ("B", [3, 3, 3])], low=1, high=5)
    a, b = chart.series
    assert len(a.dots) == 2 and a.dots[0][1] > a.dots[1][1]  # y grows downwards: 5 is above 1
    assert len(b.points.split()) == 3
    assert chart.x_labels[0][1] == "r1"


def test_end_labels_of_lines_ending_together_do_not_overlap():
    chart = charts.line_chart("t", ["r1"], [("A", [3]), ("B", [3]), ("C", [3])], low=1, high=5)
    ys = sorted(s.label_y for s in chart.series)
    assert all(later - earlier >= 11 for earlier, later in itertools.pairwise(ys))
