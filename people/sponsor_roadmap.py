"""Planned versus done on the sponsor roadmap (DOMAIN.md §6.2: active and visible sponsorship). Pure: no ORM.

A planned item counts in the month it was planned for, done or not; it is done when an activity was recorded
against it (whenever that was). An activity recorded on its own counts in the month it was done, as unplanned.
A planned item whose day has passed and that nobody recorded as done is overdue. Cancelled items count nowhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Planned:
    id: int
    sponsor_id: int
    planned_on: dt.date
    done: bool  # an activity was recorded against it
    cancelled: bool = False


@dataclass(frozen=True)
class Done:
    sponsor_id: int
    done_on: dt.date
    planned_id: int | None  # None: done on its own, not on the roadmap


@dataclass(frozen=True)
class Tally:
    """Planned versus done, up to a day."""

    due: int = 0  # planned items whose day has passed (or that were done already)
    done: int = 0  # of those, done
    unplanned: int = 0  # activities recorded on their own
    upcoming: int = 0  # planned items for today or later, not done yet

    @property
    def overdue(self) -> int:
        return self.due - self.done

    @property
    def percent(self) -> int | None:
        """Share of the due items done; None when nothing is due yet."""
        return round(100 * self.done / self.due) if self.due else None

    @property
    def activity(self) -> int:
        """Everything the sponsors did, planned or not."""
        return self.done + self.unplanned


@dataclass(frozen=True)
class MonthRow:
    sponsor_id: int
    month: dt.date  # the first of the month
    planned: int
    planned_done: int
    unplanned: int
    overdue: int

    @property
    def done(self) -> int:
        return self.planned_done + self.unplanned


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def tally(planned: Iterable[Planned], done: Iterable[Done], *, today: dt.date) -> Tally:
    due = finished = upcoming = 0
    for item in planned:
        if item.cancelled:
            continue
        if item.done or item.planned_on < today:
            due += 1
            finished += item.done
        else:
            upcoming += 1
    unplanned = sum(1 for activity in done if activity.planned_id is None)
    return Tally(due=due, done=finished, unplanned=unplanned, upcoming=upcoming)


def tally_by(planned: Iterable[Planned], done: Iterable[Done], *, key, today: dt.date) -> dict:
    """Tallies grouped by `key(record)` (e.g. the program of each record)."""
    plans: dict = {}
    acts: dict = {}
    for item in planned:
        plans.setdefault(key(item), []).append(item)
    for activity in done:
        acts.setdefault(key(activity), []).append(activity)
    return {k: tally(plans.get(k, []), acts.get(k, []), today=today) for k in set(plans) | set(acts)}


def by_sponsor_and_month(planned: Iterable[Planned], done: Iterable[Done], *, today: dt.date) -> list[MonthRow]:
    """One row per sponsor and month that has anything planned or done, by sponsor then month."""
    cells: dict[tuple[int, dt.date], list[int]] = {}  # planned, planned done, unplanned, overdue

    def cell(sponsor_id: int, day: dt.date) -> list[int]:
        return cells.setdefault((sponsor_id, _month(day)), [0, 0, 0, 0])

    for item in planned:
        if item.cancelled:
            continue
        counts = cell(item.sponsor_id, item.planned_on)
        counts[0] += 1
        counts[1] += item.done
        counts[3] += not item.done and item.planned_on < today
    for activity in done:
        if activity.planned_id is None:
            cell(activity.sponsor_id, activity.done_on)[2] += 1
    return [MonthRow(sponsor, month, *counts) for (sponsor, month), counts in sorted(cells.items())]
