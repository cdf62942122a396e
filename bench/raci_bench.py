"""RACI benchmarks (issue: RACI/RASCI matrices). Goals are in README.md and checked by eye in CI output."""

import io
import json
import statistics

from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import Workbook, load_workbook

from bench.run import ROUNDS, fetcher, ratio, timed
from programs import services as program_services
from raci import selectors, services
from raci.models import Activity, Matrix, MatrixImport
from tests.raci.workbooks import large_matrix


def _program():
    user = get_user_model().objects.create_user("bench")
    return user, program_services.program_create(creator=user, name="Bench", with_roles=False, with_risks=False)


def _import(program, user, data, name):
    """The whole import as a user drives it: upload checks, parse, plan, apply (tasks run in-process)."""
    job = services.matrix_import_start(program=program, user=user, filename="b.xlsx", data=data, new_name=name,
                                       new_kind="RACI")  # fmt: skip
    job = _preview(job)
    services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db(fields=["status", "error", "matrix"])  # what the page's poll reads
    assert job.status == "done", job.error
    return job.matrix


def _preview(job):
    """The job as the preview page reads it (everything but the file), with the preview it shows."""
    job = MatrixImport.objects.defer("data").get(pk=job.pk)
    assert job.status == "ready", job.error
    selectors.import_preview(job)
    return job


def _reimport(matrix, user, data):
    """A changed sheet into an existing matrix, as a user drives it: upload, parse and preview, apply."""
    job = services.matrix_import_start(program=matrix.program, user=user, filename="b.xlsx", data=data, matrix=matrix)
    job = _preview(job)
    assert selectors.import_preview(job).cell_changes, "the changed sheet must change letters"
    services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db(fields=["status", "error"])
    assert job.status == "done", job.error


def _reimport_seconds(program, user, rows):
    """Median seconds to re-import a changed sheet (every row's letters moved) into a matrix of `rows` rows."""
    base, changed = large_matrix(rows, 40), large_matrix(rows, 40, seed=1)
    seconds = []
    for _ in range(ROUNDS):
        _clear(program)
        matrix = _import(program, user, base, "reimport")
        seconds.append(timed(lambda matrix=matrix: _reimport(matrix, user, changed)))
    return statistics.median(seconds)


def _detect_seconds(data) -> float:
    """Finding the table (every candidate header of every sheet scored) in 20,000 rows × 40 roles, once read."""
    from connectmobilize.lib.spreadsheets import read_sheets
    from raci.layout import Reading, find_table, legend_of

    sheets = list(read_sheets(data))
    return statistics.median(timed(lambda: find_table(sheets, Reading(), legend_of(sheets))) for _ in range(ROUNDS))


def _bare_read(data):
    """openpyxl's own read-only iteration of every row: the floor any import stands on."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for worksheet in workbook.worksheets:
        worksheet.reset_dimensions()
        for _ in worksheet.iter_rows(values_only=True):
            pass
    workbook.close()


def _clear(program):
    Matrix.objects.filter(program=program).delete()
    program.roles.all().delete()


def run(selected):
    user, program = _program()
    data_500 = large_matrix(500, 40)
    n = iter(range(10**6))

    def want(name):
        return not selected or name in selected

    if want("raci_import_ratio") or want("raci_import_5000_vs_500") or want("raci_import_3000_replace_seconds"):
        r, ours_500, bare = ratio(
            lambda: _import(program, user, data_500, f"m{next(n)}"), lambda: _bare_read(data_500),
            setup=lambda: _clear(program),
        )  # fmt: skip
        yield "raci_import_ratio", r
        yield "raci_import_500x40_seconds", ours_500
        if want("raci_import_5000_vs_500"):
            data_5000 = large_matrix(5000, 40)
            _clear(program)
            ours_5000 = timed(lambda: _import(program, user, data_5000, "big"))
            yield "raci_import_5000_vs_500", ours_5000 / ours_500

    if want("raci_import_3000_replace_seconds"):
        # Replacing a large matrix: every letter of a 3,000 × 40 matrix moved by the new sheet (preview + apply).
        replace_3000 = _reimport_seconds(program, user, 3000)
        yield "raci_import_3000_replace_seconds", replace_3000
        yield "raci_import_3000_replace_vs_500", replace_3000 / ours_500

    if want("raci_detect_20000_seconds"):
        yield "raci_detect_20000_seconds", _detect_seconds(large_matrix(19_998, 40))

    if want("raci_reimport_5000_vs_500"):
        reimport_500 = _reimport_seconds(program, user, 500)
        reimport_5000 = _reimport_seconds(program, user, 5000)
        yield "raci_reimport_500x40_seconds", reimport_500
        yield "raci_reimport_5000x40_seconds", reimport_5000
        yield "raci_reimport_5000_vs_500", reimport_5000 / reimport_500

    if want("raci_import_vs_import_export"):
        yield "raci_import_vs_import_export", _vs_import_export(program, user, data_500)

    if want("raci_export_ratio"):
        _clear(program)
        matrix = _import(program, user, data_500, "export")
        grid_rows = list(_grid_values(matrix))

        def ours():
            job = services.matrix_export_start(matrix=matrix, user=user)
            job.refresh_from_db()
            assert job.status == "done"

        def bare():
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet("Matrix")
            for row in grid_rows:
                sheet.append(row)
            workbook.save(io.BytesIO())

        yield "raci_export_ratio", ratio(ours, bare)[0]

    if want("raci_grid_ratio"):
        _clear(program)
        matrix = _import(program, user, data_500, "grid")
        client = Client()
        client.force_login(user)
        grid_url = matrix.get_absolute_url()
        trivial_url = f"/p/{program.slug}/roles/"

        page = fetcher(client)

        yield "raci_grid_ratio", ratio(page(grid_url), page(trivial_url))[0]


def _grid_values(matrix):
    from raci.selectors import matrix_grid

    grid = matrix_grid(matrix)
    yield ["Phase", "Activity", "Description", *[c.role.code for c in grid.columns]]
    for row in grid.rows():
        yield [row.activity.group, row.activity.name, row.activity.description, *[cell.code for cell in row.cells]]


def _vs_import_export(program, user, data):
    """django-import-export, tuned per its bulk-import docs, loading the same rows with their letters."""
    import tablib
    from import_export import fields, resources, widgets

    class ActivityResource(resources.ModelResource):
        matrix = fields.Field(attribute="matrix_id", column_name="matrix", widget=widgets.IntegerWidget())

        class Meta:
            model = Activity
            fields = ("matrix", "group", "name", "position", "letters")
            import_id_fields = ()
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            force_init_instance = True
            use_transactions = True

    _clear(program)
    matrix = _import(program, user, data, "baseline")
    headers = ["matrix", "group", "name", "position", "letters"]
    rows = [(matrix_id, group, name, position, json.dumps(letters))  # a JSON column is text in a dataset
            for matrix_id, group, name, position, letters in Activity.objects.filter(matrix=matrix).values_list(
                "matrix_id", "group", "name", "position", "letters")]  # fmt: skip
    n = iter(range(10**6))

    def ours():
        _import(program, user, data, f"ours{next(n)}")

    def reset():
        Activity.objects.filter(matrix=matrix).delete()
        Matrix.objects.filter(program=program).exclude(pk=matrix.pk).delete()

    def theirs():
        dataset = tablib.Dataset(*rows, headers=headers)
        result = ActivityResource().import_data(dataset, raise_errors=True)
        assert not result.has_errors()

    reset()
    theirs()
    assert Activity.objects.filter(matrix=matrix).count() == len(rows)  # it loads what ours does
    r, _, _ = ratio(theirs, ours, setup=reset)
    return r
