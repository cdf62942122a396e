"""The commitment curve, the power × interest grid and rule 8 (DOMAIN §3.2, §6.4, §9.3): pure, no ORM.

- Commitment runs aware → understand → adopted → ownership; a stakeholder's gap is desired − current in steps of
  that curve (negative when they are already past what the go-live needs: no gap).
- The grid places a stakeholder by power and interest. Power on the grid is formal authority: formal influence of
  medium or high counts as high power; informal influence, however strong, is weighed rather than obeyed, so it
  counts as low power (DOMAIN §10.E keeps the informal-high supervisors under "keep informed"). Interest counts
  as high only when it is high.
- Rule 8: a gap of more than one level within 14 days of a go-live window raises a people risk.
"""

from __future__ import annotations

import datetime as dt

from .choices import Commitment, GridQuadrant, InfluenceType, Level

CURVE: tuple[str, ...] = tuple(Commitment.values)  # aware, understand, adopted, ownership
RISK_GAP = 1  # a gap above this raises a people risk near a go-live (rule 8)
RISK_HORIZON_DAYS = 14

CADENCE = {  # §6.4: one practitioner's defaults
    GridQuadrant.MANAGE_CLOSELY: "weekly",
    GridQuadrant.KEEP_SATISFIED: "monthly",
    GridQuadrant.KEEP_INFORMED: "fortnightly",
    GridQuadrant.MONITOR: "quarterly",
}


def rank(level: str) -> int:
    """The step of a commitment level on the curve (aware = 0)."""
    return CURVE.index(level)


def gap(current: str, desired: str) -> int:
    """How many steps of the curve the stakeholder still has to climb by go-live (0 when none)."""
    return max(rank(desired) - rank(current), 0)


def high_power(influence: str, influence_type: str) -> bool:
    return influence_type == InfluenceType.FORMAL and influence in (Level.HIGH, Level.MEDIUM)


def high_interest(interest: str) -> bool:
    return interest == Level.HIGH


def quadrant(*, influence: str, influence_type: str, interest: str) -> GridQuadrant:
    power, keen = high_power(influence, influence_type), high_interest(interest)
    if power:
        return GridQuadrant.MANAGE_CLOSELY if keen else GridQuadrant.KEEP_SATISFIED
    return GridQuadrant.KEEP_INFORMED if keen else GridQuadrant.MONITOR


def window_is_near(starts_at: dt.datetime, ends_at: dt.datetime, *, now: dt.datetime,
                   days: int = RISK_HORIZON_DAYS) -> bool:  # fmt: skip
    """The go-live window starts within `days` and has not ended (T-14 up to the end of the window)."""
    return ends_at >= now and starts_at <= now + dt.timedelta(days=days)


def raises_risk(current: str, desired: str) -> bool:
    return gap(current, desired) > RISK_GAP


def risk_scores(*, gap_steps: int, influence: str) -> tuple[int, int]:
    """Likelihood and impact (1–5) of the people risk raised for a gap: the wider the gap, the likelier the miss;
    the more influential the stakeholder, the larger its effect."""
    likelihood = 4 if gap_steps >= 3 else 3
    impact = {Level.HIGH: 4, Level.MEDIUM: 3, Level.LOW: 2}[Level(influence)]
    return likelihood, impact
