"""Go-live readiness scoring (DOMAIN.md §5.2). Pure: criteria in, score, open blockers and outcome out.

score = Σ(weight × value) / Σ(weight) over the criteria that apply, as a percentage. Any open hard
blocker makes it No-go whatever the score; otherwise Go at or above the Go threshold, Go with
conditions at or above the conditions threshold, else No-go.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    GO = "go"
    GO_WITH_CONDITIONS = "go_with_conditions"
    NO_GO = "no_go"

    @property
    def label(self) -> str:
        return {"go": "Go", "go_with_conditions": "Go with conditions", "no_go": "No-go"}[self.value]


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: float
    value: float | None  # 0..1; None = does not apply (n/a), left out of the score
    hard_blocker: bool = False
    explanation: str = ""
    link: str = ""
    source: str = ""  # set when computed in place of a checklist item's tick: where it comes from (a page name)

    @property
    def applies(self) -> bool:
        return self.value is not None and self.weight > 0

    @property
    def met(self) -> float:
        """How far the criterion is met, 0..1 (0 when it does not apply: it is then left out anyway)."""
        return self.value or 0.0

    @property
    def is_open_blocker(self) -> bool:
        return self.hard_blocker and self.value is not None and self.value < 1


def criterion_record(c: Criterion) -> dict:
    """A criterion as a snapshot stores it (JSON); `criterion_of_record` reads it back."""
    return {"key": c.key, "label": c.label, "weight": c.weight, "value": c.value, "hard_blocker": c.hard_blocker,
            "why": c.explanation, "link": c.link}  # fmt: skip


def criterion_of_record(record: dict) -> Criterion:
    return Criterion(key=record["key"], label=record["label"], weight=record["weight"], value=record["value"],
                     hard_blocker=record["hard_blocker"], explanation=record.get("why", ""),
                     link=record.get("link", ""))  # fmt: skip


@dataclass(frozen=True)
class Thresholds:
    go: float = 90.0
    conditions: float = 80.0


@dataclass(frozen=True)
class Result:
    score: float  # percent, one decimal
    outcome: Outcome
    open_blockers: list[Criterion] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def shortfalls(self) -> list[Criterion]:
        """What holds the score down, biggest loss first: where to act."""
        lost = [c for c in self.criteria if c.applies and c.met < 1]
        return sorted(lost, key=lambda c: c.weight * (1 - c.met), reverse=True)


def score(criteria: Sequence[Criterion], thresholds: Thresholds = Thresholds()) -> Result:
    applicable = [c for c in criteria if c.applies]
    total = sum(c.weight for c in applicable)
    pct = round(100 * sum(c.weight * c.met for c in applicable) / total, 1) if total else 0.0
    blockers = [c for c in criteria if c.is_open_blocker]
    if blockers or pct < thresholds.conditions:
        outcome = Outcome.NO_GO
    elif pct >= thresholds.go:
        outcome = Outcome.GO
    else:
        outcome = Outcome.GO_WITH_CONDITIONS
    return Result(score=pct, outcome=outcome, open_blockers=blockers, criteria=list(criteria))


# Checklist status → credit (DOMAIN.md §9.2 ChecklistStatus); None = n/a, excluded.
CREDIT = {"not_started": 0.0, "in_progress": 0.5, "complete": 1.0, "blocked": 0.0, "n_a": None}
WEIGHT = {"high": 5, "medium": 3, "low": 1}
