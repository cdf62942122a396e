"""Writes to matrices. Each runs in one transaction; cell history is kept by django-simple-history."""

import io
import logging
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, FilteredRelation, Max, Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.records import edit, refuse_duplicate, save
from connectmobilize.lib.signals import program_input_changed
from connectmobilize.lib.spreadsheets import SpreadsheetError, check_xlsx
from programs import starting_sets
from programs.choices import RoleSide
from programs.models import Program, Role

from . import rules, tasks
from .choices import MatrixKind, MatrixStatus
from .importing import (
    CurrentMatrix,
    Plan,
    ProgramRole,
    name_key,
    new_role_code,
    plan_import,
    resolve,
    suggest_mapping,
)
from .letters import allowed_codes
from .models import Activity, Assignment, Matrix, MatrixColumn, MatrixExport, MatrixImport, StoredFinding
from .selectors import Grid, matrix_grid
from .spreadsheet import ParsedMatrix, ParsedRow, parse_workbook, write_workbook
from .starting_matrices import STARTING_MATRICES

logger = logging.getLogger(__name__)


class CellConflict(Exception):
    """Someone else changed the cell since the editor saw it."""

    def __init__(self, current: str):
        super().__init__(current)
        self.current = current


@transaction.atomic
def matrix_create(*, program: Program, name: str, kind: str, starting_from: str = "", **fields) -> Matrix:
    """A new matrix; from a starting matrix, its rows, columns and letters too (missing roles are added)."""
    matrix = Matrix(program=program, name=name, kind=kind, **fields)
    _refuse_duplicate_name(matrix)
    save(matrix)
    if starting_from:
        _fill_from_starting(matrix, STARTING_MATRICES[starting_from])
        matrix_recheck(matrix)
    return matrix


def _refuse_duplicate_name(matrix: Matrix) -> None:
    others = Matrix.objects.filter(program_id=matrix.program_id, name__iexact=matrix.name).exclude(pk=matrix.pk)
    refuse_duplicate(others, field="name", message=f'This program already has a matrix called "{matrix.name}".')


@transaction.atomic
def matrix_update(*, matrix: Matrix, version: int, **fields) -> Matrix:
    """Name, kind, status and thresholds. A matrix whose rule check finds errors cannot be approved."""
    was_approved = matrix.status == MatrixStatus.APPROVED
    matrix = edit(matrix, version=version, changes=fields)
    _refuse_duplicate_name(matrix)
    save(matrix)
    grid = matrix_recheck(matrix)  # the kind or the thresholds may have changed
    program_input_changed(matrix.program_id)  # readiness reads the status too (superseded ones do not count)
    errors = grid.summary.errors
    if matrix.status == MatrixStatus.APPROVED and not was_approved and errors:
        raise ValidationError(
            {"status": f"The rule check finds {errors} error{'s' if errors != 1 else ''}: fix "
                       f"{'them' if errors != 1 else 'it'} before approving the matrix."}
        )  # fmt: skip
    return matrix


def matrix_recheck(matrix: Matrix) -> Grid:
    """Check every row and column, store the findings and the error count; returns the grid it checked.

    Readiness reads only the count, so only a change of the count is announced to it. A single cell edit
    rechecks only its row and column (_recheck_part)."""
    grid = matrix_grid(matrix)
    placed = rules.place(
        grid.findings,
        row_numbers={activity.pk: number for number, activity in enumerate(grid.activities, 1)},
        column_indexes={column.role_id: index for index, column in enumerate(grid.columns)},
    )
    StoredFinding.objects.filter(matrix=matrix).delete()
    _store(matrix, placed)
    _keep_error_count(matrix, grid.summary.errors)
    return grid


def _store(matrix: Matrix, placed: list[rules.Placed]) -> None:
    StoredFinding.objects.bulk_create(
        StoredFinding(matrix=matrix, activity_id=p.finding.row_id, role_id=p.finding.column_id, rule=p.finding.rule,
                      severity=p.finding.severity, message=p.finding.message, rank=p.rank, place=p.place, seq=p.seq)
        for p in placed
    )  # fmt: skip


def _keep_error_count(matrix: Matrix, errors: int) -> None:
    if errors != matrix.error_count:
        matrix.error_count = errors
        Matrix.objects.filter(pk=matrix.pk).update(error_count=errors)
        program_input_changed(matrix.program_id)


def _recheck_part(matrix: Matrix, *, activity: Activity, role_id: int | None = None) -> None:
    """Recheck one row (and one column): what a cell edit or a rename can change, in a few small queries.

    The other rows' findings cannot change: a row's rules read only the row and the columns, and a column's
    rules only that column's counts. Callers hold the matrix row locked, so two edits never interleave here."""
    columns = [rules.Column(c.role_id, c.role.code, c.role.side) for c in matrix.columns.select_related("role")]
    # One pass over the matrix's rows: how many, how many above this one (its number) and the column's counts.
    above = Q(position__lt=activity.position) | Q(position=activity.position, pk__lt=activity.pk)
    tally = {"rows": Count("pk"), "above": Count("pk", filter=above)}
    activities = matrix.activities.all()
    if role_id is not None:
        activities = activities.annotate(
            cell=FilteredRelation("assignments", condition=Q(assignments__role_id=role_id))
        )
        tally |= {
            "filled": Count("cell"),
            "responsible": Count("cell", filter=Q(cell__code__contains="R")),
            "accountable": Count("cell", filter=Q(cell__code__contains="A")),
        }
    counts = activities.aggregate(**tally)
    number = counts.pop("above") + 1
    row = rules.Row(activity.pk, activity.name, dict(activity.assignments.values_list("role_id", "code")))
    findings = rules.check_row(number, row, columns=columns, kind=matrix.kind, thresholds=matrix.thresholds)
    stale = Q(activity=activity)
    if role_id is not None:
        column = next(c for c in columns if c.id == role_id)
        findings += rules.check_column(column, rules.ColumnCounts(**counts), thresholds=matrix.thresholds)
        stale |= Q(activity=None, role_id=role_id)
    StoredFinding.objects.filter(stale, matrix=matrix).delete()
    _store(
        matrix,
        rules.place(
            findings,
            row_numbers={activity.pk: number},
            column_indexes={c.id: index for index, c in enumerate(columns)},
        ),
    )
    errors = StoredFinding.objects.filter(matrix=matrix, rank=rules.SEVERITY_ORDER[rules.ERROR]).count()
    _keep_error_count(matrix, errors)


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
def cell_set(*, matrix: Matrix, activity_id: int, role_id: int, code: str, expected: str) -> None:
    """Set one cell to `code` ('' clears it) if it still holds `expected`, and recheck its row and column.

    Raises CellConflict with the current value when another edit got there first: never a silent overwrite.
    """
    if code and code not in allowed_codes(matrix.kind):
        raise ValidationError(f'"{code}" is not a letter of a {matrix.kind} matrix.')
    Matrix.objects.select_for_update().filter(pk=matrix.pk).values_list("pk").get()  # one edit at a time
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
    _recheck_part(matrix, activity=activity, role_id=role_id)


def _check_activity(activity: Activity) -> None:
    """The names the importer can tell apart: one line, single spaces, unique in the matrix whatever the case
    (a sheet matches its rows to activities that way, so two such names would not survive an export)."""
    activity.name = " ".join(activity.name.split())
    activity.group = " ".join(activity.group.split())
    siblings = Activity.objects.filter(matrix_id=activity.matrix_id).exclude(pk=activity.pk)
    taken = {name_key(name) for name in siblings.values_list("name", flat=True)}
    if name_key(activity.name) in taken:
        raise ValidationError({"name": f'This matrix already has an activity called "{activity.name}".'})
    save(activity)


@transaction.atomic
def activity_add(*, matrix: Matrix, name: str, group: str = "", description: str = "") -> Activity:
    last = matrix.activities.aggregate(last=Max("position"))["last"]
    activity = Activity(
        matrix=matrix, name=name, group=group, description=description, position=0 if last is None else last + 1
    )
    _check_activity(activity)
    matrix_recheck(matrix)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, version: int, **fields) -> Activity:
    activity = edit(activity, version=version, changes=fields)
    _check_activity(activity)
    matrix = Matrix.objects.select_for_update().get(pk=activity.matrix_id)
    _recheck_part(matrix, activity=activity)  # the findings name the row
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    matrix = activity.matrix
    activity.delete()
    matrix_recheck(matrix)


@transaction.atomic
def activity_move(*, activity: Activity, by: int) -> None:
    """Move the row up (by < 0) or down (by > 0) among its matrix's rows."""
    _move(list(Activity.objects.select_for_update().filter(matrix_id=activity.matrix_id)), activity.pk, by)
    matrix_recheck(activity.matrix)  # the findings number the rows


@transaction.atomic
def column_add(*, matrix: Matrix, role: Role) -> MatrixColumn:
    if role.program_id != matrix.program_id:
        raise ValidationError("That role belongs to another program.")
    if matrix.columns.filter(role=role).exists():
        raise ValidationError(f"{role.code} is already a column of this matrix.")
    last = matrix.columns.aggregate(last=Max("position"))["last"]
    column = MatrixColumn.objects.create(matrix=matrix, role=role, position=0 if last is None else last + 1)
    matrix_recheck(matrix)
    return column


@transaction.atomic
def column_remove(*, column: MatrixColumn) -> int:
    """Remove the column and the letters in it; returns how many letters went with it."""
    removed, _ = Assignment.objects.filter(activity__matrix_id=column.matrix_id, role_id=column.role_id).delete()
    column.delete()
    matrix_recheck(column.matrix)
    return removed


@transaction.atomic
def column_move(*, column: MatrixColumn, by: int) -> None:
    _move(list(MatrixColumn.objects.select_for_update().filter(matrix_id=column.matrix_id)), column.pk, by)
    matrix_recheck(column.matrix)  # the findings are listed in column order


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


# Spreadsheets -----------------------------------------------------------------------------------------
# Import: upload → parse (worker) → the user reviews the plan → apply (worker, one transaction) → done.
# Each task takes a job id and does nothing if the job is already past its step, so a re-run is harmless.


def matrix_import_start(
    *, program: Program, user, filename: str, data: bytes, matrix: Matrix | None = None, new_name: str = "",
    new_kind: str = "",
) -> MatrixImport:  # fmt: skip
    check_xlsx(data)  # cheap (zip directory only): a wrong or hostile file is refused at once
    job = MatrixImport(
        program=program, matrix=matrix, new_name=new_name, new_kind=new_kind or MatrixKind.RASCI,
        filename=filename[:255], data=data, created_by=user,
    )  # fmt: skip
    job.save()
    _queue(tasks.parse_matrix_import, job.pk)
    return job


def matrix_import_parse(*, job_id: int) -> None:
    job = _claim(MatrixImport, job_id, (JobStatus.PENDING, JobStatus.RUNNING), JobStatus.RUNNING)
    if job is None:
        return
    try:
        parsed = parse_workbook(bytes(job.data), kind=job.kind)
    except SpreadsheetError as error:
        _finish(job, JobStatus.FAILED, error=str(error))
        return
    except Exception:
        # Never leave a job running on a surprise: fail it in words, keep the details in the log.
        logger.exception("Import %s: unexpected error while reading the sheet", job.pk)
        _finish(job, JobStatus.FAILED, error="The sheet could not be read (an unexpected error); nothing was changed.")
        return
    roles = [ProgramRole(r.pk, r.code, r.name) for r in job.program.roles.all()]
    job.parsed = asdict(parsed)
    job.mapping = suggest_mapping(parsed.roles, roles)
    _finish(job, JobStatus.READY)


def import_preview(job: MatrixImport, mapping: list[int | None] | None = None) -> Plan:
    """What applying the job would change now (the matrix may have moved on since the upload)."""
    parsed = parsed_of(job)
    current = _current(job.matrix) if job.matrix_id else CurrentMatrix([], [], {})
    resolved = resolve(parsed, job.mapping if mapping is None else mapping, current)
    labels = dict(job.program.roles.values_list("pk", "code"))
    return plan_import(resolved, current, labels)


def parsed_of(job: MatrixImport) -> ParsedMatrix:
    data = dict(job.parsed)
    data["rows"] = [ParsedRow(**{**r, "cells": {int(k): v for k, v in r["cells"].items()}}) for r in data["rows"]]
    return ParsedMatrix(**data)


@transaction.atomic
def matrix_import_confirm(*, job: MatrixImport, mapping: list[int | None]) -> None:
    """The user accepted the preview: queue the apply. Refused while the sheet has errors."""
    job = MatrixImport.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.READY:
        raise ValidationError(f"This import is {job.get_status_display().lower()}; it cannot be applied now.")
    if not parsed_of(job).ok:
        raise ValidationError("Fix the problems in the sheet and upload it again: nothing was changed.")
    valid = set(job.program.roles.values_list("pk", flat=True))
    if len(mapping) != len(job.parsed["roles"]) or any(m is not None and m not in valid for m in mapping):
        raise ValidationError("Map every column to a role of this program, or to a new role.")
    if len({m for m in mapping if m is not None}) < len([m for m in mapping if m is not None]):
        raise ValidationError("Two columns are mapped to the same role.")
    job.mapping = mapping
    job.status = JobStatus.APPLYING
    job.save(update_fields=["mapping", "status", "updated_at"])
    _queue(tasks.apply_matrix_import, job.pk)


@transaction.atomic
def matrix_import_cancel(*, job: MatrixImport) -> None:
    job = MatrixImport.objects.select_for_update().get(pk=job.pk)
    if job.status in (JobStatus.PENDING, JobStatus.RUNNING, JobStatus.READY):
        _finish(job, JobStatus.CANCELLED)


def matrix_import_apply(*, job_id: int) -> None:
    """Apply the whole import in one transaction, job status included: all of it or nothing."""
    try:
        with transaction.atomic():
            job = MatrixImport.objects.select_for_update().filter(pk=job_id, status=JobStatus.APPLYING).first()
            if job is None:
                return
            matrix = job.matrix
            if matrix is None:
                name = _free_name(job.program, job.new_name)
                matrix = matrix_create(program=job.program, name=name, kind=job.new_kind)
                job.matrix = matrix
            _apply(matrix, parsed_of(job), job.mapping, user=job.created_by)
            matrix_recheck(matrix)
            _finish(job, JobStatus.DONE)
    except Exception:
        # The transaction rolled back: nothing was written. Say so on the job rather than leave it applying.
        logger.exception("Import %s: applying failed", job_id)
        MatrixImport.objects.filter(pk=job_id, status=JobStatus.APPLYING).update(
            status=JobStatus.FAILED,
            error="Applying the import failed unexpectedly; nothing was changed. Try again.",
            finished_at=timezone.now(),
        )


def _apply(matrix: Matrix, parsed: ParsedMatrix, mapping: list[int | None], *, user) -> None:
    program = matrix.program
    taken = {code.casefold() for code in program.roles.values_list("code", flat=True)}
    role_ids = []
    for header, role_id in zip(parsed.roles, mapping, strict=True):
        if role_id is None:
            code = new_role_code(header, taken)
            taken.add(code.casefold())
            role_id = Role.objects.create(program=program, code=code, name=header, side=RoleSide.BUSINESS).pk
        role_ids.append(role_id)
    current = _current(matrix)
    resolved = resolve(parsed, role_ids, current)

    # Columns: exactly the sheet's, in its order.
    columns = {c.role_id: c for c in matrix.columns.all()}
    for role_id in set(columns) - set(role_ids):
        column_remove(column=columns.pop(role_id))
    MatrixColumn.objects.bulk_create(
        [MatrixColumn(matrix=matrix, role_id=r, position=0) for r in role_ids if r not in columns]
    )
    ordered = list(matrix.columns.all())
    for column in ordered:
        column.position = role_ids.index(column.role_id)
    MatrixColumn.objects.bulk_update(ordered, ["position"])

    # Activities: matched ones updated, new ones created, the rest removed; order as in the sheet.
    kept = {row[0] for row in resolved.rows if row[0]}
    for activity in matrix.activities.exclude(pk__in=kept):
        activity._history_user = user
        activity.delete()
    existing = {a.pk: a for a in matrix.activities.all()}
    new, changed = [], []
    for position, (activity_id, group, name, description, _) in enumerate(resolved.rows):
        if activity_id is None:
            new.append(Activity(matrix=matrix, group=group, name=name, description=description, position=position))
            continue
        activity = existing[activity_id]
        if (activity.group, activity.name, activity.description, activity.position) != (
            group, name, description, position
        ):  # fmt: skip
            activity.group, activity.name, activity.description, activity.position = group, name, description, position
            changed.append(activity)
    created = iter(bulk_create_with_history(new, Activity, default_user=user))
    bulk_update_with_history(changed, Activity, ["group", "name", "description", "position"], default_user=user)

    # Cells: only the differences are written, each with its history.
    wanted = {}
    for activity_id, *_, cells in resolved.rows:
        activity_id = activity_id or next(created).pk
        for role_id, code in cells.items():
            wanted[(activity_id, role_id)] = code
    have = {(a.activity_id, a.role_id): a for a in Assignment.objects.filter(activity__matrix=matrix)}
    for key in set(have) - set(wanted):
        have[key]._history_user = user
        have[key].delete()
    updates = []
    for key, code in wanted.items():
        if key in have and have[key].code != code:
            have[key].code = code
            updates.append(have[key])
    bulk_update_with_history(updates, Assignment, ["code"], default_user=user)
    _insert_cells([(a, r, code) for (a, r), code in wanted.items() if (a, r) not in have], user=user)


def _insert_cells(cells: list[tuple[int, int, str]], *, user) -> None:
    """Insert cells and their history rows ("+", by `user`). The hot path of a large import.

    On PostgreSQL: ids are taken from the sequence in one query, then both tables are filled with
    COPY, which is what makes a 10,000-letter import cheap; this does what bulk_create_with_history
    does without building 20,000 model instances. Elsewhere (SQLite, the embedded default): the ORM.
    """
    if not cells:
        return
    if connection.vendor != "postgresql":
        bulk_create_with_history(
            [Assignment(activity_id=a, role_id=r, code=code) for a, r, code in cells], Assignment, default_user=user
        )
        return
    # Only integers, a timestamp and the fixed letter codes go into the COPY text: nothing to escape.
    now = timezone.now().isoformat()
    user_id = str(user.pk) if user else r"\N"
    table, history = Assignment._meta.db_table, Assignment.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(cells)]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        rows = io.StringIO(
            "".join(f"{pk}\t{a}\t{r}\t{code}\t{now}\n" for pk, (a, r, code) in zip(ids, cells, strict=True))
        )
        cursor.cursor.copy_expert(f"COPY {table} (id, activity_id, role_id, code, updated_at) FROM STDIN", rows)
        rows = io.StringIO("".join(
            f"{pk}\t{a}\t{r}\t{code}\t{now}\t{now}\t+\t{user_id}\n" for pk, (a, r, code) in zip(ids, cells, strict=True)
        ))  # fmt: skip
        cursor.cursor.copy_expert(
            f"COPY {history} (id, activity_id, role_id, code, updated_at, history_date, history_type, history_user_id) "
            "FROM STDIN",
            rows,
        )


def _current(matrix: Matrix) -> CurrentMatrix:
    return CurrentMatrix(
        columns=list(matrix.columns.values_list("role_id", flat=True)),
        activities=list(matrix.activities.values_list("pk", "group", "name", "description")),
        cells={
            (a, r): code
            for a, r, code in Assignment.objects.filter(activity__matrix=matrix).values_list(
                "activity_id", "role_id", "code"
            )
        },
    )


def _free_name(program: Program, name: str) -> str:
    candidate, n = name, 2
    while program.matrices.filter(name__iexact=candidate).exists():
        candidate, n = f"{name} ({n})", n + 1
    return candidate


@transaction.atomic
def matrix_export_start(*, matrix: Matrix, user) -> MatrixExport:
    job = MatrixExport.objects.create(matrix=matrix, created_by=user)
    _queue(tasks.build_matrix_export, job.pk)
    return job


def matrix_export_build(*, job_id: int) -> None:
    job = _claim(MatrixExport, job_id, (JobStatus.PENDING, JobStatus.RUNNING), JobStatus.RUNNING)
    if job is None:
        return
    grid = matrix_grid(job.matrix)
    job.result = write_workbook(
        title=job.matrix.name,
        kind=job.matrix.kind,
        roles=[(c.role.code, c.role.name) for c in grid.columns],
        rows=[(a.group, a.name, a.description, [code for _, code in cells]) for a, cells, _ in grid.rows()],
        findings=[(f.severity, f.rule, f.message) for f in grid.findings],
    )
    job.filename = f"{slugify(job.matrix.name) or 'matrix'}.xlsx"
    _finish(job, JobStatus.DONE)


@transaction.atomic
def jobs_fail_stale(*, older_than) -> int:
    """Jobs a worker took and never finished (the worker died): mark them failed, never leave them running."""
    failed = 0
    for model in (MatrixImport, MatrixExport):
        stale = model.objects.filter(status__in=model.ACTIVE, updated_at__lt=timezone.now() - older_than)
        failed += stale.update(
            status=JobStatus.FAILED,
            error="The worker stopped before finishing; nothing was changed. Start again.",
            finished_at=timezone.now(),
        )
    return failed


def _claim(model, job_id, allowed, status):
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=job_id, status__in=allowed).first()
        if job is None:
            return None
        job.status, job.started_at, job.progress = status, timezone.now(), 10
        job.save(update_fields=["status", "started_at", "progress", "updated_at"])
    return job


def _finish(job, status, *, error: str = "") -> None:
    job.status, job.error, job.progress, job.finished_at = status, error, 100, timezone.now()
    job.save()


def _queue(task, job_id: int) -> None:
    transaction.on_commit(lambda: task.delay(job_id))
