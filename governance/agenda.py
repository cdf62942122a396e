"""The agenda of a meeting, generated from live data (pure: the selectors gather the lines).

Which sections a meeting gets depends on its routine's kind: the readiness of the next go-live is on the
steering committee's and the pre-CAB review's agendas only; a risk review looks at risks and issues, and so on.
The result is plain data (lists and dicts of strings) so that it can be frozen as JSON when the meeting starts
and shown the same way before and after.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CARRIED, READINESS, RISKS, MILESTONES, DECISIONS, ACTIONS, ISSUES = (
    "carried_over", "readiness", "risks", "milestones", "decisions", "actions", "issues",
)  # fmt: skip

TITLES = {
    CARRIED: ("Carried over from the last meeting", "Nothing carried over."),
    READINESS: ("Next go-live: readiness", "No go-live event is planned."),
    RISKS: ("Risks at or above appetite", "No open risk is at or above the program's appetite."),
    MILESTONES: ("Overdue milestones", "No milestone is overdue."),
    DECISIONS: ("Decisions waiting", "No decision is waiting."),
    ACTIONS: ("Overdue actions", "No action is overdue."),
    ISSUES: ("Open issues", "No open issue."),
}

SECTIONS_BY_KIND = {
    "steering": (CARRIED, READINESS, RISKS, MILESTONES, DECISIONS, ACTIONS, ISSUES),
    "pre_cab": (CARRIED, READINESS, DECISIONS, ACTIONS, ISSUES),
    "risk_review": (CARRIED, RISKS, ISSUES, ACTIONS),
    "service_review": (CARRIED, ISSUES, ACTIONS, DECISIONS),
    "strategy": (CARRIED, DECISIONS, MILESTONES, RISKS),
    "hypercare": (CARRIED, ISSUES, ACTIONS),
    "other": (CARRIED, RISKS, MILESTONES, DECISIONS, ACTIONS),
}


@dataclass(frozen=True)
class Line:
    text: str
    ref: str = ""  # e.g. R-03, D-004
    detail: str = ""  # e.g. "score 16", "due 3 Nov, 12 days late"
    link: str = ""
    flag: str = ""  # "danger", "warning" or "": how loudly to show it


@dataclass
class Inputs:
    """What the program looks like now, as lines (the selectors build them; the lists are already ordered)."""

    risks: list[Line] = field(default_factory=list)
    milestones: list[Line] = field(default_factory=list)
    decisions: list[Line] = field(default_factory=list)
    actions: list[Line] = field(default_factory=list)
    issues: list[Line] = field(default_factory=list)
    carried_over: list[Line] = field(default_factory=list)
    readiness: Line | None = None


def build(kind: str, inputs: Inputs, *, limit: int = 15) -> list[dict]:
    """The sections of the agenda for a routine of `kind`, each with at most `limit` lines and a count of the
    rest (`more`), in the order the meeting takes them."""
    lines = {
        CARRIED: inputs.carried_over,
        READINESS: [inputs.readiness] if inputs.readiness else [],
        RISKS: inputs.risks,
        MILESTONES: inputs.milestones,
        DECISIONS: inputs.decisions,
        ACTIONS: inputs.actions,
        ISSUES: inputs.issues,
    }
    sections = []
    for key in SECTIONS_BY_KIND.get(kind, SECTIONS_BY_KIND["other"]):
        title, empty = TITLES[key]
        shown = lines[key][:limit]
        sections.append(
            {
                "key": key,
                "title": title,
                "empty": empty,
                "lines": [asdict(line) for line in shown],
                "more": len(lines[key]) - len(shown),
            }
        )
    return sections
