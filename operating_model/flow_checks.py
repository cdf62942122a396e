"""What a flow step's link to the RASCI says about its lane (DOMAIN.md §7.3: "RACI should be applied to each
process flow"). Pure: the letters come in as data, read through raci's selectors by the caller.

- the lane's role should be R or A on the linked activity (whoever does a step answers for it in the RASCI);
- the linked activity should have an Accountable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkedStep:
    step_id: int
    number: int
    lane_role_id: int
    lane_role_code: str
    activity_name: str
    letters: Mapping[int, str]  # role id → letters on the linked activity ("R", "A", "AR", "C"…)


def check(steps: Iterable[LinkedStep]) -> dict[int, list[str]]:
    """step id → what is wrong with its RASCI link (steps without problems are left out)."""
    found: dict[int, list[str]] = {}
    for step in steps:
        problems = []
        letters = step.letters.get(step.lane_role_id, "")
        if "R" not in letters and "A" not in letters:
            now = f"it is {letters}" if letters else "it has no letter there"
            problems.append(
                f'Step {step.number}: {step.lane_role_code} does this step but is not R or A on "{step.activity_name}" '
                f"in the RASCI ({now})."
            )
        if not any("A" in code for code in step.letters.values()):
            problems.append(f'Step {step.number}: "{step.activity_name}" has no Accountable in the RASCI.')
        if problems:
            found[step.step_id] = problems
    return found
