"""The programs API does what the pages do and refuses what they refuse, through the same services."""

import datetime as dt
import uuid

from django.utils import timezone

from connectmobilize.lib.access import Access
from programs.models import Membership, Milestone, Program, Risk
from tests.api.conftest import base
from tests.factories import MilestoneFactory, RiskFactory, WorkstreamFactory


def test_programs_lists_only_the_users_own(api, program, other_program, lead):
    names = [p["name"] for p in api(lead).get("/api/v1/programs/").json()["results"]]
    assert names == ["Contoso migration"]


def test_anyone_signed_in_starts_a_program_and_manages_it_once_per_key(api, outsider):
    client, key = api(outsider), str(uuid.uuid4())
    body = {"name": "Tailspin migration", "with_risks": False}
    made = client.post("/api/v1/programs/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert made.status_code == 201 and made.json()["your_access"] == "manager"
    again = client.post("/api/v1/programs/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 303 and again["Location"] == made["Location"]
    assert Program.objects.filter(name="Tailspin migration").count() == 1
    assert client.get(made["Location"]).json()["slug"] == made.json()["slug"]


def test_milestone_filters_mirror_the_page(api, program, lead):
    today = timezone.localdate()
    late = MilestoneFactory(program=program, title="Porting done", baseline_date=today - dt.timedelta(days=3))
    MilestoneFactory(program=program, title="Pilot live", baseline_date=today + dt.timedelta(days=3))
    overdue = api(lead).get(f"{base(program)}/milestones/?overdue=true").json()["results"]
    assert [m["title"] for m in overdue] == ["Porting done"] and overdue[0]["is_overdue"]
    by_workstream = api(lead).get(f"{base(program)}/milestones/?workstream={late.workstream_id}").json()["results"]
    assert [m["title"] for m in by_workstream] == ["Porting done"]
    bad = api(lead).get(f"{base(program)}/milestones/?status=nonsense")
    assert bad.status_code == 400 and "status" in bad.json()


def test_a_milestone_dependency_loop_is_refused_as_on_the_page(api, program, lead):
    first = MilestoneFactory(program=program, title="Design signed off")
    second = MilestoneFactory(program=program, title="Build done")
    second.depends_on.set([first])
    client = api(lead)
    response = client.patch(f"{base(program)}/milestones/{first.pk}/", {"depends_on": [second.pk], "version": 1},
                            format="json")  # fmt: skip
    assert response.status_code == 400
    assert "loop" in response.json()["depends_on"][0] and "Build done" in response.json()["depends_on"][0]
    assert not first.depends_on.exists()


def test_a_milestone_cannot_depend_on_another_programs(api, program, other_program, lead):
    mine, theirs = MilestoneFactory(program=program), MilestoneFactory(program=other_program)
    response = api(lead).patch(f"{base(program)}/milestones/{mine.pk}/", {"depends_on": [theirs.pk]},
                               format="json", HTTP_IF_MATCH='"1"')  # fmt: skip
    assert response.status_code == 400 and "depends_on" in response.json()


def test_complete_and_slip_are_actions_that_move_the_version_on(api, program, lead):
    milestone = MilestoneFactory(program=program, baseline_date=timezone.localdate() + dt.timedelta(days=10))
    client = api(lead)
    slipped = client.post(f"{base(program)}/milestones/{milestone.pk}/slip/", {"days": 5}, format="json")
    assert slipped.status_code == 200 and slipped.json()["slip_days"] == 5 and slipped["ETag"] == '"2"'
    done = client.post(f"{base(program)}/milestones/{milestone.pk}/complete/", {}, format="json")
    assert done.json()["status"] == "completed" and done.json()["completed_date"] == str(timezone.localdate())
    refused = client.post(f"{base(program)}/milestones/{milestone.pk}/slip/", {"days": 5}, format="json")
    assert refused.status_code == 400 and "cannot slip" in refused.json()["non_field_errors"][0]
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    client.post(f"{base(program)}/milestones/{milestone.pk}/reopen/")
    assert client.post(f"{base(program)}/milestones/{milestone.pk}/complete/", {"on": future},
                       format="json").status_code == 400  # fmt: skip
    # An edit read before the actions is now stale: 412 with the record as it is.
    stale = client.patch(f"{base(program)}/milestones/{milestone.pk}/", {"title": "x"}, format="json",
                         HTTP_IF_MATCH='"1"')  # fmt: skip
    assert stale.status_code == 412 and stale.json()["current"]["status"] == "in_progress"


def test_edits_carry_the_version_read(api, program, lead, manager):
    risk = RiskFactory(program=program, code="R-01", title="Agents not ready")
    url = f"{base(program)}/risks/{risk.pk}/"
    read = api(lead).get(url)
    assert read["ETag"] == '"1"' and read.json()["version"] == 1
    assert api(manager).patch(url, {"likelihood": 5}, format="json", HTTP_IF_MATCH=read["ETag"]).status_code == 200
    mine = api(lead).patch(url, {"title": "Agents not trained", "version": 1}, format="json")
    assert mine.status_code == 409
    assert mine.json()["current"]["likelihood"] == 5 and mine.json()["current"]["version"] == 2
    assert api(lead).patch(url, {"title": "Agents not trained"}, format="json").status_code == 428
    risk.refresh_from_db()
    assert (risk.title, risk.likelihood) == ("Agents not ready", 5)  # nothing overwritten


def test_risk_codes_are_unique_and_filled_in(api, program, lead):
    RiskFactory(program=program, code="R-01")
    client = api(lead)
    body = {"title": "Supervisors resist", "category": "commitment", "likelihood": 3, "impact": 4}
    made = client.post(f"{base(program)}/risks/", body, format="json")
    assert made.status_code == 201 and made.json()["code"] == "R-02" and made.json()["score"] == 12
    clash = client.post(f"{base(program)}/risks/", {**body, "code": "r-01"}, format="json")
    assert clash.status_code == 400 and "R-01" in clash.json()["code"][0]
    assert client.post(f"{base(program)}/risks/", {**body, "likelihood": 9}, format="json").status_code == 400
    assert Risk.objects.filter(program=program).count() == 2


def test_risk_filters_mirror_the_page(api, program, lead):
    RiskFactory(program=program, code="R-01", status="open", likelihood=5, impact=5)
    RiskFactory(program=program, code="R-02", status="closed")
    results = api(lead).get(f"{base(program)}/risks/?status=open&likelihood=5").json()["results"]
    assert [r["code"] for r in results] == ["R-01"] and results[0]["band"] == "Critical"


def test_bad_input_is_a_400_naming_the_field_never_a_500(api, program, lead):
    client, url = api(lead), f"{base(program)}/milestones/"
    assert client.post(url, "{not json", content_type="application/json").status_code == 400
    wrong_type = client.post(url, {"title": ["a"], "baseline_date": "soon"}, format="json")
    assert wrong_type.status_code == 400 and {"title", "baseline_date"} <= set(wrong_type.json())
    unknown = client.post(url, {"title": "x", "baseline_date": "2026-12-01", "colour": "red"}, format="json")
    assert unknown.status_code == 400 and unknown.json() == {"colour": ["This field is not known here."]}
    number = client.post(url, {"title": 3860334438423, "baseline_date": "2026-12-01"}, format="json")
    assert number.status_code == 400 and number.json() == {"title": ["Send text (a JSON string)."]}
    assert client.post(url, [1, 2], format="json").status_code == 400
    huge = client.post(url, {"title": "x" * 2_000_000}, format="json")
    assert huge.status_code == 413
    long_title = client.post(url, {"title": "x" * 500, "baseline_date": "2026-12-01"}, format="json")
    assert long_title.status_code == 400 and "title" in long_title.json()
    assert client.get(f"{url}?cursor=garbage").status_code == 400
    assert not Milestone.objects.exists()


def test_workstreams_are_changed_by_managers_only(api, program, lead, manager):
    body = {"name": "Hypercare", "kind": "other"}
    assert api(lead).post(f"{base(program)}/workstreams/", body, format="json").status_code == 403
    made = api(manager).post(f"{base(program)}/workstreams/", body, format="json")
    assert made.status_code == 201
    dup = api(manager).post(f"{base(program)}/workstreams/", {"name": "HYPERCARE"}, format="json")
    assert dup.status_code == 400 and "already" in dup.json()["name"][0]


def test_a_lead_cannot_be_given_another_programs_workstream(api, program, other_program, lead):
    theirs = WorkstreamFactory(program=other_program)
    body = {"title": "x", "baseline_date": "2026-12-01", "workstream": theirs.pk}
    response = api(lead).post(f"{base(program)}/milestones/", body, format="json")
    assert response.status_code == 400 and "workstream" in response.json()


def test_members_are_for_managers_and_the_last_manager_stays(api, program, members, manager, outsider):
    client = api(manager)
    listed = client.get(f"{base(program)}/members/").json()["results"]
    assert {m["username"] for m in listed} == set(members)
    added = client.post(f"{base(program)}/members/", {"username": "outsider", "access": "viewer"}, format="json")
    assert added.status_code == 201
    again = client.post(f"{base(program)}/members/", {"username": "outsider"}, format="json")
    assert again.status_code == 400 and "already a member" in again.json()["username"][0]
    mine = Membership.objects.get(program=program, user=manager)
    demote = client.patch(f"{base(program)}/members/{mine.pk}/", {"access": "viewer"}, format="json")
    assert demote.status_code == 400 and "only program manager" in demote.json()["non_field_errors"][0]
    assert client.delete(f"{base(program)}/members/{mine.pk}/").status_code == 400
    theirs = Membership.objects.get(program=program, user=outsider)
    assert (
        client.patch(f"{base(program)}/members/{theirs.pk}/", {"access": "lead"}, format="json").json()["access"]
        == Access.LEAD
    )
    assert client.delete(f"{base(program)}/members/{theirs.pk}/").status_code == 204
    assert api(outsider).get(f"{base(program)}/").status_code == 404
