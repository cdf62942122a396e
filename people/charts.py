"""Geometry of the trend charts of people & change (server-rendered SVG: ADKAR per element across rounds,
survey categories across rounds). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 180, 30, 130, 10, 26
COLOURS = ("#0d6efd", "#6f42c1", "#198754", "#fd7e14", "#dc3545", "#20c997")


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    points: str  # polyline "x,y x,y"
    dots: list[tuple[float, float, str]]  # x, y, title
    label_y: float


@dataclass(frozen=True)
class LineChart:
    series: list[Series]
    x_labels: list[tuple[float, str]]
    gridlines: list[tuple[float, int]]
    title: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT


def line_chart(
    title: str, x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, low: int, high: int
) -> LineChart | None:
    """`series`: (label, one value per x label, None where missing). None when there is nothing to draw."""
    if not x_labels or not any(v is not None for _, values in series for v in values):
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(x_labels) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + (i * step if len(x_labels) > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (1 - (v - low) / (high - low)), 1)

    drawn = []
    for n, (label, values) in enumerate(series):
        dots = [(x(i), y(v), f"{label} {x_labels[i]}: {v:g}") for i, v in enumerate(values) if v is not None]
        if not dots:
            continue
        drawn.append(
            Series(
                label=label, colour=COLOURS[n % len(COLOURS)], points=" ".join(f"{a},{b}" for a, b, _ in dots),
                dots=dots, label_y=dots[-1][1],
            )
        )  # fmt: skip
    _spread_labels(drawn)
    return LineChart(
        series=drawn,
        x_labels=[(x(i), text) for i, text in enumerate(x_labels)],
        gridlines=[(y(v), v) for v in range(low, high + 1)],
        title=title,
    )


def _spread_labels(series: list[Series], gap: float = 11.0) -> None:
    """Move the end labels apart so two lines ending at the same score do not print over each other."""
    placed: list[float] = []
    for s in sorted(series, key=lambda s: s.label_y):
        want = s.label_y
        while any(abs(want - p) < gap for p in placed):
            want += gap
        placed.append(want)
        object.__setattr__(s, "label_y", want)
