"""Compare with…: the matrix then | now, side by side, opening on the last approved state."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from raci import services
from raci.models import Matrix
from tests.factories import ActivityFactory, MatrixColumnFactory, MatrixFactory, put_letters


def compare_url(matrix, query=""):
    kwargs = {"program_slug": matrix.program.slug, "matrix_id": matrix.pk}
    return reverse("raci:matrix_compare", kwargs=kwargs) + query


@pytest.fixture
def matrix(program):
    return services.matrix_create(program=program, name="Migration", kind="RASCI", starting_from="connect_migration")


def approve(matrix):
    matrix.refresh_from_db()
    return services.matrix_status_change(matrix=matrix, version=matrix.version, change="approve")


def cell(page, activity, role):
    """The Now side's cell of this activity and role, as (its mark, its text)."""
    row = page.split(f'id="compare-row-{activity.pk}"')[1].split("</tr>")[0]
    now_cells = re.findall(r'<td class="cell now-side[^"]*"([^>]*)>(.*?)</td>', row)
    codes = re.findall(r'<th scope="col" class="role now-side[^"]*"[^>]*>([^<]*)', page)
    attrs, text = now_cells[codes.index(role.code)]
    mark = re.search(r'data-mark="(\w+)"', attrs)
    return (mark.group(1) if mark else ""), re.sub(r"<[^>]+>", "", text)


def test_compare_opens_on_the_last_approved_state_and_marks_the_changes(client_for, matrix, viewer):
    approve(matrix)
    go = matrix.activities.get(name="Go / No-Go decision")
    exs = matrix.columns.get(role__code="EXS").role
    pgl = matrix.columns.get(role__code="PGL").role
    sdk = matrix.columns.get(role__code="SDK").role
    services.cell_set(matrix=matrix, activity_id=go.pk, role_id=exs.pk, code="C", expected="A")
    services.cell_set(matrix=matrix, activity_id=go.pk, role_id=pgl.pk, code="", expected="R")
    new = services.activity_add(matrix=matrix, name="Rollback rehearsal")
    services.cell_set(matrix=matrix, activity_id=new.pk, role_id=sdk.pk, code="R", expected="")
    page = client_for(viewer).get(compare_url(matrix)).content.decode()
    assert "the last approved state" in page.split('id="compare-point"')[1].split("</p>")[0]
    assert cell(page, go, exs) == ("changed", "C✎ changed from A")
    assert cell(page, go, pgl) == ("removed", "R− removed")
    assert cell(page, new, sdk) == ("added", "R+ added")
    assert 'title="Changed: A → C"' in page
    assert "new</span>" in page.split(f'id="compare-row-{new.pk}"')[1].split("</th>")[0]
    counts = page.split('id="compare-counts">')[1].split("</p>")[0]
    words = " ".join(re.sub(r"<[^>]+>", "", counts).split())
    assert words == "Activities: 1 added · 0 removed. Letters: 1 added · 1 changed · 1 removed."
    assert page.count('<tr id="compare-row-') == 2  # only the changed activities, not all 26
    everything = client_for(viewer).get(compare_url(matrix, "?all=1")).content.decode()
    assert everything.count('<tr id="compare-row-') == 26


def test_a_matrix_never_approved_is_compared_with_how_it_was_created(client_for, matrix, viewer):
    page = client_for(viewer).get(compare_url(matrix)).content.decode()
    assert "it has never been approved.\n" in page
    assert page.count('<tr id="compare-row-') == 25 and page.count('data-state="added"') == 25


def test_the_last_approval_is_the_default_even_after_a_reopen(client_for, matrix, manager):
    approve(matrix)
    go = matrix.activities.get(name="Go / No-Go decision")
    tel = matrix.columns.get(role__code="TEL").role
    matrix.refresh_from_db()
    services.matrix_status_change(matrix=matrix, version=matrix.version, change="draft")
    services.cell_set(matrix=matrix, activity_id=go.pk, role_id=tel.pk, code="I", expected="C")
    assert client_for(manager).get(compare_url(matrix)).content.decode().count('data-mark="changed"') == 1
    approve(matrix)  # approved again with the I: nothing changed since the last approval
    page = client_for(manager).get(compare_url(matrix)).content.decode()
    assert 'id="no-difference"' in page


def test_an_earlier_point_in_time_can_be_picked(client_for, matrix, lead):
    before = timezone.now()
    go = matrix.activities.get(name="Go / No-Go decision")
    exs = matrix.columns.get(role__code="EXS").role
    services.cell_set(matrix=matrix, activity_id=go.pk, role_id=exs.pk, code="C", expected="A")
    removed = matrix.activities.get(name="Training needs analysis and audience mapping")
    removed_id = removed.pk
    services.activity_delete(activity=removed)
    client = client_for(lead)
    at = timezone.localtime(before).strftime("%Y-%m-%dT%H:%M:%S.%f")
    page = client.get(compare_url(matrix, f"?at={at}")).content.decode()
    assert cell(page, go, exs) == ("changed", "C✎ changed from A")
    assert 'data-state="removed"' in page.split(f'id="compare-row-{removed_id}"')[1][:40]
    earlier = timezone.localtime(before - dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    page = client.get(compare_url(matrix, f"?at={earlier}")).content.decode()
    assert page.count('data-state="added"') == 24  # a month ago the matrix did not exist
    assert "compare with the matrix as created" in page


def test_compare_query_count_is_the_same_for_10_and_100_activities(client_for, program, lead):
    client = client_for(lead)
    matrix = MatrixFactory(program=program)
    roles = [MatrixColumnFactory(matrix=matrix).role for _ in range(6)]
    approve(Matrix.objects.get(pk=matrix.pk))

    def grow_to(n):
        while matrix.activities.count() < n:
            activity = ActivityFactory(matrix=matrix)
            put_letters(activity, dict(zip(roles, "ARCI", strict=False)))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(compare_url(matrix, "?all=1"))
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode().count('<tr id="compare-row-')

    grow_to(10)
    at_10, rows = count()
    assert rows == 10
    grow_to(100)
    assert count() == (at_10, 100)
    assert at_10 <= 14
