"""Governance rules as a user meets them: routines, meetings, minutes, decisions, actions and issues."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, transaction
from django.utils import timezone

from governance import selectors, services
from governance.models import Decision, Meeting, Routine
from readiness.models import GoNoGoDecision
from readiness.services import snapshot_take
from tests.factories import GoLiveEventFactory, MilestoneFactory, RiskFactory
from tests.governance.conftest import membership

NOW = timezone.now


def days(n):
    return dt.timedelta(days=n)


# Routines ------------------------------------------------------------------------------------------------


def test_a_program_is_offered_the_starting_routines_and_hypercare_follows_its_first_go_live(program, roles):
    added = services.routines_add_starting_set(program=program)
    assert [r.name for r in added] == [
        "Steering committee",
        "Weekly people & change risk review",
        "Weekly pre-CAB change review",
        "Monthly service review",
        "Strategic technology plan review",
    ]  # fmt: skip  (no go-live yet: no hypercare)
    steering = added[0]
    assert steering.trigger_owner.code == "PGL" and steering.cadence == "monthly"
    assert {r.code for r in steering.attendees.all()} == {"EXS", "PGL", "CCO", "PO", "TEL", "OCM"}
    assert "Readiness of the next go-live" in steering.inputs

    # A window inside one day (09:00–15:00), whatever the time the suite runs at.
    opens = timezone.localtime(NOW() + days(40)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = GoLiveEventFactory(program=program, starts_at=opens, ends_at=opens + dt.timedelta(hours=6))
    again = services.routines_add_starting_set(program=program)
    assert [r.name for r in again] == ["Daily hypercare stand-up"]
    hypercare = again[0]
    start = timezone.localtime(event.starts_at).date()
    assert hypercare.active_from == start
    assert hypercare.active_until == timezone.localtime(event.ends_at).date() + days(30)
    upcoming = selectors.cadence.next_occurrences(hypercare.rhythm, after=NOW(), count=40)
    assert len(upcoming) == 31 and timezone.localtime(upcoming[0]).date() == start
    assert services.routines_add_starting_set(program=program) == []  # nothing twice


def test_a_routine_refuses_an_unknown_time_zone_another_programs_role_and_a_backwards_window(
    program, other_program, roles
):
    foreign = other_program.roles.create(code="PGL", name="x", side="program")
    base = {"program": program, "name": "Stand-up", "cadence": "daily", "first_at": NOW()}
    with pytest.raises(ValidationError, match="not a time zone"):
        services.routine_create(**base, time_zone="Mars/Olympus")
    with pytest.raises(ValidationError, match="not part of this program"):
        services.routine_create(**base, trigger_owner=foreign)
    with pytest.raises(ValidationError, match="stop meeting before"):
        services.routine_create(**base, active_from=dt.date(2027, 2, 1), active_until=dt.date(2027, 1, 1))


# Meetings ------------------------------------------------------------------------------------------------


def test_a_past_meeting_is_recorded_not_scheduled(steering, manager):
    with pytest.raises(ValidationError, match="record the meeting"):
        services.meeting_schedule(routine=steering, starts_at=NOW() - days(1), user=manager)
    held = services.meeting_record(routine=steering, starts_at=NOW() - days(1), user=manager)
    assert held.is_frozen and held.status == "started"
    with pytest.raises(ValidationError, match="schedule it instead"):
        services.meeting_record(routine=steering, starts_at=NOW() + days(1), user=manager)
    when = NOW() + days(3)
    services.meeting_schedule(routine=steering, starts_at=when, user=manager)
    with pytest.raises(ValidationError, match="already has a meeting at that time"):
        services.meeting_schedule(routine=steering, starts_at=when, user=manager)
    assert Meeting.objects.filter(routine=steering).count() == 2


def test_the_agenda_is_live_until_the_meeting_starts_then_frozen(program, steering, manager):
    risk = RiskFactory(program=program, code="PCR-03", title="Supervisors resist QM", likelihood=4, impact=4)
    RiskFactory(program=program, code="PCR-09", title="Low risk", likelihood=1, impact=2)
    MilestoneFactory(program=program, title="Porting complete", baseline_date=timezone.localdate() - days(5))
    meeting = services.meeting_schedule(routine=steering, starts_at=NOW() + dt.timedelta(minutes=30), user=manager)

    live = {s["key"]: s for s in selectors.meeting_agenda(meeting)}
    assert [line["ref"] for line in live["risks"]["lines"]] == ["PCR-03"]
    assert "5 days late" in live["milestones"]["lines"][0]["detail"]
    assert live["readiness"]["lines"] == []

    services.meeting_start(meeting=meeting)
    RiskFactory(program=program, code="PCR-10", title="Raised after the start", likelihood=5, impact=5)
    risk.delete()
    meeting.refresh_from_db()
    frozen = {s["key"]: s for s in selectors.meeting_agenda(meeting)}
    assert [line["ref"] for line in frozen["risks"]["lines"]] == ["PCR-03"]  # as it was when it started
    assert services.meeting_start(meeting=meeting).agenda_frozen_at == meeting.agenda_frozen_at  # twice: once


def test_steering_sees_the_next_go_lives_readiness_from_its_latest_snapshot(program, steering, manager):
    event = GoLiveEventFactory(program=program, name="Wave 1")
    snapshot_take(event=event)
    meeting = services.meeting_schedule(routine=steering, starts_at=NOW() + days(2), user=manager)
    readiness = next(s for s in selectors.meeting_agenda(meeting) if s["key"] == "readiness")
    assert readiness["lines"][0]["text"].startswith("Wave 1: ")
    assert readiness["lines"][0]["link"] == event.get_absolute_url()


def test_a_meeting_far_ahead_is_not_started_and_a_started_one_is_not_moved(steering, manager):
    meeting = services.meeting_schedule(routine=steering, starts_at=NOW() + days(3), user=manager)
    with pytest.raises(ValidationError, match="more than an hour"):
        services.meeting_start(meeting=meeting)
    with pytest.raises(ValidationError, match="more than an hour"):
        services.minute_add(meeting=meeting, text="Too early", user=manager)
    held = services.meeting_record(routine=steering, starts_at=NOW() - days(1), user=manager)
    with pytest.raises(ValidationError, match="can no longer move"):
        services.meeting_update(meeting=held, version=held.version, starts_at=NOW() + days(1))


def test_carried_over_lines_and_open_actions_come_back_at_the_next_meeting(program, steering, manager, lead):
    first = services.meeting_record(routine=steering, starts_at=NOW() - days(30), user=manager)
    services.minute_add(meeting=first, text="Confirm the freeze dates with CAB", user=lead, carry_over=True)
    services.minute_add(meeting=first, text="Noted the training plan", user=lead)
    line = services.minute_add(meeting=first, text="Publish the hypercare rota", user=lead)
    services.minute_to_action(minute=line, user=lead, owner=lead, due_date=timezone.localdate() + days(10))
    following = services.meeting_schedule(routine=steering, starts_at=NOW() + days(1), user=manager)
    carried = next(s for s in selectors.meeting_agenda(following) if s["key"] == "carried_over")
    assert [x["text"] for x in carried["lines"]] == ["Confirm the freeze dates with CAB", "Publish the hypercare rota"]


# Minutes -------------------------------------------------------------------------------------------------


def test_a_minute_becomes_one_action_and_the_first_minute_starts_the_meeting(steering, manager, lead):
    meeting = services.meeting_schedule(routine=steering, starts_at=NOW() + dt.timedelta(minutes=5), user=manager)
    minute = services.minute_add(meeting=meeting, text="Agents need a floor-walker per site", user=lead)
    meeting.refresh_from_db()
    assert meeting.is_frozen
    action = services.minute_to_action(minute=minute, user=lead, owner=lead, due_date=timezone.localdate() + days(7))
    minute.refresh_from_db()
    assert (minute.outcome, minute.action, action.meeting) == ("action", action, meeting)
    assert action.title == "Agents need a floor-walker per site"
    with pytest.raises(ValidationError, match="already became action"):
        services.minute_to_issue(minute=minute, user=lead, severity="2")


def test_a_minute_recorded_as_a_decision_needs_a_decider(program, steering, manager, lead, members):
    meeting = services.meeting_record(routine=steering, starts_at=NOW() - days(1), user=manager)
    minute = services.minute_add(meeting=meeting, text="Wave 1 is the two service lines", user=lead)
    with pytest.raises(PermissionDenied):
        services.minute_to_decision(minute=minute, membership=membership(program, lead), title="Wave 1 scope",
                                    decision="The two service lines")  # fmt: skip
    decision = services.minute_to_decision(minute=minute, membership=membership(program, members["executive"]),
                                           title="Wave 1 scope", decision="The two service lines")  # fmt: skip
    assert decision.is_recorded and decision.meeting == meeting and decision.decided_by == "Steering committee"
    assert decision.decided_on == timezone.localdate(meeting.starts_at)


# Decisions -----------------------------------------------------------------------------------------------


def test_a_recorded_decision_cannot_change_even_in_the_database_and_is_superseded_instead(program, manager):
    boss = membership(program, manager)
    first = services.decision_record(program=program, membership=boss, title="Pilot site",
                                     decision="Glasgow pilots", decided_by="Steering committee")  # fmt: skip
    with pytest.raises((InternalError, IntegrityError), match="append-only"), transaction.atomic():
        Decision.objects.filter(pk=first.pk).update(title="Edinburgh pilots")
    with pytest.raises((InternalError, IntegrityError), match="append-only"), transaction.atomic():
        Decision.objects.filter(pk=first.pk).delete()
    with pytest.raises(ValidationError, match="supersedes"):
        services.decision_update(decision=first, version=first.version, title="Edinburgh")

    second = services.decision_record(program=program, membership=boss, title="Pilot site",
                                      decision="Edinburgh pilots: Glasgow's floor is being rebuilt",
                                      supersedes=first)  # fmt: skip
    assert (first.ref, second.ref) == ("D-001", "D-002")
    log = {e.ref: e for e in selectors.decision_log(program)}
    assert log["D-001"].status == "superseded" and log["D-001"].superseded_by == "D-002"
    with pytest.raises(ValidationError, match="already superseded"):
        services.decision_record(program=program, membership=boss, title="x", decision="y", supersedes=first)


def test_a_recorded_decisions_links_are_frozen_in_the_database_while_a_waiting_ones_still_move(program, manager,
                                                                                                lead):  # fmt: skip
    risk, other = RiskFactory(program=program), RiskFactory(program=program)
    recorded = services.decision_record(program=program, membership=membership(program, manager), title="Pilot site",
                                        decision="Glasgow pilots", risks=[risk])  # fmt: skip
    assert list(recorded.risks.all()) == [risk]
    assert [h.history_type for h in recorded.history.all()] == ["+"]  # one creation, already decided
    links = Decision.risks.through.objects.filter(decision=recorded)
    for change in (lambda: recorded.risks.add(other), lambda: recorded.risks.remove(risk),
                   lambda: links.update(risk=other), lambda: links.delete()):  # fmt: skip
        with pytest.raises((InternalError, IntegrityError), match="keeps its links"), transaction.atomic():
            change()
    assert list(recorded.risks.all()) == [risk]

    waiting = services.decision_raise(program=program, user=lead, title="Which WFM tool", risks=[risk])
    waiting = services.decision_update(decision=waiting, version=waiting.version, risks=[other], workstreams=[],
                                       milestones=[])  # fmt: skip
    assert list(waiting.risks.all()) == [other]
    decided = services.decision_decide(decision=waiting, version=waiting.version, decision_text="Keep it",
                                       membership=membership(program, manager), decided_by="Sponsor")  # fmt: skip
    with pytest.raises((InternalError, IntegrityError), match="keeps its links"), transaction.atomic():
        decided.risks.clear()


def test_a_waiting_decision_is_edited_then_decided_once(program, manager, lead, members):
    raised = services.decision_raise(program=program, user=lead, title="Which WFM tool", options="Keep\nReplace",
                                     needed_by=timezone.localdate() + days(10))  # fmt: skip
    raised = services.decision_update(decision=raised, version=raised.version, title="Which WFM tool for wave 2")
    assert [d.title for d in selectors.open_decisions(program)] == ["Which WFM tool for wave 2"]
    with pytest.raises(PermissionDenied):
        services.decision_decide(decision=raised, version=raised.version, membership=membership(program, lead),
                                 decision_text="Replace", decided_by="Sponsor")  # fmt: skip
    decided = services.decision_decide(decision=raised, version=raised.version,
                                       membership=membership(program, members["executive"]),
                                       decision_text="Replace it", decided_by="Sponsor")  # fmt: skip
    assert decided.is_recorded and decided.decided_on == timezone.localdate()
    assert list(selectors.open_decisions(program)) == []
    with pytest.raises(ValidationError, match="in the past"):
        services.decision_raise(program=program, user=lead, title="Late", needed_by=timezone.localdate() - days(1))


def test_go_no_go_decisions_appear_in_the_same_log(program, manager):
    event = GoLiveEventFactory(program=program, name="Wave 1")
    GoNoGoDecision.objects.create(event=event, snapshot=snapshot_take(event=event), outcome="no_go",
                                  rationale="Agents not trained", decided_by=manager)  # fmt: skip
    services.decision_record(program=program, membership=membership(program, manager), title="Defer wave 1",
                             decision="Two weeks later")  # fmt: skip
    log = selectors.decision_log(program)
    assert {e.source for e in log} == {"governance", "go-live"}
    go = next(e for e in log if e.source == "go-live")
    assert go.title == "Go/no-go: Wave 1" and go.decision.startswith("No-go. Agents not trained")


# Actions and issues --------------------------------------------------------------------------------------


def test_an_action_due_before_it_was_raised_is_refused_and_its_owner_may_close_it(program, manager, lead, viewer):
    with pytest.raises(ValidationError, match="before the action was raised"):
        services.action_create(program=program, user=lead, title="Late", owner=viewer,
                               due_date=timezone.localdate() - days(1))  # fmt: skip
    action = services.action_create(program=program, user=lead, title="Brief the floor", owner=viewer,
                                    due_date=timezone.localdate())  # fmt: skip
    done = services.action_set_status(action=action, membership=membership(program, viewer), status="done")
    assert done.completed_on == timezone.localdate() and done.version == action.version + 1
    other = program.memberships.get(access="executive")
    with pytest.raises(PermissionDenied):
        services.action_set_status(action=action, membership=other, status="open")


def test_my_actions_cover_my_programs_and_stop_when_i_leave_one(program, other_program, lead):
    from programs.services import membership_remove, membership_set

    services.action_create(program=program, user=lead, title="Contoso", owner=lead, due_date=timezone.localdate())
    membership_set(program=other_program, user=lead, access="lead")
    services.action_create(program=other_program, user=lead, title="Fabrikam", owner=lead,
                           due_date=timezone.localdate() + days(1))  # fmt: skip
    assert [a.title for a in selectors.my_actions(lead)] == ["Contoso", "Fabrikam"]
    membership_remove(membership=other_program.memberships.get(user=lead))
    assert [a.title for a in selectors.my_actions(lead)] == ["Contoso"]


def test_a_realised_risk_becomes_one_issue_that_keeps_the_link(program, lead):
    risk = RiskFactory(program=program, code="PCR-05", title="Agents leave", likelihood=4, impact=5,
                       consequence="Queues unanswered")  # fmt: skip
    with pytest.raises(ValidationError, match="realised"):
        services.issue_create(program=program, title="x", risk=risk)
    risk.status = "realised"
    risk.save()
    defaults = services.issue_from_risk_defaults(risk)
    assert defaults["severity"] == "1" and defaults["description"] == "Queues unanswered"
    issue = services.issue_create(program=program, **defaults)
    assert issue.code == "I-01" and risk.governance_issue == issue
    with pytest.raises(ValidationError, match="already has an issue"):
        services.issue_create(program=program, title="again", risk=risk)


def test_routines_show_a_missed_meeting(program, steering, manager):
    weekly = Routine.objects.create(program=program, name="Weekly", cadence="weekly",
                                    first_at=NOW() - days(20))  # fmt: skip
    services.meeting_record(routine=weekly, starts_at=NOW() - days(20), user=manager)
    services.meeting_record(routine=weekly, starts_at=NOW() - days(13), user=manager)
    rows = {row.routine.name: row for row in selectors.routine_overview(program)}
    assert rows["Weekly"].missed_at is not None  # six days ago nobody met
    services.meeting_record(routine=weekly, starts_at=NOW() - days(6), user=manager)
    rows = {row.routine.name: row for row in selectors.routine_overview(program)}
    assert rows["Weekly"].missed_at is None and rows["Weekly"].next_at > NOW()
