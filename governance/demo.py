"""The demo program's governance: the starting routines, two past meetings with minutes that became decisions,
actions (some overdue) and an issue from a realised risk, a decision waiting and the next steering committee."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from programs.services import risk_update

from . import cadence, services
from .models import Action, Routine

MOVED_BACK = ("Steering committee", "Weekly people & change risk review", "Weekly pre-CAB change review",
              "Monthly service review")  # fmt: skip


def _backdate(action: Action, *, due_days_ago: int, raised_days_ago: int) -> None:
    """Demo only: an action raised at a past meeting, now overdue (the services refuse a due date in the past)."""
    today, now = timezone.localdate(), timezone.now()
    Action.objects.filter(pk=action.pk).update(
        due_date=today - dt.timedelta(days=due_days_ago), created_at=now - dt.timedelta(days=raised_days_ago)
    )


def load_demo(program) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(memberships__program=program)}
    maria, liam, sofia, evelyn = (users[name] for name in ("maria", "liam", "sofia", "evelyn"))
    boss = program.memberships.get(user=maria)
    services.routines_add_starting_set(program=program)
    # The regular routines have been running for twelve weeks (same weekday and time).
    for routine in Routine.objects.filter(program=program, name__in=MOVED_BACK):
        Routine.objects.filter(pk=routine.pk).update(first_at=routine.first_at - dt.timedelta(weeks=12))
    routines = {r.name: r for r in Routine.objects.filter(program=program)}
    now = timezone.now()

    def last(name):
        return cadence.last_due(routines[name].rhythm, now=now - dt.timedelta(hours=2))

    # Steering committee: a decision, two actions (one overdue), a line carried over.
    steering = services.meeting_record(routine=routines["Steering committee"], starts_at=last("Steering committee"),
                                       user=maria, location="Board room / Chime")  # fmt: skip
    days_ago = (now - steering.starts_at).days
    scope = services.minute_add(
        meeting=steering,
        user=maria,
        text=(
            "Wave 1 scope confirmed: the two customer-service lines; claims stays on the legacy platform until wave 2."
        ),
    )
    services.minute_to_decision(minute=scope, membership=boss, title="Wave 1 scope",
                                decision=scope.text, decided_by="Steering committee")  # fmt: skip
    training = services.minute_add(
        meeting=steering,
        user=liam,
        text=("Agent training completion is at 62% against the 95% target: add two evening sessions per site."),
    )
    action = services.minute_to_action(minute=training, user=liam, owner=liam, due_date=timezone.localdate(),
                                       title="Add two evening training sessions per site")  # fmt: skip
    _backdate(action, due_days_ago=max(1, days_ago - 10), raised_days_ago=days_ago)
    brief = services.minute_add(
        meeting=steering, user=maria, text="Sponsor to brief the site leaders on the go-live date."
    )
    services.minute_to_action(
        minute=brief, user=maria, owner=evelyn, due_date=timezone.localdate() + dt.timedelta(days=5)
    )
    services.minute_add(meeting=steering, user=maria, text="Confirm the change-freeze dates with the CAB chair.",
                        carry_over=True)  # fmt: skip
    services.minute_add(meeting=steering, user=maria, text="Budget on track; no change to the forecast.")

    # Weekly risk review: a risk realised becomes an issue, an overdue action.
    review = services.meeting_record(routine=routines["Weekly people & change risk review"],
                                     starts_at=last("Weekly people & change risk review"), user=maria)  # fmt: skip
    risk = program.risks.get(code="PCR-05")
    risk = risk_update(risk=risk, version=risk.version, status="realised")
    realised = services.minute_add(
        meeting=review,
        user=liam,
        text=(
            "PCR-05 realised: the partner and the AWS team gave the contact-center director different cutover dates."
        ),
    )
    defaults = {**services.issue_from_risk_defaults(risk), "owner": maria, "description": realised.text}
    services.minute_to_issue(minute=realised, user=liam, due_date=timezone.localdate() + dt.timedelta(days=7),
                             **defaults)  # fmt: skip
    rota = services.minute_add(meeting=review, user=sofia, text="Hypercare rota not yet agreed with the service desk.")
    action = services.minute_to_action(minute=rota, user=sofia, owner=sofia, due_date=timezone.localdate(),
                                       title="Agree the hypercare rota with the service desk")  # fmt: skip
    _backdate(action, due_days_ago=2, raised_days_ago=(now - review.starts_at).days)
    qm = "Supervisors' resistance to the new QM forms is falling since the floor-walker pilot."
    services.minute_add(meeting=review, user=liam, text=qm)
    services.meeting_record(routine=routines["Weekly pre-CAB change review"],
                            starts_at=last("Weekly pre-CAB change review"), user=maria)  # fmt: skip

    # The decision log beyond the meetings: a reversal, and a decision waiting.
    glasgow = services.decision_record(program=program, membership=boss, title="Pilot site", decision="Glasgow pilots.",
                                       decided_by="Steering committee",
                                       decided_on=timezone.localdate() - dt.timedelta(days=40))  # fmt: skip
    services.decision_record(program=program, membership=boss, title="Pilot site", supersedes=glasgow,
                             decision="Edinburgh pilots: Glasgow's floor is being refitted until spring.",
                             decided_by="Evelyn Brooks (sponsor)")  # fmt: skip
    services.decision_raise(program=program, user=liam, title="Extend hypercare from 30 to 45 days?",
                            options="Keep 30 days\nExtend to 45 days for wave 1 only\nExtend for every wave",
                            needed_by=timezone.localdate() + dt.timedelta(days=14))  # fmt: skip

    # Maria reads the daily digest and follows the meetings in her calendar app.
    services.digest_set(user=maria, on=True)
    services.calendar_feed_renew(user=maria)

    # The next steering committee, its agenda still live.
    after = cadence.next_occurrences(routines["Steering committee"].rhythm, after=now)
    if after:
        services.meeting_schedule(routine=routines["Steering committee"], starts_at=after[0], user=maria,
                                  location="Board room / Chime")  # fmt: skip
