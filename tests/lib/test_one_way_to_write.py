"""Nothing lost: a later save never silently reverts an earlier one, and a double submit creates once."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from programs import services as program_services
from programs.models import Milestone
from tests.factories import MilestoneFactory, RiskFactory


def url(name, program, **kwargs):
    return reverse(f"programs:{name}", kwargs={"program_slug": program.slug, **kwargs})


def milestone_form(milestone, **changes):
    return {
        "title": milestone.title,
        "baseline_date": milestone.baseline_date.isoformat(),
        "status": milestone.status,
        "version": milestone.version,
        **changes,
    }


def test_the_later_of_two_edits_is_refused_with_what_changed_and_can_be_reapplied(client_for, program, lead, manager):
    milestone = MilestoneFactory(program=program, title="Pilot live")
    opened_by_lead = milestone_form(milestone)  # both open the edit page at the same version
    opened_by_manager = milestone_form(milestone)

    client_for(manager).post(url("milestone_edit", program, milestone_id=milestone.pk),
                             {**opened_by_manager, "status": "in_progress"})  # fmt: skip
    lead_client = client_for(lead)
    refused = lead_client.post(
        url("milestone_edit", program, milestone_id=milestone.pk), {**opened_by_lead, "title": "Pilot go-live"}
    )

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "was changed while you were editing it" in page and "manager" in page
    table = page.split('id="edit-conflict"')[1].split("</table>")[0]
    assert "changed meanwhile" in table and "In progress" in table  # theirs
    assert "your change" in table and "Pilot go-live" in table  # yours
    milestone.refresh_from_db()
    assert (milestone.title, milestone.status) == ("Pilot live", "in_progress")  # nothing overwritten

    # The form offered again holds their change with the user's on top, at the new version.
    again = refused.context["form"]
    assert again.initial["title"] == "Pilot go-live" and again["status"].value() == "in_progress"
    lead_client.post(
        url("milestone_edit", program, milestone_id=milestone.pk),
        milestone_form(milestone, title="Pilot go-live"),
    )
    milestone.refresh_from_db()
    assert (milestone.title, milestone.status) == ("Pilot go-live", "in_progress")


def test_a_one_click_complete_makes_an_open_edit_form_stale(client_for, program, lead):
    milestone = MilestoneFactory(program=program, title="Porting done")
    opened = milestone_form(milestone)
    client = client_for(lead)
    client.post(url("milestone_complete", program, milestone_id=milestone.pk))
    response = client.post(url("milestone_edit", program, milestone_id=milestone.pk), {**opened, "title": "Porting"})
    assert response.status_code == 409
    milestone.refresh_from_db()
    assert milestone.status == "completed"


@pytest.mark.parametrize("record", ["risk", "workstream"])
def test_other_records_are_protected_the_same_way(client_for, program, lead, manager, record):
    if record == "risk":
        risk = RiskFactory(program=program, code="R-01", title="Agents not ready", likelihood=3, impact=3)
        form = {"code": "R-01", "title": risk.title, "category": risk.category, "likelihood": 3, "impact": 3,
                "trend": "stable", "status": "open", "version": risk.version}  # fmt: skip
        target, user, field = url("risk_edit", program, risk_id=risk.pk), lead, "title"
    else:
        ws = program.workstreams.create(name="Training", kind="training")
        form = {"name": ws.name, "kind": ws.kind, "status": ws.status, "health": ws.health, "position": 0,
                "version": ws.version}  # fmt: skip
        target, user, field = url("workstream_edit", program, workstream_id=ws.pk), manager, "name"
    client = client_for(user)
    assert client.post(target, {**form, field: "First"}).status_code == 302
    assert client.post(target, {**form, field: "First"}).status_code == 302  # sent twice: saved once, no conflict
    assert client.post(target, {**form, field: "Second"}).status_code == 409  # a page opened before: refused


def test_a_create_form_sent_twice_creates_once(client_for, program, lead):
    client = client_for(lead)
    page = client.get(url("milestone_create", program))
    token = page.context["form"]["submission"].value()
    form = {"title": "Agents trained", "baseline_date": "2027-01-15", "status": "not_started", "submission": token}
    first = client.post(url("milestone_create", program), form)
    second = client.post(url("milestone_create", program), form, follow=True)
    assert Milestone.objects.filter(program=program, title="Agents trained").count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "saved once, not twice" in second.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_double_click_racing_on_two_connections_creates_once(program, lead):
    """Two requests with the same form in flight at once (a double click): the second waits for the first."""
    token = "7d0b7c36-57c5-4f55-9a57-1c0a0f4a2a11"
    form = {"title": "Queues built", "baseline_date": "2027-02-01", "status": "not_started", "submission": token}
    statuses = []

    def send():
        client = Client()
        client.force_login(lead)
        statuses.append(client.post(url("milestone_create", program), form).status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Milestone.objects.filter(program=program, title="Queues built").count() == 1


def test_a_dependency_loop_is_refused_by_the_service_itself(program):
    design = MilestoneFactory(program=program, title="Design")
    build = MilestoneFactory(program=program, title="Build")
    program_services.milestone_update(milestone=build, version=build.version, depends_on=[design])
    design.refresh_from_db()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match='loop: "Design" → "Build" → "Design"'):
        program_services.milestone_update(milestone=design, version=design.version, depends_on=[build])


def test_next_is_followed_only_to_this_site(client_for, program, lead):
    milestone = MilestoneFactory(program=program)
    client = client_for(lead)
    for evil in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        response = client.post(url("milestone_reopen", program, milestone_id=milestone.pk), {"next": evil})
        assert response["Location"] == milestone.get_absolute_url()
    here = url("milestone_list", program)
    assert client.post(url("milestone_reopen", program, milestone_id=milestone.pk), {"next": here})["Location"] == here


def test_the_grid_adds_a_row_once_and_refuses_a_name_the_importer_could_not_tell_apart(client_for, program, lead):
    from tests.factories import ActivityFactory, MatrixFactory

    matrix = MatrixFactory(program=program)
    ActivityFactory(matrix=matrix, name="Approve cutover")
    grid = reverse("raci:matrix_grid", kwargs={"program_slug": program.slug, "matrix_id": matrix.pk})
    add = reverse("raci:activity_create", kwargs={"program_slug": program.slug, "matrix_id": matrix.pk})
    client = client_for(lead)
    token = client.get(grid).context["submission"]
    form = {"group": "Cutover", "name": "Freeze  configuration\n", "submission": token}
    client.post(add, form)
    client.post(add, form)  # a double click
    assert list(matrix.activities.filter(name__startswith="Freeze").values_list("name", flat=True)) == [
        "Freeze configuration"
    ]
    refused = client.post(add, {"name": "APPROVE   cutover", "submission": client.get(grid).context["submission"]},
                          follow=True)  # fmt: skip
    assert "already has an activity called &quot;APPROVE cutover&quot;" in refused.content.decode()
    assert matrix.activities.count() == 2


def test_a_conflict_carries_dependencies_and_ignores_browser_line_endings(client_for, program, lead, manager):
    design, build = MilestoneFactory(program=program, title="Design"), MilestoneFactory(program=program, title="Build")
    pilot = MilestoneFactory(program=program, title="Pilot")
    page = client_for(lead).get(url("milestone_edit", program, milestone_id=pilot.pk))
    opened = {**milestone_form(pilot), "opened_depends_on": page.context["form"]["opened_depends_on"].value()}
    client_for(manager).post(url("milestone_edit", program, milestone_id=pilot.pk),
                             {**milestone_form(pilot), "title": "Pilot wave"})  # fmt: skip
    refused = client_for(lead).post(
        url("milestone_edit", program, milestone_id=pilot.pk), {**opened, "depends_on": [design.pk, build.pk]}
    )
    assert refused.status_code == 409
    table = refused.content.decode().split('id="edit-conflict"')[1].split("</table>")[0]
    assert "Build, Design" in table and "Pilot wave" in table
    again = refused.context["form"]
    assert {m.pk for m in again.initial["depends_on"]} == {design.pk, build.pk}
    assert again.initial["title"] == "Pilot wave"  # theirs stays

    risk = RiskFactory(program=program, code="R-09", title="Queues", cause="Old line one\nline two")
    form = {"code": "R-09", "title": "Queues", "category": risk.category, "likelihood": risk.likelihood,
            "impact": risk.impact, "trend": "stable", "status": "open", "cause": "Old line one\r\nline two",
            "version": risk.version}  # fmt: skip
    client_for(manager).post(url("risk_edit", program, risk_id=risk.pk), {**form, "cause": "Rewritten"})
    refused = client_for(lead).post(url("risk_edit", program, risk_id=risk.pk), {**form, "impact": 5})
    assert refused.status_code == 409
    again = refused.context["form"]
    assert again.initial["cause"] == "Rewritten" and again.initial["impact"] == 5  # theirs kept, mine on top
