"""Geometry of the milestone timeline, drawn as server-side SVG. Pure: takes milestones, returns shapes."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

LABEL_WIDTH = 300
PLOT_WIDTH = 900
ROW_HEIGHT = 26
HEADER_HEIGHT = 34
GROUP_HEIGHT = 24
MARGIN_DAYS = 10


@dataclass
class Point:
    title: str
    href: str
    y: int
    baseline_x: float
    due_x: float
    state: str  # completed, overdue, slipped, on_track
    slip_days: int
    due: dt.date
    baseline: dt.date


@dataclass
class Group:
    name: str
    y: int
    points: list[Point] = field(default_factory=list)


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Chart:
    groups: list[Group]
    ticks: list[Tick]
    today_x: float
    width: int
    height: int
    label_width: int = LABEL_WIDTH

    @property
    def is_empty(self) -> bool:
        return not self.groups


def _state(m, today: dt.date) -> str:
    if m.completed_date:
        return "completed"
    if m.due_date < today:
        return "overdue"
    if m.slip_days > 0:
        return "slipped"
    return "on_track"


def build(milestones: Iterable, *, link: Callable[[object], str], today: dt.date | None = None) -> Chart:
    today = today or timezone.localdate()
    items = list(milestones)
    dates = [today] + [d for m in items for d in (m.baseline_date, m.due_date, m.completed_date) if d]
    start = min(dates) - dt.timedelta(days=MARGIN_DAYS)
    end = max(dates) + dt.timedelta(days=MARGIN_DAYS)
    span = max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * (day - start).days / span, 1)

    by_group: dict[tuple, list] = {}
    for m in items:
        key = (m.workstream.position, m.workstream.name) if m.workstream else (10**6, "No workstream")
        by_group.setdefault(key, []).append(m)

    groups, y = [], HEADER_HEIGHT
    for (_, name), members in sorted(by_group.items()):
        group = Group(name=name, y=y)
        y += GROUP_HEIGHT
        for m in sorted(members, key=lambda m: (m.due_date, m.title)):
            due = m.completed_date or m.due_date
            group.points.append(
                Point(
                    title=m.title,
                    href=link(m),
                    y=y + ROW_HEIGHT // 2,
                    baseline_x=x(m.baseline_date),
                    due_x=x(due),
                    state=_state(m, today),
                    slip_days=m.slip_days,
                    due=due,
                    baseline=m.baseline_date,
                )
            )
            y += ROW_HEIGHT
        groups.append(group)

    ticks, month = [], dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            ticks.append(Tick(x=x(month), label=month.strftime("%b %Y")))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return Chart(groups=groups, ticks=ticks, today_x=x(today), width=LABEL_WIDTH + PLOT_WIDTH + 20, height=y + 10)
