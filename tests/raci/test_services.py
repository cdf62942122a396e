import pytest
from django.core.exceptions import ValidationError

from raci import services
from raci.models import Activity, MatrixColumn
from raci.selectors import accountable_or_responsible_for, activity_cell_history, matrix_grid, who_to_involve
from tests.factories import ActivityFactory, MatrixColumnFactory, MatrixFactory, RoleFactory, letter_of, letters_in

pytestmark = pytest.mark.django_db


def test_a_matrix_from_the_migration_template_has_its_rows_columns_and_letters(program):
    RoleFactory(program=program, code="CCO", name="Our own CC ops manager")
    matrix = services.matrix_create(program=program, name="Migration", kind="RASCI", starting_from="connect_migration")
    grid = matrix_grid(matrix)
    assert [c.role.code for c in grid.columns] == ["EXS", "PGL", "CCO", "PO", "ADM", "TEL", "SDK", "OCM", "WFR", "SUP"]
    assert grid.columns[2].role.name == "Our own CC ops manager"  # the program's existing role is reused
    assert len(grid.activities) == 25 and sum(len(a.letters) for a in grid.activities) > 150
    assert grid.findings == []
    assert program.roles.count() == 10


@pytest.fixture
def small(program):
    matrix = MatrixFactory(program=program, kind="RACI")
    cco, adm = (
        MatrixColumnFactory(matrix=matrix, role=RoleFactory(program=program, code=c)).role for c in ("CCO", "ADM")
    )
    activity = ActivityFactory(matrix=matrix, name="Publish emergency message")
    return matrix, activity, cco, adm


def test_setting_a_cell_checks_what_the_editor_saw(small):
    matrix, activity, cco, _adm = small
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=cco.pk, code="A", expected="")
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=cco.pk, code="AR", expected="A")
    with pytest.raises(services.CellConflict) as conflict:
        services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=cco.pk, code="C", expected="A")
    assert conflict.value.current == "AR"
    assert letter_of(activity, cco) == "AR"
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=cco.pk, code="", expected="AR")
    assert letter_of(activity, cco) == ""


def test_two_editors_filling_an_empty_cell_conflict_instead_of_overwriting(small):
    matrix, activity, _cco, adm = small
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=adm.pk, code="R", expected="")
    with pytest.raises(services.CellConflict) as conflict:
        services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=adm.pk, code="C", expected="")
    assert conflict.value.current == "R"


@pytest.mark.parametrize(
    ("code", "says"), [("S", "not a letter of a RACI matrix"), ("X", "not a letter"), ("AC", "not a letter")]
)
def test_letters_the_matrix_does_not_use_are_refused(small, code, says):
    matrix, activity, cco, _ = small
    with pytest.raises(ValidationError, match=says):
        services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=cco.pk, code=code, expected="")


def test_a_cell_outside_the_matrix_is_refused(small, program):
    matrix, activity, cco, _ = small
    stranger = RoleFactory(program=program, code="EXT")
    with pytest.raises(ValidationError, match="not part of this matrix"):
        services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=stranger.pk, code="R", expected="")
    other = ActivityFactory()
    with pytest.raises(ValidationError, match="not part of this matrix"):
        services.cell_set(matrix=matrix, activity_id=other.pk, role_id=cco.pk, code="R", expected="")


def test_removing_a_column_takes_its_letters_and_moving_keeps_order_dense(small, program):
    matrix, activity, cco, adm = small
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=adm.pk, code="R", expected="")
    third = services.column_add(matrix=matrix, role=RoleFactory(program=program, code="TEL"))
    services.column_move(column=third, by=-1)
    assert [c.role.code for c in matrix.columns.select_related("role")] == ["CCO", "TEL", "ADM"]
    assert list(matrix.columns.values_list("position", flat=True)) == [0, 1, 2]
    assert services.column_remove(column=MatrixColumn.objects.get(matrix=matrix, role=adm)) == 1
    assert not any(role_id == adm.pk for _, role_id, _ in letters_in(matrix))
    with pytest.raises(ValidationError, match="already a column"):
        services.column_add(matrix=matrix, role=cco)


def test_activities_are_added_at_the_end_and_move_one_place(small):
    matrix, first, *_ = small
    services.activity_add(matrix=matrix, name="Second")
    third = services.activity_add(matrix=matrix, name="Third", group="Support")
    services.activity_move(activity=third, by=-1)
    services.activity_move(activity=first, by=-5)  # already first: stays
    assert [a.name for a in matrix.activities.all()] == [first.name, "Third", "Second"]


def test_cell_history_says_who_changed_what_from_what(small, django_user_model):
    matrix, activity, cco, _ = small
    for code, expected in (("C", ""), ("A", "C"), ("", "A")):
        services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=cco.pk, code=code, expected=expected)
    changes = [(c.role.code, c.before, c.after) for c in activity_cell_history(activity)]
    assert changes == [("CCO", "A", ""), ("CCO", "C", "A"), ("CCO", "", "C")]


def test_per_role_and_per_activity_views(small):
    matrix, activity, cco, adm = small
    for role, code in ((cco, "A"), (adm, "R")):
        services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=role.pk, code=code, expected="")
    other = ActivityFactory(matrix=matrix, name="Review")
    services.cell_set(matrix=matrix, activity_id=other.pk, role_id=cco.pk, code="C", expected="")
    assert [a.activity.name for a in accountable_or_responsible_for(matrix.program, cco)] == [activity.name]
    other.refresh_from_db()
    involve = who_to_involve(other)
    assert involve["C"] == [cco] and involve["A"] == []


def test_the_stored_error_count_follows_every_change(small, program):
    from raci.selectors import matrices_with_errors

    matrix, activity, cco, adm = small

    def stored():
        matrix.refresh_from_db()
        assert matrix.error_count == matrix_grid(matrix).summary.errors  # always what the rule check says
        return matrix.error_count

    assert stored() == 0  # an empty row is a warning, not an error
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=cco.pk, code="C", expected="")
    assert stored() == 2  # no A, no R
    assert list(matrices_with_errors(program)) == [matrix]
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=cco.pk, code="AR", expected="C")
    assert stored() == 0
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=adm.pk, code="A", expected="")
    assert stored() == 1  # two Accountables
    services.column_remove(column=matrix.columns.get(role=adm))
    assert stored() == 0
    assert list(matrices_with_errors(program)) == []


def test_the_stored_check_matches_a_full_check_after_every_kind_of_edit(program):
    """The page and a cell edit read the stored findings; they must say exactly what a full check says."""
    import random

    from raci.models import StoredFinding

    matrix = services.matrix_create(program=program, name="Support", kind="RASCI", starting_from="cc_support_processes")
    rng = random.Random(8)  # noqa: S311 (a repeatable sequence of edits)
    columns = list(matrix.columns.select_related("role"))

    def stored():
        return [f.as_finding() for f in StoredFinding.objects.filter(matrix=matrix)]

    for step in range(40):
        activities = list(matrix.activities.all())
        activity, column = rng.choice(activities), rng.choice(columns)
        action = step % 5
        if action in (0, 1, 2):  # mostly cell edits, the incremental path
            services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=column.role_id,
                              code=rng.choice(["", "A", "R", "AR", "C", "I", "S"]),
                              expected=letter_of(activity, column.role))  # fmt: skip
        elif action == 3:
            activity.refresh_from_db()
            services.activity_update(activity=activity, version=activity.version, name=f"Renamed {step}")
        else:
            services.activity_move(activity=activity, by=rng.choice([-1, 1]))
        matrix.refresh_from_db()
        full = matrix_grid(matrix)
        assert stored() == full.findings, f"after step {step}"
        assert matrix.error_count == full.summary.errors


def test_a_deleted_roles_letters_leave_the_rows_with_a_history_record(small):
    matrix, activity, cco, adm = small
    for role, code in ((cco, "A"), (adm, "R")):
        services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=role.pk, code=code, expected="")
    adm.delete()  # from the admin: roles have no delete page
    activity.refresh_from_db()
    assert activity.cells == {cco.pk: "A"}
    assert activity.history.first().letters == {str(cco.pk): "A"}


def test_a_deleted_program_does_not_rewrite_its_rows_role_by_role_on_the_way_out(small, program):
    matrix, activity, cco, adm = small
    for role, code in ((cco, "A"), (adm, "R")):
        services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=role.pk, code=code, expected="")
    changes_before = Activity.history.filter(history_type="~").count()
    program.delete()  # the rows go with it: taking each role's letters out first only wrote history
    assert not Activity.objects.exists()
    assert Activity.history.filter(history_type="~").count() == changes_before
