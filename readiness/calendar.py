"""Change-calendar clashes (DOMAIN.md §5.3, §9.3 rule 4). Pure."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    name: str
    kind: str  # freeze, blackout, maintenance; or "go_live" for another scheduled go-live
    starts_at: dt.datetime
    ends_at: dt.datetime


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def calendar_clashes(start: dt.datetime, end: dt.datetime, windows: list[Window]) -> list[str]:
    """Why the go-live window [start, end) clashes: freezes, blackouts and other go-lives it overlaps."""
    reasons = []
    for w in windows:
        if w.kind in ("freeze", "blackout", "go_live") and overlaps(start, end, w.starts_at, w.ends_at):
            what = "another go-live" if w.kind == "go_live" else f"the {w.kind}"
            reasons.append(f"overlaps {what} “{w.name}” ({w.starts_at:%d %b %H:%M} – {w.ends_at:%d %b %H:%M})")
    return reasons


def cab_problem(
    *, start: dt.datetime, end: dt.datetime, status: str | None, approved_start, approved_end
) -> str | None:
    """What is wrong with the cutover CR for this window, or None when CAB approved exactly this window."""
    if status is None:
        return "no cutover change request has been raised"
    if status != "approved":
        return f"the cutover change request is {status}, not approved"
    if approved_start is None or approved_end is None:
        return "CAB approval does not say for which date and time"
    if approved_start > start or approved_end < end:
        return (
            f"CAB approved {approved_start:%d %b %H:%M} – {approved_end:%d %b %H:%M}, "
            f"which does not cover the go-live window {start:%d %b %H:%M} – {end:%d %b %H:%M}"
        )
    return None
