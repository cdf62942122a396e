"""Milestone scheduling rules: overdue, slip, dependency cycles, date checks. Pure, no ORM."""

import datetime as dt
from collections.abc import Iterable, Mapping


def is_overdue(*, due: dt.date | None, completed: dt.date | None, today: dt.date, closed: bool) -> bool:
    return not closed and completed is None and due is not None and due < today


def slip_days(*, baseline: dt.date | None, forecast: dt.date | None) -> int:
    """Days the forecast lies after the baseline (negative when ahead of plan)."""
    if baseline is None or forecast is None:
        return 0
    return (forecast - baseline).days


def find_cycle(start: int, depends_on: Mapping[int, Iterable[int]]) -> list[int] | None:
    """A dependency path from `start` back to itself, or None.

    `depends_on` maps a milestone id to the ids it depends on (the edges as they would be saved).
    """
    path: list[int] = []
    on_path: set[int] = set()
    done: set[int] = set()

    def visit(node: int) -> bool:
        path.append(node)
        on_path.add(node)
        for nxt in depends_on.get(node, ()):
            if nxt == start:
                path.append(nxt)
                return True
            if nxt not in on_path and nxt not in done and visit(nxt):
                return True
        on_path.discard(node)
        done.add(node)
        path.pop()
        return False

    return path if visit(start) else None
