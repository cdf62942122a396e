"""My work across every program of a user, and the search of one program from the navigation bar."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib.access import Access
from readiness.models import DecisionCondition, GoNoGoDecision
from readiness.services import snapshot_take
from tests.factories import (
    ActivityFactory,
    ChecklistItemFactory,
    GoLiveEventFactory,
    MatrixFactory,
    MembershipFactory,
    MilestoneFactory,
    ProgramFactory,
    RiskFactory,
    RoleFactory,
    UserFactory,
)
from tests.readiness.actions import sign_off, update_evidence

MY_WORK = reverse("programs:my_work")


def search(client, program, q, **headers):
    return client.get(reverse("programs:search", kwargs={"program_slug": program.slug}), {"q": q}, **headers)


def work_for(user, program, n, *, tag=""):
    """n milestones, checklist items to evidence and to sign, and a matrix in review, in `program`."""
    today = timezone.localdate()
    event = GoLiveEventFactory(program=program)
    for i in range(n):
        MilestoneFactory(program=program, owner=user, title=f"{tag}Milestone {i}",
                         baseline_date=today + dt.timedelta(days=i - 1))  # fmt: skip
        ChecklistItemFactory(event=event, ref=f"E-{i}", text=f"{tag}Evidence {i}", owner=user)
        ChecklistItemFactory(event=event, ref=f"S-{i}", text=f"{tag}Sign {i}", approver=user, status="complete",
                             evidence_note="done")  # fmt: skip
        MatrixFactory(program=program, name=f"{tag}Matrix {i}", status="in_review")
    return event


def test_my_work_lists_what_the_user_must_do_in_every_program(client_for, program, other_program, lead):
    MembershipFactory(program=other_program, user=lead, access=Access.MANAGER)
    work_for(lead, program, 1, tag="Contoso ")
    work_for(lead, other_program, 1, tag="Fabrikam ")
    MilestoneFactory(program=program, owner=UserFactory(), title="Someone else's")
    MilestoneFactory(program=program, owner=lead, title="Done already", status="completed")

    html = client_for(lead).get(MY_WORK).content.decode()

    assert "Contoso Milestone 0" in html and "Fabrikam Milestone 0" in html
    assert "Someone else&#x27;s" not in html and "Done already" not in html
    assert "Contoso Evidence 0" in html and "Contoso Sign 0" in html  # named approver signs, whatever the access
    assert "Fabrikam Matrix 0" in html  # they manage Fabrikam: they approve its matrices
    assert "Contoso Matrix 0" not in html  # a lead in Contoso does not approve
    assert "overdue" in html  # the milestone due yesterday


def test_signed_items_leave_my_work_and_come_back_when_the_evidence_changes(client_for, program, members):
    si = members["si"]
    item = ChecklistItemFactory(event=GoLiveEventFactory(program=program), text="UAT passed", status="complete",
                                evidence_note="report")  # fmt: skip
    client = client_for(si)
    assert "UAT passed" in client.get(MY_WORK).content.decode()  # no approver named: SI signs
    membership = program.memberships.get(user=si)
    sign_off(item, membership=membership)
    assert "UAT passed" not in client.get(MY_WORK).content.decode()
    update_evidence(item, membership=membership, note="a newer report", link="", status="complete")
    assert "evidence changed since it was signed" in client.get(MY_WORK).content.decode()


def test_conditions_of_a_decision_are_on_their_owners_my_work(client_for, program, lead):
    event = GoLiveEventFactory(program=program)
    decision = GoNoGoDecision.objects.create(event=event, snapshot=snapshot_take(event=event),
                                             outcome="go_with_conditions", rationale="r", decided_by=lead)  # fmt: skip
    DecisionCondition.objects.create(decision=decision, text="Hypercare rota published", owner=lead)
    assert "Hypercare rota published" in client_for(lead).get(MY_WORK).content.decode()


def test_my_work_runs_the_same_queries_for_one_or_many_programs_and_items(
    client_for, program, lead, django_assert_max_num_queries
):
    work_for(lead, program, 1)
    managed = ProgramFactory()
    MembershipFactory(program=managed, user=lead, access=Access.MANAGER)
    work_for(lead, managed, 1)
    client = client_for(lead)
    with django_assert_max_num_queries(30) as few:
        client.get(MY_WORK)
    for n in range(4):
        other = ProgramFactory()
        MembershipFactory(program=other, user=lead, access=[Access.MANAGER, Access.SI, Access.LEAD][n % 3])
        work_for(lead, other, 8, tag=f"P{n} ")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(MY_WORK)
    html = response.content.decode()
    # 34 milestones, items to evidence and to sign: the first 25 of each, then how many more
    assert html.count("…and 9 more.") == 3 and "P3 Matrix 7" in html


def test_leads_and_si_land_on_my_work_others_on_their_programs(client_for, program, members):
    for persona, landing in [("lead", MY_WORK), ("si", MY_WORK), ("manager", reverse("programs:program_list")),
                             ("viewer", reverse("programs:program_list"))]:  # fmt: skip
        response = client_for(members[persona]).get("/")
        assert response.status_code == 302 and response["Location"] == landing, persona


def test_my_work_needs_sign_in(client):
    response = client.get(MY_WORK)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Search ---------------------------------------------------------------------------------------------------


@pytest.fixture
def records(program, other_program):
    matrix = MatrixFactory(program=program, name="Operations RASCI")
    ActivityFactory(matrix=matrix, name="Publish the emergency queuing message", group="Run")
    MilestoneFactory(program=program, title="Agent training complete")
    RiskFactory(program=program, code="PCR-03", title="Trainers not ready", mitigation="Train-the-trainer early")
    RoleFactory(program=program, code="TRN", name="Training lead")
    ChecklistItemFactory(event=GoLiveEventFactory(program=program), ref="SI-12", text="Agents trained to target")
    MilestoneFactory(program=other_program, title="Fabrikam training plan")  # never found through Contoso


def test_search_finds_records_of_every_kind_by_the_start_of_a_word(client_for, program, viewer, records):
    html = search(client_for(viewer), program, "train").content.decode()
    for found in ("Agent training complete", "PCR-03 Trainers not ready", "TRN – Training lead",
                  "SI-12 Agents trained to target"):  # fmt: skip
        assert found in html, found
    assert "Fabrikam training plan" not in html
    html = search(client_for(viewer), program, "emergency queuing").content.decode()
    assert "Publish the emergency queuing message" in html and "Operations RASCI" in html


def test_search_needs_every_word_and_survives_punctuation(client_for, program, viewer, records):
    client = client_for(viewer)
    assert "Agent training complete" not in search(client, program, "training emergency").content.decode()
    assert "SI-12" in search(client, program, "si-12").content.decode()
    response = search(client, program, "'); drop table -- & | ! :*")
    assert response.status_code == 200 and "Nothing in" in response.content.decode()


def test_htmx_search_answers_with_the_results_only(client_for, program, viewer, records):
    response = search(client_for(viewer), program, "train", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-results"') and "<nav" not in html


def test_search_runs_the_same_queries_whatever_the_matches(
    client_for, program, viewer, records, django_assert_max_num_queries
):
    client = client_for(viewer)
    with django_assert_max_num_queries(30) as few:
        search(client, program, "train")
    for n in range(15):
        MilestoneFactory(program=program, title=f"Train wave {n}")
        RiskFactory(program=program, code=f"T-{n}", title=f"Training risk {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        search(client, program, "train")


def test_search_is_not_found_for_outsiders(client_for, program, outsider, records):
    assert search(client_for(outsider), program, "train").status_code == 404


def test_the_navigation_bar_has_the_search_box(client_for, program, viewer):
    html = client_for(viewer).get(reverse("programs:dashboard", kwargs={"program_slug": program.slug})).content
    assert b'id="nav-search"' in html and b'role="search"' in html


def test_without_postgresql_search_falls_back_to_a_plain_match(program, records, monkeypatch):
    from django.db import connection

    from connectmobilize.lib import hooks, search

    assert search.terms("  SI-12, 'A/R' & trai* ") == ["si-12", "a/r", "trai"]
    monkeypatch.setattr(connection, "vendor", "sqlite")
    found = hooks.program_search(program, "trained si-12")
    assert [hit.title for hit in found["Checklist items"]] == ["SI-12 Agents trained to target"]
