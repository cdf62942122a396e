"""The RACI API: matrices, the grid as JSON, findings and cell edits, on the grid page's services and rules."""

from raci import services
from raci.models import Matrix
from tests.api.conftest import base
from tests.factories import ActivityFactory, MatrixColumnFactory, MatrixFactory, letter_of, put_letters


def small_matrix(program, *, rows=2, roles=3):
    """Every row has an A and an R (clean), except the last row: no A (an error)."""
    matrix = MatrixFactory(program=program, name="Cutover RACI", kind="RACI")
    columns = [MatrixColumnFactory(matrix=matrix) for _ in range(roles)]
    activities = [ActivityFactory(matrix=matrix, name=f"Step {i}", group="Cutover") for i in range(rows)]
    for i, activity in enumerate(activities):
        if i < rows - 1:
            put_letters(activity, {columns[0].role: "A"})
        put_letters(activity, {columns[1].role: "R"})
    services.matrix_recheck(matrix)
    return matrix, columns, activities


def test_approving_a_matrix_with_errors_is_refused_as_on_the_settings_page(api, program, manager):
    matrix, *_ = small_matrix(program)
    response = api(manager).patch(f"{base(program)}/matrices/{matrix.pk}/", {"status": "approved", "version": 1},
                               format="json")  # fmt: skip
    assert response.status_code == 400 and "1 error" in response.json()["status"][0]
    matrix.refresh_from_db()
    assert (matrix.status, matrix.version) == ("draft", 1)


def test_the_grid_as_json_and_a_cell_set_at_the_value_read(api, program, lead, manager):
    matrix, columns, _ = small_matrix(program)
    client = api(lead)
    grid = client.get(f"{base(program)}/matrices/{matrix.pk}/grid/").json()
    assert [c["code"] for c in grid["columns"]] == [c.role.code for c in columns]
    last = grid["rows"][-1]
    assert last["name"] == "Step 1" and last["cells"] == {columns[1].role.code: "R"}
    assert grid["summary"]["errors"] == 1

    cell_url = f"{base(program)}/matrices/{matrix.pk}/cell/"
    cell = {"activity": last["id"], "role": columns[0].role_id, "code": "A", "expected": ""}
    done = client.post(cell_url, cell, format="json")
    assert done.status_code == 200 and done.json()["code"] == "A" and done.json()["summary"]["errors"] == 0

    # Someone who read the cell empty before that edit does not overwrite it.
    stale = api(manager).post(cell_url, {**cell, "code": "C"}, format="json")
    assert stale.status_code == 409 and stale.json()["current"] == "A"
    assert letter_of(matrix.activities.get(pk=last["id"]), columns[0].role) == "A"

    approved = api(manager).patch(f"{base(program)}/matrices/{matrix.pk}/", {"status": "approved"}, format="json",
                                  HTTP_IF_MATCH='"1"')  # fmt: skip
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_a_status_change_needs_the_access_and_the_order_of_the_page(api, program, lead, manager, viewer, outsider):
    """Editors send a matrix for review and reopen it; approving and superseding are a program manager's (the
    page's approve buttons), and a status the page cannot reach from where the matrix is is refused."""
    matrix, columns, activities = small_matrix(program, rows=1)
    url = f"{base(program)}/matrices/{matrix.pk}/"
    refused = api(lead).patch(url, {"status": "approved"}, format="json", HTTP_IF_MATCH='"1"')
    assert refused.status_code == 403 and "program manager" in refused.json()["detail"]
    jump = api(manager).patch(url, {"status": "superseded"}, format="json", HTTP_IF_MATCH='"1"')
    assert jump.status_code == 400 and "cannot be marked superseded" in jump.json()["status"][0]
    matrix.refresh_from_db()
    assert (matrix.status, matrix.version) == ("draft", 1)
    review = api(lead).patch(url, {"status": "in_review", "name": "Cutover"}, format="json", HTTP_IF_MATCH='"1"')
    assert review.status_code == 200 and (review.json()["status"], review.json()["name"]) == ("in_review", "Cutover")
    version = review.json()["version"]
    assert api(viewer).patch(url, {"status": "draft"}, format="json", HTTP_IF_MATCH=f'"{version}"').status_code == 403
    assert api(outsider).patch(url, {"status": "draft"}, format="json").status_code == 404
    assert api().patch(url, {"status": "draft"}, format="json").status_code == 401
    cell = {"activity": activities[0].pk, "role": columns[0].role_id, "code": "A", "expected": ""}
    assert api(lead).post(f"{url}cell/", cell, format="json").status_code == 200  # the rule check is clean now
    approved = api(manager).patch(url, {"status": "approved"}, format="json", HTTP_IF_MATCH=f'"{version}"')
    assert approved.status_code == 200, approved.json()
    matrix.refresh_from_db()
    assert matrix.status == "approved"


def test_a_cell_outside_the_matrix_or_a_foreign_letter_is_a_400(api, program, lead):
    matrix, columns, activities = small_matrix(program)
    url = f"{base(program)}/matrices/{matrix.pk}/cell/"
    client = api(lead)
    not_raci = client.post(url, {"activity": activities[0].pk, "role": columns[2].role_id, "code": "S",
                                 "expected": ""}, format="json")  # fmt: skip
    assert not_raci.status_code == 400 and "not a letter of a RACI matrix" in not_raci.json()["non_field_errors"][0]
    other = MatrixFactory(program=program)
    foreign_row = ActivityFactory(matrix=other)
    outside = client.post(url, {"activity": foreign_row.pk, "role": columns[0].role_id, "code": "R", "expected": ""},
                          format="json")  # fmt: skip
    assert outside.status_code == 400
    assert api(lead).post(url, {"activity": "one"}, format="json").status_code == 400


def test_findings_list_the_rule_check(api, program, viewer):
    matrix, *_ = small_matrix(program)
    findings = api(viewer).get(f"{base(program)}/matrices/{matrix.pk}/findings/?severity=error").json()["results"]
    assert [f["rule"] for f in findings] == ["V1"] and "no Accountable" in findings[0]["message"]


def test_matrices_are_made_through_the_service(api, program, lead, viewer):
    body = {"name": "Support processes", "kind": "RASCI", "starting_from": "connect_migration"}
    assert api(viewer).post(f"{base(program)}/matrices/", body, format="json").status_code == 403
    made = api(lead).post(f"{base(program)}/matrices/", body, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["activity_count"] > 0 and made.json()["status"] == "draft"
    dup = api(lead).post(f"{base(program)}/matrices/", {**body, "name": "support PROCESSES"}, format="json")
    assert dup.status_code == 400 and "name" in dup.json()
    assert Matrix.objects.filter(program=program).count() == 1


def test_the_grid_costs_the_same_queries_whatever_its_size(api, program, lead, django_assert_max_num_queries):
    small, *_ = small_matrix(program, rows=2, roles=2)
    client = api(lead)
    client.get(f"{base(program)}/matrices/{small.pk}/grid/")  # warm: the token's last use is written once a minute
    with django_assert_max_num_queries(9) as small_run:
        client.get(f"{base(program)}/matrices/{small.pk}/grid/")
    small.delete()
    large, *_ = small_matrix(program, rows=60, roles=12)
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        response = client.get(f"{base(program)}/matrices/{large.pk}/grid/")
    assert len(response.json()["rows"]) == 60
