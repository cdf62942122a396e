"""Writes to matrices. Each runs in one transaction; cell history is kept by django-simple-history."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from programs import starting_sets
from programs.models import Program, Role

from .letters import allowed_codes
from .models import Activity, Assignment, Matrix, MatrixColumn
from .starting_matrices import STARTING_MATRICES


class CellConflict(Exception):
    """Someone else changed the cell since the editor saw it."""

    def __init__(self, current: str):
        super().__init__(current)
        self.current = current


@transaction.atomic
def matrix_create(*, program: Program, name: str, kind: str, starting_from: str = "", **fields) -> Matrix:
    """A new matrix; from a starting matrix, its rows, columns and letters too (missing roles are added)."""
    matrix = Matrix(program=program, name=name, kind=kind, **fields)
    matrix.full_clean()
    matrix.save()
    if starting_from:
        _fill_from_starting(matrix, STARTING_MATRICES[starting_from])
    return matrix


def _fill_from_starting(matrix: Matrix, start) -> None:
    codes, rows = start.load()
    roles = {r.code: r for r in matrix.program.roles.filter(code__in=codes)}
    standard = {code: (name, side, profile) for code, name, side, profile in starting_sets.ROLES}
    for code in codes:
        if code not in roles:
            name, side, profile = standard[code]
            roles[code] = Role.objects.create(
                program=matrix.program, code=code, name=name, side=side, connect_security_profile=profile
            )
    MatrixColumn.objects.bulk_create(
        MatrixColumn(matrix=matrix, role=roles[code], position=i) for i, code in enumerate(codes)
    )
    activities = bulk_create_with_history(
        [Activity(matrix=matrix, group=group, name=name, position=i) for i, (group, name, _) in enumerate(rows)],
        Activity,
    )
    bulk_create_with_history(
        [
            Assignment(activity=activity, role=roles[code], code=letters)
            for activity, (_, _, cells) in zip(activities, rows, strict=True)
            for code, letters in cells.items()
        ],
        Assignment,
    )


@transaction.atomic
def cell_set(*, matrix: Matrix, activity_id: int, role_id: int, code: str, expected: str) -> str:
    """Set one cell to `code` ('' clears it) if it still holds `expected`; returns the new code.

    Raises CellConflict with the current value when another edit got there first: never a silent overwrite.
    """
    if code and code not in allowed_codes(matrix.kind):
        raise ValidationError(f'"{code}" is not a letter of a {matrix.kind} matrix.')
    activity = Activity.objects.filter(matrix=matrix, pk=activity_id).first()
    if activity is None or not matrix.columns.filter(role_id=role_id).exists():
        raise ValidationError("That cell is not part of this matrix (was its row or column removed?).")
    current = Assignment.objects.select_for_update().filter(activity=activity, role_id=role_id).first()
    if (current.code if current else "") != expected:
        raise CellConflict(current.code if current else "")
    if current is None:
        if code:
            try:
                with transaction.atomic():
                    Assignment.objects.create(activity=activity, role_id=role_id, code=code)
            except IntegrityError:  # another edit filled the empty cell a moment earlier
                raise CellConflict(Assignment.objects.get(activity=activity, role_id=role_id).code) from None
    elif not code:
        current.delete()
    elif current.code != code:
        current.code = code
        current.save(update_fields=["code", "updated_at"])
    return code


@transaction.atomic
def activity_add(*, matrix: Matrix, name: str, group: str = "", description: str = "") -> Activity:
    last = matrix.activities.aggregate(last=Max("position"))["last"]
    activity = Activity(
        matrix=matrix, name=name, group=group, description=description, position=0 if last is None else last + 1
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_move(*, activity: Activity, by: int) -> None:
    """Move the row up (by < 0) or down (by > 0) among its matrix's rows."""
    _move(list(Activity.objects.select_for_update().filter(matrix_id=activity.matrix_id)), activity.pk, by)


@transaction.atomic
def column_add(*, matrix: Matrix, role: Role) -> MatrixColumn:
    if role.program_id != matrix.program_id:
        raise ValidationError("That role belongs to another program.")
    if matrix.columns.filter(role=role).exists():
        raise ValidationError(f"{role.code} is already a column of this matrix.")
    last = matrix.columns.aggregate(last=Max("position"))["last"]
    return MatrixColumn.objects.create(matrix=matrix, role=role, position=0 if last is None else last + 1)


@transaction.atomic
def column_remove(*, column: MatrixColumn) -> int:
    """Remove the column and the letters in it; returns how many letters went with it."""
    removed, _ = Assignment.objects.filter(activity__matrix_id=column.matrix_id, role_id=column.role_id).delete()
    column.delete()
    return removed


@transaction.atomic
def column_move(*, column: MatrixColumn, by: int) -> None:
    _move(list(MatrixColumn.objects.select_for_update().filter(matrix_id=column.matrix_id)), column.pk, by)


def _move(items, pk: int, by: int) -> None:
    """Reorder: take the item out, put it back `by` places further, renumber positions 0..n-1."""
    items.sort(key=lambda item: (item.position, item.pk))
    index = next(i for i, item in enumerate(items) if item.pk == pk)
    item = items.pop(index)
    items.insert(max(0, min(len(items), index + by)), item)
    changed = []
    for position, each in enumerate(items):
        if each.position != position:
            each.position = position
            changed.append(each)
    type(item).objects.bulk_update(changed, ["position"])
