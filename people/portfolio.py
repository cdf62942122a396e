"""The executive's portfolio: one line per program, assembled from what each app's selectors counted. Pure: it
takes mappings keyed by program id (built in a constant number of queries by people.selectors.portfolio) and
says what each line shows and which of its cells need the executive's attention.

People readiness is the worst ADKAR barrier (the group and element where change stops first) and the number of
stakeholders more than one step short of the commitment wanted by go-live.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .sponsor_roadmap import Tally

NO_GO = "no_go"  # readiness.scoring.Outcome values, as the snapshots store them


@dataclass(frozen=True)
class PortfolioLine:
    program: Any  # programs.models.Program
    go_live: Any | None  # readiness.selectors.ScoredEvent of the next go-live, None when none is planned
    overdue_milestones: int
    risks_above_appetite: int
    sponsor: Tally
    decisions_waiting: int
    decisions_late: int  # waiting past their needed-by date
    worst_adkar_barrier: Any | None = None  # people.selectors.WorstBarrier; None: no group stops anywhere
    commitment_gaps: int = 0

    @property
    def go_live_outcome(self) -> str:
        latest = self.go_live.latest if self.go_live is not None else None
        return latest[2] if latest else ""

    @property
    def go_live_score(self) -> float | None:
        latest = self.go_live.latest if self.go_live is not None else None
        return latest[1] if latest else None

    @property
    def alerts(self) -> list[str]:
        """What needs the executive's attention on this line, in the order of the columns."""
        found = []
        if self.go_live_outcome == NO_GO:
            found.append("go-live at no-go")
        if self.overdue_milestones:
            found.append(f"{self.overdue_milestones} overdue milestone{'s' * (self.overdue_milestones != 1)}")
        if self.risks_above_appetite:
            found.append(f"{self.risks_above_appetite} risk{'s' * (self.risks_above_appetite != 1)} above appetite")
        if self.sponsor.overdue:
            found.append(f"{self.sponsor.overdue} sponsor activit{'ies' if self.sponsor.overdue != 1 else 'y'} overdue")
        if self.decisions_late:
            found.append(f"{self.decisions_late} decision{'s' * (self.decisions_late != 1)} late")
        if self.worst_adkar_barrier:
            found.append(f"ADKAR barrier: {self.worst_adkar_barrier}")
        if self.commitment_gaps:
            found.append(f"{self.commitment_gaps} commitment gap{'s' * (self.commitment_gaps != 1)}")
        return found


def portfolio_lines(
    programs: Iterable[Any],
    *,
    go_lives: Mapping[int, Any],
    health: Mapping[int, Any],
    sponsor: Mapping[int, Tally],
    decisions: Mapping[int, tuple[int, int]],
    worst_adkar_barrier: Mapping[int, Any],
    commitment_gaps: Mapping[int, int],
) -> list[PortfolioLine]:
    """One line per program, in the order given. `health` values have `overdue_milestones` and
    `risks_above_appetite`; `decisions` values are (waiting, late). A program missing from a mapping has
    nothing to count there."""
    lines = []
    for program in programs:
        pid = program.pk
        counts = health.get(pid)
        waiting, late = decisions.get(pid, (0, 0))
        lines.append(
            PortfolioLine(
                program=program,
                go_live=go_lives.get(pid),
                overdue_milestones=counts.overdue_milestones if counts else 0,
                risks_above_appetite=counts.risks_above_appetite if counts else 0,
                sponsor=sponsor.get(pid, Tally()),
                decisions_waiting=waiting,
                decisions_late=late,
                worst_adkar_barrier=worst_adkar_barrier.get(pid),
                commitment_gaps=commitment_gaps.get(pid, 0),
            )
        )
    return lines
