"""Geometry of the readiness trend chart (server-rendered SVG). Pure."""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 640, 200, 36, 10, 24


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


def trend_chart(history: Sequence[tuple[object, float, str]], *, go: float, conditions: float) -> TrendChart | None:
    """history: (when, score %, outcome) oldest first. None when there is nothing to draw."""
    if not history:
        return None
    plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - TOP - BOTTOM

    def y(score: float) -> float:
        return round(TOP + plot_h * (1 - score / 100), 1)

    step = plot_w / max(len(history) - 1, 1)
    dots = [
        (round(LEFT + i * step, 1), y(float(score)), outcome, f"{when:%d %b %H:%M}: {score}%")
        for i, (when, score, outcome) in enumerate(history)
    ]
    return TrendChart(
        points=" ".join(f"{x},{yy}" for x, yy, _, _ in dots),
        dots=dots,
        go_y=y(go),
        conditions_y=y(conditions),
        gridlines=[(y(v), v) for v in (0, 25, 50, 75, 100)],
    )
