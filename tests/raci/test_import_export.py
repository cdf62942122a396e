"""Spreadsheet import and export, end to end with tasks run in-process."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.spreadsheets import SpreadsheetError, check_xlsx
from raci import selectors, services
from raci.importing import CurrentActivity, CurrentMatrix, plan_import, resolve
from raci.models import Activity, Matrix, MatrixExport, MatrixImport
from raci.spreadsheet import parse_workbook
from tests.factories import RoleFactory, letters_in
from tests.raci.workbooks import messy_sheet, simple, with_macro, xlsx, zip_bomb


def test_a_messy_sheet_is_read_as_people_meant_it():
    parsed = parse_workbook(xlsx(messy_sheet), kind="RASCI")
    assert (parsed.sheet, parsed.header_row) == ("RACI", 4)
    assert parsed.roles == ["CCO", "Product Owner", "ADM", "tel"]  # names under the merged super-header
    assert [(r.row, r.group, r.name) for r in parsed.rows] == [
        (6, "Plan", "Agree success criteria"),
        (7, "Plan", "Stakeholder map"),  # phase merged down
        (8, "Implement", "Load users into production"),
    ]  # the notes under the table and the legend sheet are ignored
    assert parsed.rows[0].cells == {0: "A", 1: "R", 3: "C"}
    assert parsed.rows[1].cells == {0: "AR", 2: "I"}
    assert parsed.errors == [
        'RACI!E8: "R, s" combines letters; only A/R may stand together. Choose under "How the sheet was read" to keep '
        "the first letter written or the stronger one, or correct the sheet."
    ]


@pytest.mark.parametrize(
    ("rows", "kind", "error"),
    [
        (
            [("Plan", "Go-live", "A", "Q")],
            "RACI",
            'Sheet1!D2: "Q" is not a RACI letter. Choose what it stands for under "How the sheet was read", or '
            "correct the sheet.",
        ),
        ([("Plan", "Go-live", "A", "S")], "RACI", 'Sheet1!D2: "S" (Supportive) is not used in a RACI matrix.'),
        (
            [("Plan", "Go-live", "A/C", "R")],
            "RACI",
            'Sheet1!C2: "A/C" combines letters; only A/R may stand together. Choose under "How the sheet was read" to '
            "keep the first letter written or the stronger one, or correct the sheet.",
        ),
        (
            [("Plan", "Go-live", "A", "R"), ("Plan", "go-live", "A", "R")],
            "RACI",
            'Sheet1!B3: activity "go-live" appears twice in Plan (also row 2). Rename one in the sheet, or choose to '
            'keep both under "How the sheet was read".',
        ),
        ([("Plan", "", "A", "R")], "RACI", "Sheet1!B2: this row has letters but no activity name."),
    ],
)
def test_each_problem_points_at_its_cell(rows, kind, error):
    assert error in parse_workbook(simple(rows), kind=kind).errors


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"Activity,CCO\nGo-live,A\n", "not an Excel workbook"),
        (b"PK\x03\x04 broken", "damaged"),
        (b"x" * (5 * 1024 * 1024 + 1), "the limit is 5 MB"),
    ],
)
def test_files_that_are_not_workbooks_are_refused_clearly(data, says):
    with pytest.raises(SpreadsheetError, match=says):
        check_xlsx(data)


def test_a_zip_bomb_is_refused_in_well_under_a_second():
    bomb = zip_bomb()
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match="zip bomb"):
        check_xlsx(bomb)
    assert time.perf_counter() - started < 0.5


def test_a_macro_enabled_workbook_is_refused():
    with pytest.raises(SpreadsheetError, match="macro"):
        check_xlsx(with_macro(simple([("Plan", "Go-live", "A", "R")])))


def test_the_declared_sheet_size_is_not_trusted_and_rows_are_capped():
    from connectmobilize.lib.spreadsheets import read_sheets

    def build(workbook):
        ws = workbook.active
        for n in range(30):
            ws.append([f"row {n}"])

    with pytest.raises(SpreadsheetError, match="more than 20 rows"):
        list(read_sheets(xlsx(build), max_rows=20))


@pytest.fixture
def matrix(program):
    return services.matrix_create(program=program, name="Migration", kind="RASCI", starting_from="connect_migration")


def test_importing_applies_whole_after_review_and_a_second_time_changes_nothing(run_tasks, program, lead):
    RoleFactory(program=program, code="CCO", name="Contact Center Operations Manager")
    RoleFactory(program=program, code="PO", name="Product Owner")
    data = simple(
        [("Plan", "Agree success criteria", "A", "R"), ("Plan", "Stakeholder map", "AR", "C")],
        roles=("CCO", "Product Owner", "Vendor Partner"),
    )
    job = run_tasks(services.matrix_import_start, program=program, user=lead, filename="raci.xlsx", data=data,
                    new_name="Imported", new_kind="RASCI")  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.READY and not Matrix.objects.filter(name="Imported").exists()
    plan = selectors.import_preview(job)
    assert plan.new_roles == ["Vendor Partner"] and len(plan.added_activities) == 2
    assert plan.counts == {"added": 6, "changed": 0, "removed": 0}

    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    matrix = job.matrix
    assert [c.role.code for c in matrix.columns.select_related("role")] == ["CCO", "PO", "VP"]
    cco, po, _vp = (c.role_id for c in matrix.columns.all())
    assert _by_name(matrix) == {
        ("Agree success criteria", "CCO"): "A", ("Agree success criteria", "PO"): "R",
        ("Stakeholder map", "CCO"): "AR", ("Stakeholder map", "PO"): "C",
    }  # fmt: skip
    history = Activity.history.filter(matrix_id=matrix.pk)  # one history row per row, with its letters
    assert sorted((h.name, h.history_type, h.letters) for h in history) == [
        ("Agree success criteria", "+", {str(cco): "A", str(po): "R"}),
        ("Stakeholder map", "+", {str(cco): "AR", str(po): "C"}),
    ]
    assert {h.history_user for h in history} == {lead}

    again = run_tasks(services.matrix_import_start, program=program, user=lead, filename="raci.xlsx", data=data,
                      matrix=matrix)  # fmt: skip
    again.refresh_from_db()
    assert selectors.import_preview(again).is_empty


def test_a_sheet_with_errors_cannot_be_applied(run_tasks, matrix, lead):
    data = simple([("Plan", "Go-live", "A", "Q")], roles=("CCO", "ADM"))
    job = run_tasks(services.matrix_import_start, program=matrix.program, user=lead, filename="x.xlsx", data=data,
                    matrix=matrix)  # fmt: skip
    job.refresh_from_db()
    before = letters_in(matrix)
    with pytest.raises(Exception, match="Fix the problems"):
        services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against)
    assert letters_in(matrix) == before


def test_an_apply_that_fails_midway_changes_nothing(run_tasks, matrix, lead, monkeypatch):
    data = simple([("Plan", "Only row", "A", "R")], roles=("CCO", "ADM"))
    job = run_tasks(services.matrix_import_start, program=matrix.program, user=lead, filename="x.xlsx", data=data,
                    matrix=matrix)  # fmt: skip
    job.refresh_from_db()
    cells_before = letters_in(matrix)

    def crash(*args, **kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(services.storage, "create", crash)  # after the old rows went, before the new ones
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    assert letters_in(matrix) == cells_before
    assert matrix.activities.count() == 25
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "nothing was changed" in job.error


def test_export_then_import_gives_back_the_same_matrix(run_tasks, matrix, lead):
    activity = matrix.activities.first()
    activity.description = '=HYPERLINK("http://evil")'
    activity.save()
    export = run_tasks(services.matrix_export_start, matrix=matrix, user=lead)
    export.refresh_from_db()
    assert export.status == JobStatus.DONE
    data = bytes(export.result)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Matrix", "Findings", "Legend"]
    sheet = workbook["Matrix"]
    assert sheet.freeze_panes == "D3"
    assert sheet["C3"].value == '=HYPERLINK("http://evil")' and sheet["C3"].data_type == "s"  # text, not a formula
    assert sheet.data_validations.dataValidation[0].formula1 == '"A/R,R,A,S,C,I"'
    coloured = {rule.formula[0] for rules in sheet.conditional_formatting for rule in rules.rules}
    assert coloured == {'"A/R"', '"R"', '"A"', '"S"', '"C"', '"I"'}

    job = run_tasks(services.matrix_import_start, program=matrix.program, user=lead, filename=export.filename,
                    data=data, matrix=matrix)  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.READY, job.error
    assert selectors.parsed_of(job).errors == []
    assert selectors.import_preview(job).is_empty


def test_the_upload_page_refuses_a_non_workbook_at_once(client_for, program, lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(lead).post(
        reverse("raci:matrix_import_new", kwargs={"program_slug": program.slug}),
        {"name": "X", "kind": "RACI", "file": SimpleUploadedFile("raci.xlsx", b"not a workbook")},
    )
    assert response.status_code == 200
    assert "This is not an Excel workbook" in response.content.decode()
    assert not MatrixImport.objects.exists()


def test_stale_jobs_are_failed_not_left_running(matrix, lead):
    import datetime as dt

    from connectmobilize.lib import jobs

    export = MatrixExport.objects.create(matrix=matrix, created_by=lead, status=JobStatus.RUNNING)
    MatrixExport.objects.filter(pk=export.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert jobs.fail_lapsed() == 1
    export.refresh_from_db()
    assert export.status == JobStatus.FAILED and "worker stopped" in export.error


def broken_workbook() -> bytes:
    """Looks like an xlsx from the outside (zip, the right part names), but its XML is garbage."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "not xml at all")
    return out.getvalue()


def billion_laughs() -> bytes:
    """A real workbook whose sheet XML carries an entity-expansion ("billion laughs") attack."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(simple([("Plan", "Go-live", "A", "R")])))
    doctype = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = doctype + data.decode().replace("Go-live", "&lol3;")
                assert "&lol3;" in text
                data = text.encode()
            archive.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "says"),
    [(broken_workbook(), "it may be damaged"), (billion_laughs(), "entity definitions, which are refused")],
)
def test_a_broken_or_hostile_workbook_fails_the_job_clearly_and_changes_nothing(run_tasks, matrix, lead, data, says):
    before = letters_in(matrix)
    job = run_tasks(services.matrix_import_start, program=matrix.program, user=lead, filename="x.xlsx", data=data,
                    matrix=matrix)  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert says in job.error
    assert letters_in(matrix) == before


def _own_export(run_tasks, matrix, lead) -> bytes:
    export = run_tasks(services.matrix_export_start, matrix=matrix, user=lead)
    export.refresh_from_db()
    return bytes(export.result)


def _reimport(run_tasks, matrix, lead, data):
    job = run_tasks(services.matrix_import_start, program=matrix.program, user=lead, filename="m.xlsx", data=data,
                    matrix=matrix)  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.READY, job.error
    return job


def _new_matrix(run_tasks, program, lead, data, name):
    """A matrix made by importing `data` as a new matrix, as the page does (its preview read, then applied)."""
    job = run_tasks(services.matrix_import_start, program=program, user=lead, filename="a.xlsx", data=data,
                    new_name=name, new_kind="RACI")  # fmt: skip
    job.refresh_from_db()
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    return Matrix.objects.get(program=program, name=name)


def _with_a_linked_row(run_tasks, program, lead, name):
    """A matrix (Design, Train; roles CCO, ADM) whose row "Train" an operating-model flow step carries out."""
    from operating_model import services as flow_services

    first = simple([("Plan", "Design", "A", "R"), ("Plan", "Train", "AR", "")], roles=("CCO", "ADM"))
    matrix = _new_matrix(run_tasks, program, lead, first, name)
    train = matrix.activities.get(name="Train")
    flow = flow_services.flow_create(program=program, name="Night")
    lane = flow_services.lane_add(flow=flow, role=program.roles.get(code="CCO"))
    return matrix, train, flow_services.step_create(flow=flow, lane=lane, name="Train agents", activity=train)


def _letters(matrix):
    return letters_in(matrix)


def _by_name(matrix):
    """The filled cells as {(activity name, role code): letters}."""
    codes = dict(matrix.columns.values_list("role_id", "role__code"))
    names = dict(matrix.activities.values_list("pk", "name"))
    return {(names[a], codes[r]): code for a, r, code in letters_in(matrix)}


def test_a_preview_made_stale_by_an_edit_is_refused_and_the_edit_is_kept(run_tasks, matrix, lead):
    job = _reimport(run_tasks, matrix, lead, _own_export(run_tasks, matrix, lead))
    assert selectors.import_preview(job).is_empty  # "no changes", as the lead saw it
    activity_id, role_id = next((a, r) for a, r, code in sorted(letters_in(matrix)) if code == "C")
    services.cell_set(matrix=matrix, activity_id=activity_id, role_id=role_id, code="I", expected="C")
    after_edit = _letters(matrix)

    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db()
    assert job.status == JobStatus.READY and job.error == services.STALE_PREVIEW
    assert _letters(matrix) == after_edit  # the edit was not reverted
    with pytest.raises(ValidationError, match="out of date"):
        services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against)

    run_tasks(services.matrix_import_replan, job=job, mapping=job.mapping)  # "preview again", planned by the worker
    job.refresh_from_db()
    preview = selectors.import_preview(job)
    assert job.status == JobStatus.READY and not job.error
    assert [(c.before, c.after) for c in preview.cell_changes] == [("I", "C")]  # now the user sees the revert


def test_a_confirm_from_an_older_preview_is_refused(run_tasks, matrix, lead):
    job = _reimport(run_tasks, matrix, lead, _own_export(run_tasks, matrix, lead))
    with pytest.raises(ValidationError, match="out of date"):
        services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against="0" * 64)
    job.refresh_from_db()
    assert job.status == JobStatus.READY


def test_a_changed_mapping_is_planned_again_before_it_can_be_applied(
    run_tasks, matrix, lead, client_for, django_capture_on_commit_callbacks
):
    job = _reimport(run_tasks, matrix, lead, _own_export(run_tasks, matrix, lead))
    mapping = [*job.mapping[:-1], None]  # the last column becomes a new role
    with pytest.raises(ValidationError, match="not the one previewed"):
        services.matrix_import_confirm(job=job, mapping=mapping, planned_against=job.planned_against)

    url = reverse("raci:import_confirm", kwargs={"program_slug": matrix.program.slug, "import_id": job.pk})
    form = {f"column-{i}": "new" if m is None else m for i, m in enumerate(mapping)}
    before = _letters(matrix)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(lead).post(url, {**form, "planned_against": job.planned_against, "action": "apply"})
    job.refresh_from_db()
    assert _letters(matrix) == before  # not applied: the new mapping was planned and waits for review
    assert job.status == JobStatus.READY and job.mapping == mapping
    preview = selectors.import_preview(job)
    assert len(preview.new_roles) == 1 and preview.added_columns and preview.removed_columns


def test_a_dropped_import_is_never_applied_even_if_its_apply_task_runs_later(run_tasks, matrix, lead):
    from raci import tasks

    job = _reimport(run_tasks, matrix, lead, simple([("Plan", "Only row", "A", "R")], roles=("CCO", "ADM")))
    services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against)  # queued, not run
    services.matrix_import_cancel(job=job)
    tasks.apply_matrix_import.run(job.pk)  # the queued task arrives after the drop
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and matrix.activities.count() == 25


def test_a_redelivered_apply_does_nothing_and_an_applying_import_cannot_be_dropped(run_tasks, matrix, lead):
    from raci import tasks

    job = _reimport(run_tasks, matrix, lead, simple([("Plan", "Only row", "A", "R")], roles=("CCO", "ADM")))
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and matrix.activities.count() == 1
    matrix.activities.create(name="Added after the import", position=5)
    tasks.apply_matrix_import.run(job.pk)  # a late redelivery
    assert matrix.activities.count() == 2

    MatrixImport.objects.filter(pk=job.pk).update(status=JobStatus.APPLYING)
    with pytest.raises(ValidationError, match="can no longer be dropped"):
        services.matrix_import_cancel(job=job)


def test_a_reimport_keeps_the_history_of_every_letter_it_changes_removes_or_adds(run_tasks, program, lead):
    roles = ("CCO", "ADM", "TEL")
    first = simple([("Plan", "Design", "A", "R", "C"), ("Plan", "Train", "AR", "", "I")], roles=roles)
    job = run_tasks(services.matrix_import_start, program=program, user=lead, filename="a.xlsx", data=first,
                    new_name="History", new_kind="RASCI")  # fmt: skip
    job.refresh_from_db()
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db()
    matrix = job.matrix
    second = simple([("Plan", "Design", "A", "R", "I"), ("Plan", "Train", "AR", "C", "")], roles=roles)
    job = _reimport(run_tasks, matrix, lead, second)
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    later = Activity.history.filter(matrix_id=matrix.pk, history_date__gt=job.started_at)
    assert sorted((h.name, h.history_type) for h in later) == [("Design", "~"), ("Train", "~")]  # a row each
    assert {h.history_user for h in later} == {lead}
    changes = [(a.name, c.role.code, c.before, c.after, c.who) for a in matrix.activities.all()
               for c in selectors.activity_cell_history(a) if c.when > job.started_at]  # fmt: skip
    assert sorted(changes, key=lambda c: c[:4]) == [
        ("Design", "TEL", "C", "I", lead),  # changed
        ("Train", "ADM", "", "C", lead),  # added
        ("Train", "TEL", "I", "", lead),  # removed
    ]
    assert _by_name(matrix) == {
        ("Design", "CCO"): "A", ("Design", "ADM"): "R", ("Design", "TEL"): "I", ("Train", "CCO"): "AR",
        ("Train", "ADM"): "C",
    }  # fmt: skip


def test_a_reimport_removing_a_row_a_flow_step_links_to_says_so_applies_and_unlinks_the_step(run_tasks, program, lead):
    matrix, _, step = _with_a_linked_row(run_tasks, program, lead, "Linked")
    job = _reimport(run_tasks, matrix, lead, simple([("Plan", "Design", "A", "R")], roles=("CCO", "ADM")))
    assert selectors.import_preview(job).unlinked == ["1 flow step"]  # said before anything is applied
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error  # was "failed unexpectedly": the step still pointed at the row
    step.refresh_from_db()
    assert step.activity is None and [a.name for a in job.matrix.activities.all()] == ["Design"]


def test_reading_a_long_sheet_reports_the_rows_read_as_it_goes():
    from tests.raci.workbooks import large_matrix

    reports = []
    parsed = parse_workbook(large_matrix(1200, 5), kind="RACI", progress=lambda done, total: reports.append(done))
    assert len(parsed.rows) == 1200
    assert reports == [0, 500, 1000, 1200]  # a bar that moves while a long sheet is read, not only at the end


def test_the_same_activity_under_two_phases_is_two_activities_and_a_reimport_changes_nothing(run_tasks, program, lead):
    from tests.raci.workbooks.corpus import CASES

    data = next(c for c in CASES if c.name == "phase_rows").data()
    job = run_tasks(services.matrix_import_start, program=program, user=lead, filename="p.xlsx", data=data,
                    new_name="Phases", new_kind="RACI")  # fmt: skip
    job.refresh_from_db()
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    matrix = job.matrix
    assert list(matrix.activities.values_list("group", "name")) == [
        ("Initiation", "Review"), ("Initiation", "Approve charter"), ("Delivery", "Build"), ("Delivery", "Review"),
    ]  # fmt: skip
    assert selectors.import_preview(_reimport(run_tasks, matrix, lead, data)).is_empty
    with pytest.raises(ValidationError, match='already has an activity called "review" in Delivery'):
        services.activity_add(matrix=matrix, name="review", group="Delivery")
    services.activity_add(matrix=matrix, name="Review", group="Closure")  # a third phase may have one too


def test_the_preview_says_which_rules_the_matrix_would_break_before_anything_is_applied(
    run_tasks, client_for, program, lead
):
    roles = ("CCO", "ADM", "TEL")
    first = simple([("Plan", "Design", "A", "R", "I"), ("Plan", "Train", "A", "C", "R")], roles=roles)
    matrix = _new_matrix(run_tasks, program, lead, first, "Checked")

    # The sheet came back with "x" (not involved) where the Accountable was, and a second A on another row.
    changed = simple([("Plan", "Design", "x", "R", "I"), ("Plan", "Train", "A/R", "A", "")], roles=roles)
    job = _reimport(run_tasks, matrix, lead, changed)
    page = client_for(lead).get(reverse("raci:import_detail", args=[program.slug, job.pk])).content.decode()
    assert "After this import the matrix would have 2 rule errors</strong> (it has 0 now)" in page
    assert "Row 2 &quot;Design&quot; has no Accountable: name exactly one A." in page
    assert "Row 3 &quot;Train&quot; has 2 Accountables (CCO, ADM)" in page
    assert "<td>A → A/R</td>" in page  # a letter change as the grid writes it
    assert selectors.import_preview(job).rule_counts == {"errors": 2, "warnings": 0}
    assert _by_name(matrix)[("Design", "CCO")] == "A"  # nothing applied yet


def test_a_row_renamed_in_the_exported_workbook_keeps_its_activity_history_and_links(run_tasks, program, lead):
    matrix, train, step = _with_a_linked_row(run_tasks, program, lead, "Kept")

    # In the spreadsheet: "Train" is renamed and moved above "Design"; a row is added without an id.
    workbook = load_workbook(io.BytesIO(_own_export(run_tasks, matrix, lead)))
    sheet = workbook["Matrix"]
    assert sheet["F2"].value == "ConnectMobilize ID" and sheet["F4"].value == train.pk
    sheet["B4"] = "Train the night shift"
    sheet.move_range("A4:F4", rows=2)  # to row 6
    sheet.move_range("A3:F3", rows=1)  # Design to row 4
    sheet.move_range("A6:F6", rows=-3)  # Train to row 3
    sheet.append(["Plan", "Hypercare", None, "A", "R", None])
    out = io.BytesIO()
    workbook.save(out)

    job = _reimport(run_tasks, matrix, lead, out.getvalue())
    preview = selectors.import_preview(job)
    assert preview.updated_activities == ["Train → Train the night shift"]
    assert preview.removed_count == 0 and preview.unlinked == [] and preview.added_activities == ["Hypercare"]
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    assert list(matrix.activities.values_list("name", flat=True)) == ["Train the night shift", "Design", "Hypercare"]
    train.refresh_from_db()
    step.refresh_from_db()
    assert train.name == "Train the night shift" and step.activity == train  # the same activity, still linked
    assert train.history.filter(name="Train").exists()  # its history from before the rename


def test_a_sheet_without_phases_reimported_keeps_the_matrix_phases(run_tasks, client_for, program, lead):
    roles = ("CCO", "ADM")
    first = simple([("Plan", "Design", "A", "R"), ("Run", "Train", "AR", "")], roles=roles)
    matrix = _new_matrix(run_tasks, program, lead, first, "Phased")

    # The team's own sheet: no phase column, one letter changed, one activity added.
    sheet = simple([("Design", "A", "C"), ("Train", "AR", ""), ("Hypercare", "A", "R")], roles=roles,
                   header=("Activity",))  # fmt: skip
    job = _reimport(run_tasks, matrix, lead, sheet)
    preview = selectors.import_preview(job)
    assert preview.groups_kept and preview.updated_activities == [] and preview.added_activities == ["Hypercare"]
    page = client_for(lead).get(reverse("raci:import_detail", args=[program.slug, job.pk])).content.decode()
    assert "The sheet has no phases: the activities keep the phases they have" in page
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    assert list(matrix.activities.values_list("group", "name")) == [("Plan", "Design"), ("Run", "Train"),
                                                                   ("", "Hypercare")]  # fmt: skip
    assert _by_name(matrix)[("Design", "ADM")] == "C"


def test_a_sheet_moving_an_activity_to_another_phase_says_so():
    current = CurrentMatrix([1], [CurrentActivity(10, "Plan", "Design", "")], {10: {1: "A"}})
    parsed = parse_workbook(simple([("Build", "Design", "A")], roles=("CCO",)), kind="RACI")
    plan = plan_import(resolve(parsed, [1], current), current, {1: "CCO"})
    assert plan.updated_activities == ["Design (phase Plan → Build)"] and not plan.groups_kept


def test_the_exported_findings_name_the_rows_of_the_matrix_sheet(run_tasks, program, lead):
    data = simple([("Plan", "Design", "A", "R"), ("Plan", "Train", "R", "C")], roles=("CCO", "ADM"))
    matrix = _new_matrix(run_tasks, program, lead, data, "Numbered")
    workbook = load_workbook(io.BytesIO(_own_export(run_tasks, matrix, lead)))
    findings = [row[2] for row in workbook["Findings"].iter_rows(min_row=2, values_only=True)]
    assert 'Row 4 "Train" has no Accountable: name exactly one A.' in findings
    assert workbook["Matrix"]["B4"].value == "Train"  # the row the finding names, as the sheet numbers it
