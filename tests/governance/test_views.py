"""Governance pages: what each person sees and does, double submits, and query counts constant in rows."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.models import Action, Meeting
from readiness.models import GoNoGoDecision
from readiness.services import snapshot_take
from tests.factories import GoLiveEventFactory, MilestoneFactory, RiskFactory
from tests.governance.conftest import membership


def url(name, program, **kwargs):
    return reverse(f"governance:{name}", kwargs={"program_slug": program.slug, **kwargs})


def fill(program, steering, manager, lead, n):
    """n of everything a meeting page, the decision log and my actions show."""
    today = timezone.localdate()
    boss = membership(program, manager)
    meeting = services.meeting_record(routine=steering, starts_at=timezone.now() - dt.timedelta(hours=1), user=manager)
    for i in range(n):
        RiskFactory(program=program, likelihood=5, impact=4)
        MilestoneFactory(program=program, baseline_date=today - dt.timedelta(days=3))
        minute = services.minute_add(meeting=meeting, text=f"Line {i}", user=lead)
        services.minute_to_action(minute=minute, user=lead, owner=lead, due_date=today + dt.timedelta(days=i))
        decided = services.minute_to_decision(
            minute=services.minute_add(meeting=meeting, text=f"Decide {i}", user=lead), membership=boss,
            title=f"Decision {i}", decision="Yes", risks=[], workstreams=list(program.workstreams.all()),
        )  # fmt: skip
        services.decision_raise(program=program, user=lead, title=f"Open {i}")
        services.decision_record(program=program, membership=boss, title=f"Again {i}", decision="No",
                                 supersedes=decided)  # fmt: skip
        event = GoLiveEventFactory(program=program)
        GoNoGoDecision.objects.create(event=event, snapshot=snapshot_take(event=event), outcome="go", rationale="ok",
                                      decided_by=manager)  # fmt: skip
        services.issue_create(program=program, title=f"Issue {i}", severity="2", owner=lead)
    # a meeting to come shows the live agenda
    return meeting, services.meeting_schedule(routine=steering, starts_at=timezone.now() + dt.timedelta(days=1),
                                              user=manager)  # fmt: skip


def count_queries(client, target, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(target).status_code == 200
    return len(captured.captured_queries)


def test_pages_run_a_constant_number_of_queries(client_for, program, steering, manager, lead,
                                                django_assert_max_num_queries):  # fmt: skip
    pages = lambda held, coming: [  # noqa: E731
        url("meeting_detail", program, meeting_id=held.pk), url("meeting_detail", program, meeting_id=coming.pk),
        url("decision_log", program), url("overview", program), url("action_list", program), url("issue_list", program),
        reverse("governance_personal:my_actions"),
    ]  # fmt: skip
    client = client_for(lead)
    held, coming = fill(program, steering, manager, lead, 2)
    small = [count_queries(client, page, django_assert_max_num_queries, 60) for page in pages(held, coming)]
    Meeting.objects.filter(pk=coming.pk).delete()
    held2, coming2 = fill(program, steering, manager, lead, 8)
    large = [count_queries(client, page, django_assert_max_num_queries, 60) for page in pages(held2, coming2)]
    assert large == small, (small, large)


def test_the_manager_schedules_the_next_meeting_once_even_when_the_form_is_sent_twice(client_for, program, steering,
                                                                                     manager):  # fmt: skip
    client = client_for(manager)
    page = client.get(url("meeting_create", program, routine_id=steering.pk))
    form = page.context["form"]
    start = timezone.localtime(timezone.now() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    assert form.initial["starts_at"] > timezone.now()  # the next occurrence is offered
    data = {"starts_at": start, "duration_minutes": 90, "location": "Board room",
            "submission": form["submission"].value()}  # fmt: skip
    first = client.post(url("meeting_create", program, routine_id=steering.pk), data)
    second = client.post(url("meeting_create", program, routine_id=steering.pk), data, follow=True)
    assert Meeting.objects.filter(routine=steering).count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]

    past = timezone.localtime(timezone.now() - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(url("meeting_create", program, routine_id=steering.pk),
                          {"starts_at": past, "duration_minutes": 60})  # fmt: skip
    assert refused.status_code == 200 and "record the meeting that was held" in refused.content.decode()
    recorded = client.post(url("meeting_create", program, routine_id=steering.pk),
                           {"starts_at": past, "duration_minutes": 60, "held": "on"})  # fmt: skip
    assert recorded.status_code == 302 and Meeting.objects.filter(routine=steering).count() == 2


def test_minutes_are_written_in_place_and_a_line_becomes_an_action(client_for, program, steering, manager, lead):
    meeting = services.meeting_record(routine=steering, starts_at=timezone.now() - dt.timedelta(hours=1), user=manager)
    client = client_for(lead)
    answer = client.post(url("minute_add", program, meeting_id=meeting.pk), {"text": "Rota for hypercare"},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert answer.status_code == 200 and 'id="minutes"' in answer.content.decode()
    assert "Rota for hypercare" in answer.content.decode() and "<html" not in answer.content.decode()
    minute = meeting.minutes.get()
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    answer = client.post(url("minute_action", program, meeting_id=meeting.pk, minute_id=minute.pk),
                         {"title": "Publish the hypercare rota", "owner": lead.pk, "due_date": due},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert "action for lead" in answer.content.decode()
    assert Action.objects.get().title == "Publish the hypercare rota"
    late = client.post(url("minute_action", program, meeting_id=meeting.pk, minute_id=minute.pk),
                       {"owner": lead.pk, "due_date": due}, headers={"HX-Request": "true"})  # fmt: skip
    assert "already became action" in late.content.decode() and Action.objects.count() == 1


def test_who_may_decide_and_who_may_close_an_action(client_for, program, steering, manager, lead, viewer, members):
    client = client_for(lead)
    assert client.get(url("decision_record", program)).status_code == 403  # leads record minutes, not decisions
    executive = client_for(members["executive"])
    assert executive.post(url("decision_record", program),
                          {"title": "Pilot site", "decision": "Glasgow"}).status_code == 302  # fmt: skip
    action = services.action_create(program=program, user=lead, title="Brief agents", owner=viewer,
                                    due_date=timezone.localdate())  # fmt: skip
    mine = client_for(viewer).post(url("action_status", program, action_id=action.pk), {"status": "done"})
    assert mine.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    other = client_for(members["executive"]).post(url("action_status", program, action_id=action.pk),
                                                  {"status": "open"})  # fmt: skip
    assert other.status_code == 403


def test_a_realised_risk_offers_its_issue_from_the_risk_page(client_for, program, lead):
    risk = RiskFactory(program=program, code="PCR-05", title="Agents leave", status="realised")
    client = client_for(lead)
    risk_page = client.get(reverse("programs:risk_detail", kwargs={"program_slug": program.slug, "risk_id": risk.pk}))
    offer = url("risk_issue", program, risk_id=risk.pk)
    assert offer in risk_page.content.decode()
    form = client.get(offer).context["form"]
    assert form.initial["title"] == "Agents leave"
    created = client.post(offer, {"code": "", "title": "Agents leave", "severity": "2", "status": "open",
                                  "submission": form["submission"].value()})  # fmt: skip
    assert created.status_code == 302
    assert client.get(offer)["Location"] == risk.governance_issue.get_absolute_url()  # the link is kept
    risk_page = client.get(reverse("programs:risk_detail", kwargs={"program_slug": program.slug, "risk_id": risk.pk}))
    assert "I-01 Agents leave" in risk_page.content.decode()


def test_an_action_is_raised_from_a_decisions_page_once_and_listed_there(client_for, program, manager, lead, viewer):
    decided = services.decision_record(program=program, membership=membership(program, manager), title="Pilot site",
                                       decision="Edinburgh pilots")  # fmt: skip
    client = client_for(lead)
    page = client.get(decided.get_absolute_url()).content.decode()
    raise_url = url("decision_action_create", program, log_decision_id=decided.pk)
    assert raise_url in page
    form = client.get(raise_url).context["form"]
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    data = {"title": "Book the Edinburgh floor", "owner": viewer.pk, "due_date": due,
            "submission": form["submission"].value()}  # fmt: skip
    first = client.post(raise_url, data)
    client.post(raise_url, data)  # sent twice
    action = Action.objects.get()
    assert first["Location"] == action.get_absolute_url() and action.decision == decided
    assert "Book the Edinburgh floor" in client.get(decided.get_absolute_url()).content.decode()
    late = client.post(raise_url, {**data, "submission": "", "due_date": "2020-01-01"})
    assert late.status_code == 200 and "cannot be before" in late.content.decode() and Action.objects.count() == 1
    assert raise_url not in client_for(viewer).get(decided.get_absolute_url()).content.decode()
