"""The organisational readiness survey (DOMAIN §3.4). Pure: the questions, the check of an answer sheet, and
the results by category and slice, hidden where fewer than MIN_RESPONSES people answered.

Scale: 1 strongly disagree, 2 disagree, 3 agree, 4 strongly agree, 5 N/A (left out of averages).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_RESPONSES = 5  # below this a result could point at a person: it is not shown
NOT_APPLICABLE = 5
SCALE: dict[int, str] = {1: "Strongly disagree", 2: "Disagree", 3: "Agree", 4: "Strongly agree", 5: "N/A"}
COMMENT_MAX = 1000

CATEGORIES: dict[str, str] = {
    "direction": "Business case & direction",
    "communications": "Communications",
    "skills": "Skills & training",
    "leadership": "Leadership",
    "culture": "Culture",
}


@dataclass(frozen=True)
class Question:
    key: str
    category: str
    text: str


QUESTIONS: tuple[Question, ...] = (
    Question("direction_1", "direction", "I understand why we are moving the contact center to Amazon Connect."),
    Question("direction_2", "direction", "I know what the change will mean for my work."),
    Question("comms_1", "communications", "I get the information I need about the change in time."),
    Question("comms_2", "communications", "I know where to ask questions and raise concerns."),
    Question("skills_1", "skills", "I expect to get the training I need before go-live."),
    Question("skills_2", "skills", "I am confident I will be able to work the new way."),
    Question("leadership_1", "leadership", "My manager is interested in how the change affects me."),
    Question("leadership_2", "leadership", "My manager explains what is expected of me."),
    Question("leadership_3", "leadership", "Senior management actively supports the change."),
    Question("culture_1", "culture", "Our leaders walk the talk."),
    Question("culture_2", "culture", "Mistakes are treated as a chance to learn."),
    Question("culture_3", "culture", "Enough colleagues will champion the change."),
    Question("culture_4", "culture", "People who adopt the change are recognised."),
    Question("culture_5", "culture", "Our culture lets the change deliver its benefits."),
)
QUESTION_KEYS = frozenset(q.key for q in QUESTIONS)
CATEGORY_OF = {q.key: q.category for q in QUESTIONS}


class AnswerError(ValueError):
    """The answer sheet is refused whole; `errors` says why, question by question (or `__all__`)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def check_answers(raw: Mapping[str, object]) -> dict[str, int]:
    """Every question answered with 1..5, nothing else: an unknown question or answer refuses the sheet whole."""
    errors: dict[str, str] = {}
    unknown = sorted(set(raw) - QUESTION_KEYS)
    if unknown:
        errors["__all__"] = f"Unknown question{'s' if len(unknown) > 1 else ''}: {', '.join(unknown[:5])}."
    clean: dict[str, int] = {}
    for question in QUESTIONS:
        value = raw.get(question.key)
        if value is None or value == "":
            errors[question.key] = "Choose an answer (N/A if it does not apply)."
            continue
        try:
            number = int(str(value))
        except ValueError:
            number = 0
        if number not in SCALE:
            errors[question.key] = "That is not one of the answers."
            continue
        clean[question.key] = number
    if errors:
        raise AnswerError(errors)
    return clean


@dataclass(frozen=True)
class Cell:
    """The result of one category in one slice: None when hidden (too few answers) or nothing to average."""

    mean: float | None
    responses: int
    hidden: bool


@dataclass(frozen=True)
class SliceRow:
    label: str
    responses: int
    hidden: bool
    cells: dict[str, Cell]  # category → cell


@dataclass(frozen=True)
class Sheet:
    """One response as the results need it: its slice values and answers."""

    slices: Mapping[str, str]  # e.g. {"group": "Agents (voice)", "tenure": "1–3 years", "level": "Front line"}
    answers: Mapping[str, int]


def category_means(sheets: Iterable[Sheet]) -> dict[str, Cell]:
    sheets = list(sheets)
    hidden = len(sheets) < MIN_RESPONSES
    sums: dict[str, list[int]] = defaultdict(list)
    for sheet in sheets:
        for key, value in sheet.answers.items():
            if key in CATEGORY_OF and value != NOT_APPLICABLE:
                sums[CATEGORY_OF[key]].append(value)
    return {
        category: Cell(
            mean=None if hidden or not sums[category] else round(sum(sums[category]) / len(sums[category]), 2),
            responses=len(sheets),
            hidden=hidden,
        )
        for category in CATEGORIES
    }


def results_by(sheets: Iterable[Sheet], dimension: str) -> list[SliceRow]:
    """One row per value of `dimension` (group, tenure, level): hidden below MIN_RESPONSES."""
    grouped: dict[str, list[Sheet]] = defaultdict(list)
    for sheet in sheets:
        grouped[sheet.slices.get(dimension) or "Not said"].append(sheet)
    rows = []
    for label in sorted(grouped):
        members = grouped[label]
        cells = category_means(members)
        rows.append(SliceRow(label, len(members), len(members) < MIN_RESPONSES, cells))
    return rows
