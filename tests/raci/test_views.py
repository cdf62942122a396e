"""The grid as leads and viewers use it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from raci import services
from raci.models import Matrix
from tests.factories import (
    ActivityFactory,
    MatrixColumnFactory,
    MatrixFactory,
    RoleFactory,
    letter_of,
    put_letters,
)


def url(name, matrix, **kwargs):
    return reverse(f"raci:{name}", kwargs={"program_slug": matrix.program.slug, "matrix_id": matrix.pk, **kwargs})


@pytest.fixture
def matrix(program):
    return services.matrix_create(program=program, name="Migration", kind="RASCI", starting_from="connect_migration")


def test_a_lead_creates_a_matrix_from_a_template(client_for, program, lead):
    response = client_for(lead).post(
        reverse("raci:matrix_create", kwargs={"program_slug": program.slug}),
        {"name": "Support model", "kind": "RASCI", "starting_from": "cc_support_processes"},
        follow=True,
    )
    matrix = Matrix.objects.get(name="Support model")
    assert response.redirect_chain[-1][0] == url("matrix_grid", matrix)
    page = response.content.decode()
    assert "Incident management" in page and "V10" in page  # the support matrix shows ADM's load


def test_the_grid_shows_letters_groups_and_a_clean_rule_check(client_for, matrix, viewer):
    page = client_for(viewer).get(url("matrix_grid", matrix)).content.decode()
    assert "Operating model definition" in page and "Go / No-Go decision" in page
    assert page.count('class="cell code-AR"') == 1
    assert "No errors" in page and "The matrix follows every rule." in page
    assert "cell-menu" not in page  # a viewer gets no editor


def test_setting_a_cell_answers_with_the_cell_and_updates_the_checks_out_of_band(client_for, matrix, lead):
    activity = matrix.activities.get(name="Go / No-Go decision")
    exs = matrix.columns.get(role__code="EXS").role
    response = client_for(lead).post(
        url("cell_set", matrix),
        {"activity": activity.pk, "role": exs.pk, "code": "C", "expected": "A"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith(f'<td id="c{activity.pk}-{exs.pk}" class="cell code-C"')
    assert f'id="row-status-{activity.pk}" class="status" hx-swap-oob="true"><span class="badge text-bg-danger"' in body
    assert 'id="matrix-summary" hx-swap-oob="true"' in body and "has no Accountable" in body
    assert f'id="col-status-{exs.pk}"' in body
    assert letter_of(activity, exs) == "C"


def test_a_stale_edit_is_a_conflict_that_shows_the_current_value_and_who_changed_it(client_for, matrix, lead, manager):
    activity = matrix.activities.get(name="Go / No-Go decision")
    exs = matrix.columns.get(role__code="EXS").role
    put_letters(activity, {exs: "A"})
    manager.first_name, manager.last_name = "Maria", "Keller"
    manager.save()

    def edit(user, code, expected):
        data = {"activity": activity.pk, "role": exs.pk, "code": code, "expected": expected}
        return client_for(user).post(url("cell_set", matrix), data, HTTP_HX_REQUEST="true")

    assert edit(manager, "I", "A").status_code == 200  # a moment ago, in another browser
    other = matrix.columns.exclude(role=exs).first().role  # and then the lead changed another cell of the row
    assert (
        client_for(lead)
        .post(
            url("cell_set", matrix),
            {"activity": activity.pk, "role": other.pk, "code": "", "expected": letter_of(activity, other)},
            HTTP_HX_REQUEST="true",
        )
        .status_code
        == 200
    )
    response = edit(lead, "C", "A")
    assert response.status_code == 409
    body = response.content.decode()
    assert 'class="cell code-I"' in body
    assert "Maria Keller changed this cell to informed (I)" in body and "your change was not saved" in body
    assert letter_of(activity, exs) == "I"
    assert "You, in another window, changed this cell to informed (I)" in edit(manager, "R", "A").content.decode()


def test_a_letter_the_matrix_kind_does_not_use_is_refused(client_for, program, lead):
    raci = services.matrix_create(program=program, name="Plain", kind="RACI", starting_from="")
    column = MatrixColumnFactory(matrix=raci)
    activity = ActivityFactory(matrix=raci)
    response = client_for(lead).post(
        url("cell_set", raci),
        {"activity": activity.pk, "role": column.role_id, "code": "S", "expected": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400 and "not a letter of a RACI matrix" in response.content.decode()


def test_rows_and_columns_are_added_renamed_reordered_and_removed(client_for, matrix, program, lead):
    client = client_for(lead)
    client.post(url("activity_create", matrix), {"group": "Cutover", "name": "Freeze config"})
    added = matrix.activities.get(name="Freeze config")
    assert added.position == 25
    client.post(url("activity_move", matrix, activity_id=added.pk), {"direction": "up"})
    assert list(matrix.activities.values_list("name", flat=True))[24] == "Freeze config"
    client.post(
        url("activity_edit", matrix, activity_id=added.pk),
        {"group": "Cutover", "name": "Freeze configuration", "version": added.version},
    )
    role = RoleFactory(program=program, code="VND", side="vendor")
    client.post(url("column_add", matrix), {"role": role.pk})
    column = matrix.columns.get(role=role)
    client.post(url("column_move", matrix, column_id=column.pk), {"direction": "left"})
    assert [c.role.code for c in matrix.columns.select_related("role")][-2:] == ["VND", "SUP"]
    client.post(url("column_remove", matrix, column_id=column.pk))
    client.post(url("activity_delete", matrix, activity_id=added.pk))
    assert not matrix.columns.filter(role=role).exists()
    assert not matrix.activities.filter(name__startswith="Freeze").exists()


def test_per_role_page_lists_what_the_role_is_a_or_r_for(client_for, matrix, program, viewer):
    wfr = program.roles.get(code="WFR")
    page = (
        client_for(viewer)
        .get(reverse("raci:role_responsibilities", kwargs={"program_slug": program.slug, "role_id": wfr.pk}))
        .content.decode()
    )
    assert "Go-live staffing plan" in page and "Go / No-Go decision" not in page


def test_activity_page_says_who_to_consult_and_inform(client_for, matrix, viewer):
    activity = matrix.activities.get(name="Go / No-Go decision")
    page = client_for(viewer).get(url("activity_detail", matrix, activity_id=activity.pk)).content.decode()
    consult = page.split('id="consult">')[1].split("</dd>")[0]
    assert "CCO" in consult and "TEL" in consult and "SUP" not in consult


def test_activity_page_lists_cell_changes_in_words_and_its_history_only_what_forms_edit(client_for, matrix, lead):
    activity = matrix.activities.get(name="Go / No-Go decision")
    tel = matrix.program.roles.get(code="TEL")
    was = activity.letters.get(str(tel.pk), "")
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=tel.pk, code="I" if was != "I" else "C",
                      expected=was)  # fmt: skip
    services.activity_update(activity=activity, version=activity.version, name="Go / No-Go call")
    page = client_for(lead).get(url("activity_detail", matrix, activity_id=activity.pk)).content.decode()
    history = page.split('id="history-heading"')[1]
    assert "<del>Go / No-Go decision</del> → Go / No-Go call" in history
    assert "Letters" not in history and "{&#x27;" not in history  # the row's stored letters are not shown raw
    assert history.count('<li class="mb-2">') == 2  # the rename and the creation; the cell edit is listed above


def test_grid_query_count_is_the_same_for_50_and_500_activities(client_for, program, lead):
    client = client_for(lead)
    matrix = MatrixFactory(program=program)
    roles = [MatrixColumnFactory(matrix=matrix).role for _ in range(8)]

    def grow_to(n):
        while matrix.activities.count() < n:
            activity = ActivityFactory(matrix=matrix, group=f"G{matrix.activities.count() // 10}")
            put_letters(activity, {roles[0]: "A", roles[1]: "R"})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("matrix_grid", matrix)).status_code == 200
        return len(ctx.captured_queries)

    grow_to(50)
    at_50 = count()
    grow_to(500)
    assert count() == at_50 <= 12


def test_a_matrix_with_rule_errors_cannot_be_approved(client_for, matrix, manager):
    settings = {"name": matrix.name, "kind": "RACI", "max_responsible": 3, "max_consulted": 4,
                "max_informed_pct": 50, "max_responsible_pct": 40, "max_accountable_pct": 30,
                "version": matrix.version}  # fmt: skip
    client = client_for(manager)
    client.post(url("matrix_settings", matrix), settings)  # RACI has no S: the S letters are errors
    matrix.refresh_from_db()
    response = client.post(url("matrix_approve", matrix), {"change": "approve", "version": matrix.version}, follow=True)
    assert "before approving the matrix" in response.content.decode()
    matrix.refresh_from_db()
    assert matrix.status == "draft"
    client.post(url("matrix_settings", matrix), {**settings, "kind": "RASCI", "version": matrix.version})
    matrix.refresh_from_db()
    client.post(url("matrix_approve", matrix), {"change": "approve", "version": matrix.version})
    matrix.refresh_from_db()
    assert matrix.status == "approved"


@pytest.fixture
def sectioned(program, monkeypatch):
    """12 activities in sections of 4 (groups A, A, B); the page renders only the first section's rows."""
    from raci import selectors

    monkeypatch.setattr(selectors, "SECTION_ROWS", 4)
    monkeypatch.setattr(selectors, "OPEN_ROWS", 4)
    matrix = services.matrix_create(program=program, name="Big", kind="RACI")
    for code in ("CCO", "ADM", "TEL"):
        services.column_add(matrix=matrix, role=RoleFactory(program=program, code=code))
    for i in range(12):
        services.activity_add(matrix=matrix, name=f"Step {i:02d}", group="A" if i < 8 else "B")
    activities = list(matrix.activities.all())
    cco, adm, _ = (c.role for c in matrix.columns.all())
    for activity in activities:
        services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=cco.pk, code="A", expected="")
    return matrix, activities, cco, adm


def test_only_the_first_section_is_rendered_and_the_others_load_their_rows(client_for, sectioned, lead):
    matrix, activities, cco, _ = sectioned
    client = client_for(lead)
    page = client.get(url("matrix_grid", matrix)).content.decode()
    assert f'id="row-{activities[3].pk}"' in page and f'id="row-{activities[4].pk}"' not in page
    assert 'hx-trigger="intersect once"' in page and f'{url("grid_section", matrix)}?section=2"' in page
    assert "Show these 4 activities" in page and "A (continued)" in page
    assert "12 errors" in page  # the summary counts every row, loaded or not (no R anywhere)
    assert page.count('<span class="badge text-bg-danger">4 errors</span>') == 2  # on each collapsed header

    fragment = client.get(url("grid_section", matrix), {"section": 2}).content.decode()
    assert fragment.startswith('\n<tbody id="section-2" class="section">') and "hx-get" not in fragment
    for activity in activities[8:]:
        assert f'<td id="c{activity.pk}-{cco.pk}" class="cell code-A">A</td>' in fragment
        assert f'id="row-status-{activity.pk}"' in fragment
    assert "Step 07" not in fragment and "row-tools" in fragment

    gone = client.get(url("grid_section", matrix), {"section": 9}).content.decode()
    assert "has changed since the page was opened" in gone
    assert client.get(url("grid_section", matrix), {"section": "x"}).status_code == 404


def test_a_cell_edit_in_a_loaded_section_answers_with_its_cell_row_column_and_summary(client_for, sectioned, lead):
    matrix, activities, _, adm = sectioned
    last = activities[-1]
    response = client_for(lead).post(
        url("cell_set", matrix),
        {"activity": last.pk, "role": adm.pk, "code": "R", "expected": ""},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith(f'<td id="c{last.pk}-{adm.pk}" class="cell code-R">R</td>')
    assert f'id="row-status-{last.pk}" class="status" hx-swap-oob="true"><span class="badge text-bg-secondary"' in body
    assert f'id="col-status-{adm.pk}" class="status" hx-swap-oob="true">' in body
    assert '<span class="badge text-bg-danger">11 errors</span>' in body
    summary = body.split('id="matrix-summary"')[1]
    assert (
        "&quot;Step 00&quot; has no Responsible" in summary and "&quot;Step 11&quot; has no Responsible" not in summary
    )
    assert len(body) < 20_000


def test_the_summary_lists_the_first_findings_and_says_how_many_more(client_for, sectioned, lead, monkeypatch):
    from raci import selectors

    monkeypatch.setattr(selectors, "SUMMARY_LIMIT", 5)
    page = client_for(lead).get(url("matrix_grid", sectioned[0])).content.decode()
    summary = page.split('id="matrix-summary"')[1]
    assert "12 errors" in summary and "4 warnings" in summary and "12 hints" in summary
    assert summary.count("<li ") == 5 and "And 23 more" in summary


def test_a_viewer_sees_a_sections_letters_but_cannot_edit(client_for, sectioned, viewer):
    matrix, activities, cco, adm = sectioned
    client = client_for(viewer)
    fragment = client.get(url("grid_section", matrix), {"section": 1}).content.decode()
    assert f'<td id="c{activities[4].pk}-{cco.pk}" class="cell code-A">A</td>' in fragment
    assert "row-tools" not in fragment and "<form" not in fragment
    answer = client.post(url("cell_set", matrix), {"activity": activities[4].pk, "role": adm.pk, "code": "R"})
    assert answer.status_code == 403
    assert letter_of(activities[4], adm) == ""


def test_a_matrix_without_groups_is_split_into_sections(client_for, program, lead, monkeypatch):
    from raci import selectors

    monkeypatch.setattr(selectors, "SECTION_ROWS", 3)
    monkeypatch.setattr(selectors, "OPEN_ROWS", 3)
    matrix = services.matrix_create(program=program, name="Flat", kind="RACI")
    for i in range(7):
        services.activity_add(matrix=matrix, name=f"Step {i}")
    page = client_for(lead).get(url("matrix_grid", matrix)).content.decode()
    rows = [a.pk for a in matrix.activities.all()]
    assert page.count('<tbody id="section-') == 3 and "Show these 3 activities" in page and "Show this activity" in page
    assert f'id="row-{rows[2]}"' in page and f'id="row-{rows[3]}"' not in page


def _grown(program, n_columns=8):
    matrix = MatrixFactory(program=program)
    roles = [MatrixColumnFactory(matrix=matrix).role for _ in range(n_columns)]

    def grow_to(n):
        while matrix.activities.count() < n:
            activity = ActivityFactory(matrix=matrix, group="")
            put_letters(activity, {roles[0]: "A", roles[1]: "C"})
        services.matrix_recheck(matrix)  # every row lacks an R: findings on every row

    return matrix, roles, grow_to


def test_section_query_count_is_the_same_for_50_and_500_activities(client_for, program, lead):
    client = client_for(lead)
    matrix, _, grow_to = _grown(program)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("grid_section", matrix), {"section": 0}).status_code == 200
        return len(ctx.captured_queries)

    grow_to(50)
    at_50 = count()
    grow_to(500)
    assert count() == at_50 <= 10


def test_cell_edit_query_count_is_the_same_for_50_and_500_activities(client_for, program, lead):
    client = client_for(lead)
    matrix, roles, grow_to = _grown(program)

    def count():  # the same edit each time: an R into an empty cell of the newest row
        activity = matrix.activities.last()
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                url("cell_set", matrix), {"activity": activity.pk, "role": roles[2].pk, "code": "R", "expected": ""}
            )
            assert response.status_code == 200
        return len(ctx.captured_queries)

    grow_to(50)
    at_50 = count()
    grow_to(500)
    assert count() == at_50 <= 30
