"""A matrix's rows and columns through the API: the grid page's services, its rules, and the rule check after."""

import pytest

from raci.models import Activity, MatrixColumn, StoredFinding
from tests.api.conftest import base
from tests.api.test_raci_api import small_matrix
from tests.factories import RoleFactory, letters_in


def rows_url(program, matrix) -> str:
    return f"{base(program)}/matrices/{matrix.pk}/activities/"


def columns_url(program, matrix) -> str:
    return f"{base(program)}/matrices/{matrix.pk}/columns/"


def v1_rows(matrix) -> set[int]:
    return set(StoredFinding.objects.filter(matrix=matrix, rule="V1").values_list("activity_id", flat=True))


# Rows -------------------------------------------------------------------------------------------------


def test_rows_in_order_added_renamed_regrouped_and_moved(api, program, lead):
    matrix, _, activities = small_matrix(program)
    client = api(lead)
    listed = client.get(rows_url(program, matrix)).json()["results"]
    assert [(r["name"], r["group"], r["version"]) for r in listed] == [
        ("Step 0", "Cutover", 1),
        ("Step 1", "Cutover", 1),
    ]

    added = client.post(rows_url(program, matrix), {"name": "  Go   live ", "group": "Cutover"}, format="json")
    assert added.status_code == 201 and added.json()["name"] == "Go live" and added["ETag"] == '"1"'
    new = added.json()["id"]
    assert StoredFinding.objects.filter(matrix=matrix, activity_id=new, rule="empty-row").exists()  # the check sees it

    changed = client.patch(f"{rows_url(program, matrix)}{new}/", {"name": "Go-live", "group": "Hypercare",
                           "description": "Flip DNS"}, format="json", HTTP_IF_MATCH='"1"')  # fmt: skip
    assert changed.status_code == 200 and changed["ETag"] == '"2"'
    assert (changed.json()["group"], changed.json()["description"]) == ("Hypercare", "Flip DNS")

    moved = client.post(f"{rows_url(program, matrix)}{new}/move/", {"position": 0}, format="json",
                        HTTP_IF_MATCH='"2"')  # fmt: skip
    assert moved.status_code == 200 and moved.json()["position"] == 0 and moved["ETag"] == '"2"'  # a move: same version
    up = client.post(f"{rows_url(program, matrix)}{activities[1].pk}/move/", {"direction": "up", "version": 1},
                     format="json")  # fmt: skip
    assert up.status_code == 200
    order = [r["id"] for r in client.get(rows_url(program, matrix)).json()["results"]]
    assert order == [new, activities[1].pk, activities[0].pk]
    both = client.post(f"{rows_url(program, matrix)}{new}/move/", {"direction": "up", "position": 1}, format="json",
                       HTTP_IF_MATCH='"2"')  # fmt: skip
    assert both.status_code == 400 and "direction" in both.json()


def test_names_the_page_refuses_are_refused_by_name(api, program, lead):
    matrix, _, activities = small_matrix(program)
    client = api(lead)
    twin = client.post(rows_url(program, matrix), {"name": "step 0", "group": "cutover"}, format="json")
    assert twin.status_code == 400 and "already has an activity" in twin.json()["name"][0]
    too_long = client.post(rows_url(program, matrix), {"name": "x" * 1000}, format="json")
    assert too_long.status_code == 400 and "name" in too_long.json()
    rename = client.patch(f"{rows_url(program, matrix)}{activities[1].pk}/", {"name": "Step 0"}, format="json",
                          HTTP_IF_MATCH='"1"')  # fmt: skip
    assert rename.status_code == 400 and "name" in rename.json()
    assert Activity.objects.filter(matrix=matrix).count() == 2


def test_a_stale_row_edit_or_removal_is_412_and_one_without_a_version_428(api, program, lead, manager):
    matrix, _, activities = small_matrix(program)
    url = f"{rows_url(program, matrix)}{activities[0].pk}/"
    assert api(manager).patch(url, {"name": "Renamed"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    stale = api(lead).patch(url, {"name": "Mine"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current"]["name"] == "Renamed"
    assert api(lead).delete(url).status_code == 428
    assert api(lead).delete(url, HTTP_IF_MATCH='"1"').status_code == 412
    assert Activity.objects.filter(pk=activities[0].pk).exists()
    assert api(lead).delete(url, HTTP_IF_MATCH='"2"').status_code == 204
    assert not Activity.objects.filter(pk=activities[0].pk).exists()


def test_removing_the_row_without_an_accountable_clears_the_error(api, program, lead):
    matrix, _, activities = small_matrix(program)
    assert v1_rows(matrix) == {activities[1].pk}
    gone = api(lead).delete(f"{rows_url(program, matrix)}{activities[1].pk}/", HTTP_IF_MATCH='"1"')
    assert gone.status_code == 204
    matrix.refresh_from_db()
    assert v1_rows(matrix) == set() and matrix.error_count == 0


def test_a_move_takes_the_version_read_as_every_edit_does(api, program, lead, manager):
    """A tool that read the rows before someone renamed one does not move it on that old reading (412); a move
    without a version is 428; the page's arrows still move without one."""
    matrix, _, activities = small_matrix(program)
    url = f"{rows_url(program, matrix)}{activities[1].pk}/move/"
    assert api(lead).post(url, {"direction": "up"}, format="json").status_code == 428
    renamed = api(manager).patch(f"{rows_url(program, matrix)}{activities[1].pk}/", {"name": "Cut over"},
                                 format="json", HTTP_IF_MATCH='"1"')  # fmt: skip
    assert renamed.status_code == 200
    stale = api(lead).post(url, {"direction": "up"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current"]["name"] == "Cut over" and stale["ETag"] == '"2"'
    in_body = api(lead).post(url, {"direction": "up", "version": 1}, format="json")
    assert in_body.status_code == 409
    assert list(Activity.objects.filter(matrix=matrix).order_by("position").values_list("pk", flat=True)) == [
        activities[0].pk, activities[1].pk,
    ]  # fmt: skip
    assert api(lead).post(url, {"direction": "up"}, format="json", HTTP_IF_MATCH='"2"').status_code == 200
    assert Activity.objects.get(pk=activities[1].pk).position == 0


# Columns ----------------------------------------------------------------------------------------------


def test_columns_in_order_added_moved_and_a_role_twice_refused(api, program, lead, other_program):
    matrix, columns, _ = small_matrix(program)
    client = api(lead)
    listed = client.get(columns_url(program, matrix)).json()["results"]
    assert [c["role"] for c in listed] == [c.role_id for c in columns]
    role = RoleFactory(program=program)
    added = client.post(columns_url(program, matrix), {"role": role.pk}, format="json")
    assert added.status_code == 201 and added.json()["role_code"] == role.code
    again = client.post(columns_url(program, matrix), {"role": role.pk}, format="json")
    assert again.status_code == 400 and "already a column" in str(again.json())
    foreign = client.post(columns_url(program, matrix), {"role": RoleFactory(program=other_program).pk}, format="json")
    assert foreign.status_code == 400 and "role" in foreign.json()
    moved = client.post(f"{columns_url(program, matrix)}{added.json()['id']}/move/", {"position": 0}, format="json",
                        HTTP_IF_MATCH='"1"')  # fmt: skip  # the matrix as read
    assert moved.status_code == 200 and moved.json()["position"] == 0
    down = client.post(f"{columns_url(program, matrix)}{columns[0].pk}/move/", {"direction": "down", "version": 1},
                       format="json")  # fmt: skip
    assert down.status_code == 200
    order = [c["id"] for c in client.get(columns_url(program, matrix)).json()["results"]]
    assert order == [added.json()["id"], columns[1].pk, columns[0].pk, columns[2].pk]


def test_a_column_moves_at_the_matrix_version_read(api, program, lead, manager):
    matrix, columns, _ = small_matrix(program)
    url = f"{columns_url(program, matrix)}{columns[2].pk}/move/"
    assert api(lead).post(url, {"position": 0}, format="json").status_code == 428
    settings = api(manager).patch(f"{base(program)}/matrices/{matrix.pk}/", {"max_responsible": 2}, format="json",
                                  HTTP_IF_MATCH='"1"')  # fmt: skip
    assert settings.status_code == 200
    stale = api(lead).post(url, {"position": 0}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current"] == {"version": 2}
    order = lambda: list(matrix.columns.order_by("position", "pk").values_list("pk", flat=True))  # noqa: E731
    assert order() == [c.pk for c in columns]
    assert api(lead).post(url, {"position": 0}, format="json", HTTP_IF_MATCH='"2"').status_code == 200
    assert order() == [columns[2].pk, columns[0].pk, columns[1].pk]


def test_removing_the_only_a_column_takes_the_accountables_away(api, program, lead):
    matrix, columns, activities = small_matrix(program)
    url = f"{columns_url(program, matrix)}{columns[0].pk}/"
    assert api(lead).delete(url).status_code == 428
    assert api(lead).delete(url, HTTP_IF_MATCH='"2"').status_code == 412  # the matrix as read: version 1
    assert MatrixColumn.objects.filter(pk=columns[0].pk).exists()
    assert api(lead).delete(url, HTTP_IF_MATCH='"1"').status_code == 204
    assert not any(role_id == columns[0].role_id for _, role_id, _ in letters_in(matrix))
    assert v1_rows(matrix) == {a.pk for a in activities}


# Access and cost --------------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["activities", "columns"])
def test_outsiders_404_viewers_403_on_writes_anonymous_401(api, program, viewer, outsider, what):
    matrix, columns, activities = small_matrix(program)
    url = f"{base(program)}/matrices/{matrix.pk}/{what}/"
    one = f"{url}{(activities if what == 'activities' else columns)[0].pk}/"
    body = {"name": "New"} if what == "activities" else {"role": RoleFactory(program=program).pk}
    assert api().get(url).status_code == 401
    assert api(outsider).get(url).status_code == 404
    assert api(outsider).post(url, body, format="json").status_code == 404
    assert api(viewer).get(url).status_code == 200
    assert api(viewer).post(url, body, format="json").status_code == 403
    assert api(viewer).post(f"{one}move/", {"direction": "down"}, format="json", HTTP_IF_MATCH='"1"').status_code == 403
    assert api(outsider).post(f"{one}move/", {"direction": "down"}, format="json").status_code == 404
    assert api().post(f"{one}move/", {"direction": "down"}, format="json").status_code == 401
    assert api(viewer).delete(one, HTTP_IF_MATCH='"1"').status_code == 403
    assert api(outsider).delete(one, HTTP_IF_MATCH='"1"').status_code == 404
    assert api().delete(one, HTTP_IF_MATCH='"1"').status_code == 401
    assert Activity.objects.filter(matrix=matrix).count() == 2 and matrix.columns.count() == 3


@pytest.mark.parametrize("what", ["activities", "columns"])
def test_the_lists_cost_the_same_queries_whatever_their_length(api, program, lead, what,
                                                               django_assert_max_num_queries):  # fmt: skip
    small, *_ = small_matrix(program, rows=2, roles=2)
    client = api(lead)
    client.get(f"{base(program)}/matrices/{small.pk}/{what}/")  # warm: the token's last use
    with django_assert_max_num_queries(12) as small_run:
        client.get(f"{base(program)}/matrices/{small.pk}/{what}/")
    small.delete()
    large, *_ = small_matrix(program, rows=40, roles=12)
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        response = client.get(f"{base(program)}/matrices/{large.pk}/{what}/")
    assert len(response.json()["results"]) >= 12
