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


def lines(**people):
    people = {"worst_adkar_barrier": {}, "commitment_gaps": {}, **people}
    return portfolio_lines(
        [NORTHWIND, FABRIKAM],
        go_lives={1: FakeGoLive((dt.datetime(2026, 11, 20, tzinfo=dt.UTC), 62.5, "no_go"))},
        health={1: ProgramHealth(overdue_milestones=3, risks_above_appetite=1)},
        sponsor={1: Tally(due=4, done=3)},
        decisions={1: (2, 1)},
        **people,
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


def test_people_readiness_shows_the_worst_barrier_and_the_commitment_gaps():
    northwind, fabrikam = lines(worst_adkar_barrier={1: "Agents: Knowledge 2/5"}, commitment_gaps={1: 4})
    assert (northwind.worst_adkar_barrier, northwind.commitment_gaps) == ("Agents: Knowledge 2/5", 4)
    assert "ADKAR barrier: Agents: Knowledge 2/5" in northwind.alerts and "4 commitment gaps" in northwind.alerts
    assert (fabrikam.worst_adkar_barrier, fabrikam.commitment_gaps, fabrikam.alerts) == (None, 0, [])
