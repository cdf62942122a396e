"""The demo program's go-lives: a pilot that went live on a Go decision, wave 1 two months out (agent training,
the CAB and the operating-model sign-off still block it; two months of scores behind it), wave 2 later; a freeze
and a blackout around them; courses and sessions where the agents are behind the 95% target."""

import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from . import scoring, services
from .choices import ItemStatus
from .models import ReadinessSnapshot, Trainee

IN_PROGRESS = {"SI-11", "SI-16", "SI-19", "SI-30", "SI-12", "SI-13"}
NOT_STARTED = {"SI-15", "SI-23", "SI-25"}
WAVE_2_DONE = {"SI-01", "SI-04", "SI-07", "SI-08", "SI-20", "SI-26", "SI-28"}  # carried over from wave 1's build
WAVE_1 = "Wave 1: customer service lines"
PILOT = "Pilot: internal help desk"


def _wave_1_starts():
    return timezone.localtime().replace(hour=22, minute=0, second=0, microsecond=0) + dt.timedelta(days=60)


def load_demo(program) -> None:
    starts = _wave_1_starts()
    event = services.event_create(
        program=program,
        name=WAVE_1,
        kind="wave",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
    )
    for item in event.items.all():
        item.status = (
            ItemStatus.IN_PROGRESS
            if item.ref in IN_PROGRESS
            else ItemStatus.NOT_STARTED
            if item.ref in NOT_STARTED
            else ItemStatus.COMPLETE
        )
        if item.status != ItemStatus.NOT_STARTED:
            item.evidence_note = f"Evidence for {item.ref}: {item.evidence_required}"
        if item.ref in {"SI-11", "SI-16"}:
            item.owner = program.memberships.get(user__username="liam").user  # on Liam's "My work"
        item.save()
    _pilot(program, starts - dt.timedelta(days=95))
    wave_2 = services.event_create(
        program=program,
        name="Wave 2: sales and retention",
        kind="wave",
        starts_at=starts + dt.timedelta(days=35),
        ends_at=starts + dt.timedelta(days=35, hours=6),
    )
    for item in wave_2.items.filter(ref__in=WAVE_2_DONE):
        item.status, item.evidence_note = ItemStatus.COMPLETE, f"Shared with wave 1: {item.evidence_required}"
        item.save()
    services.change_window_create(
        program=program,
        name="Freeze: telephony carrier maintenance",
        kind="freeze",
        starts_at=starts - dt.timedelta(days=20),
        ends_at=starts - dt.timedelta(days=13),
    )
    services.change_window_create(
        program=program,
        name="Open enrolment peak (blackout)",
        kind="blackout",
        starts_at=starts + dt.timedelta(days=10),
        ends_at=starts + dt.timedelta(days=24),
    )
    _training(program)


def load_history(program, second) -> None:
    """Run last, once everything the scores read is in place: two months of daily scores for wave 1 climbing to
    today's, a month for wave 2, and a fortnight for the second program's pilot."""
    events = {event.name: event for event in program.go_live_events.all()}
    # The pilot's record ends with its decision: drop the scores its set-up took today, after its window.
    pilot = events[PILOT]
    decided = pilot.decisions.values_list("snapshot_id", flat=True)
    pilot.snapshots.filter(taken_at__gt=pilot.ends_at).exclude(pk__in=decided).delete()
    _history(events[WAVE_1], days=60, per_day=0.55)
    _history(events["Wave 2: sales and retention"], days=30, per_day=0.3)
    _history(second.go_live_events.get(), days=14, per_day=0.55)


def _history(event, *, days: int, per_day: float) -> None:
    """A score a day for `days` days, climbing to today's as the checklist filled in (the trend's story)."""
    now = services.snapshot_take(event=event)
    final = float(now.score)
    for day in range(days, 0, -1):
        snapshot = services.snapshot_take(event=event)
        score = round(max(final - per_day * day - (3 if day % 7 == 0 else 0), 5.0), 1)
        ReadinessSnapshot.objects.filter(pk=snapshot.pk).update(
            score=score, taken_at=now.taken_at - dt.timedelta(days=day)
        )


@contextmanager
def _clock_at(moment: dt.datetime) -> Iterator[None]:
    """Demo only: records stamped when they are saved (a snapshot, an append-only decision) dated in the past."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _pilot(program, starts) -> None:
    """The pilot went live 95 days before wave 1, on a Go recorded by the program manager two days before its
    window, on a score that had climbed over the month before."""
    pilot = services.event_create(
        program=program,
        name=PILOT,
        kind="pilot",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=4),
    )
    for item in pilot.items.all():
        item.status, item.evidence_note = ItemStatus.COMPLETE, f"Pilot evidence for {item.ref}"
        item.save()
    services.change_request_save(
        event=pilot, version=None, number="CHG0031877", status="approved", approved_start=starts,
        approved_end=starts + dt.timedelta(hours=4), cab_date=(starts - dt.timedelta(days=7)).date(),
    )  # fmt: skip
    decided = starts - dt.timedelta(days=2, hours=4)
    for day in range(30, 2, -1):  # the month before the go/no-go meeting
        with _clock_at(decided - dt.timedelta(days=day - 2)):
            snapshot = services.snapshot_take(event=pilot)
        score = round(min(95.0, 62 + 1.2 * (30 - day)), 1)
        outcome = (
            scoring.Outcome.NO_GO
            if day > 6
            else scoring.Outcome.GO
            if score >= 90
            else scoring.Outcome.GO_WITH_CONDITIONS
        )
        ReadinessSnapshot.objects.filter(pk=snapshot.pk).update(score=score, outcome=outcome.value)
    maria = program.memberships.get(user__username="maria")
    with _clock_at(decided):
        decision = services.decision_record(
            event=pilot,
            membership=maria,
            outcome="go",
            rationale="Every checklist item complete; UAT passed on the temporary number; CAB approved CHG0031877.",
            voters=[m.user for m in program.memberships.filter(user__username__in=["maria", "sofia", "evelyn"])],
        )
    _as_it_was_then(decision.snapshot)


def _as_it_was_then(snapshot: ReadinessSnapshot) -> None:
    """The pilot's decision snapshot as it stood before its window: the operating model signed for the pilot's
    help desk, the milestones and risks of that time (today's program would score it lower)."""
    then = []
    for record in snapshot.criteria:
        criterion = scoring.criterion_of_record(record)
        if criterion.value is not None and criterion.value < 1:
            met = 1.0 if criterion.hard_blocker else max(criterion.value, 0.8)
            why = "Met for the pilot's scope." if criterion.hard_blocker else record.get("why", "")
            record = {**record, "value": met, "why": why}
        then.append(record)
    result = scoring.score([scoring.criterion_of_record(r) for r in then])
    ReadinessSnapshot.objects.filter(pk=snapshot.pk).update(
        score=result.score, outcome=result.outcome.value, open_blockers=[], criteria=then
    )


def load_second_demo(program) -> None:
    """The second demo program's pilot: two weeks out, its checklist mostly done (its scores: load_history)."""
    starts = timezone.localtime().replace(hour=20, minute=0, second=0, microsecond=0) + dt.timedelta(days=14)
    event = services.event_create(
        program=program, name="Pilot: nurse advice line", kind="pilot", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=4),
    )  # fmt: skip
    for item in event.items.all():
        item.status = ItemStatus.IN_PROGRESS if item.ref in IN_PROGRESS else ItemStatus.COMPLETE
        item.evidence_note = f"Evidence for {item.ref}: {item.evidence_required}"
        item.save()


# Training: four audiences for wave 1; the agents are behind (62 % against 95 %), the others on target --------

FIRST = ("Amira", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Isla", "Jamal", "Kasia", "Leo",
         "Mei", "Noah", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Viktor", "Wen", "Yusuf")  # fmt: skip
LAST = ("Adams", "Baker", "Costa", "Doyle", "Evans", "Fraser", "Gill", "Hughes", "Ibrahim", "Jones", "Kaur",
        "Lewis", "Murray", "Nowak", "Osei", "Patel", "Reid", "Singh", "Taylor", "Walsh")  # fmt: skip
SITES = ("Leeds", "Glasgow", "Edinburgh")

# audience, how many, course, mode, minutes, trained of them
AUDIENCES = (
    ("agent", 60, "Amazon Connect CCP for agents", "virtual_ilt", 150, 37),
    ("supervisor", 12, "Supervising in Amazon Connect: real-time dashboards", "instructor_led", 180, 12),
    ("trainer", 4, "Train-the-trainer: CCP and supervisor courses", "train_the_trainer", 360, 4),
    ("support_staff", 8, "Service desk: triaging Amazon Connect incidents", "virtual_ilt", 120, 8),
)


def _training(program) -> None:
    """Past sessions with their attendance (the no-shows booked again), evening sessions to come for the agents
    who are still to be trained, as the steering committee asked."""
    names = itertools.product(FIRST, LAST)
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for audience, count, course_name, mode, minutes, trained in AUDIENCES:
        course = services.course_create(
            program=program, name=course_name, audience=audience, mode=mode, duration_minutes=minutes
        )
        people = []
        for n in range(count):
            first, last = next(names)
            people.append(Trainee.objects.create(
                program=program, name=f"{first} {last}", audience=audience, team=SITES[n % len(SITES)],
                email=f"{first}.{last}@northwind.example".lower(),
            ))  # fmt: skip
        capacity = 20 if audience == "agent" else 12
        done, still = people[:trained], people[trained:]
        # Past sessions: the trained attended; a few of the others did not show up.
        no_shows = still[: len(still) // 2]
        past = [done[i : i + capacity - 6] for i in range(0, len(done), capacity - 6)]
        for i, group in enumerate(past):
            starts = (now - dt.timedelta(days=21 - 5 * i)).replace(hour=9)
            session = services.session_create(
                program=program, course=course, starts_at=starts, capacity=capacity, trainer="Northwind L&D",
                location=f"{SITES[i % len(SITES)]} training room",
            )  # fmt: skip
            absent = no_shows[i :: len(past)]
            services.session_enrol(session=session, trainees=group + absent)
            marks = {e.pk: "attended" if e.trainee in group else "no_show" for e in session.enrolments.all()}
            services.session_mark_attendance(session=session, marks=marks)
        # Sessions to come for everyone not trained yet (evening sessions: the steering committee's action).
        for i in range(0, len(still), capacity):
            starts = (now + dt.timedelta(days=4 + 3 * i // capacity)).replace(hour=18)
            session = services.session_create(
                program=program, course=course, starts_at=starts, capacity=capacity, trainer="Northwind L&D",
                location="Evening session (online)",
            )  # fmt: skip
            services.session_enrol(session=session, trainees=still[i : i + capacity - 3])
