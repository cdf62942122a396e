"""The operating model as a workbook through the API: download the export, change it, upload it, poll the job,
read the preview, confirm or drop, on the import page's services and refusing what it refuses (a stale preview,
a workbook with problems, a hostile file, a reader who may not import)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from connectmobilize.lib import jobs
from connectmobilize.lib.models import JobStatus
from operating_model import services
from operating_model.models import ModelImport, ServiceCatalogItem
from tests.api.conftest import base
from tests.factories import RoleFactory
from tests.raci.workbooks import with_macro, zip_bomb


@pytest.fixture
def modelled(program):
    """The program with its service desk and telecom roles, the usual 24 processes and Sev 1 to 4 with paths."""
    RoleFactory(program=program, code="SDK", name="Service desk")
    RoleFactory(program=program, code="TEL", name="Telecom")
    services.catalogue_seed(program=program)
    services.severities_seed(program=program)
    return program


def exported(client, program) -> bytes:
    response = client.get(f"{base(program)}/operating-model/export/")
    assert response.status_code == 200, response.content[:200]
    return response.content


def changed(data: bytes, code: str, column: str, value) -> tuple[bytes, str]:
    """The workbook with one cell of process `code`'s row on its Catalogue sheet changed, and that cell's name."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Catalogue"]
    row = next(cell.row for cell in sheet["A"] if cell.value == code)
    sheet[f"{column}{row}"] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), f"Catalogue!{column}{row}"


def upload(client, tasks, program, data: bytes):
    body = {"file": SimpleUploadedFile("model.xlsx", data)}
    return tasks(client.post, f"{base(program)}/operating-model/imports/", body, format="multipart")


def test_the_export_is_changed_uploaded_previewed_and_applied(api, tasks, modelled, lead, viewer):
    download = api(viewer).get(f"{base(modelled)}/operating-model/export/")  # a reader may download it
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download["Content-Disposition"] == 'attachment; filename="contoso-migration-operating-model.xlsx"'
    sheets = load_workbook(io.BytesIO(download.content)).sheetnames
    assert sheets == ["Catalogue", "Severities", "Escalation", "Composition", "Flows"]

    client = api(lead)
    p04 = ServiceCatalogItem.objects.get(program=modelled, code="P04")
    assert p04.sla_target != "2 h"
    data, _ = changed(exported(client, modelled), "P04", "I", "2 h")  # I: SLA target
    made = upload(client, tasks, modelled, data)
    assert made.status_code == 201, made.json()
    assert made.json()["filename"] == "model.xlsx" and made.json()["created_by"] == "lead"
    job = client.get(made["Location"]).json()
    assert job["status"] == "ready" and job["progress"] == 100

    preview = client.get(f"{made['Location']}preview/").json()
    assert preview["problems"] == [] and preview["stale"] == "" and preview["planned_against"]
    plan = preview["plan"]
    assert plan["changed"] == [f"P04 {p04.name}: SLA target"] and not plan["is_empty"]
    assert plan["added"] == plan["retired"] == plan["restored"] == plan["paths_changed"] == []
    assert plan["unchanged"] == 23
    p04.refresh_from_db()
    assert p04.sla_target != "2 h"  # nothing applied before the confirm

    applied = tasks(client.post, f"{made['Location']}confirm/", {"planned_against": preview["planned_against"]},
                    format="json")  # fmt: skip
    assert applied.status_code == 202 and applied.json()["status"] == "confirmed"
    assert client.get(made["Location"]).json()["status"] == "done"
    p04.refresh_from_db()
    assert (p04.sla_target, p04.sla_minutes) == ("2 h", 120)
    assert ServiceCatalogItem.history.filter(code="P04", sla_target="2 h").exists()  # recorded, as on the page

    again = upload(client, tasks, modelled, exported(client, modelled))
    assert client.get(f"{again['Location']}preview/").json()["plan"]["is_empty"]  # the export reads back the same


def test_a_stale_preview_is_refused_as_on_the_page(api, tasks, modelled, lead):
    client = api(lead)
    data, _ = changed(exported(client, modelled), "P04", "I", "2 h")
    made = upload(client, tasks, modelled, data)
    preview = client.get(f"{made['Location']}preview/").json()
    older = client.post(f"{made['Location']}confirm/", {"planned_against": "0" * 64}, format="json")
    assert older.status_code == 409 and "out of date" in older.json()["detail"]

    p04 = ServiceCatalogItem.objects.get(program=modelled, code="P04")  # someone edits it after the preview
    name = p04.name
    services.catalogue_item_update(item=p04, version=p04.version, name="Emergency message (edited meanwhile)")
    body = {"planned_against": preview["planned_against"]}
    assert tasks(client.post, f"{made['Location']}confirm/", body, format="json").status_code == 202
    stale = client.get(f"{made['Location']}preview/").json()
    assert stale["status"] == "ready" and stale["stale"] == services.STALE_IMPORT and stale["planned_against"] == ""
    p04.refresh_from_db()
    assert p04.sla_target != "2 h" and p04.name == "Emergency message (edited meanwhile)"  # nothing applied
    refused = client.post(f"{made['Location']}confirm/", body, format="json")
    assert refused.status_code == 409 and "out of date" in refused.json()["detail"]

    replanned = tasks(client.post, f"{made['Location']}replan/")
    assert replanned.status_code == 202
    fresh = client.get(f"{made['Location']}preview/").json()
    assert fresh["plan"]["changed"] == [f"P04 {name}: name, SLA target"]  # what it would do now
    again = tasks(client.post, f"{made['Location']}confirm/", {"planned_against": fresh["planned_against"]},
                  format="json")  # fmt: skip
    assert again.status_code == 202 and client.get(made["Location"]).json()["status"] == "done"
    p04.refresh_from_db()
    assert (p04.name, p04.sla_target) == (name, "2 h")


def test_a_bad_cell_is_named_by_sheet_and_cell_and_nothing_applies(api, tasks, modelled, lead):
    client = api(lead)
    data, cell = changed(exported(client, modelled), "P04", "I", "eventually")
    made = upload(client, tasks, modelled, data)
    preview = client.get(f"{made['Location']}preview/").json()
    assert preview["problems"] == [
        {"cell": cell, "message": 'Cannot read "eventually" as a duration: write e.g. "4 h", "2 business days" or '
         '"30 min".'}
    ]  # fmt: skip
    refused = client.post(f"{made['Location']}confirm/", {"planned_against": preview["planned_against"]},
                          format="json")  # fmt: skip
    assert refused.status_code == 400 and "Fix the problems" in refused.json()["non_field_errors"][0]
    assert client.get(made["Location"]).json()["status"] == "ready"


def test_a_failed_or_dropped_import_cannot_be_confirmed(api, tasks, modelled, lead):
    client = api(lead)
    made = upload(client, tasks, modelled, exported(client, modelled))
    body = {"planned_against": client.get(f"{made['Location']}preview/").json()["planned_against"]}
    ModelImport.objects.update(status=JobStatus.FAILED, error=jobs.STOPPED[JobStatus.RUNNING])  # its worker died
    failed = client.post(f"{made['Location']}confirm/", body, format="json")
    assert failed.status_code == 400 and "failed" in failed.json()["non_field_errors"][0]
    assert client.post(f"{made['Location']}drop/").status_code == 400  # too late to drop as well
    assert client.get(f"{made['Location']}preview/").json()["plan"] is None

    other = upload(client, tasks, modelled, exported(client, modelled))
    dropped = client.post(f"{other['Location']}drop/")
    assert dropped.status_code == 200 and dropped.json()["status"] == "cancelled"
    assert client.post(f"{other['Location']}confirm/", body, format="json").status_code == 400
    assert client.post(f"{other['Location']}replan/").status_code == 400


@pytest.mark.parametrize(
    ("data", "status", "refused"),
    [
        (b"Code,Name\nP01,Agent add\n", 400, "not an Excel workbook"),
        (zip_bomb(), 400, "zip bomb"),
        (b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024), 413, "the limit is 5 MB"),
    ],
    ids=["csv", "zip-bomb", "too-large"],
)
def test_a_hostile_or_wrong_upload_is_refused_before_anything_is_stored(api, tasks, program, lead, data, status,
                                                                        refused):  # fmt: skip
    response = upload(api(lead), tasks, program, data)
    assert response.status_code == status and refused in str(response.json())
    assert not ModelImport.objects.exists()


def test_a_workbook_with_a_macro_is_refused(api, tasks, modelled, lead):
    client = api(lead)
    response = upload(client, tasks, modelled, with_macro(exported(client, modelled)))
    assert response.status_code == 400 and "macro" in response.json()["file"][0]
    missing = client.post(f"{base(modelled)}/operating-model/imports/", {}, format="json")
    assert missing.status_code == 400 and "file" in missing.json()
    assert not ModelImport.objects.exists()


def test_readers_download_but_do_not_import_and_outsiders_see_nothing(api, tasks, modelled, lead, viewer, outsider):
    made = upload(api(lead), tasks, modelled, exported(api(lead), modelled))
    imports = f"{base(modelled)}/operating-model/imports/"
    reader = api(viewer)
    assert upload(reader, tasks, modelled, exported(reader, modelled)).status_code == 403
    for url in (imports, made["Location"], f"{made['Location']}preview/"):  # the review is the planners', as its page
        assert reader.get(url).status_code == 403, url
    for step in ("confirm", "replan", "drop"):
        assert reader.post(f"{made['Location']}{step}/", {}, format="json").status_code == 403, step

    stranger = api(outsider)
    assert stranger.get(f"{base(modelled)}/operating-model/export/").status_code == 404
    assert stranger.get(imports).status_code == 404 and stranger.get(made["Location"]).status_code == 404
    assert upload(stranger, tasks, modelled, exported(api(lead), modelled)).status_code == 404

    anonymous = api()
    for response in (anonymous.get(f"{base(modelled)}/operating-model/export/"), anonymous.get(imports),
                     upload(anonymous, tasks, modelled, b"PK")):  # fmt: skip
        assert response.status_code == 401 and response.has_header("WWW-Authenticate")
    assert ModelImport.objects.count() == 1


def test_an_import_of_another_program_is_not_found_through_this_one(api, tasks, modelled, other_program, lead):
    theirs = ModelImport.objects.create(program=other_program, filename="theirs.xlsx", data=b"")
    client = api(lead)
    url = f"{base(modelled)}/operating-model/imports/{theirs.pk}/"
    assert client.get(url).status_code == 404 and client.get(f"{url}preview/").status_code == 404
    assert client.post(f"{url}drop/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == JobStatus.PENDING


def test_the_import_list_costs_the_same_queries_whatever_its_length(api, program, lead,
                                                                    django_assert_max_num_queries):  # fmt: skip
    client = api(lead)
    imports = f"{base(program)}/operating-model/imports/"
    client.get(imports)  # warm: the token's last use is written once a minute
    ModelImport.objects.create(program=program, filename="a.xlsx", data=b"x" * 1000, created_by=lead)
    with django_assert_max_num_queries(10) as one:
        client.get(imports)
    for i in range(20):
        ModelImport.objects.create(program=program, filename=f"{i}.xlsx", data=b"x" * 1000, created_by=lead)
    with django_assert_max_num_queries(len(one.captured_queries)):
        listed = client.get(imports).json()["results"]
    assert len(listed) == 21 and listed[0]["created_by"] == "lead" and listed[0]["filename"] == "19.xlsx"
