"""The portfolio's line assembly (people/portfolio.py): pure, with the people-readiness columns optional."""

import datetime as dt
from dataclasses import dataclass

from people.portfolio import portfolio_lines
from people.sponsor_roadmap import Tally
from programs.selectors import ProgramHealth


@dataclass
class FakeProgram:
    pk: int
    name: str


@dataclass
class FakeGoLive:
    latest: tuple | None


NORTHWIND, FABRIKAM = FakeProgram(1, "Northwind"), FakeProgram(2, "Fabrikam")


def lines(**optional):
    return portfolio_lines(
        [NORTHWIND, FABRIKAM],
        go_lives={1: FakeGoLive((dt.datetime(2026, 11, 20, tzinfo=dt.UTC), 62.5, "no_go"))},
        health={1: ProgramHealth(overdue_milestones=3, risks_above_appetite=1)},
        sponsor={1: Tally(due=4, done=3)},
        decisions={1: (2, 1)},
        **optional,
    )


def test_one_line_per_program_in_the_order_given_with_what_needs_attention():
    northwind, fabrikam = lines()
    assert (northwind.go_live_outcome, northwind.go_live_score) == ("no_go", 62.5)
    assert northwind.alerts == [
        "go-live at no-go", "3 overdue milestones", "1 risk above appetite", "1 sponsor activity overdue",
        "1 decision late",
    ]  # fmt: skip
    # a program nothing was counted for is a quiet line, not a missing one
    assert fabrikam.program is FABRIKAM and fabrikam.go_live is None and fabrikam.alerts == []
    assert (fabrikam.overdue_milestones, fabrikam.decisions_waiting, fabrikam.sponsor) == (0, 0, Tally())


def test_people_readiness_columns_say_when_they_are_not_wired():
    northwind, _ = lines()
    assert not northwind.people_readiness_known and northwind.worst_adkar_barrier is None
    northwind, fabrikam = lines(worst_adkar_barrier={1: "Knowledge"}, commitment_gaps={1: 4})
    assert northwind.people_readiness_known and fabrikam.people_readiness_known
    assert (northwind.worst_adkar_barrier, northwind.commitment_gaps) == ("Knowledge", 4)
    assert "ADKAR barrier: Knowledge" in northwind.alerts and "commitment gaps: 4" in northwind.alerts
    assert fabrikam.worst_adkar_barrier is None and fabrikam.alerts == []
