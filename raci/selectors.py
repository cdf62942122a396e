"""Reads for matrices: the grid and its rule check in a constant number of queries."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet

from programs.models import Program, Role

from . import rules
from .models import Activity, Assignment, Matrix, MatrixColumn

__all__ = [
    "CellChange",
    "Comparison",
    "Grid",
    "GridCell",
    "GridRow",
    "LetterChange",
    "accountable_or_responsible_for",
    "activity_cell_history",
    "matrices_with_errors",
    "matrix_compare",
    "matrix_grid",
    "matrix_list",
    "who_to_involve",
]


def matrix_list(program: Program) -> QuerySet[Matrix]:
    return program.matrices.select_related("workstream").annotate(
        activity_count=Count("activities", distinct=True), column_count=Count("columns", distinct=True)
    )


class GridCell(NamedTuple):
    column: MatrixColumn
    code: str  # "" for an empty cell


class GridRow(NamedTuple):
    activity: Activity
    cells: list[GridCell]  # in column order
    findings: list[rules.Finding]  # of this row


@dataclass
class Grid:
    matrix: Matrix
    columns: list[MatrixColumn]
    activities: list[Activity]
    cells: dict[tuple[int, int], str]
    findings: list[rules.Finding]
    row_findings: dict[int, list[rules.Finding]] = field(default_factory=dict)
    column_findings: dict[int, list[rules.Finding]] = field(default_factory=dict)

    @property
    def summary(self) -> rules.Summary:
        return rules.summarise(self.findings)

    def rows(self) -> Iterator[GridRow]:
        """The rows in display order."""
        for activity in self.activities:
            yield self._row(activity)

    def row(self, activity_id: int) -> GridRow:
        return self._row(next(a for a in self.activities if a.pk == activity_id))

    def _row(self, activity: Activity) -> GridRow:
        cells = [GridCell(column, self.cells.get((activity.pk, column.role_id), "")) for column in self.columns]
        return GridRow(activity, cells, self.row_findings.get(activity.pk, []))

    def column_status(self):
        return [(column, self.column_findings.get(column.role_id, [])) for column in self.columns]


def matrix_grid(matrix: Matrix) -> Grid:
    columns = list(matrix.columns.select_related("role"))
    activities = list(matrix.activities.all())
    cells = {
        (activity_id, role_id): code
        for activity_id, role_id, code in Assignment.objects.filter(activity__matrix=matrix).values_list(
            "activity_id", "role_id", "code"
        )
    }
    findings = rules.check(
        kind=matrix.kind,
        columns=[rules.Column(c.role_id, c.role.code, c.role.side) for c in columns],
        rows=[
            rules.Row(
                a.pk, a.name, {c.role_id: cells[(a.pk, c.role_id)] for c in columns if (a.pk, c.role_id) in cells}
            )
            for a in activities
        ],
        thresholds=matrix.thresholds,
    )
    by_row, by_column = defaultdict(list), defaultdict(list)
    for finding in findings:
        if finding.row_id is not None:
            by_row[finding.row_id].append(finding)
        elif finding.column_id is not None:
            by_column[finding.column_id].append(finding)
    return Grid(matrix, columns, activities, cells, findings, dict(by_row), dict(by_column))


def accountable_or_responsible_for(program: Program, role: Role) -> QuerySet[Assignment]:
    """Everything the role is A or R for, across the program's matrices."""
    return (
        Assignment.objects.filter(role=role, activity__matrix__program=program)
        .filter(Q(code__contains="A") | Q(code__contains="R"))
        .select_related("activity__matrix")
        .order_by("activity__matrix__name", "activity__position")
    )


def who_to_involve(activity: Activity) -> dict[str, list[Role]]:
    """For one activity: the roles by letter (who is A, R, S, who to consult, who to inform)."""
    by_letter: dict[str, list[Role]] = {letter: [] for letter in "ARSCI"}
    for assignment in activity.assignments.select_related("role").order_by("role__code"):
        for letter in assignment.code:
            by_letter[letter].append(assignment.role)
    return by_letter


@dataclass(frozen=True)
class CellChange:
    when: object
    who: object
    role: Role
    before: str
    after: str


def activity_cell_history(activity: Activity) -> list[CellChange]:
    """Every change to the activity's cells, newest first: who, when, from which letter to which."""
    records = (
        Assignment.history.filter(activity_id=activity.pk)
        .select_related("history_user", "role")
        .order_by("history_date", "history_id")
    )
    last: dict[int, str] = {}
    changes = []
    for record in records:
        after = "" if record.history_type == "-" else record.code
        before = last.get(record.role_id, "")
        last[record.role_id] = after
        if before != after:
            changes.append(CellChange(record.history_date, record.history_user, record.role, before, after))
    return changes[::-1]


class LetterChange(NamedTuple):
    activity: str
    role: str  # the role's code
    then: str
    now: str


@dataclass
class Comparison:
    at: object
    added: list[str]  # activities that did not exist then
    removed: list[str]  # activities that existed then and are gone now
    changes: list[LetterChange]


def matrix_compare(matrix: Matrix, at) -> Comparison:
    """The matrix now against the matrix as it was at `at`, from the recorded history."""
    activity_ids = set(Activity.history.filter(matrix_id=matrix.pk).values_list("id", flat=True))
    then_names: dict[int, str] = {}
    for record in Activity.history.filter(matrix_id=matrix.pk, history_date__lte=at).order_by("history_date"):
        if record.history_type == "-":
            then_names.pop(record.id, None)
        else:
            then_names[record.id] = record.name
    then_cells: dict[tuple[int, int], str] = {}
    for activity_id, role_id, code, kind in (
        Assignment.history.filter(activity_id__in=activity_ids, history_date__lte=at)
        .order_by("history_date", "history_id")
        .values_list("activity_id", "role_id", "code", "history_type")
    ):
        if kind == "-":
            then_cells.pop((activity_id, role_id), None)
        else:
            then_cells[(activity_id, role_id)] = code
    grid = matrix_grid(matrix)
    now_names = {a.pk: a.name for a in grid.activities}
    codes = dict(Role.objects.filter(program=matrix.program).values_list("pk", "code"))
    changes = []
    for key in sorted(set(then_cells) | set(grid.cells), key=lambda k: (k[0], codes.get(k[1], ""))):
        before, after = then_cells.get(key, ""), grid.cells.get(key, "")
        if before != after:
            name = now_names.get(key[0]) or then_names.get(key[0]) or f"#{key[0]}"
            changes.append(LetterChange(name, codes.get(key[1], "?"), before, after))
    return Comparison(
        at=at,
        added=[name for pk, name in now_names.items() if pk not in then_names],
        removed=[name for pk, name in then_names.items() if pk not in now_names],
        changes=changes,
    )


def matrices_with_errors(program: Program) -> QuerySet[Matrix]:
    """The program's current matrices whose rule check finds errors (count kept by services.matrix_recheck)."""
    return program.matrices.exclude(status="superseded").filter(error_count__gt=0)
