"""The governance API, continued: meetings scheduled, recorded, moved, started and cancelled, and their minutes
written and turned into actions, issues and decisions, through the services of the meeting page and refused
where it refuses."""

import datetime as dt

import pytest
from django.utils import timezone

from governance import services
from governance.models import Action, Decision, Issue, Meeting, Minute, Routine
from tests.api.conftest import base


def gov(program) -> str:
    return f"{base(program)}/governance"


@pytest.fixture
def routine(program):
    return Routine.objects.create(program=program, name="Steering committee", first_at=timezone.now())


def at(**delta) -> str:
    return (timezone.now() + dt.timedelta(**delta)).isoformat()


def test_a_meeting_is_scheduled_moved_started_and_not_cancelled_once_started(api, program, members, routine):
    manager = api(members["manager"])
    url = f"{gov(program)}/meetings/"
    past = manager.post(url, {"routine": routine.pk, "starts_at": at(hours=-2)}, format="json")
    assert past.status_code == 400 and "record the meeting that was held" in past.json()["starts_at"][0]
    made = manager.post(url, {"routine": routine.pk, "starts_at": at(days=2), "location": "Room 4"}, format="json")
    assert made.status_code == 201 and made.json()["status"] == "scheduled" and made["ETag"] == '"1"'
    assert made.json()["duration_minutes"] == routine.duration_minutes
    twice = manager.post(url, {"routine": routine.pk, "starts_at": made.json()["starts_at"]}, format="json")
    assert twice.status_code == 400 and "already has a meeting" in twice.json()["starts_at"][0]

    early = manager.post(f"{made['Location']}start/", {}, format="json")
    assert early.status_code == 400 and "more than an hour" in early.json()["non_field_errors"][0]
    into_past = manager.patch(made["Location"], {"starts_at": at(hours=-1)}, format="json", HTTP_IF_MATCH='"1"')
    assert into_past.status_code == 400 and "into the past" in into_past.json()["starts_at"][0]
    moved = manager.patch(made["Location"], {"starts_at": at(minutes=30)}, format="json", HTTP_IF_MATCH='"1"')
    assert moved.status_code == 200 and moved["ETag"] == '"2"'
    started = manager.post(f"{made['Location']}start/", {}, format="json")
    assert started.status_code == 200 and started.json()["status"] == "started" and started.json()["agenda"]
    refused = manager.post(f"{made['Location']}cancel/", {}, format="json")
    assert refused.status_code == 400 and "cannot be cancelled" in refused.json()["non_field_errors"][0]
    frozen = manager.patch(made["Location"], {"starts_at": at(hours=3)}, format="json", HTTP_IF_MATCH=started["ETag"])
    assert frozen.status_code == 400 and "can no longer move" in frozen.json()["starts_at"][0]

    held = manager.post(url, {"routine": routine.pk, "starts_at": at(days=-1), "held": True}, format="json")
    assert held.status_code == 201 and held.json()["status"] == "started" and held.json()["agenda_frozen_at"]
    other = manager.post(url, {"routine": routine.pk, "starts_at": at(days=9)}, format="json")
    cancelled = manager.post(f"{other['Location']}cancel/", {}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert manager.get(f"{url}?status=cancelled").json()["results"][0]["id"] == other.json()["id"]


def test_minutes_are_written_and_a_line_becomes_an_action_an_issue_or_a_decision_once(api, program, members,
                                                                                     routine):  # fmt: skip
    meeting = services.meeting_schedule(routine=routine, starts_at=timezone.now() + dt.timedelta(minutes=20),
                                        user=members["manager"])  # fmt: skip
    lead, executive = api(members["lead"]), api(members["executive"])
    minutes = f"{gov(program)}/meetings/{meeting.pk}/minutes/"
    first = lead.post(minutes, {"text": "Wave 1 slips a week", "carry_over": True}, format="json")
    assert first.status_code == 201 and first.json()["position"] == 1 and first.json()["author"] == "lead"
    assert Meeting.objects.get().status == "started"  # the first line starts the meeting, as on the page
    edited = lead.patch(first["Location"], {"text": "Wave 1 slips two weeks"}, format="json",
                        HTTP_IF_MATCH=first["ETag"])  # fmt: skip
    assert edited.status_code == 200 and edited["ETag"] == '"2"'
    stale = lead.patch(first["Location"], {"text": "Overwrite"}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert stale.status_code == 412

    due = str(timezone.localdate() + dt.timedelta(days=5))
    action = lead.post(f"{first['Location']}to-action/", {"owner": "si", "due_date": due}, format="json")
    assert action.status_code == 201 and action.json()["title"] == "Wave 1 slips two weeks"
    assert action.json()["meeting"] == meeting.pk and lead.get(action["Location"]).status_code == 200
    again = lead.post(f"{first['Location']}to-issue/", {}, format="json")
    assert again.status_code == 400 and "already became" in again.json()["non_field_errors"][0]
    line = lead.get(first["Location"]).json()
    assert line["outcome"] == "action" and line["action"] == action.json()["id"]

    second = lead.post(minutes, {"text": "Agents on site not trained"}, format="json")
    issue = lead.post(f"{second['Location']}to-issue/", {"severity": "2"}, format="json")
    assert issue.status_code == 201 and issue.json()["code"] == "I-01"
    third = lead.post(minutes, {"text": "Go with wave 1"}, format="json")
    body = {"title": "Wave 1 first", "decision": "Wave 1 goes live first."}
    assert lead.post(f"{third['Location']}to-decision/", body, format="json").status_code == 403  # leads do not decide
    decision = executive.post(f"{third['Location']}to-decision/", body, format="json")
    assert decision.status_code == 201 and decision.json()["decided_by"] == "Steering committee"
    assert decision.json()["meeting"] == meeting.pk
    assert [m["outcome"] for m in lead.get(minutes).json()["results"]] == ["action", "issue", "decision"]
    assert (Action.objects.count(), Issue.objects.count(), Decision.objects.count()) == (1, 1, 1)


def test_minutes_are_refused_on_a_cancelled_meeting_or_one_far_ahead(api, program, members, routine):
    later = services.meeting_schedule(routine=routine, starts_at=timezone.now() + dt.timedelta(days=3),
                                      user=members["manager"])  # fmt: skip
    lead = api(members["lead"])
    ahead = lead.post(f"{gov(program)}/meetings/{later.pk}/minutes/", {"text": "Early note"}, format="json")
    assert ahead.status_code == 400 and "more than an hour" in ahead.json()["non_field_errors"][0]
    services.meeting_cancel(meeting=later)
    gone = lead.post(f"{gov(program)}/meetings/{later.pk}/minutes/", {"text": "Note"}, format="json")
    assert gone.status_code == 400 and "cancelled" in gone.json()["non_field_errors"][0]
    assert not Minute.objects.exists()


@pytest.mark.parametrize("what", ["meetings", "minutes"])
def test_meetings_and_minutes_refuse_outsiders_the_wrong_role_and_anonymous(api, program, members, outsider,
                                                                            routine, what):  # fmt: skip
    meeting = Meeting.objects.create(program=program, routine=routine, starts_at=timezone.now())
    if what == "meetings":
        url, body, refused = f"{gov(program)}/meetings/", {"routine": routine.pk, "starts_at": at(days=1)}, "lead"
    else:
        url, body, refused = f"{gov(program)}/meetings/{meeting.pk}/minutes/", {"text": "A line"}, "executive"
    assert api(outsider).get(url).status_code == 404
    assert api(outsider).post(url, body, format="json").status_code == 404
    assert api(members[refused]).post(url, body, format="json").status_code == 403
    assert api(members["viewer"]).post(url, body, format="json").status_code == 403
    assert api().post(url, body, format="json").status_code == 401
    assert Meeting.objects.count() == 1 and not Minute.objects.exists()


def test_minutes_cost_the_same_queries_whatever_their_length(api, program, members, routine,
                                                             django_assert_max_num_queries):  # fmt: skip
    meeting = Meeting.objects.create(program=program, routine=routine, starts_at=timezone.now())
    client = api(members["viewer"])
    url = f"{gov(program)}/meetings/{meeting.pk}/minutes/"
    client.get(url)  # warm: the token's last use is written once a minute

    def grow(start, n):
        for i in range(start, start + n):
            minute = services.minute_add(meeting=meeting, text=f"Line {i}", user=members["lead"])
            if i % 3 == 0:
                services.minute_to_action(minute=minute, user=members["lead"], owner=members["lead"],
                                          due_date=timezone.localdate())  # fmt: skip
            elif i % 3 == 1:
                services.minute_to_issue(minute=minute, user=members["lead"])

    grow(0, 2)
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    grow(2, 12)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(url).json()["results"]) == 14
