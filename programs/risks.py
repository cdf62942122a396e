"""Risk scoring: L×I score, rating bands (DOMAIN.md §9.2) and the 5×5 heat map. Pure, no ORM."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SCALE = range(1, 6)

# What each step of the 1–5 scales means, as a risk register explains it to the person scoring.
LIKELIHOOD = (
    (1, "1 · Rare: only in exceptional circumstances"),
    (2, "2 · Unlikely: could happen, not expected"),
    (3, "3 · Possible: might well happen"),
    (4, "4 · Likely: will probably happen"),
    (5, "5 · Almost certain: expected to happen"),
)
IMPACT = (
    (1, "1 · Minor: absorbed without notice"),
    (2, "2 · Moderate: some rework or delay, inside tolerance"),
    (3, "3 · Significant: a milestone or service level missed"),
    (4, "4 · Major: go-live or customers visibly affected"),
    (5, "5 · Severe: go-live stopped or service lost"),
)

# (lowest score in the band, band name, Bootstrap colour); checked from the top.
BANDS = (
    (20, "Critical", "danger"),
    (12, "High", "warning"),
    (6, "Medium", "info"),
    (1, "Low", "success"),
)


def risk_band(score: int) -> str:
    return next(name for floor, name, _ in BANDS if score >= floor)


def band_colour(score: int) -> str:
    return next(colour for floor, _, colour in BANDS if score >= floor)


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return risk_band(self.score)

    @property
    def colour(self) -> str:
        return band_colour(self.score)


def heat_map(pairs: Iterable[tuple[int, int]]) -> list[list[HeatCell]]:
    """Rows of cells, likelihood 5 at the top (as risk registers draw it), impact 1..5 left to right."""
    counts = Counter(pairs)
    return [
        [HeatCell(likelihood, impact, counts[(likelihood, impact)]) for impact in SCALE]
        for likelihood in reversed(SCALE)
    ]
