"""Geometry of the readiness trend chart (server-rendered SVG). Pure."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT, LEFT, TOP, BOTTOM, RIGHT = 640, 200, 36, 10, 24, 16
MAX_TICKS = 6  # dates written under the plot at most
TICK_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364)  # days between two dates on the axis


@dataclass(frozen=True)
class TrendChart:
    points: str  # the polyline's "x,y x,y …"
    dots: list[tuple[float, float, str, str]]  # x, y, outcome, label
    go_y: float
    conditions_y: float
    gridlines: list[tuple[float, int]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    # The date axis: x and the day written under it ("16 Nov"); the baseline's y.
    date_ticks: list[tuple[float, str]] = field(default_factory=list)
    axis_y: float = HEIGHT - BOTTOM


def trend_chart(
    history: Sequence[tuple[dt.datetime, float, str]], *, go: float, conditions: float
) -> TrendChart | None:
    """history: (when, score %, outcome) oldest first, `when` in the time zone to show. None when there is
    nothing to draw. Points sit at their time on a date axis; when they all share one moment, side by side."""
    if not history:
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = history[0][0], history[-1][0]
    span = (last - first).total_seconds()

    def y(score: float) -> float:
        return round(TOP + plot_h * (1 - score / 100), 1)

    def x_at(when: dt.datetime) -> float:
        return round(LEFT + plot_w * (when - first).total_seconds() / span, 1)

    step = plot_w / max(len(history) - 1, 1)
    dots = [
        (x_at(when) if span > 0 else round(LEFT + i * step, 1), y(float(score)), outcome,
         f"{when:%d %b %H:%M}: {score}%")
        for i, (when, score, outcome) in enumerate(history)
    ]  # fmt: skip
    if span > 0:
        ticks = [(x_at(moment), _day_label(moment)) for moment in _tick_days(first, last)]
    else:
        ticks = [(round(LEFT + plot_w / 2, 1), f"{first:%d %b %H:%M}")]
    return TrendChart(
        points=" ".join(f"{x},{yy}" for x, yy, _, _ in dots),
        dots=dots,
        go_y=y(go),
        conditions_y=y(conditions),
        gridlines=[(y(v), v) for v in (0, 25, 50, 75, 100)],
        date_ticks=ticks,
    )


def _tick_days(first: dt.datetime, last: dt.datetime) -> list[dt.datetime]:
    """The midnights to write on the axis: evenly spaced whole days between the first and the last point, the
    last day always among them, at most MAX_TICKS; a trend within one day gets its first and last moment."""
    midnight = first.replace(hour=0, minute=0, second=0, microsecond=0)
    days = (last - midnight).days
    if days < 1:
        return [first, last]
    every = next((s for s in TICK_STEPS if days // s + 1 <= MAX_TICKS), TICK_STEPS[-1])
    end = midnight + dt.timedelta(days=days)
    ticks = [end - dt.timedelta(days=every * n) for n in range(days // every + 1)]
    return sorted(t for t in ticks if t >= first)


def _day_label(moment: dt.datetime) -> str:
    if moment.hour or moment.minute:
        return f"{moment:%H:%M}"
    return f"{moment.day} {moment:%b}"
