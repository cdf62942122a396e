"""Training: attendance imported from a training system's export, completion per audience, and the score."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from readiness import services
from readiness.attendance import parse_attendance
from readiness.models import Course, Enrolment, Trainee
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


def test_import_applies_whole_and_completion_follows(program, courses, lead):
    job = services.attendance_import_start(program=program, user=lead, filename="lms.csv", data=CSV)
    plan = services.attendance_plan(job)
    assert (plan.ok, plan.new_trainees, plan.new_sessions, plan.changed) == (True, 3, 2, 3)
    services.attendance_import_apply(job=job)
    completion = {a.audience: (a.trained, a.total) for a in completion_by_audience(program, 95)}
    assert completion == {"agent": (1, 2), "supervisor": (1, 1)}
    again = services.attendance_import_start(program=program, user=lead, filename="lms.csv", data=CSV)
    assert services.attendance_plan(again).changed == 0  # the same file twice changes nothing


def test_one_bad_row_and_nothing_is_written(program, courses, lead):
    data = CSV + b"dee@nw.example,,,Agent CCP basics,2026-12-02,yes\nem@nw.example,Em,agent,Knitting,2026-12-02,yes\n"
    job = services.attendance_import_start(program=program, user=lead, filename="lms.csv", data=data)
    plan = services.attendance_plan(job)
    assert plan.errors == [
        "lms.csv row 5: dee@nw.example is new; give their Name and Audience.",
        'lms.csv row 6: course "Knitting" does not exist in this program.',
    ]
    with pytest.raises(ValidationError, match="nothing was changed"):
        services.attendance_import_apply(job=job)
    assert not Trainee.objects.exists() and not Enrolment.objects.exists()


def test_training_completion_counts_in_the_readiness_score(program, courses, lead):
    event = GoLiveEventFactory(program=program)
    services.attendance_import_apply(
        job=services.attendance_import_start(program=program, user=lead, filename="lms.csv", data=CSV)
    )
    criteria = {c.key: c for c in event_readiness(event).program_criteria}
    agents = criteria["training:agent"]
    assert agents.value == pytest.approx(50 / 95) and agents.explanation == "1 of 2 trained (50.0%)."
    assert criteria["training:supervisor"].value == 1.0


def test_the_review_page_shows_the_plan_and_applies_on_confirm(client, program, courses, members):
    client.force_login(members["lead"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("readiness:attendance_upload", args=[program.slug]),
                           {"file": SimpleUploadedFile("lms.csv", CSV)}, follow=True)  # fmt: skip
    assert "3 attendance records to add or change" in response.content.decode()
    client.post(response.redirect_chain[-1][0])
    assert Enrolment.objects.filter(attendance="attended").count() == 2


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
