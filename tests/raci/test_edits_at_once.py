"""Two people changing one matrix row at the same moment (one renames it, the other sets a letter in it): both
changes are kept, neither waits forever nor overwrites the other."""

import time

import pytest

from raci import services
from raci.models import Activity
from tests.factories import ActivityFactory, MatrixColumnFactory, MatrixFactory, RoleFactory
from tests.readiness.test_saved_at_once import at_once


@pytest.mark.django_db(transaction=True)
def test_a_rename_and_a_cell_edit_of_one_row_at_once_both_save(program, monkeypatch):
    matrix = MatrixFactory(program=program)
    role = RoleFactory(program=program, code="CCO")
    MatrixColumnFactory(matrix=matrix, role=role)
    row = ActivityFactory(matrix=matrix, name="Design flows")
    real = services._check_activity

    def slow(activity):  # the rename holds the row while its name is checked
        time.sleep(0.3)
        real(activity)

    monkeypatch.setattr(services, "_check_activity", slow)
    rename = lambda: services.activity_update(activity=row, version=row.version, name="Design the flows")  # noqa: E731
    cell = lambda: services.cell_set(matrix=matrix, activity_id=row.pk, role_id=role.pk, code="A", expected="")  # noqa: E731
    assert at_once(rename, cell) == ["saved", "saved"]  # was a deadlock: the rename locked the row, then the matrix
    saved = Activity.objects.get(pk=row.pk)
    assert saved.name == "Design the flows" and saved.cells == {role.pk: "A"}
