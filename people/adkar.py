"""Prosci ADKAR (DOMAIN §6.1, rule 9 of §9.3). Pure: no ORM, no HTTP.

Each element is scored 1–5 in order Awareness → Desire → Knowledge → Ability → Reinforcement. The barrier
point is the first element scoring 3 or less: address it before the later ones (no training before desire).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ELEMENTS: tuple[str, ...] = ("awareness", "desire", "knowledge", "ability", "reinforcement")
LABELS: dict[str, str] = {
    "awareness": "Awareness",
    "desire": "Desire",
    "knowledge": "Knowledge",
    "ability": "Ability",
    "reinforcement": "Reinforcement",
}
LOWEST, HIGHEST = 1, 5
BARRIER_AT_OR_BELOW = 3

# Rule 9: A/D → communication & sponsor actions; K → training; A → coaching/practice; R → recognition/QM.
TACTICS: dict[str, str] = {
    "awareness": "Communication and sponsor actions: the sponsor explains why the change is happening.",
    "desire": "Communication and sponsor actions: managers talk through what is in it for the group; "
    "address resistance.",
    "knowledge": "Training: courses, guides and hands-on demos of the new way of working.",
    "ability": "Coaching and practice: floor-walkers, super-users, practice time before go-live.",
    "reinforcement": "Recognition and QM reinforcement: celebrate adoption, measure it in quality reviews.",
}


class ScoreError(ValueError):
    """Scores out of range or missing; `errors` maps each element to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{LABELS.get(k, k)}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Barrier:
    element: str
    score: int

    @property
    def label(self) -> str:
        return LABELS[self.element]

    @property
    def tactic(self) -> str:
        return TACTICS[self.element]


def check_scores(scores: Mapping[str, object]) -> dict[str, int]:
    """The five scores as ints, or ScoreError naming every element that is missing or outside 1–5."""
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for element in ELEMENTS:
        value = scores.get(element)
        if value is None or value == "":
            errors[element] = "Score this element from 1 to 5."
            continue
        if isinstance(value, bool) or not isinstance(value, int | str):
            errors[element] = f"{value!r} is not a score from 1 to 5."
            continue
        try:
            number = int(value)
        except ValueError:
            errors[element] = f"{value!r} is not a score from 1 to 5."
            continue
        if not LOWEST <= number <= HIGHEST:
            errors[element] = f"{number} is out of range: scores go from 1 to 5."
            continue
        clean[element] = number
    if errors:
        raise ScoreError(errors)
    return clean


def barrier_point(scores: Sequence[int] | Mapping[str, int]) -> Barrier | None:
    """The first element scoring ≤ 3, in ADKAR order; None when every element is above 3."""
    values = [scores[e] for e in ELEMENTS] if isinstance(scores, Mapping) else list(scores)
    if len(values) != len(ELEMENTS):
        raise ValueError("ADKAR has five elements")
    for element, score in zip(ELEMENTS, values, strict=True):
        if score <= BARRIER_AT_OR_BELOW:
            return Barrier(element, score)
    return None


def recommended_tactic(scores: Sequence[int] | Mapping[str, int]) -> str:
    barrier = barrier_point(scores)
    return barrier.tactic if barrier else "No barrier: keep reinforcing and re-assess before go-live."
