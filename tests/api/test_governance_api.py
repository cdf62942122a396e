"""The governance API: the decision log append-only once decided, actions with the version read and "mine",
issues, routines and meetings as read; the pages' rules through the same services."""

import datetime as dt

from django.utils import timezone

from governance.models import Action, Decision, Issue, Meeting, Routine
from tests.api.conftest import base
from tests.factories import UserFactory


def gov(program) -> str:
    return f"{base(program)}/governance"


def test_a_decided_decision_is_append_only_and_superseded_once(api, program, members):
    executive, lead = api(members["executive"]), api(members["lead"])
    body = {"title": "Wave 1 first", "decision": "Wave 1 goes live before wave 2.", "decided_by": "Steering"}
    assert lead.post(f"{gov(program)}/decisions/record/", body, format="json").status_code == 403
    made = executive.post(f"{gov(program)}/decisions/record/", body, format="json")
    assert made.status_code == 201 and made.json()["ref"] == "D-001" and made.json()["status"] == "recorded"

    edit = lead.patch(made["Location"], {"title": "Wave 2 first"}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert edit.status_code == 400 and "supersedes" in edit.json()["non_field_errors"][0]
    reverse = {"decision": "Wave 2 goes first after all."}
    later = executive.post(f"{made['Location']}supersede/", reverse, format="json")
    assert later.status_code == 201 and later.json()["supersedes"] == made.json()["id"]
    assert executive.get(made["Location"]).json()["superseded_by"] == later.json()["id"]
    twice = executive.post(f"{made['Location']}supersede/", reverse, format="json")
    assert twice.status_code == 400 and "already superseded" in twice.json()["non_field_errors"][0]
    assert Decision.objects.get(number=1).title == "Wave 1 first"


def test_a_raised_decision_waits_is_edited_then_decided_at_the_version_read(api, program, members):
    lead, executive = api(members["lead"]), api(members["executive"])
    raised = lead.post(f"{gov(program)}/decisions/", {"title": "Which IVR vendor"}, format="json")
    assert raised.status_code == 201 and raised.json()["status"] == "pending"
    edited = lead.patch(raised["Location"], {"context": "Two bids"}, format="json", HTTP_IF_MATCH=raised["ETag"])
    assert edited.status_code == 200 and edited["ETag"] == '"2"'
    stale = executive.post(f"{raised['Location']}decide/", {"decision": "Vendor A"}, format="json",
                           HTTP_IF_MATCH=raised["ETag"])  # fmt: skip
    assert stale.status_code == 412 and stale.json()["current"]["context"] == "Two bids"
    assert lead.post(f"{raised['Location']}decide/", {"decision": "A", "version": 2}, format="json").status_code == 403
    decided = executive.post(f"{raised['Location']}decide/", {"decision": "Vendor A", "version": 2}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "recorded"
    pending = lead.get(f"{gov(program)}/decisions/?status=pending").json()["results"]
    assert pending == []


def test_actions_are_kept_with_the_version_read_and_owners_close_their_own(api, program, members):
    lead, viewer = api(members["lead"]), api(members["viewer"])
    today = timezone.localdate()
    body = {"title": "Publish the hypercare rota", "owner": "viewer", "due_date": str(today + dt.timedelta(days=3))}
    assert viewer.post(f"{gov(program)}/actions/", body, format="json").status_code == 403
    made = lead.post(f"{gov(program)}/actions/", body, format="json")
    assert made.status_code == 201
    lead.post(f"{gov(program)}/actions/", {**body, "title": "Lead's own", "owner": "lead"}, format="json")
    late = lead.post(f"{gov(program)}/actions/", {**body, "due_date": str(today - dt.timedelta(days=1))}, format="json")
    assert late.status_code == 400 and "due_date" in late.json()
    outsider = UserFactory(username="stranger")
    foreign = lead.post(f"{gov(program)}/actions/", {**body, "owner": outsider.username}, format="json")
    assert foreign.status_code == 400 and "owner" in foreign.json()

    padded = lead.post(f"{gov(program)}/actions/", {**body, "title": " " + "x" * 300}, format="json")
    assert padded.status_code == 400 and "300 characters" in padded.json()["title"][0]  # the length as sent
    assert viewer.get(f"{gov(program)}/actions/?mine=null").status_code == 400  # not read as "any"
    mine = viewer.get(f"{gov(program)}/actions/?mine=true").json()["results"]
    assert [a["title"] for a in mine] == ["Publish the hypercare rota"]
    assert viewer.patch(made["Location"], {"title": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code == 403
    done = viewer.post(f"{made['Location']}status/", {"status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["completed_on"] == str(today) and done["ETag"] == '"2"'
    stale = lead.patch(made["Location"], {"notes": "Rota in the wiki"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current"]["status"] == "done"
    theirs = Action.objects.get(title="Lead's own")
    refused = viewer.post(f"{gov(program)}/actions/{theirs.pk}/status/", {"status": "done"}, format="json")
    assert refused.status_code == 403 and Action.objects.get(pk=theirs.pk).status == "open"


def test_issues_are_raised_and_kept_as_on_the_issue_log(api, program, members):
    lead = api(members["lead"])
    made = lead.post(f"{gov(program)}/issues/", {"title": "Agents not trained", "severity": "2"}, format="json")
    assert made.status_code == 201 and made.json()["code"] == "I-01"
    clash = lead.post(f"{gov(program)}/issues/", {"title": "Other", "code": "I-01"}, format="json")
    assert clash.status_code == 400 and "already used" in clash.json()["code"][0]
    closed = lead.patch(made["Location"], {"status": "closed", "resolution": "Trained"}, format="json",
                        HTTP_IF_MATCH=made["ETag"])  # fmt: skip
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert api(members["viewer"]).post(f"{gov(program)}/issues/", {"title": "x"}, format="json").status_code == 403
    assert [i["code"] for i in lead.get(f"{gov(program)}/issues/?status=closed").json()["results"]] == ["I-01"]
    assert Issue.objects.count() == 1


def test_governance_lists_cost_the_same_queries_whatever_their_length(api, program, members,
                                                                      django_assert_max_num_queries):  # fmt: skip
    client = api(members["viewer"])
    urls = [f"{gov(program)}/{kind}/" for kind in ("routines", "meetings", "decisions", "actions", "issues")]
    client.get(urls[0])  # warm: the token's last use is written once a minute

    def grow(n, start):
        for i in range(start, start + n):
            routine = Routine.objects.create(program=program, name=f"Routine {i}", first_at=timezone.now())
            routine.attendees.add(*program.roles.all()[:2])
            meeting = Meeting.objects.create(program=program, routine=routine, starts_at=timezone.now())
            decision = Decision.objects.create(program=program, number=i + 1, title=f"D {i}", meeting=meeting,
                                               raised_by=members["lead"])  # fmt: skip
            Action.objects.create(program=program, title=f"A {i}", owner=members["lead"], decision=decision,
                                  meeting=meeting, due_date=timezone.localdate())  # fmt: skip
            Issue.objects.create(program=program, code=f"I-{i:02d}", title="x", owner=members["lead"], meeting=meeting)

    grow(1, 0)
    with django_assert_max_num_queries(40) as one:
        for url in urls:
            client.get(url)
    grow(12, 1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        for url in urls:
            assert len(client.get(url).json()["results"]) >= 13


def test_a_link_sent_as_an_empty_string_is_refused_not_read_as_null(api, program, members):
    """The schema says an id or null: "" is neither (DRF alone would read it as null and record the decision)."""
    body = {"title": "Keep the old IVR", "decision": "Keep it", "supersedes": ""}
    answer = api(members["manager"]).post(f"{gov(program)}/decisions/record/", body, format="json")
    assert answer.status_code == 400 and "supersedes" in answer.json()
    assert not program.governance_decisions.exists()
