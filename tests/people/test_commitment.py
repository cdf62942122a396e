"""The commitment gap, the grid quadrant and rule 8's window, from DOMAIN §3.2, §6.4, §9.3 and §10.E."""

import datetime as dt

import pytest

from people import commitment
from people.choices import GridQuadrant

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("current", "desired", "gap", "raises"),
    [
        ("aware", "aware", 0, False),
        ("aware", "understand", 1, False),
        ("aware", "adopted", 2, True),  # CIO, supervisors, agents (§10.E)
        ("aware", "ownership", 3, True),  # service desk L1
        ("understand", "ownership", 2, True),  # VP Customer Operations, WFM team
        ("adopted", "ownership", 1, False),
        ("ownership", "aware", 0, False),  # already past what go-live needs: no gap
        ("adopted", "understand", 0, False),
    ],
)
def test_gap_is_desired_minus_current_on_the_curve(current, desired, gap, raises):
    assert commitment.gap(current, desired) == gap
    assert commitment.raises_risk(current, desired) is raises


# The six rows of DOMAIN §10.E: influence type-level, and the grid the sample gives them (interest chosen high
# where the sample says "high interest" or "manage closely").
@pytest.mark.parametrize(
    ("who", "influence_type", "influence", "interest", "quadrant"),
    [
        ("VP Customer Operations", "formal", "high", "high", GridQuadrant.MANAGE_CLOSELY),
        ("CIO", "formal", "high", "high", GridQuadrant.MANAGE_CLOSELY),
        ("Contact-center supervisors", "informal", "high", "high", GridQuadrant.KEEP_INFORMED),
        ("Agents (voice)", "informal", "medium", "high", GridQuadrant.KEEP_INFORMED),
        ("Service desk L1", "formal", "low", "high", GridQuadrant.KEEP_INFORMED),
        ("WFM team", "formal", "medium", "high", GridQuadrant.MANAGE_CLOSELY),
        ("a formal power not interested", "formal", "high", "medium", GridQuadrant.KEEP_SATISFIED),
        ("low and low", "formal", "low", "low", GridQuadrant.MONITOR),
        ("informal, not interested", "informal", "high", "low", GridQuadrant.MONITOR),
    ],
)
def test_grid_quadrant(who, influence_type, influence, interest, quadrant):
    assert commitment.quadrant(influence=influence, influence_type=influence_type, interest=interest) == quadrant


@pytest.mark.parametrize(
    ("starts_in", "lasts", "near"),
    [
        (dt.timedelta(days=15), dt.timedelta(hours=6), False),
        (dt.timedelta(days=14), dt.timedelta(hours=6), True),  # T-14
        (dt.timedelta(days=2), dt.timedelta(hours=6), True),
        (dt.timedelta(hours=-2), dt.timedelta(hours=6), True),  # the window is open
        (dt.timedelta(days=-1), dt.timedelta(hours=6), False),  # over
    ],
)
def test_the_go_live_window_is_near_from_t_minus_14_to_its_end(starts_in, lasts, near):
    starts = NOW + starts_in
    assert commitment.window_is_near(starts, starts + lasts, now=NOW) is near


@pytest.mark.parametrize(
    ("gap", "influence", "scores"),
    [(2, "high", (3, 4)), (3, "high", (4, 4)), (2, "low", (3, 2)), (3, "medium", (4, 3))],
)
def test_the_risk_raised_is_likelier_the_wider_the_gap_and_larger_the_more_influential(gap, influence, scores):
    assert commitment.risk_scores(gap_steps=gap, influence=influence) == scores
