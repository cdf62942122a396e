"""Team composition by phase: members or named outsiders, one single-threaded owner, empty roles flagged."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from operating_model import services
from operating_model.models import RoleAssignment
from tests.factories import MembershipFactory, RoleFactory, UserFactory


def url(name, program, **kwargs):
    return reverse(f"operating_model:{name}", kwargs={"program_slug": program.slug, **kwargs})


@pytest.fixture
def roles(program):
    return {code: RoleFactory(program=program, code=code, name=f"{code} role") for code in ("PGL", "ADM", "SUP")}


def assign(program, role, phase="during", **fields):
    return services.role_assignment_create(program=program, role=role, phase=phase, **fields)


def test_a_member_or_a_named_outsider_fills_a_role(program, roles, lead):
    member = assign(program, roles["ADM"], person=lead, allocation_pct=50)
    outsider = assign(program, roles["ADM"], outsider_name="  Priya   Raman ", organisation="Partner")
    assert member.who == "lead" and outsider.who == "Priya Raman"
    with pytest.raises(ValidationError, match="not both"):
        assign(program, roles["SUP"], person=lead, outsider_name="Someone")
    with pytest.raises(ValidationError, match="Choose a member of the program, or name someone"):
        assign(program, roles["SUP"])
    with pytest.raises(ValidationError, match="Priya Raman already fills ADM during migration"):
        assign(program, roles["ADM"], outsider_name="priya raman")


def test_people_and_roles_of_another_program_are_refused(program, other_program, roles, outsider):
    with pytest.raises(ValidationError, match="outsider is not a member of this program: choose a member"):
        assign(program, roles["ADM"], person=outsider)
    with pytest.raises(ValidationError, match="is not part of this program"):
        assign(program, RoleFactory(program=other_program), outsider_name="Ann")


def test_a_second_single_threaded_owner_is_refused_naming_the_first(program, roles, manager, lead):
    first = assign(program, roles["PGL"], person=manager, is_single_threaded_owner=True)
    with pytest.raises(ValidationError) as refused:
        assign(program, roles["ADM"], person=lead, is_single_threaded_owner=True)
    assert refused.value.message_dict["is_single_threaded_owner"] == [
        "manager is already the single-threaded owner (PGL, during migration): a program has one. Untick theirs first."
    ]
    # Moving the flag: untick the first, then the second may take it.
    services.role_assignment_update(assignment=first, version=first.version, is_single_threaded_owner=False)
    assert assign(program, roles["ADM"], person=lead, is_single_threaded_owner=True).is_single_threaded_owner


def test_the_page_warns_of_roles_empty_after_migration_and_a_missing_owner(client_for, program, roles, lead, viewer):
    assign(program, roles["PGL"], phase="after", person=lead, allocation_pct=80)
    assign(program, roles["ADM"], phase="after", person=lead, allocation_pct=40)
    page = client_for(viewer).get(url("composition", program)).content.decode()
    warnings = page.split('id="composition-warnings"')[1].split("</div>")[0]
    assert "Nobody is named single-threaded owner" in warnings
    assert "Nobody fills these roles after migration: SUP." in warnings
    assert "lead is allocated 120% after migration (ADM 40%, PGL 80%)." in warnings
    assert "Name someone" not in page  # a viewer reads


def test_a_lead_names_someone_through_the_page_once_even_if_sent_twice(client_for, program, roles, lead):
    client = client_for(lead)
    page = client.get(url("assignment_create", program) + f"?role={roles['SUP'].pk}&phase=after")
    form = page.context["form"]
    assert form.initial == {"role": str(roles["SUP"].pk), "phase": "after"}
    data = {"role": roles["SUP"].pk, "phase": "after", "outsider_name": "Team leaders (12)", "allocation_pct": 20,
            "submission": form["submission"].value()}  # fmt: skip
    assert client.post(url("assignment_create", program), data).status_code == 302
    client.post(url("assignment_create", program), data)
    assert RoleAssignment.objects.filter(program=program, outsider_name="Team leaders (12)").count() == 1
    refused = client.post(url("assignment_create", program), {**data, "submission": "", "allocation_pct": 140})
    assert "between 1 and 100 percent" in refused.content.decode()


def test_an_edit_opened_before_anothers_save_is_refused_and_history_shows(client_for, program, roles, lead, manager):
    assignment = assign(program, roles["ADM"], outsider_name="Tom Becker", allocation_pct=100)
    form = {"role": roles["ADM"].pk, "phase": "during", "outsider_name": "Tom Becker", "allocation_pct": 100,
            "version": assignment.version}  # fmt: skip
    edit = url("assignment_edit", program, assignment_id=assignment.pk)
    assert client_for(manager).post(edit, {**form, "allocation_pct": 60}).status_code == 302
    assert client_for(lead).post(edit, {**form, "organisation": "Northwind IT"}).status_code == 409
    detail = client_for(lead).get(url("assignment_detail", program, assignment_id=assignment.pk)).content.decode()
    assert "Allocation %" in detail and "60" in detail


def test_a_lead_removes_someone_and_a_viewer_may_not(client_for, program, roles, lead, viewer):
    assignment = assign(program, roles["ADM"], outsider_name="Tom Becker")
    remove = url("assignment_remove", program, assignment_id=assignment.pk)
    assert client_for(viewer).post(remove).status_code == 403
    assert client_for(lead).post(remove).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_the_composition_page_runs_the_same_queries_for_3_or_30_people(client_for, program, manager):
    client = client_for(manager)

    def fill(n, offset):
        for i in range(n):
            role = RoleFactory(program=program, code=f"X{offset + i}")
            member = MembershipFactory(program=program, user=UserFactory()).user
            assign(program, role, phase="before", person=member, is_single_threaded_owner=offset + i == 0)
            assign(program, role, phase="after", outsider_name=f"Outsider {offset + i}")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("composition", program)).status_code == 200
        return len(ctx.captured_queries)

    fill(3, 0)
    small = count()
    fill(30, 100)
    assert count() == small <= 10
