"""Writes to matrices. Each runs in one transaction; cell history is kept by django-simple-history."""

import logging
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.text import slugify

from connectmobilize.lib import jobs
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.records import edit, locked, refuse_duplicate_name, refuse_other_programs, save
from connectmobilize.lib.signals import program_input_changed
from connectmobilize.lib.spreadsheets import MAX_COLUMNS, MAX_ROWS, SpreadsheetError, check_xlsx
from connectmobilize.lib.tasks import queue_after_commit
from programs import services as program_services
from programs import starting_sets
from programs.choices import RoleSide
from programs.models import Program, Role

from . import rules, storage
from .choices import MatrixKind, MatrixStatus
from .importing import (
    CurrentActivity,
    CurrentMatrix,
    Preview,
    ProgramRole,
    ResolvedRow,
    check_result,
    fingerprint,
    name_key,
    new_role_code,
    plan_import,
    resolve,
    suggest_mapping,
)
from .layout import Reading
from .letters import allowed_codes, parse_cell
from .models import Activity, LetterOf, Matrix, MatrixColumn, MatrixExport, MatrixImport, StoredFinding, cells_of
from .selectors import Grid, grid_of, matrix_grid, parsed_of
from .spreadsheet import EXPORT_FIRST_ROW, ParsedMatrix, parse_workbook, write_workbook
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
    _check_matrix(matrix)
    save(matrix)
    if starting_from:
        _fill_from_starting(matrix, STARTING_MATRICES[starting_from])
        matrix_recheck(matrix)
    return matrix


def _check_matrix(matrix: Matrix) -> None:
    """Its workstream is the program's own and its name is free in the program."""
    refuse_other_programs(matrix, program_id=matrix.program_id, links={"workstream": matrix.workstream})
    refuse_duplicate_name(matrix, what="matrix")


@transaction.atomic
def matrix_update(*, matrix: Matrix, version: int, **fields) -> Matrix:
    """Name, kind, status and thresholds. A matrix whose rule check finds errors cannot be approved."""
    was_approved = matrix.status == MatrixStatus.APPROVED
    matrix = edit(matrix, version=version, changes=fields)
    _check_matrix(matrix)
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


# What each status change is, from which statuses, and who may do it (lib/access.py capabilities).
STATUS_CHANGES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "review": (MatrixStatus.IN_REVIEW, (MatrixStatus.DRAFT,), "sent for review"),
    "approve": (MatrixStatus.APPROVED, (MatrixStatus.DRAFT, MatrixStatus.IN_REVIEW), "approved"),
    "draft": (MatrixStatus.DRAFT, (MatrixStatus.IN_REVIEW, MatrixStatus.APPROVED, MatrixStatus.SUPERSEDED),
              "reopened as a draft"),
    "supersede": (MatrixStatus.SUPERSEDED, (MatrixStatus.APPROVED,), "marked superseded"),
}  # fmt: skip


def matrix_status_change(*, matrix: Matrix, version: int, change: str) -> Matrix:
    """Send for review, approve (refused while the rule check finds errors), reopen as a draft, supersede."""
    if change not in STATUS_CHANGES:
        raise ValidationError(f"{change!r} is not a status change.")
    target, sources, done = STATUS_CHANGES[change]
    if matrix.status not in sources:
        raise ValidationError(f"The matrix is {matrix.get_status_display().lower()}: it cannot be {done}.")
    return matrix_update(matrix=matrix, version=version, status=target)


def matrix_recheck(matrix: Matrix, grid: Grid | None = None) -> Grid:
    """Check every row and column, store the findings and the error count; returns the grid it checked.

    `grid`: the matrix as its writer just made it (checked already), so it is not read back. Readiness reads only
    the count, so only a change of the count is announced to it. A single cell edit rechecks only its row and
    column (_recheck_part)."""
    grid = grid or matrix_grid(matrix)
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
    """Compared in the database, not with the count this request read before another edit changed it."""
    matrix.error_count = errors
    if Matrix.objects.filter(pk=matrix.pk).exclude(error_count=errors).update(error_count=errors):
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
        activities = activities.annotate(cell=LetterOf(role_id))
        tally |= {
            "filled": Count("pk", filter=Q(cell__isnull=False)),
            "responsible": Count("pk", filter=Q(cell__contains="R")),
            "accountable": Count("pk", filter=Q(cell__contains="A")),
        }
    counts = activities.aggregate(**tally)
    number = counts.pop("above") + 1
    cells = activity.cells
    row = rules.Row(activity.pk, activity.name, {c.id: cells[c.id] for c in columns if c.id in cells})
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
    missing = [
        Role(code=code, name=standard[code][0], side=standard[code][1], connect_security_profile=standard[code][2])
        for code in codes
        if code not in roles
    ]
    roles |= {role.code: role for role in program_services.roles_add(program=matrix.program, roles=missing)}
    MatrixColumn.objects.bulk_create(
        MatrixColumn(matrix=matrix, role=roles[code], position=i) for i, code in enumerate(codes)
    )
    storage.create(
        [
            Activity(matrix=matrix, group=group, name=name, position=i,
                     letters={str(roles[code].pk): letters for code, letters in cells.items()})
            for i, (group, name, cells) in enumerate(rows)
        ],
        user=None,
    )  # fmt: skip


@transaction.atomic
def cell_set(*, matrix: Matrix, activity_id: int, role_id: int, code: str, expected: str) -> None:
    """Set one cell to `code` ('' clears it) if it still holds `expected`, and recheck its row and column.

    Raises CellConflict with the current value when another edit got there first: never a silent overwrite.
    """
    if code and code not in allowed_codes(matrix.kind):
        raise ValidationError(f'"{code}" is not a letter of a {matrix.kind} matrix.')
    _one_edit_at_a_time(matrix.pk)
    activity = Activity.objects.select_for_update().filter(matrix=matrix, pk=activity_id).first()
    if activity is None or not matrix.columns.filter(role_id=role_id).exists():
        raise ValidationError("That cell is not part of this matrix (was its row or column removed?).")
    current = activity.letters.get(str(role_id), "")
    if current != expected:
        raise CellConflict(current)
    if code != current:
        _set_letter(activity, role_id, code)
        storage.update([activity], ["letters"], user=None)
    _recheck_part(matrix, activity=activity, role_id=role_id)


def _one_edit_at_a_time(matrix_id: int) -> None:
    """Lock the matrix before any of its rows: every edit of a matrix takes its locks in that order, so two edits
    wait for each other instead of deadlocking (a cell edit locks the row it changes; a rename locks it too)."""
    Matrix.objects.select_for_update().filter(pk=matrix_id).values_list("pk").get()


def _set_letter(activity: Activity, role_id: int, code: str) -> None:
    if code:
        activity.letters[str(role_id)] = code
    else:
        activity.letters.pop(str(role_id), None)


class CellWrite(NamedTuple):
    """One cell of a change set: what the editor typed or pasted, and what the cell held on their page."""

    activity_id: int
    role_id: int
    text: str
    expected: str


class CellsConflict(Exception):
    """Cells someone else changed since the editor saw them: nothing of the change set was saved."""

    def __init__(self, cells: list[tuple[int, int, str, str]]):  # (activity id, role id, current code, name)
        super().__init__(cells)
        self.cells = cells


MAX_CELLS_PER_CHANGE = 2000  # a paste of 50 rows × 40 roles


@transaction.atomic
def cells_set(*, matrix: Matrix, cells: list[CellWrite]) -> list[tuple[int, int, str, str]]:
    """Set many cells as one change (a paste, a multi-cell set or clear, an undo): all or nothing.

    Every text is read as a letter (`a/r`, `AR`, `R, A`...) of the matrix's kind; any that is not one, or a cell
    that is not in the matrix, refuses the whole change with the cells named. Any cell that no longer holds what
    the editor saw raises CellsConflict naming it (never a silent overwrite). The rows and columns touched are
    then rechecked. Returns the cells changed: (activity id, role id, before, after)."""
    if not cells:
        return []
    if len(cells) > MAX_CELLS_PER_CHANGE:
        raise ValidationError(f"At most {MAX_CELLS_PER_CHANGE:,} cells change at once; this was {len(cells):,}.")
    _one_edit_at_a_time(matrix.pk)
    activities = {
        a.pk: a
        for a in Activity.objects.select_for_update().filter(matrix=matrix, pk__in={c.activity_id for c in cells})
    }
    roles = dict(matrix.columns.filter(role_id__in={c.role_id for c in cells}).values_list("role_id", "role__code"))
    wanted = _read_change_set(matrix, cells, activities, roles)
    conflicts = [
        (a, r, current, f"{activities[a].name} × {roles[r]}")
        for (a, r), (_, expected) in wanted.items()
        if (current := activities[a].letters.get(str(r), "")) != expected
    ]
    if conflicts:
        raise CellsConflict(conflicts)
    changed = []
    for (a, r), (code, expected) in wanted.items():
        if code != expected:
            _set_letter(activities[a], r, code)
            changed.append((a, r, expected, code))
    storage.update([activities[a] for a in dict.fromkeys(a for a, _, _, _ in changed)], ["letters"], user=None)
    _recheck_cells(matrix, changed, activities)
    return changed


def _read_change_set(matrix: Matrix, cells: list[CellWrite], activities: dict, roles: dict) -> dict:
    """(activity id, role id) → (code, expected); ValidationError naming every cell that is not a letter."""
    allowed = allowed_codes(matrix.kind)
    problems, wanted = [], {}
    for cell in cells:
        activity, role = activities.get(cell.activity_id), roles.get(cell.role_id)
        if activity is None or role is None:
            problems.append("A cell is no longer part of this matrix (was its row or column removed?): reload.")
            continue
        where = f"{activity.name} × {role}"
        try:
            code = parse_cell(cell.text)
        except ValueError as error:
            problems.append(f"{where}: {error}.")
            continue
        if code and code not in allowed:
            shown = "/".join(code)
            problems.append(f'{where}: "{shown}" is not a letter of a {matrix.kind} matrix (only A/R combine).')
            continue
        wanted[(cell.activity_id, cell.role_id)] = (code, cell.expected)
    if problems:
        raise ValidationError(sorted(set(problems), key=problems.index))
    return wanted


def _recheck_cells(matrix: Matrix, changed: list[tuple[int, int, str, str]], activities: dict) -> None:
    """Recheck the rows and columns a change set touched (all of the matrix when that is cheaper)."""
    if not changed:
        return
    rows = {a for a, _, _, _ in changed}
    columns = {r for _, r, _, _ in changed}
    if len(rows) + len(columns) > 40:
        matrix_recheck(matrix)
        return
    first = activities[next(iter(rows))]
    for role_id in columns:
        _recheck_part(matrix, activity=first, role_id=role_id)
    for activity_id in rows - {first.pk}:
        _recheck_part(matrix, activity=activities[activity_id])


def _check_activity(activity: Activity) -> None:
    """The names the importer can tell apart: one line, single spaces, unique in their phase whatever the case
    (a sheet matches its rows to activities by phase and name, so two such would not survive an export)."""
    activity.name = " ".join(activity.name.split())
    activity.group = " ".join(activity.group.split())
    siblings = Activity.objects.filter(matrix_id=activity.matrix_id).exclude(pk=activity.pk)
    taken = {(name_key(group), name_key(name)) for group, name in siblings.values_list("group", "name")}
    if (name_key(activity.group), name_key(activity.name)) in taken:
        phase = f" in {activity.group}" if activity.group else ""
        raise ValidationError({"name": f'This matrix already has an activity called "{activity.name}"{phase}.'})
    save(activity)


@transaction.atomic
def activity_add(*, matrix: Matrix, name: str, group: str = "", description: str = "") -> Activity:
    _one_edit_at_a_time(matrix.pk)  # two rows added at once get two positions
    last = matrix.activities.aggregate(last=Max("position"))["last"]
    activity = Activity(
        matrix=matrix, name=name, group=group, description=description, position=0 if last is None else last + 1
    )
    _check_activity(activity)
    matrix_recheck(matrix)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, version: int, **fields) -> Activity:
    _one_edit_at_a_time(activity.matrix_id)
    activity = edit(activity, version=version, changes=fields)  # read again under its lock: its letters are current
    _check_activity(activity)
    _recheck_part(activity.matrix, activity=activity)  # the findings name the row
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, version: int | None = None) -> None:
    """Remove the row and its letters. With `version` (the API's If-Match), refused with StaleEdit when someone
    changed the row since it was read."""
    matrix = activity.matrix
    _one_edit_at_a_time(matrix.pk)
    locked(activity, version=version).delete()
    matrix_recheck(matrix)


@transaction.atomic
def activity_move(*, activity: Activity, by: int, version: int | None = None) -> None:
    """Move the row up (by < 0) or down (by > 0) among its matrix's rows. With `version` (the API's If-Match),
    refused with StaleEdit when someone changed the row since it was read; a move does not change its version."""
    _one_edit_at_a_time(activity.matrix_id)
    locked(activity, version=version)
    _move(list(Activity.objects.select_for_update().filter(matrix_id=activity.matrix_id)), activity.pk, by)
    matrix_recheck(activity.matrix)  # the findings number the rows


@transaction.atomic
def column_add(*, matrix: Matrix, role: Role) -> MatrixColumn:
    if role.program_id != matrix.program_id:
        raise ValidationError("That role belongs to another program.")
    _one_edit_at_a_time(matrix.pk)
    if matrix.columns.filter(role=role).exists():
        raise ValidationError(f"{role.code} is already a column of this matrix.")
    last = matrix.columns.aggregate(last=Max("position"))["last"]
    column = MatrixColumn.objects.create(matrix=matrix, role=role, position=0 if last is None else last + 1)
    matrix_recheck(matrix)
    return column


@transaction.atomic
def column_remove(*, column: MatrixColumn) -> int:
    """Remove the column and the letters in it; returns how many letters went with it."""
    _one_edit_at_a_time(column.matrix_id)
    removed = _remove_letters(Activity.objects.filter(matrix_id=column.matrix_id), role_id=column.role_id)
    column.delete()
    matrix_recheck(column.matrix)
    return removed


def role_letters_remove(*, role: Role) -> None:
    """A role is deleted (from the admin, or with its program): its letters leave every row of the program's
    matrices, each row with its history record, as its cells did when they were records of their own."""
    _remove_letters(Activity.objects.filter(matrix__program_id=role.program_id), role_id=role.pk)


def _remove_letters(activities, *, role_id: int) -> int:
    """Take one role's letters out of these rows (locked), each changed row with its history record; how many."""
    key = str(role_id)
    rows = [a for a in activities.select_for_update() if key in a.letters]
    for activity in rows:
        del activity.letters[key]
    storage.update(rows, ["letters"], user=None)
    return len(rows)


@transaction.atomic
def column_move(*, column: MatrixColumn, by: int) -> None:
    _one_edit_at_a_time(column.matrix_id)
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
# Import: upload → the worker reads the sheet and plans it (preview stored on the job, with a fingerprint of the
# matrix it was planned on) → the user reviews it, maybe maps columns again (planned again by the worker) →
# confirm → the worker applies exactly that plan in one transaction, or refuses if the matrix changed since.
# Every step is a status move by connectmobilize/lib/jobs.py: a redelivered task, a dropped or failed job do nothing.

STALE_PREVIEW = "The matrix changed since this preview: preview again. Nothing was applied."


class PreviewOutOfDate(Exception):
    """The matrix is no longer the one the preview was planned on."""


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
    queue_after_commit("raci.tasks.parse_matrix_import", job.pk)
    return job


def matrix_import_parse(*, job_id: int) -> None:
    """Worker: read the sheet (the first time), then plan it for the job's mapping and store the preview."""
    job = jobs.claim(MatrixImport, job_id, frm=JobStatus.PENDING, to=JobStatus.RUNNING)
    if job is None:
        return
    with jobs.working(job) as progress:
        try:
            _read_and_plan(job, progress)
        except jobs.JobLost:
            logger.info("Import %s was dropped while it was read", job_id)
        except SpreadsheetError as error:
            jobs.fail(job, str(error))
        except Exception:
            # Never leave a job running on a surprise: fail it in words, keep the details in the log.
            logger.exception("Import %s: unexpected error while reading the sheet", job.pk)
            jobs.fail(job, "The sheet could not be read (an unexpected error); nothing was changed.")


def _read_and_plan(job: MatrixImport, progress: jobs.Progress) -> None:
    read = {}  # what this run read from the file (nothing when planning again for another mapping)
    if job.parsed is None:
        progress.stage(5, "opening the workbook")
        progress.span(10, 55)
        parsed = parse_workbook(
            bytes(job.data), kind=job.kind, reading=job.reading, progress=progress.reporter("rows read")
        )
        roles = [ProgramRole(r.pk, r.code, r.name) for r in job.program.roles.all()]
        read = {"parsed": parsed.to_json(), "mapping": suggest_mapping(parsed.roles, roles)}
        job.mapping = read["mapping"]
    else:
        parsed = parsed_of(job)
    progress.stage(60, f"{len(parsed.rows):,} rows read; working out what would change")
    preview, planned_against = _plan(job, parsed, list(job.mapping or []))
    jobs.finish(job, to=JobStatus.READY, plan=preview.to_json(), planned_against=planned_against, error="", **read)


def _plan(job: MatrixImport, parsed: ParsedMatrix, mapping: list[int | None]) -> tuple[Preview, str]:
    """The preview of applying the sheet with this mapping to the matrix as it is now, and the matrix's fingerprint."""
    current = _current(job.matrix) if job.matrix else CurrentMatrix([], [], {})
    roles = {pk: (code, side) for pk, code, side in job.program.roles.values_list("pk", "code", "side")}
    resolved = resolve(parsed, mapping, current)
    plan = plan_import(resolved, current, {pk: code for pk, (code, _) in roles.items()})
    unlinked = storage.unlinked_by_removing(plan.removed_ids) if plan.removed_ids else []
    matrix = job.matrix or Matrix(kind=job.kind)  # a new matrix is checked with the default thresholds
    # Rows named by the sheet's own numbers, as the sheet's other messages name cells; by place in a turned sheet.
    sheet_rows = [] if parsed.layout.get("transposed") else [row.row for row in parsed.rows]
    findings = check_result(resolved, kind=matrix.kind, roles=roles, thresholds=matrix.thresholds,
                            sheet_rows=sheet_rows)  # fmt: skip
    return Preview.of(plan, unlinked=unlinked, findings=findings), fingerprint(current)


def _check_mapping(job: MatrixImport, mapping: list[int | None]) -> None:
    valid = set(job.program.roles.values_list("pk", flat=True))
    if len(mapping) != len((job.parsed or {}).get("roles", [])) or any(
        m is not None and m not in valid for m in mapping
    ):
        raise ValidationError("Map every column to a role of this program, or to a new role.")
    chosen = [m for m in mapping if m is not None]
    if len(set(chosen)) < len(chosen):
        raise ValidationError("Two columns are mapped to the same role.")


@transaction.atomic
def matrix_import_replan(*, job: MatrixImport, mapping: list[int | None]) -> None:
    """The user mapped the columns otherwise: the worker plans again, and the new preview must be seen first."""
    job = MatrixImport.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.READY:
        raise ValidationError(f"This import is {job.get_status_display().lower()}; it cannot be previewed again.")
    _check_mapping(job, mapping)
    jobs.replan(job, task="raci.tasks.parse_matrix_import", mapping=mapping)


@transaction.atomic
def matrix_import_reread(*, job: MatrixImport, reading: dict) -> None:
    """The user corrected where the table is (its sheet, header row, activity column, columns left out, how columns
    are named, what unknown letters mean): the worker reads the stored file again that way and plans it. Nothing is
    uploaded again, and the new reading must be seen before it can be applied."""
    job = MatrixImport.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.READY:
        raise ValidationError(f"This import is {job.get_status_display().lower()}; it cannot be read again now.")
    wanted = Reading.of(reading)
    sheets = ((job.parsed or {}).get("layout") or {}).get("sheets") or []
    if wanted.sheet and wanted.sheet not in sheets:
        raise ValidationError(f'The workbook has no sheet called "{wanted.sheet}".')
    if (
        not 0 <= wanted.header_row <= MAX_ROWS
        or any(not 0 <= c < MAX_COLUMNS for c in wanted.ignore)
        or (wanted.activity is not None and not 0 <= wanted.activity < MAX_COLUMNS)
    ):
        raise ValidationError("Choose a header row and columns inside the sheet.")
    codes = allowed_codes(job.kind)
    if any(code and code not in codes for code in wanted.letters.values()):
        raise ValidationError(f"A letter can only stand for one of {', '.join(codes)}, or be left out.")
    if wanted.names not in ("", "combined") and not (wanted.names.isdigit() and 0 < int(wanted.names) <= MAX_ROWS):
        raise ValidationError("Name the role columns by a header row of the sheet, or by all of them together.")
    if wanted.combined not in ("", "first", "strongest") or wanted.duplicates not in ("", "keep"):
        raise ValidationError("Choose one of the offered ways to read cells with several letters and activities "
                              "named twice.")  # fmt: skip
    jobs.replan(job, task="raci.tasks.parse_matrix_import", reading=wanted.to_json(), parsed=None, mapping=None)


@transaction.atomic
def matrix_import_confirm(
    *, job: MatrixImport, mapping: list[int | None], planned_against: str, seen_ignored: int = 0
) -> None:
    """The user accepted the preview they saw (`planned_against` names it): queue the apply of exactly that plan.

    Refused while the sheet has errors, while cells the import leaves out have not been acknowledged
    (`seen_ignored`: how many the user saw listed), if the mapping differs from the one previewed, or if
    that preview is no longer the job's latest.
    """
    job = MatrixImport.objects.select_for_update().defer("data", "plan").get(pk=job.pk)
    if job.status != JobStatus.READY:
        raise ValidationError(f"This import is {job.get_status_display().lower()}; it cannot be applied now.")
    parsed = job.parsed or {}  # what the worker read (ParsedMatrix.to_json): only its problems are needed here
    if parsed.get("errors"):
        raise ValidationError("Fix the problems in the sheet and upload it again: nothing was changed.")
    count = len(parsed.get("ignored") or [])
    if count and seen_ignored != count:
        raise ValidationError(
            f"{count} cell{'s' if count != 1 else ''} of the sheet would not be imported (listed on the preview): "
            "tick that you have seen them, or fix the sheet and upload it again. Nothing was applied."
        )
    _check_mapping(job, mapping)
    if mapping != job.mapping:
        raise ValidationError("The role mapping is not the one previewed: preview again, then apply.")
    jobs.confirm(job, planned_against=planned_against, task="raci.tasks.apply_matrix_import")


def matrix_import_cancel(*, job: MatrixImport) -> None:
    """Drop the import. Once a worker is applying it, it can no longer be dropped (it ends done or failed)."""
    jobs.drop(job)


def matrix_import_apply(*, job_id: int) -> None:
    """Worker: apply the confirmed plan in one transaction, the job's status included: all of it or nothing."""
    job = jobs.claim(MatrixImport, job_id, frm=JobStatus.CONFIRMED, to=JobStatus.APPLYING, defer=("data", "plan"))
    if job is None:
        return  # dropped, failed, already applied, or a redelivery of a task another worker took
    with jobs.working(job) as progress:
        try:
            with transaction.atomic():
                matrix, grid = _apply_job(job, progress)
                progress.stage(95, "checking the rules")
                matrix_recheck(matrix, grid)
                jobs.finish(job, matrix=matrix)
        except jobs.JobLost:
            logger.warning("Import %s was failed while it was applied; everything rolled back", job_id)
        except PreviewOutOfDate:
            jobs.move(job, to=JobStatus.READY, frm=[JobStatus.APPLYING], planned_against="", error=STALE_PREVIEW,
                      progress=100, lease_expires_at=None)  # fmt: skip
        except Exception:
            # The transaction rolled back: nothing was written. Say so on the job rather than leave it applying.
            logger.exception("Import %s: applying failed", job_id)
            jobs.fail(job, "Applying the import failed unexpectedly; nothing was changed. Try again.")


def _apply_job(job: MatrixImport, progress: jobs.Progress) -> tuple[Matrix, Grid]:
    """The matrix the plan was made on (locked), checked unchanged, then made exactly the sheet."""
    current = None
    if job.matrix_id is None:
        matrix = matrix_create(program=job.program, name=_free_name(job.program, job.new_name), kind=job.new_kind)
    else:
        matrix = Matrix.objects.select_for_update().get(pk=job.matrix_id)
        current = _current(matrix)
        if fingerprint(current) != job.planned_against:
            raise PreviewOutOfDate
    grid = _apply(matrix, parsed_of(job), list(job.mapping or []), user=job.created_by, progress=progress,
                  current=current)  # fmt: skip
    return matrix, grid


def _apply(
    matrix: Matrix, parsed: ParsedMatrix, mapping: list[int | None], *, user, progress=None, current=None
) -> Grid:
    """Make the matrix exactly the sheet: its columns, its rows in its order, its letters; returns its grid.

    `current`: the matrix as already read in this transaction, if it was.
    """
    progress = progress or jobs.Progress()
    role_ids = _roles_for_columns(matrix.program, parsed.roles, mapping, user=user)
    resolved = resolve(parsed, role_ids, current or _current(matrix))
    _apply_columns(matrix, role_ids)
    progress.stage(10, "columns in place")
    activities = _apply_rows(matrix, resolved.rows, user=user)
    progress.stage(90, f"{len(activities):,} rows in place")
    return grid_of(matrix, activities)


def _roles_for_columns(program: Program, headers: list[str], mapping: list[int | None], *, user) -> list[int]:
    """The role id of each sheet column; a column mapped to no role gets a new role of the program."""
    taken = {code.casefold() for code in program.roles.values_list("code", flat=True)}
    new = {}  # column index → the role it brings
    for index, (header, role_id) in enumerate(zip(headers, mapping, strict=True)):
        if role_id is None:
            new[index] = Role(code=new_role_code(header, taken), name=header, side=RoleSide.BUSINESS)
            taken.add(new[index].code.casefold())
    program_services.roles_add(program=program, roles=list(new.values()), user=user)
    return [role_id if role_id is not None else new[index].pk for index, role_id in enumerate(mapping)]


def _apply_columns(matrix: Matrix, role_ids: list[int]) -> None:
    """Columns: exactly the sheet's, in its order (the rows' letters in a dropped column go with the rows)."""
    columns = {c.role_id: c for c in matrix.columns.all()}
    dropped = set(columns) - set(role_ids)
    if dropped:
        MatrixColumn.objects.filter(matrix=matrix, role_id__in=dropped).delete()
    MatrixColumn.objects.bulk_create(
        [MatrixColumn(matrix=matrix, role_id=r, position=p) for p, r in enumerate(role_ids) if r not in columns]
    )
    moved = []
    for position, role_id in enumerate(role_ids):
        column = columns.get(role_id)
        if column is not None and column.position != position:
            column.position = position
            moved.append(column)
    MatrixColumn.objects.bulk_update(moved, ["position"])


def _apply_rows(matrix: Matrix, rows: list[ResolvedRow], *, user) -> list[Activity]:
    """Matched rows updated, new ones created, the rest removed, each with its letters and a history row for
    each change; returns them in the sheet's order."""
    kept = {row.activity_id for row in rows if row.activity_id}
    storage.delete(matrix.activities.exclude(pk__in=kept), user=user)
    existing = {a.pk: a for a in matrix.activities.all()}
    new, changed, letters_changed = [], [], []
    for position, row in enumerate(rows):
        letters = {str(role_id): code for role_id, code in row.cells.items()}
        if row.activity_id is None:
            new.append(Activity(matrix=matrix, group=row.group, name=row.name, description=row.description,
                                position=position, letters=letters))  # fmt: skip
            continue
        activity = existing[row.activity_id]
        wanted = (row.group, row.name, row.description, position)
        if (activity.group, activity.name, activity.description, activity.position) != wanted:
            activity.group, activity.name, activity.description, activity.position = wanted
            activity.version += 1  # an edit form opened before the import is now stale, not a silent revert
            activity.letters = letters
            changed.append(activity)
        elif activity.letters != letters:
            activity.letters = letters  # letters have their own check (the cell's), not the row's version
            letters_changed.append(activity)
    created = iter(storage.create(new, user=user))
    storage.update(changed, ["group", "name", "description", "position", "version", "letters"], user=user)
    storage.update(letters_changed, ["letters"], user=user)
    return [existing[row.activity_id] if row.activity_id else next(created) for row in rows]


def _current(matrix: Matrix) -> CurrentMatrix:
    activities, letters = [], {}
    for pk, group, name, description, cells in matrix.activities.values_list(
        "pk", "group", "name", "description", "letters"
    ):
        activities.append(CurrentActivity(pk, group, name, description))
        letters[pk] = cells_of(cells)
    return CurrentMatrix(columns=list(matrix.columns.values_list("role_id", flat=True)), activities=activities,
                         letters=letters)  # fmt: skip


def _free_name(program: Program, name: str) -> str:
    candidate, n = name, 2
    while program.matrices.filter(name__iexact=candidate).exists():
        candidate, n = f"{name} ({n})", n + 1
    return candidate


@transaction.atomic
def matrix_export_start(*, matrix: Matrix, user) -> MatrixExport:
    job = MatrixExport.objects.create(matrix=matrix, created_by=user)
    queue_after_commit("raci.tasks.build_matrix_export", job.pk)
    return job


def matrix_export_build(*, job_id: int) -> None:
    """Worker: write the workbook onto the job."""
    job = jobs.claim(MatrixExport, job_id, frm=JobStatus.PENDING, to=JobStatus.RUNNING)
    if job is None:
        return
    with jobs.working(job) as progress:
        try:
            progress.stage(10, "reading the matrix")
            grid = matrix_grid(job.matrix, first_row=EXPORT_FIRST_ROW)  # its findings name the sheet's rows
            progress.stage(40, f"writing {len(grid.activities):,} rows")
            result = write_workbook(
                title=job.matrix.name,
                kind=job.matrix.kind,
                roles=[(c.role.code, c.role.name) for c in grid.columns],
                rows=[
                    (
                        r.activity.group,
                        r.activity.name,
                        r.activity.description,
                        [c.code for c in r.cells],
                        r.activity.pk,
                    )
                    for r in grid.rows()
                ],
                findings=[(f.severity, f.rule, f.message) for f in grid.findings],
            )
            jobs.finish(job, result=result, filename=f"{slugify(job.matrix.name) or 'matrix'}.xlsx")
        except jobs.JobLost:
            logger.info("Export %s was failed while it was written", job_id)
        except Exception:
            logger.exception("Export %s failed", job_id)
            jobs.fail(job, "The workbook could not be written (an unexpected error). Try again.")
