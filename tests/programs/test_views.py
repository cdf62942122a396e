"""What members see and do through the pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib.access import Access
from programs.choices import MilestoneStatus
from programs.models import Milestone, Program, Risk
from tests.factories import MilestoneFactory, RiskFactory, UserFactory, WorkstreamFactory

TODAY = timezone.localdate


def url(name, program, **kwargs):
    return reverse(f"programs:{name}", kwargs={"program_slug": program.slug, **kwargs})


def test_anyone_signed_in_can_create_a_program_and_lands_on_its_dashboard(client_for, db):
    client = client_for(UserFactory(username="nadia"))
    response = client.post(
        reverse("programs:program_create"),
        {
            "name": "Tailspin care",
            "phase": "assess",
            "risk_appetite": 12,
            "target_go_live": "2027-04-01",
            "with_risks": "on",
        },
        follow=True,
    )
    program = Program.objects.get(name="Tailspin care")
    assert response.redirect_chain[-1][0] == url("dashboard", program)
    page = response.content.decode()
    assert "Service introduction" in page and "PCR-01" in page
    assert program.memberships.get().access == Access.MANAGER


def test_dashboard_shows_overdue_next_milestones_and_top_risks(client_for, program, viewer):
    ws = WorkstreamFactory(program=program, name="Training")
    MilestoneFactory(program=program, workstream=ws, title="Agents trained", baseline_date=TODAY() - dt.timedelta(3))
    MilestoneFactory(program=program, workstream=ws, title="Trainers ready", baseline_date=TODAY() + dt.timedelta(3))
    RiskFactory(program=program, code="PCR-08", title="Not operationally ready", likelihood=3, impact=5)
    page = client_for(viewer).get(url("dashboard", program)).content.decode()
    overdue = page.split('id="overdue-milestones"')[1].split("</table>")[0]
    upcoming = page.split('id="next-milestones"')[1].split("</table>")[0]
    assert "Agents trained" in overdue and "Trainers ready" not in overdue
    assert "Trainers ready" in upcoming
    assert "15 High" in page
    assert 'data-testid="overdue-count">1<' in page


def test_a_viewer_sees_no_edit_buttons(client_for, program, viewer):
    MilestoneFactory(program=program, title="Go-live")
    page = client_for(viewer).get(url("milestone_list", program)).content.decode()
    assert "Go-live" in page and "hx-post" not in page and "New milestone" not in page


def test_completing_a_milestone_in_place_returns_the_row_and_tells_the_page(client_for, program, lead):
    milestone = MilestoneFactory(program=program, title="UAT passed", baseline_date=TODAY() - dt.timedelta(2))
    response = client_for(lead).post(
        url("milestone_complete", program, milestone_id=milestone.pk), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "milestones-changed"
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="milestone-{milestone.pk}"') and "Reopen" in body
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.COMPLETED and not milestone.is_overdue


def test_slipping_a_milestone_moves_its_forecast_a_week_and_shows_the_slip(client_for, program, lead):
    milestone = MilestoneFactory(program=program)
    response = client_for(lead).post(
        url("milestone_slip", program, milestone_id=milestone.pk), {"days": "7"}, HTTP_HX_REQUEST="true"
    )
    assert "+7d" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.slip_days == 7


def test_a_slip_of_nonsense_is_refused_with_a_reason(client_for, program, lead):
    milestone = MilestoneFactory(program=program)
    response = client_for(lead).post(
        url("milestone_slip", program, milestone_id=milestone.pk), {"days": "soon"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "whole number of days" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.forecast_date is None


def test_milestone_filters_by_workstream_status_owner_and_overdue(client_for, program, lead, viewer):
    ws = WorkstreamFactory(program=program, name="Training")
    MilestoneFactory(
        program=program, workstream=ws, title="Late one", owner=lead, baseline_date=TODAY() - dt.timedelta(1)
    )
    MilestoneFactory(program=program, title="Future one", baseline_date=TODAY() + dt.timedelta(1))
    MilestoneFactory(
        program=program,
        title="Done one",
        status=MilestoneStatus.COMPLETED,
        completed_date=TODAY(),
        baseline_date=TODAY() - dt.timedelta(5),
    )
    client = client_for(viewer)

    def titles(query):
        page = client.get(url("milestone_list", program) + query).content.decode()
        return {t for t in ("Late one", "Future one", "Done one") if t in page}

    assert titles("") == {"Late one", "Future one", "Done one"}
    assert titles("?overdue=true") == {"Late one"}
    assert titles(f"?workstream={ws.pk}") == {"Late one"}
    assert titles(f"?owner={lead.pk}") == {"Late one"}
    assert titles("?status=completed") == {"Done one"}


def test_timeline_draws_each_milestone_with_a_link(client_for, program, viewer):
    milestone = MilestoneFactory(program=program, title="Pilot live", forecast_date=TODAY() + dt.timedelta(30))
    page = client_for(viewer).get(url("milestone_timeline", program)).content.decode()
    assert "<svg" in page and "Pilot live" in page and milestone.get_absolute_url() in page
    assert 'class="today"' in page and 'class="slip"' in page


def test_forecast_before_baseline_is_a_warning_but_completed_in_future_is_an_error(client_for, program, lead):
    client = client_for(lead)
    data = {
        "title": "Design signed off",
        "baseline_date": "2026-12-10",
        "forecast_date": "2026-12-01",
        "status": "not_started",
    }
    response = client.post(url("milestone_create", program), data, follow=True)
    assert Milestone.objects.filter(title="Design signed off").exists()
    assert "planned to finish early" in response.content.decode()

    future = (TODAY() + dt.timedelta(days=3)).isoformat()
    response = client.post(url("milestone_create", program), {**data, "title": "Later", "completed_date": future})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not Milestone.objects.filter(title="Later").exists()


def test_a_dependency_loop_is_refused_and_named(client_for, program, lead):
    a = MilestoneFactory(program=program, title="Design")
    b = MilestoneFactory(program=program, title="Build")
    b.depends_on.add(a)
    response = client_for(lead).post(
        url("milestone_edit", program, milestone_id=a.pk),
        {
            "title": "Design",
            "baseline_date": a.baseline_date.isoformat(),
            "status": "not_started",
            "depends_on": [b.pk],
            "version": a.version,
        },
    )
    assert response.status_code == 200
    assert "would make a loop" in response.content.decode() and "Build" in response.content.decode()
    assert not a.depends_on.exists()


@pytest.mark.parametrize(("field", "value"), [("likelihood", 0), ("likelihood", 6), ("impact", 9)])
def test_risk_scores_outside_one_to_five_are_refused(client_for, program, lead, field, value):
    data = {
        "code": "R-01",
        "title": "Agents resist soft-phones",
        "category": "culture",
        "likelihood": 3,
        "impact": 3,
        "trend": "stable",
        "status": "open",
        field: value,
    }
    response = client_for(lead).post(url("risk_create", program), data)
    assert response.status_code == 200
    assert "must be between 1" in response.content.decode()
    assert not Risk.objects.exists()


def test_heat_map_cell_links_to_the_filtered_register(client_for, program, viewer):
    RiskFactory(program=program, code="A", title="Alpha risk", likelihood=3, impact=5)
    RiskFactory(program=program, code="B", title="Beta risk", likelihood=2, impact=2)
    client = client_for(viewer)
    page = client.get(url("risk_list", program)).content.decode()
    assert 'href="?likelihood=3&amp;impact=5"' in page
    filtered = client.get(url("risk_list", program) + "?likelihood=3&impact=5").content.decode()
    assert "Alpha risk" in filtered and "Beta risk" not in filtered


def test_every_change_is_in_the_history_on_the_record_page(client_for, program, lead):
    risk = RiskFactory(program=program, code="PCR-02", title="Sponsor absent", likelihood=3, impact=5)
    client = client_for(lead)
    client.post(
        url("risk_edit", program, risk_id=risk.pk),
        {
            "code": "PCR-02",
            "title": "Sponsor absent",
            "category": "commitment",
            "likelihood": 4,
            "impact": 5,
            "trend": "rising",
            "status": "open",
            "is_change_issue": "on",
            "version": risk.version,
        },
    )
    page = client.get(url("risk_detail", program, risk_id=risk.pk)).content.decode()
    history = page.split('id="history-heading"')[1]
    assert "lead" in history
    assert "Likelihood" in history and "<del>3</del> → 4" in history
    assert "<del>Stable</del> → Rising" in history


def test_workstreams_can_be_added_renamed_and_archived(client_for, program, manager):
    client = client_for(manager)
    client.post(
        url("workstream_create", program),
        {"name": "Cutover", "kind": "other", "status": "not_started", "health": "green", "position": 7},
    )
    ws = program.workstreams.get(name="Cutover")
    client.post(
        url("workstream_edit", program, workstream_id=ws.pk),
        {
            "name": "Cutover & hypercare",
            "kind": "other",
            "status": "in_progress",
            "health": "amber",
            "position": 7,
            "archived": "on",
            "version": ws.version,
        },
    )
    ws.refresh_from_db()
    assert (ws.name, ws.archived) == ("Cutover & hypercare", True)
    dashboard = client.get(url("dashboard", program)).content.decode()
    workstream_table = dashboard.split("Workstreams</h2>")[1].split("</table>")[0]
    assert "Cutover &amp; hypercare" not in workstream_table  # archived workstreams leave the dashboard
    duplicate = client.post(
        url("workstream_create", program),
        {"name": "cutover & HYPERCARE", "kind": "other", "status": "not_started", "health": "green", "position": 1},
    )
    assert "already has a workstream" in duplicate.content.decode()


def test_a_manager_adds_a_member_by_username_and_changes_their_access(client_for, program, manager):
    newcomer = UserFactory(username="zoe", email="zoe@example.com")
    client = client_for(manager)
    client.post(url("member_add", program), {"username": "ZOE@example.com", "access": "si"})
    membership = program.memberships.get(user=newcomer)
    assert membership.access == Access.SI
    client.post(url("member_access", program, membership_id=membership.pk), {"access": "lead"})
    membership.refresh_from_db()
    assert membership.access == Access.LEAD
    changes = client.get(url("member_list", program)).content.decode().split('id="access-changes"')[1]
    assert "manager changed <strong>zoe</strong> as Lead" in " ".join(changes.split())
    assert "manager added <strong>zoe</strong> as Service Introduction" in " ".join(changes.split())
    unknown = client.post(url("member_add", program), {"username": "nobody", "access": "si"})
    assert unknown.status_code == 400 and "No active user is called" in unknown.content.decode()


def test_the_only_manager_cannot_remove_themselves(client_for, program, manager):
    membership = program.memberships.get(user=manager)
    response = client_for(manager).post(url("member_remove", program, membership_id=membership.pk), follow=True)
    assert "only program manager" in response.content.decode()
    assert program.memberships.filter(user=manager).exists()


def test_marking_a_milestone_completed_records_today_as_its_completion(client_for, program, lead):
    milestone = MilestoneFactory(program=program, title="Pilot live")
    client_for(lead).post(
        url("milestone_edit", program, milestone_id=milestone.pk),
        {
            "title": "Pilot live",
            "baseline_date": milestone.baseline_date.isoformat(),
            "status": "completed",
            "version": milestone.version,
        },
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_date) == (MilestoneStatus.COMPLETED, TODAY())


def test_a_member_without_the_right_is_told_why(client_for, program, viewer):
    response = client_for(viewer).get(url("risk_create", program))
    assert response.status_code == 403
    assert "Viewer" in response.content.decode() and "does not allow this" in response.content.decode()


def test_codes_are_unique_within_a_program_only(client_for, program, other_program, lead):
    RiskFactory(program=other_program, code="PCR-01")
    RiskFactory(program=program, code="PCR-02")
    data = {
        "title": "Sponsor absent",
        "category": "commitment",
        "likelihood": 3,
        "impact": 3,
        "trend": "stable",
        "status": "open",
    }
    client = client_for(lead)
    assert client.post(url("risk_create", program), {**data, "code": "pcr-01"}).status_code == 302
    clash = client.post(url("risk_create", program), {**data, "code": "PCR-02"})
    assert "Risk code &quot;PCR-02&quot; is already used in this program." in clash.content.decode()


def test_removing_a_member_asks_first_and_names_the_open_work_they_leave(client_for, program, manager, lead, viewer,
                                                                          other_program):  # fmt: skip
    MilestoneFactory(program=program, title="Pilot live", owner=lead)
    MilestoneFactory(program=other_program, title="Elsewhere", owner=lead)
    membership = program.memberships.get(user=lead)
    remove = url("member_remove", program, membership_id=membership.pk)
    assert f'href="{remove}"' in client_for(manager).get(url("member_list", program)).content.decode()
    lead.first_name, lead.last_name = "Sofia", "Almeida"
    lead.save()
    page = client_for(manager).get(remove).content.decode()
    assert "Remove Sofia Almeida from Contoso migration?" in page  # the member, not the manager asking
    assert "Sofia Almeida has 1 open thing here" in page and "Milestone: " in page and "Pilot live" in page
    assert "Elsewhere" not in page
    assert program.memberships.filter(user=lead).exists()  # asking removed nothing
    assert client_for(viewer).get(remove).status_code == 403
    client_for(manager).post(remove)
    assert not program.memberships.filter(user=lead).exists()
