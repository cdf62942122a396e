"""Moving the cells onto their rows (raci 0013, 0014) keeps every letter and every change a user could look back on:
the letters now, and each change of a cell as a change of its row, at its time and by its author."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from raci.models import Activity
from raci.selectors import activity_cell_history, matrix_compare

BEFORE = [("raci", "0012_history_without_date_index")]
AFTER = [("raci", "0014_cells_removed")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_move(transactional_db):
    """The models as they were before the move; the database is moved forward again whatever the test did."""
    yield _migrate(BEFORE)
    _migrate(AFTER)


def test_cells_become_letters_of_their_rows_with_their_history(before_the_move):
    apps = before_the_move
    User = apps.get_model("auth", "User")
    Program = apps.get_model("programs", "Program")
    Role = apps.get_model("programs", "Role")
    Matrix = apps.get_model("raci", "Matrix")
    Activity_ = apps.get_model("raci", "Activity")
    HistoricalActivity = apps.get_model("raci", "HistoricalActivity")
    Assignment = apps.get_model("raci", "Assignment")
    HistoricalAssignment = apps.get_model("raci", "HistoricalAssignment")

    anna, ben = User.objects.create(username="anna"), User.objects.create(username="ben")
    program = Program.objects.create(name="P", slug="p")
    cco = Role.objects.create(program=program, code="CCO", name="CC owner", side="business")
    adm = Role.objects.create(program=program, code="ADM", name="Admin", side="it")
    matrix = Matrix.objects.create(program=program, name="M", kind="RACI")
    for position, role in enumerate((cco, adm)):
        apps.get_model("raci", "MatrixColumn").objects.create(matrix=matrix, role=role, position=position)
    row = Activity_.objects.create(matrix=matrix, name="Design flows", position=0)
    t0 = timezone.now() - dt.timedelta(days=10)
    t1, t2, t3 = t0 + dt.timedelta(days=1), t0 + dt.timedelta(days=2), t0 + dt.timedelta(days=3)
    fields = {"id": row.pk, "matrix_id": matrix.pk, "group": "", "description": "", "position": 0, "version": 1,
              "created_at": t0, "updated_at": t0}  # fmt: skip
    HistoricalActivity.objects.create(**fields, name="Design flows", history_date=t0, history_type="+",
                                      history_user=anna)  # fmt: skip
    # t1: Anna fills two cells; t2: Ben renames the row; t3: Ben changes one cell and empties the other.
    HistoricalAssignment.objects.create(id=1, activity_id=row.pk, role_id=cco.pk, code="A", updated_at=t1,
                                        history_date=t1, history_type="+", history_user=anna)  # fmt: skip
    HistoricalAssignment.objects.create(id=2, activity_id=row.pk, role_id=adm.pk, code="R", updated_at=t1,
                                        history_date=t1, history_type="+", history_user=anna)  # fmt: skip
    HistoricalActivity.objects.create(**{**fields, "version": 2}, name="Design the flows", history_date=t2,
                                      history_type="~", history_user=ben)  # fmt: skip
    HistoricalAssignment.objects.create(id=1, activity_id=row.pk, role_id=cco.pk, code="AR", updated_at=t3,
                                        history_date=t3, history_type="~", history_user=ben)  # fmt: skip
    HistoricalAssignment.objects.create(id=2, activity_id=row.pk, role_id=adm.pk, code="R", updated_at=t3,
                                        history_date=t3, history_type="-", history_user=ben)  # fmt: skip
    Activity_.objects.filter(pk=row.pk).update(name="Design the flows", version=2)
    Assignment.objects.create(activity_id=row.pk, role_id=cco.pk, code="AR")
    # A row written without a history of its own (by a bulk write), whose cell has one.
    bare = Activity_.objects.create(matrix=matrix, name="Train agents", position=1)
    HistoricalAssignment.objects.create(id=3, activity_id=bare.pk, role_id=adm.pk, code="R", updated_at=t1,
                                        history_date=t1, history_type="+", history_user=anna)  # fmt: skip
    Assignment.objects.create(activity_id=bare.pk, role_id=adm.pk, code="R")

    _migrate(AFTER)

    activity = Activity.objects.get(pk=row.pk)
    assert activity.cells == {cco.pk: "AR"}
    changes = [(c.when, c.who.username, c.role.code, c.before, c.after) for c in activity_cell_history(activity)]
    assert changes == [
        (t3, "ben", "ADM", "R", ""),
        (t3, "ben", "CCO", "A", "AR"),
        (t1, "anna", "ADM", "", "R"),
        (t1, "anna", "CCO", "", "A"),
    ]
    bare_changes = [(c.when, c.who.username, c.role.code, c.before, c.after)
                    for c in activity_cell_history(Activity.objects.get(pk=bare.pk))]  # fmt: skip
    assert bare_changes == [(t1, "anna", "ADM", "", "R")]
    # The rename at t2 keeps the letters of its time, so the matrix as it was between t2 and t3 reads right.
    from raci.models import Matrix as MatrixNow

    then = matrix_compare(MatrixNow.objects.get(pk=matrix.pk), t2 + dt.timedelta(hours=1))
    assert [(c.code, cell.then, cell.now) for c, cell in zip(then.columns, then.rows[0].cells, strict=True)] == [
        ("CCO", "A", "AR"),
        ("ADM", "R", ""),
    ]


@pytest.mark.django_db
def test_rows_are_written_only_with_known_letters():
    from raci import storage
    from tests.factories import ActivityFactory, MatrixFactory

    matrix = MatrixFactory()
    with pytest.raises(ValueError, match="not RACI codes"):
        storage.create([Activity(matrix=matrix, name="New", position=0, letters={"1": "X"})], user=None)
    activity = ActivityFactory(matrix=matrix)
    activity.letters = {"1": "AR", "2": "RA"}
    with pytest.raises(ValueError, match="not RACI codes"):
        storage.update([activity], ["letters"], user=None)
    activity.letters = {"1": "AR", "2": "I"}
    storage.update([activity], ["letters"], user=None)
    assert Activity.objects.get(pk=activity.pk).letters == {"1": "AR", "2": "I"}
    assert not Activity.objects.filter(matrix=matrix, name="New").exists()
