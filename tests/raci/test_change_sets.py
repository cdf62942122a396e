"""Many cells as one change (a paste, a multi-cell set, an undo), and the matrix's review and approval."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from raci import services
from raci.services import CellWrite
from tests.factories import ActivityFactory, MatrixColumnFactory, MatrixFactory, letter_of


def url(name, matrix):
    return reverse(f"raci:{name}", kwargs={"program_slug": matrix.program.slug, "matrix_id": matrix.pk})


@pytest.fixture
def matrix(program):
    return services.matrix_create(program=program, name="Migration", kind="RASCI", starting_from="connect_migration")


def cells_of(matrix, rows, codes):
    activities = list(matrix.activities.order_by("position")[:rows])
    roles = [c.role for c in matrix.columns.select_related("role").filter(role__code__in=codes)]
    roles.sort(key=lambda r: codes.index(r.code))
    return activities, roles


def letter(activity, role):
    return letter_of(activity, role)


def post(client, matrix, changes):
    return client.post(url("cells_set", matrix), {"changes": json.dumps(changes)}, HTTP_HX_REQUEST="true")


def test_a_pasted_block_is_saved_as_one_change_and_rechecked(client_for, matrix, lead):
    (a1, a2), (pgl, cco) = cells_of(matrix, 2, ["PGL", "CCO"])
    changes = [[a1.pk, pgl.pk, "a/r", letter(a1, pgl)], [a1.pk, cco.pk, "", letter(a1, cco)],
               [a2.pk, pgl.pk, "c", letter(a2, pgl)], [a2.pk, cco.pk, "I", letter(a2, cco)]]  # fmt: skip
    response = post(client_for(lead), matrix, changes)
    assert response.status_code == 200, response.content
    assert (letter(a1, pgl), letter(a1, cco), letter(a2, pgl), letter(a2, cco)) == ("AR", "", "C", "I")
    body = response.content.decode()
    assert f'id="c{a1.pk}-{pgl.pk}" class="cell code-AR" hx-swap-oob="true">A/R<' in body
    assert f'id="row-status-{a1.pk}"' in body and f'id="col-status-{pgl.pk}"' in body and "matrix-summary" in body
    applied = json.loads(response["HX-Trigger"])["raci-applied"]["changes"]
    assert [a1.pk, pgl.pk, changes[0][3], "AR"] in applied  # what Undo sends back


def test_one_invalid_letter_refuses_the_whole_block_naming_the_cell(client_for, matrix, lead):
    (a1, a2), (pgl, cco) = cells_of(matrix, 2, ["PGL", "CCO"])
    before = (letter(a1, pgl), letter(a2, cco))
    response = post(client_for(lead), matrix, [[a1.pk, pgl.pk, "R", before[0]], [a2.pk, cco.pk, "X", before[1]],
                                               [a2.pk, pgl.pk, "R, C", letter(a2, pgl)]])  # fmt: skip
    assert response.status_code == 422
    body = response.content.decode()
    assert f"{a2.name} × CCO: &quot;X&quot; is not a RACI letter" in body
    assert "&quot;R/C&quot; is not a letter of a RASCI matrix (only A/R combine)" in body
    assert (letter(a1, pgl), letter(a2, cco)) == before  # nothing was saved


def test_a_cell_changed_meanwhile_refuses_the_whole_change_and_shows_it(client_for, matrix, lead):
    (a1,), (pgl, cco) = cells_of(matrix, 1, ["PGL", "CCO"])
    seen = letter(a1, cco)
    services.cell_set(matrix=matrix, activity_id=a1.pk, role_id=cco.pk, code="I", expected=seen)  # someone else
    response = post(client_for(lead), matrix, [[a1.pk, pgl.pk, "C", letter(a1, pgl)], [a1.pk, cco.pk, "R", seen]])
    assert response.status_code == 409
    body = response.content.decode()
    assert f"{a1.name} × CCO is now informed (I)" in body and "Someone else changed this cell" in body
    assert "nothing was saved" in body
    assert f'id="c{a1.pk}-{cco.pk}" class="cell code-I" hx-swap-oob="true">I<' in body  # the truth, shown
    assert letter(a1, cco) == "I" and letter(a1, pgl) != "C"


def test_undo_goes_back_through_the_same_conflict_safe_path(client_for, matrix, lead):
    (a1,), (pgl,) = cells_of(matrix, 1, ["PGL"])
    was = letter(a1, pgl)
    client = client_for(lead)
    changes = json.loads(post(client, matrix, [[a1.pk, pgl.pk, "I", was]])["HX-Trigger"])["raci-applied"]["changes"]
    undo = [[a, r, before, after] for a, r, before, after in changes]
    assert post(client, matrix, undo).status_code == 200 and letter(a1, pgl) == was
    assert post(client, matrix, undo).status_code == 409  # undone twice: the cell no longer holds "I"


def test_viewers_cannot_send_change_sets_and_other_programs_cells_are_refused(client_for, matrix, viewer, lead,
                                                                              other_program):  # fmt: skip
    (a1,), (pgl,) = cells_of(matrix, 1, ["PGL"])
    assert post(client_for(viewer), matrix, [[a1.pk, pgl.pk, "R", letter(a1, pgl)]]).status_code == 403
    foreign = MatrixColumnFactory(matrix=MatrixFactory(program=other_program))
    activity = ActivityFactory(matrix=foreign.matrix)
    response = post(client_for(lead), matrix, [[activity.pk, foreign.role_id, "R", ""]])
    assert response.status_code == 422 and "no longer part of this matrix" in response.content.decode()
    activity.refresh_from_db()
    assert activity.letters == {}


def test_a_change_set_is_bounded(matrix):
    (a1,), (pgl,) = cells_of(matrix, 1, ["PGL"])
    with pytest.raises(ValidationError, match="At most"):
        services.cells_set(matrix=matrix, cells=[CellWrite(a1.pk, pgl.pk, "R", "")] * 2001)


def test_a_change_set_runs_a_bounded_number_of_queries(client_for, matrix, lead, django_assert_max_num_queries):
    activities, roles = cells_of(matrix, 6, ["PGL", "CCO", "ADM"])
    changes = [[a.pk, r.pk, "I", letter(a, r)] for a in activities for r in roles]
    client = client_for(lead)
    with django_assert_max_num_queries(200):
        assert post(client, matrix, changes).status_code == 200


# Review and approval ------------------------------------------------------------------------------------


def change(client, matrix, name, what):
    matrix.refresh_from_db()
    return client.post(url(name, matrix), {"change": what, "version": matrix.version}, follow=True)


def test_a_lead_sends_for_review_a_manager_approves_and_sees_it_on_my_work(client_for, matrix, lead, manager):
    change(client_for(lead), matrix, "matrix_status", "review")
    matrix.refresh_from_db()
    assert matrix.status == "in_review"
    my_work = client_for(manager).get(reverse("programs:my_work")).content.decode()
    assert "RACI matrices awaiting your approval" in my_work and "Migration" in my_work
    page = client_for(manager).get(url("matrix_grid", matrix)).content.decode()
    assert 'id="approve-matrix"' in page and "disabled" not in page.split('id="approve-matrix"')[1].split(">")[0]
    response = change(client_for(manager), matrix, "matrix_approve", "approve")
    matrix.refresh_from_db()
    assert matrix.status == "approved" and "Migration is now approved." in response.content.decode()
    assert "awaiting your approval" not in client_for(manager).get(reverse("programs:my_work")).content.decode()


def test_leads_do_not_approve(client_for, matrix, lead):
    assert change(client_for(lead), matrix, "matrix_approve", "approve").status_code == 403
    assert change(client_for(lead), matrix, "matrix_status", "approve").status_code == 403
    page = client_for(lead).get(url("matrix_grid", matrix)).content.decode()
    assert 'id="approve-matrix"' not in page and "Send for review" in page


def test_the_approve_button_is_disabled_while_the_rule_check_finds_errors(client_for, matrix, manager):
    (a1,), _ = cells_of(matrix, 1, ["PGL"])
    services.cells_set(matrix=matrix, cells=[CellWrite(a1.pk, r.pk, "A", letter(a1, r))
                                            for r in cells_of(matrix, 1, ["PGL", "CCO"])[1]])  # fmt: skip
    page = client_for(manager).get(url("matrix_grid", matrix)).content.decode()
    matrix.refresh_from_db()
    assert matrix.error_count and f"Fix {matrix.error_count} rule errors to approve" in page
    assert 'value="approve" id="approve-matrix" disabled' in page


def test_approving_twice_is_said_once(client_for, matrix, manager):
    client = client_for(manager)
    matrix.refresh_from_db()
    opened = matrix.version
    client.post(url("matrix_approve", matrix), {"change": "approve", "version": opened})
    response = client.post(url("matrix_approve", matrix), {"change": "approve", "version": opened}, follow=True)
    assert "Migration is already approved." in response.content.decode()


def test_the_settings_no_longer_offer_the_status(client_for, matrix, lead):
    assert 'name="status"' not in client_for(lead).get(url("matrix_settings", matrix)).content.decode()


def test_role_names_and_sides_are_on_the_header(client_for, matrix, viewer):
    page = client_for(viewer).get(url("matrix_grid", matrix)).content.decode()
    role = matrix.columns.select_related("role").first().role
    assert f'class="role side-{role.side}"' in page and f'<div class="role-name">{role.name}</div>' in page
    assert '<details class="small mb-2 raci-legend" open>' in page  # read-only users see the legend
