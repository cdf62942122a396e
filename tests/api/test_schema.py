"""The OpenAPI schema is generated without a warning, and Swagger UI and Redoc are served from our own static
files (no CDN, no inline script: the Content-Security-Policy stays as strict as for the pages)."""

import json
import re

import pytest
from django.core.management import call_command


def test_the_schema_is_valid_and_has_no_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/programs/{program_slug}/matrices/{matrix_id}/cell/" in text and "apiToken" in text
    for path in ("operating-model/flows/{flow_id}/steps/", "operating-model/versions/{version_id}/sign-offs/",
                 "governance/meetings/{meeting_id}/minutes/{minute_id}/to-action/",
                 "events/{event_id}/items/{item_id}/evidence-file/",
                 "operating-model/severities/{severity_id}/steps/{escalation_id}/",
                 "operating-model/severities/start/", "operating-model/export/",
                 "operating-model/imports/{model_import_id}/preview/",
                 "operating-model/imports/{model_import_id}/confirm/",
                 "matrices/{matrix_id}/activities/{activity_id}/move/",
                 "matrices/{matrix_id}/columns/{column_id}/move/"):  # fmt: skip
        assert f"/api/v1/programs/{{program_slug}}/{path}" in text
    as_json = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(as_json))
    paths = json.loads(as_json.read_text())["paths"]
    for path in ("operating-model/composition/{assignment_id}/", "operating-model/flows/{flow_id}/steps/{step_id}/",
                 "operating-model/severities/{severity_id}/steps/{escalation_id}/",
                 "matrices/{matrix_id}/activities/{activity_id}/",
                 "matrices/{matrix_id}/columns/{column_id}/"):  # fmt: skip
        removal = paths[f"/api/v1/programs/{{program_slug}}/{path}"]["delete"]["responses"]
        assert {"204", "412", "428"} <= set(removal), path  # removed at the version read
    for path in ("governance/routines/", "operating-model/composition/", "operating-model/severities/"):
        assert "post" in paths[f"/api/v1/programs/{{program_slug}}/{path}"], path
    for path in ("imports/{import_id}/confirm/", "operating-model/imports/{model_import_id}/confirm/",
                 "training/attendance-imports/{attendance_id}/confirm/"):  # fmt: skip
        confirm = paths[f"/api/v1/programs/{{program_slug}}/{path}"]["post"]["responses"]
        assert {"202", "400", "409"} <= set(confirm) and "no longer the import's latest" in confirm["409"][
            "description"
        ]
    for path in (
        "matrices/{matrix_id}/activities/{activity_id}/move/",
        "matrices/{matrix_id}/columns/{column_id}/move/",
    ):
        assert {"409", "412", "428"} <= set(paths[f"/api/v1/programs/{{program_slug}}/{path}"]["post"]["responses"])
    signed = "events/{event_id}/items/{item_id}/sign-offs/{sign_off_id}/evidence-file/"
    assert "application/octet-stream" in paths[f"/api/v1/programs/{{program_slug}}/{signed}"]["get"]["responses"][
        "200"]["content"]  # fmt: skip
    upload = paths["/api/v1/programs/{program_slug}/operating-model/imports/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"] and {"201", "413"} <= set(upload["responses"])
    workbook = paths["/api/v1/programs/{program_slug}/operating-model/export/"]["get"]["responses"]["200"]["content"]
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in workbook


def test_the_schema_is_for_signed_in_users(client, api, viewer):
    assert client.get("/api/schema/").status_code == 401
    assert api(viewer).get("/api/schema/").status_code == 200


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_api_readers_are_served_locally(client_for, viewer, client, page):
    assert client.get(page).status_code == 302  # signed out: to the sign-in page
    response = client_for(viewer).get(page)
    html = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources  # nothing from another site
    assert not re.search(r"<script>\s*\S", html)  # no inline script
    for source in sources:
        if "?" in source:  # Swagger UI's set-up script, served by the same view
            assert client_for(viewer).get(source).status_code == 200
