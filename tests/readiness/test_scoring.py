"""Scoring, table-driven, with the three worked examples of DOMAIN.md §10.C."""

import csv
from pathlib import Path

import pytest

from readiness.scoring import CREDIT, Criterion, Outcome, Thresholds, score

CHECKLIST = Path(__file__).resolve().parents[2] / "readiness" / "starting" / "si_checklist.csv"


def checklist(statuses):
    with CHECKLIST.open() as f:
        rows = list(csv.DictReader(f))
    return [
        Criterion(
            key=r["id"],
            label=r["item"],
            weight=int(r["weight"]),
            value=CREDIT[statuses.get(r["id"], "complete")],
            hard_blocker=r["hard_blocker"] == "True",
        )
        for r in rows
    ]


SCENARIO_A = {"SI-11": "in_progress", "SI-16": "in_progress", "SI-19": "in_progress", "SI-30": "in_progress",
              "SI-15": "not_started"}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "statuses", "pct", "outcome", "blockers"),
    [
        ("A", SCENARIO_A, 92.6, Outcome.GO, []),
        ("B", {**SCENARIO_A, "SI-22": "blocked"}, 89.0, Outcome.NO_GO, ["SI-22"]),
        (
            "C",
            {
                **SCENARIO_A,
                "SI-04": "in_progress",
                "SI-13": "in_progress",
                "SI-14": "in_progress",
                "SI-26": "in_progress",
                "SI-21": "not_started",
            },
            81.6,
            Outcome.GO_WITH_CONDITIONS,
            [],
        ),
    ],
)
def test_the_worked_examples(name, statuses, pct, outcome, blockers):
    result = score(checklist(statuses))
    assert result.score == pct
    assert result.outcome == outcome
    assert [c.key for c in result.open_blockers] == blockers


def test_the_template_weighs_136_with_14_hard_blockers():
    items = checklist({})
    assert sum(c.weight for c in items) == 136
    assert sum(c.hard_blocker for c in items) == 14
    assert score(items).score == 100.0 and score(items).outcome == Outcome.GO


@pytest.mark.parametrize(
    ("criteria", "pct", "outcome"),
    [
        ([Criterion("a", "A", 1, 1.0), Criterion("b", "B", 1, None)], 100.0, Outcome.GO),  # n/a left out
        ([Criterion("a", "A", 3, 0.5), Criterion("b", "B", 1, 1.0)], 62.5, Outcome.NO_GO),  # below 80
        ([Criterion("a", "A", 9, 1.0), Criterion("b", "B", 1, 0.0, hard_blocker=True)], 90.0, Outcome.NO_GO),
        ([], 0.0, Outcome.NO_GO),
    ],
)
def test_edges(criteria, pct, outcome):
    result = score(criteria)
    assert (result.score, result.outcome) == (pct, outcome)


def test_thresholds_are_the_programs():
    items = checklist(SCENARIO_A)
    assert score(items, Thresholds(go=95, conditions=85)).outcome == Outcome.GO_WITH_CONDITIONS
    assert score(items, Thresholds(go=95, conditions=93)).outcome == Outcome.NO_GO


def test_shortfalls_put_the_biggest_loss_first():
    result = score(checklist(SCENARIO_A))
    assert [c.key for c in result.shortfalls][:1] == ["SI-15"]  # weight 3, nothing done
