"""RACI spreadsheet jobs through the API: upload, poll, preview, confirm, drop, export and download, on the
import page's services and refusing what it refuses (a stale preview, a failed job, unseen left-out cells)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from connectmobilize.lib import jobs
from connectmobilize.lib.models import JobStatus
from raci import services
from raci.models import Matrix, MatrixExport, MatrixImport
from tests.api.conftest import base
from tests.factories import RoleFactory, letters_in
from tests.raci.workbooks import simple, xlsx


def upload(client, tasks, program, data, **fields):
    body = {"file": SimpleUploadedFile("raci.xlsx", data), **fields}
    return tasks(client.post, f"{base(program)}/imports/", body, format="multipart")


def test_an_import_is_uploaded_polled_previewed_and_applied_whole(api, tasks, program, lead):
    RoleFactory(program=program, code="CCO", name="Contact Center Operations Manager")
    client = api(lead)
    data = simple([("Plan", "Agree success criteria", "A", "R"), ("Plan", "Stakeholder map", "AR", "C")],
                  roles=("CCO", "Vendor Partner"))  # fmt: skip
    made = upload(client, tasks, program, data, name="Imported", kind="RACI")
    assert made.status_code == 201, made.json()
    job = client.get(made["Location"]).json()
    assert job["status"] == "ready" and job["progress"] == 100 and not Matrix.objects.filter(name="Imported").exists()

    preview = client.get(f"{made['Location']}preview/").json()
    assert preview["plan"]["counts"] == {"added": 6, "changed": 0, "removed": 0}
    assert preview["plan"]["new_roles"] == ["Vendor Partner"] and preview["problems"] == []
    assert [m["column"] for m in preview["mapping"]] == ["CCO", "Vendor Partner"]
    assert preview["mapping"][1]["role"] is None  # a new role

    body = {"planned_against": preview["planned_against"], "mapping": [m["role"] for m in preview["mapping"]]}
    applied = tasks(client.post, f"{made['Location']}confirm/", body, format="json")
    assert applied.status_code == 202
    assert client.get(made["Location"]).json()["status"] == "done"
    matrix = Matrix.objects.get(name="Imported", program=program)
    assert len(letters_in(matrix)) == 4


def test_a_stale_preview_is_refused_as_on_the_page(api, tasks, program, lead):
    matrix = services.matrix_create(program=program, name="Migration", kind="RACI")
    RoleFactory(program=program, code="CCO"), RoleFactory(program=program, code="ADM")
    client = api(lead)
    made = upload(client, tasks, program, simple([("Plan", "Go-live", "A", "R")]), matrix=matrix.pk)
    preview = client.get(f"{made['Location']}preview/").json()
    body = {"planned_against": preview["planned_against"], "mapping": [m["role"] for m in preview["mapping"]]}

    older = client.post(f"{made['Location']}confirm/", {**body, "planned_against": "0" * 64}, format="json")
    assert older.status_code == 409 and "out of date" in older.json()["detail"]

    services.activity_add(matrix=matrix, name="Someone's new row")  # the matrix changes after the preview was read
    tasks(client.post, f"{made['Location']}confirm/", body, format="json")
    stale = client.get(f"{made['Location']}preview/").json()
    assert stale["status"] == "ready" and "changed since this preview" in stale["stale"]
    assert stale["planned_against"] == "" and letters_in(matrix) == set()
    again = client.post(f"{made['Location']}confirm/", body, format="json")
    assert again.status_code == 409 and "out of date" in again.json()["detail"]

    replanned = tasks(client.post, f"{made['Location']}replan/", {"mapping": body["mapping"]}, format="json")
    assert replanned.status_code == 202
    fresh = client.get(f"{made['Location']}preview/").json()
    assert "Someone's new row" in fresh["plan"]["removed_activities"]  # now the user sees what it would do


def two_waves(workbook):
    """Two tables, one per sheet: the reader takes the larger; the user may want the other."""
    wave_1 = workbook.active
    wave_1.title = "Wave 1"
    wave_1.append(["Phase", "Activity", "CCO", "ADM"])
    for n in range(4):
        wave_1.append(["Plan", f"Wave 1 step {n}", "A", "R"])
    wave_2 = workbook.create_sheet("Wave 2")
    wave_2.append(["Phase", "Activity", "CCO", "ADM"])
    wave_2.append(["Run", "Hypercare", "R", "A"])


def test_the_reading_is_corrected_without_uploading_again(api, tasks, program, lead, viewer):
    client = api(lead)
    made = upload(client, tasks, program, xlsx(two_waves), name="Waves", kind="RACI")
    first = client.get(f"{made['Location']}preview/").json()
    assert first["sheet"] == "Wave 1" and first["activity_count"] == 4
    assert first["layout"]["sheets"] == ["Wave 1", "Wave 2"] and first["reading"] == {}  # all found by content

    assert api(viewer).post(f"{made['Location']}reread/", {"sheet": "Wave 2"}, format="json").status_code == 403
    unknown = client.post(f"{made['Location']}reread/", {"sheet": "Wave 3"}, format="json")
    assert unknown.status_code == 400 and 'no sheet called "Wave 3"' in str(unknown.json())
    typo = client.post(f"{made['Location']}reread/", {"sheets": "Wave 2"}, format="json")
    assert typo.status_code == 400 and "sheets" in typo.json()
    names = client.post(f"{made['Location']}reread/", {"names": "the second"}, format="json")
    assert names.status_code == 400 and "names" in names.json()

    again = tasks(client.post, f"{made['Location']}reread/", {"sheet": "Wave 2"}, format="json")
    assert again.status_code == 202
    second = client.get(f"{made['Location']}preview/").json()
    assert second["sheet"] == "Wave 2" and second["activity_count"] == 1 and second["reading"]["sheet"] == "Wave 2"
    assert second["planned_against"] and second["planned_against"] == first["planned_against"]  # same (new) matrix
    stale = {"planned_against": "0" * 64, "mapping": [m["role"] for m in second["mapping"]]}
    assert client.post(f"{made['Location']}confirm/", stale, format="json").status_code == 409
    body = {"planned_against": second["planned_against"], "mapping": [m["role"] for m in second["mapping"]]}
    assert tasks(client.post, f"{made['Location']}confirm/", body, format="json").status_code == 202
    matrix = Matrix.objects.get(name="Waves", program=program)
    assert list(matrix.activities.values_list("name", flat=True)) == ["Hypercare"]


def test_problems_are_named_by_cell_and_left_out_cells_must_be_seen(api, tasks, program, lead):
    client = api(lead)
    broken = upload(client, tasks, program, simple([("Plan", "Go-live", "A/C", "R")]), name="Broken", kind="RACI")
    preview = client.get(f"{broken['Location']}preview/").json()
    assert preview["problems"][0]["cell"] == "Sheet1!C2" and "combines letters" in preview["problems"][0]["message"]
    body = {"planned_against": preview["planned_against"], "mapping": [m["role"] for m in preview["mapping"]]}
    refused = client.post(f"{broken['Location']}confirm/", body, format="json")
    assert refused.status_code == 400 and "Fix the problems" in refused.json()["non_field_errors"][0]

    extra = upload(client, tasks, program, simple([("Plan", "Go-live", "A", "R", "note")]), name="Extra", kind="RACI")
    preview = client.get(f"{extra['Location']}preview/").json()
    assert [c["cell"] for c in preview["ignored"]] == ["Sheet1!E2"]
    body = {"planned_against": preview["planned_against"], "mapping": [m["role"] for m in preview["mapping"]]}
    unseen = client.post(f"{extra['Location']}confirm/", body, format="json")
    assert unseen.status_code == 400 and "would not be imported" in unseen.json()["non_field_errors"][0]
    seen = tasks(client.post, f"{extra['Location']}confirm/", {**body, "seen_ignored": 1}, format="json")
    assert seen.status_code == 202 and MatrixImport.objects.get(new_name="Extra").status == JobStatus.DONE


def test_a_failed_or_dropped_import_cannot_be_confirmed(api, tasks, program, lead):
    client = api(lead)
    made = upload(client, tasks, program, simple([("Plan", "Go-live", "A", "R")]), name="X", kind="RACI")
    preview = client.get(f"{made['Location']}preview/").json()
    body = {"planned_against": preview["planned_against"], "mapping": [m["role"] for m in preview["mapping"]]}
    MatrixImport.objects.update(status=JobStatus.FAILED, error=jobs.STOPPED[JobStatus.RUNNING])  # its worker died
    failed = client.post(f"{made['Location']}confirm/", body, format="json")
    assert failed.status_code == 400 and "failed" in failed.json()["non_field_errors"][0]
    assert client.post(f"{made['Location']}drop/").status_code == 400  # too late to drop as well

    other = upload(client, tasks, program, simple([("Plan", "Go-live", "A", "R")]), name="Y", kind="RACI")
    dropped = client.post(f"{other['Location']}drop/")
    assert dropped.status_code == 200 and dropped.json()["status"] == "cancelled"
    assert client.post(f"{other['Location']}confirm/", body, format="json").status_code == 400
    assert not Matrix.objects.filter(program=program).exists()


def test_uploads_are_refused_as_on_the_page(api, tasks, program, lead, viewer, outsider, settings):
    client = api(lead)
    not_xlsx = upload(client, tasks, program, b"Activity,CCO\nGo-live,A\n", name="X")
    assert not_xlsx.status_code == 400 and "not an Excel workbook" in not_xlsx.json()["file"][0]
    too_big = upload(client, tasks, program, b"x" * (5 * 1024 * 1024 + 1), name="X")
    assert too_big.status_code == 413 and "the limit is 5 MB" in too_big.json()["detail"]
    nameless = upload(client, tasks, program, simple([("Plan", "Go-live", "A", "R")]))
    assert nameless.status_code == 400 and "name" in nameless.json()
    assert upload(api(viewer), tasks, program, simple([("Plan", "Go-live", "A", "R")]), name="X").status_code == 403
    assert upload(api(outsider), tasks, program, simple([("Plan", "Go-live", "A", "R")]), name="X").status_code == 404
    assert not MatrixImport.objects.exists()


def test_a_viewer_polls_but_does_not_confirm_and_an_outsider_sees_nothing(api, tasks, program, lead, viewer,
                                                                          outsider):  # fmt: skip
    made = upload(api(lead), tasks, program, simple([("Plan", "Go-live", "A", "R")]), name="X", kind="RACI")
    preview = api(viewer).get(f"{made['Location']}preview/")
    assert preview.status_code == 200
    body = {"planned_against": preview.json()["planned_against"], "mapping": [None, None]}
    assert api(viewer).post(f"{made['Location']}confirm/", body, format="json").status_code == 403
    assert api(viewer).post(f"{made['Location']}drop/").status_code == 403
    assert api(outsider).get(made["Location"]).status_code == 404
    assert api(outsider).get(f"{base(program)}/imports/").status_code == 404


def test_an_export_is_started_polled_and_downloaded(api, tasks, program, viewer, outsider, other_program):
    matrix = services.matrix_create(program=program, name="Migration", kind="RASCI", starting_from="connect_migration")
    client = api(viewer)  # anyone who sees the program may export, as with the Export button
    pending = client.post(f"{base(program)}/exports/", {"matrix": matrix.pk}, format="json")
    assert pending.status_code == 201 and pending.json()["status"] == "pending"
    early = client.get(f"{pending['Location']}download/")
    assert early.status_code == 409 and "not done" in early.json()["detail"]

    made = tasks(client.post, f"{base(program)}/exports/", {"matrix": matrix.pk}, format="json")
    assert client.get(made["Location"]).json()["status"] == "done"
    workbook = client.get(f"{made['Location']}download/")
    assert workbook.status_code == 200 and workbook["Content-Disposition"].endswith('migration.xlsx"')
    assert load_workbook(io.BytesIO(workbook.content)).active.max_row > 5
    theirs = services.matrix_create(program=other_program, name="Theirs", kind="RACI")
    foreign = client.post(f"{base(program)}/exports/", {"matrix": theirs.pk}, format="json")
    assert foreign.status_code == 400 and "matrix" in foreign.json()
    assert api(outsider).get(f"{made['Location']}download/").status_code == 404
    assert MatrixExport.objects.count() == 2


def test_job_lists_cost_the_same_queries_whatever_their_length(api, program, lead, django_assert_max_num_queries):
    matrix = services.matrix_create(program=program, name="Migration", kind="RACI")
    client = api(lead)
    for kind in ("imports", "exports"):
        client.get(f"{base(program)}/{kind}/")  # warm: the token's last use is written once a minute
    MatrixImport.objects.create(program=program, matrix=matrix, filename="a.xlsx", data=b"", created_by=lead)
    MatrixExport.objects.create(matrix=matrix, created_by=lead)
    with django_assert_max_num_queries(10) as one:
        client.get(f"{base(program)}/imports/")
        client.get(f"{base(program)}/exports/")
    for i in range(20):
        MatrixImport.objects.create(program=program, matrix=matrix, filename=f"{i}.xlsx", data=b"", created_by=lead)
        MatrixExport.objects.create(matrix=matrix, created_by=lead)
    with django_assert_max_num_queries(len(one.captured_queries)):
        imports = client.get(f"{base(program)}/imports/").json()["results"]
        exports = client.get(f"{base(program)}/exports/").json()["results"]
    assert len(imports) == len(exports) == 21 and imports[0]["created_by"] == "lead"


def test_the_preview_of_a_new_matrix_says_which_rules_it_would_break(api, tasks, program, lead):
    client = api(lead)
    data = simple([("Plan", "Agree success criteria", "A", "R"), ("Plan", "Stakeholder map", "R", "C")],
                  roles=("CCO", "ADM"))  # fmt: skip
    made = upload(client, tasks, program, data, name="Unchecked", kind="RACI")
    plan = client.get(f"{made['Location']}preview/").json()["plan"]
    assert plan["rule_errors"] == ['Row 3 "Stakeholder map" has no Accountable: name exactly one A.']
    assert plan["rule_counts"]["errors"] == 1
