"""Readiness benchmarks (issue: go-live readiness)."""

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.run import ratio
from programs import services as program_services
from readiness import tasks
from readiness.models import ChecklistItem, Course, Enrolment, GoLiveEvent, Trainee, TrainingSession
from readiness.selectors import readiness_score


def _event(program, items=200, trainees=2000):
    starts = timezone.now() + dt.timedelta(days=30)
    event = GoLiveEvent.objects.create(program=program, name=f"Wave {program.pk}", starts_at=starts,
                                       ends_at=starts + dt.timedelta(hours=4))  # fmt: skip
    ChecklistItem.objects.bulk_create(
        ChecklistItem(event=event, ref=f"SI-{n:03d}", category=f"Category {n % 12}", text=f"Item {n}",
                      weight=1 + n % 5, hard_blocker=n % 15 == 0, status=("complete", "in_progress")[n % 2],
                      evidence_note="evidence", position=n)
        for n in range(items)
    )  # fmt: skip
    if trainees:
        courses = [Course.objects.create(program=program, name=f"Course {a}", audience=a)
                   for a in ("agent", "supervisor", "support_staff")]  # fmt: skip
        sessions = [TrainingSession.objects.create(course=c, starts_at=starts - dt.timedelta(days=9)) for c in courses]
        people = Trainee.objects.bulk_create(
            Trainee(program=program, name=f"T{n}", email=f"t{n}@bench.example", audience=courses[n % 3].audience)
            for n in range(trainees)
        )
        Enrolment.objects.bulk_create(
            Enrolment(session=sessions[n % 3], trainee=t, attendance=("attended", "no_show")[n % 7 == 0])
            for n, t in enumerate(people)
        )
    return event


def run(selected):
    def want(name):
        return not selected or name in selected

    user = get_user_model().objects.create_user("readiness-bench")
    if want("readiness_score_ratio"):
        program = program_services.program_create(creator=user, name="Readiness bench")
        event = _event(program)
        with CaptureQueriesContext(connection) as ctx:
            readiness_score(event.pk)
        yield "readiness_score_queries", len(ctx.captured_queries)
        # The denominator is loading the checklist page once, through the test client as a user does.
        client = Client()
        client.force_login(user)
        page = event.get_absolute_url()

        def load_page():
            assert client.get(page).status_code == 200

        yield "readiness_score_ratio", ratio(lambda: readiness_score(event.pk), load_page)[0]

    if want("readiness_recompute_many"):
        programs = []
        for n in range(100):
            program = program_services.program_create(creator=user, name=f"Recompute {n}")
            _event(program, items=30, trainees=20)
            programs.append(program)
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            count = tasks.recompute_all_readiness.delay().get()
            seconds = time.perf_counter() - started
        yield "readiness_recompute_many_seconds_per_program", seconds / count
        yield "readiness_recompute_many_queries_per_program", len(ctx.captured_queries) / count
