"""Training: attendance imported from a training system's export, completion per audience, and the score."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.spreadsheets import SpreadsheetError
from readiness import selectors, services
from readiness.attendance import parse_attendance
from readiness.models import AttendanceImport, Course, Enrolment, Trainee
from readiness.selectors import event_readiness
from readiness.training import completion_by_audience
from tests.factories import GoLiveEventFactory
from tests.raci.workbooks import xlsx

CSV = (
    b"Email,Name,Audience,Course,Date,Attended\n"
    b"ana@nw.example,Ana Diaz,agent,Agent CCP basics,2026-12-01,yes\n"
    b"ben@nw.example,Ben Ode,Agents,Agent CCP basics,2026-12-01,no-show\n"
    b"cy@nw.example,Cy Lam,supervisor,Supervisor dashboards,01/12/2026,Completed\n"
)


@pytest.fixture
def courses(program):
    Course.objects.create(program=program, name="Agent CCP basics", audience="agent")
    Course.objects.create(program=program, name="Supervisor dashboards", audience="supervisor")


def test_a_csv_export_is_read_with_people_written_their_own_way():
    parsed = parse_attendance(CSV, filename="lms.csv")
    assert parsed.errors == []
    assert [(r.email, r.audience, r.date, r.attended) for r in parsed.rows] == [
        ("ana@nw.example", "agent", "2026-12-01", True),
        ("ben@nw.example", "agent", "2026-12-01", False),
        ("cy@nw.example", "supervisor", "2026-12-01", True),
    ]


def test_an_xlsx_export_works_too_and_problems_name_their_cell():
    def build(workbook):
        ws = workbook.active
        ws.title = "Export"
        ws.append(["Learner email", "Course", "Session date", "Status"])
        ws.append(["ana@nw.example", "Agent CCP basics", "2026-12-01", "attended"])
        ws.append(["not-an-email", "Agent CCP basics", "2026-12-01", "yes"])
        ws.append(["ben@nw.example", "Agent CCP basics", "someday", "maybe"])

    parsed = parse_attendance(xlsx(build), filename="x.xlsx")
    assert len(parsed.rows) == 1
    assert parsed.errors == [
        'Export!A3: "not-an-email" is not an email address.',
        'Export!C4: "someday" is not a date (use YYYY-MM-DD).',
        'Export!D4: "maybe" is not yes or no.',
    ]


@pytest.fixture
def upload(run_tasks, program, lead):
    """Upload a file; the worker reads and plans it. Returns the job, ready for review."""

    def upload(data=CSV):
        job = run_tasks(services.attendance_import_start, program=program, user=lead, filename="lms.csv", data=data)
        job.refresh_from_db()
        assert job.status == JobStatus.READY, job.error
        return job

    return upload


def apply(run_tasks, job):
    run_tasks(services.attendance_import_confirm, job=job, planned_against=job.planned_against)
    job.refresh_from_db()
    return job


def test_import_applies_whole_and_completion_follows(run_tasks, upload, program, courses):
    job = upload()
    plan = selectors.attendance_plan(job)
    assert (plan.ok, plan.new_trainees, plan.new_sessions, plan.changed) == (True, 3, 2, 3)
    assert apply(run_tasks, job).status == JobStatus.DONE
    completion = {a.audience: (a.trained, a.total) for a in completion_by_audience(program, 95)}
    assert completion == {"agent": (1, 2), "supervisor": (1, 1)}
    assert selectors.attendance_plan(upload()).changed == 0  # the same file twice changes nothing


def test_one_bad_row_and_nothing_is_written(run_tasks, upload, courses):
    data = CSV + b"dee@nw.example,,,Agent CCP basics,2026-12-02,yes\nem@nw.example,Em,agent,Knitting,2026-12-02,yes\n"
    job = upload(data)
    plan = selectors.attendance_plan(job)
    assert plan.errors == [
        "lms.csv row 5: dee@nw.example is new; give their Name and Audience.",
        'lms.csv row 6: course "Knitting" does not exist in this program.',
    ]
    with pytest.raises(ValidationError, match="nothing was changed"):
        services.attendance_import_confirm(job=job, planned_against=job.planned_against)
    assert not Trainee.objects.exists() and not Enrolment.objects.exists()


def test_an_unreadable_file_is_refused_at_upload_and_stores_nothing(program, lead):
    with pytest.raises(SpreadsheetError, match=r"neither an \.xlsx workbook nor a UTF-8 CSV"):
        services.attendance_import_start(program=program, user=lead, filename="x.csv", data=b"\xff\xfe\x00bad")
    assert not AttendanceImport.objects.exists()


def test_a_preview_made_stale_by_an_attendance_change_is_refused(run_tasks, upload, program, courses):
    first = apply(run_tasks, upload())
    assert first.status == JobStatus.DONE
    changed = CSV.replace(b"ben@nw.example,Ben Ode,Agents,Agent CCP basics,2026-12-01,no-show",
                          b"ben@nw.example,Ben Ode,Agents,Agent CCP basics,2026-12-01,yes")  # fmt: skip
    job = upload(changed)
    assert selectors.attendance_plan(job).changed == 1
    ana = Enrolment.objects.get(trainee__email="ana@nw.example")
    services.session_mark_attendance(session=ana.session, marks={ana.pk: "no_show"})  # someone fixes a record

    job = apply(run_tasks, job)
    assert job.status == JobStatus.READY and job.error == services.STALE_ATTENDANCE
    assert Enrolment.objects.get(trainee__email="ben@nw.example").attendance == "no_show"  # nothing applied
    with pytest.raises(ValidationError, match="out of date"):
        services.attendance_import_confirm(job=job, planned_against=job.planned_against)
    run_tasks(services.attendance_import_replan, job=job)
    job.refresh_from_db()
    assert selectors.attendance_plan(job).changed == 2  # Ben, and Ana back to attended: now the user sees both
    assert apply(run_tasks, job).status == JobStatus.DONE


def test_a_dropped_attendance_import_is_never_applied(upload, courses):
    from readiness import tasks

    job = upload()
    services.attendance_import_confirm(job=job, planned_against=job.planned_against)  # queued, not yet run
    services.attendance_import_cancel(job=job)
    tasks.apply_attendance_import.run(job.pk)  # the task arrives after the drop
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and not Enrolment.objects.exists()


def test_training_completion_counts_in_the_readiness_score(run_tasks, upload, program, courses):
    event = GoLiveEventFactory(program=program)
    apply(run_tasks, upload())
    criteria = {c.key: c for c in event_readiness(event).program_criteria}
    agents = criteria["training:agent"]
    assert agents.value == pytest.approx(50 / 95) and agents.explanation == "1 of 2 trained (50.0%)."
    assert criteria["training:supervisor"].value == 1.0


def test_the_review_page_shows_the_plan_and_applies_on_confirm(
    client, program, courses, members, django_capture_on_commit_callbacks
):
    client.force_login(members["lead"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("readiness:attendance_upload", args=[program.slug]),
                               {"file": SimpleUploadedFile("lms.csv", CSV)})  # fmt: skip
    review = response.url
    assert "3 attendance records to add or change" in client.get(review).content.decode()
    job = AttendanceImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"action": "apply", "planned_against": job.planned_against})
    assert Enrolment.objects.filter(attendance="attended").count() == 2
    assert "Attendance imported" in client.get(review).content.decode()


def test_enrolment_respects_capacity_and_attendance_is_marked_per_trainee(client, program, courses, members):
    import datetime as dt

    from django.utils import timezone

    from readiness.models import TrainingSession

    course = Course.objects.get(name="Agent CCP basics")
    session = TrainingSession.objects.create(course=course, starts_at=timezone.now() + dt.timedelta(days=3), capacity=2)
    people = [Trainee.objects.create(program=program, name=f"Agent {n}", email=f"a{n}@nw.example", audience="agent")
              for n in range(3)]  # fmt: skip
    client.force_login(members["lead"])
    base = reverse("readiness:session_detail", args=[program.slug, session.pk])
    response = client.post(base + "enrol/", {"trainee": [p.pk for p in people]}, follow=True)
    assert "The session has 2 free places of 2; 3 asked. Nobody was enrolled." in response.content.decode()
    client.post(base + "enrol/", {"trainee": [people[0].pk, people[1].pk]})
    enrolments = {e.trainee_id: e for e in session.enrolments.all()}
    assert set(enrolments) == {people[0].pk, people[1].pk}
    client.post(base + "attendance/", {f"attendance-{enrolments[people[0].pk].pk}": "attended",
                                       f"attendance-{enrolments[people[1].pk].pk}": "no_show"})  # fmt: skip
    page = client.get(base).content.decode()
    assert "2 of 2 places taken" in page and "Agent 2" not in page.split('id="places"')[0]
    assert {a.audience: a.trained for a in completion_by_audience(program, 95)} == {"agent": 1}
