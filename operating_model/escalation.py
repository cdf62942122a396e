"""The checks of severities and their escalation paths (DOMAIN.md §7.2, §7.3). Pure: no Django, no database.

Errors the severity page names:
- a Sev 1 that escalates to no L3 or vendor step (a critical outage must reach the platform team or the vendor);
- an escalation step that fires before the response target (L1 *is* the response; every later level waits
  for it to be due);
- a step whose role is not a role of the program;
- a restore target shorter than the response target.
Minutes are counted on the severity's clock (business hours or 24×7), the same for its targets and its steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .sla import describe, due_at

FIRST_LINE = "L1"
DEEP_LEVELS = ("L3", "vendor")


@dataclass(frozen=True)
class Step:
    id: int
    level: str
    level_label: str
    role_code: str
    role_program_id: int
    after_minutes: int


@dataclass(frozen=True)
class Severity:
    id: int
    level: int
    name: str
    clock: str
    response_minutes: int | None
    restore_minutes: int | None
    steps: tuple[Step, ...]

    @property
    def label(self) -> str:
        return f"Sev {self.level} {self.name}".strip()


@dataclass(frozen=True)
class Finding:
    severity_id: int
    step_id: int | None
    message: str


def check(severities: Iterable[Severity], *, program_id: int) -> list[Finding]:
    found: list[Finding] = []
    for severity in sorted(severities, key=lambda s: s.level):
        found += _check_one(severity, program_id)
    return found


def _check_one(severity: Severity, program_id: int) -> list[Finding]:
    found = []
    if severity.level == 1 and not any(step.level in DEEP_LEVELS for step in severity.steps):
        found.append(Finding(severity.id, None, f"{severity.label} escalates to no L3 or vendor step: a critical "
                                                "outage must reach the platform team or the vendor."))  # fmt: skip
    response, restore = severity.response_minutes, severity.restore_minutes
    if response is not None and restore is not None and restore < response:
        found.append(Finding(severity.id, None, f"{severity.label}: the restore target "
                             f"({describe(restore, severity.clock)}) is shorter than the response target "
                             f"({describe(response, severity.clock)})."))  # fmt: skip
    for step in sorted(severity.steps, key=lambda s: (s.after_minutes, s.id)):
        if step.role_program_id != program_id:
            found.append(Finding(severity.id, step.id, f"{severity.label}: the {step.level_label} step's role "
                                 f"{step.role_code} is not a role of this program."))  # fmt: skip
        if step.level != FIRST_LINE and response is not None and step.after_minutes < response:
            found.append(Finding(severity.id, step.id, f"{severity.label}: the {step.level_label} step "
                                 f"({step.role_code}) fires {_after(step.after_minutes, severity.clock)}, before the "
                                 f"response target of {describe(response, severity.clock)}."))  # fmt: skip
    return found


def _after(minutes: int, clock: str) -> str:
    return "immediately" if minutes == 0 else f"after {describe(minutes, clock)}"


def after_text(minutes: int, clock: str) -> str:
    """A step's delay as people read it on the severity's clock: "at once", "after 4 business hours", "after 1 h"."""
    return "at once" if minutes == 0 else f"after {describe(minutes, clock)}"


def fires_at(opened: dt.datetime, steps: Iterable[tuple[int, int]], clock: str) -> dict[int, dt.datetime]:
    """When each step (id, minutes after the incident opens) fires for an incident opened at `opened`, timed on
    the severity's clock: in business hours where the clock is business hours."""
    return {step_id: due_at(opened, minutes, clock) for step_id, minutes in steps}
