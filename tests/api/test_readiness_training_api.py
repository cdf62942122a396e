"""Training through the API: courses, sessions, enrolment and attendance, and the attendance import (upload, poll,
preview, confirm, preview again, drop), on the training pages' services and refusing what they refuse (a taken
course name, an overfilled session, a stale preview, a file with problems, a hostile file, a reader who may not
keep training)."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from connectmobilize.lib import jobs
from connectmobilize.lib.models import JobStatus
from readiness import services
from readiness.attendance import OLD_EXCEL_MAGIC
from readiness.models import AttendanceImport, Course, Enrolment, Trainee, TrainingSession
from readiness.training import completion_by_audience
from tests.api.conftest import base
from tests.raci.workbooks import with_macro, xlsx, zip_bomb

CSV = (
    b"Email,Name,Audience,Course,Date,Attended\n"
    b"ana@nw.example,Ana Diaz,agent,Agent CCP basics,2026-12-01,yes\n"
    b"ben@nw.example,Ben Ode,Agents,Agent CCP basics,2026-12-01,no-show\n"
    b"cy@nw.example,Cy Lam,supervisor,Supervisor dashboards,01/12/2026,Completed\n"
)


def training(program) -> str:
    return f"{base(program)}/training"


def soon(**delta) -> str:
    return (timezone.now() + dt.timedelta(days=3, **delta)).isoformat()


@pytest.fixture
def agents_course(program):
    Course.objects.create(program=program, name="Supervisor dashboards", audience="supervisor")
    return Course.objects.create(program=program, name="Agent CCP basics", audience="agent")


@pytest.fixture
def agents(program):
    return [
        Trainee.objects.create(program=program, name=f"Agent {n}", email=f"a{n}@nw.example", audience="agent")
        for n in range(3)
    ]


def session_of(course, *, capacity=20, **delta) -> TrainingSession:
    starts = timezone.now() + (dt.timedelta(**delta) if delta else dt.timedelta(days=3))
    return TrainingSession.objects.create(course=course, starts_at=starts, capacity=capacity)


# Courses --------------------------------------------------------------------------------------------------


def test_a_course_is_added_once_and_a_taken_name_is_refused_as_on_the_page(api, program, members):
    client, key = api(members["si"]), str(uuid.uuid4())
    body = {"name": "Agent CCP basics", "audience": "agent", "mode": "virtual_ilt", "duration_minutes": 120}
    made = client.post(f"{training(program)}/courses/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert made.status_code == 201 and made.json()["name"] == "Agent CCP basics"
    assert client.get(made["Location"]).json() == made.json()
    again = client.post(f"{training(program)}/courses/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 303 and again["Location"] == made["Location"]  # a retry makes nothing twice

    taken = client.post(f"{training(program)}/courses/", {**body, "name": "agent ccp BASICS"}, format="json")
    assert taken.status_code == 400
    assert taken.json()["name"] == ['This program already has a course called "agent ccp BASICS".']
    assert [c["name"] for c in client.get(f"{training(program)}/courses/").json()["results"]] == ["Agent CCP basics"]
    wrong = client.post(f"{training(program)}/courses/", {**body, "name": "Other", "audience": "cats"}, format="json")
    assert wrong.status_code == 400 and "audience" in wrong.json()
    assert Course.objects.count() == 1


# Sessions -------------------------------------------------------------------------------------------------


def test_a_session_is_planned_once_of_a_course_of_the_program(api, program, other_program, members, agents_course):
    client, key = api(members["lead"]), str(uuid.uuid4())
    url = f"{training(program)}/sessions/"
    body = {"course": agents_course.pk, "starts_at": soon(), "capacity": 12, "trainer": "Dana", "location": "Room 4"}
    made = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert made.status_code == 201, made.json()
    assert made.json() | {"id": 0, "starts_at": ""} == {
        "id": 0, "course": agents_course.pk, "course_name": "Agent CCP basics", "audience": "agent", "starts_at": "",
        "capacity": 12, "trainer": "Dana", "location": "Room 4", "enrolled": 0, "attended": 0,
    }  # fmt: skip
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 303 and again["Location"] == made["Location"]
    assert TrainingSession.objects.count() == 1

    theirs = Course.objects.create(program=other_program, name="Their course", audience="agent")
    foreign = client.post(url, {**body, "course": theirs.pk}, format="json")
    assert foreign.status_code == 400 and "course" in foreign.json()
    empty = client.post(url, {**body, "capacity": 0}, format="json")  # the page's form refuses it too
    assert empty.status_code == 400 and "capacity" in empty.json()
    assert TrainingSession.objects.count() == 1


def test_sessions_are_listed_soonest_first_with_their_counts_and_filters(api, program, members, agents_course,
                                                                          agents):  # fmt: skip
    supervisors = Course.objects.get(name="Supervisor dashboards")
    past = session_of(agents_course, days=-2)
    later = session_of(agents_course, days=5)
    other = session_of(supervisors, days=1)
    Enrolment.objects.create(session=past, trainee=agents[0], attendance="attended")
    Enrolment.objects.create(session=past, trainee=agents[1], attendance="no_show")
    client = api(members["viewer"])  # a reader sees the training page's table

    def listed(query=""):
        response = client.get(f"{training(program)}/sessions/{query}")
        assert response.status_code == 200, response.json()
        return [(s["id"], s["enrolled"], s["attended"]) for s in response.json()["results"]]

    assert listed() == [(past.pk, 2, 1), (other.pk, 0, 0), (later.pk, 0, 0)]
    assert listed(f"?course={agents_course.pk}") == [(past.pk, 2, 1), (later.pk, 0, 0)]
    assert listed("?audience=supervisor") == [(other.pk, 0, 0)]
    assert listed("?upcoming=true") == [(other.pk, 0, 0), (later.pk, 0, 0)]
    assert listed("?upcoming=false") == [(past.pk, 2, 1)]
    for bad in ("?upcoming=yes", "?audience=cats", "?upcoming="):
        assert client.get(f"{training(program)}/sessions/{bad}").status_code == 400, bad


def test_enrolment_is_refused_whole_past_the_capacity_as_on_the_page(api, program, other_program, members,
                                                                      agents_course, agents):  # fmt: skip
    session = session_of(agents_course, capacity=2)
    client = api(members["lead"])
    url = f"{training(program)}/sessions/{session.pk}/"
    full = client.post(f"{url}enrol/", {"trainees": [a.pk for a in agents]}, format="json")
    assert full.status_code == 400
    assert full.json()["non_field_errors"] == ["The session has 2 free places of 2; 3 asked. Nobody was enrolled."]
    assert not Enrolment.objects.exists()

    outsider = Trainee.objects.create(program=other_program, name="Zed", email="zed@fab.example", audience="agent")
    foreign = client.post(f"{url}enrol/", {"trainees": [agents[0].pk, outsider.pk]}, format="json")
    assert foreign.status_code == 400 and str(outsider.pk) in foreign.json()["trainees"][0]
    assert not Enrolment.objects.exists()

    enrolled = client.post(f"{url}enrol/", {"trainees": [agents[0].pk, agents[1].pk]}, format="json")
    assert enrolled.status_code == 200
    page = enrolled.json()
    assert [(e["trainee"]["name"], e["attendance"]) for e in page["enrolments"]] == [
        ("Agent 0", "enrolled"), ("Agent 1", "enrolled"),
    ]  # fmt: skip
    assert (page["enrolled"], page["free"], [c["name"] for c in page["candidates"]]) == (2, 0, ["Agent 2"])
    twice = client.post(f"{url}enrol/", {"trainees": [agents[0].pk]}, format="json")  # sent again: skipped
    assert twice.status_code == 200 and Enrolment.objects.count() == 2


def test_attendance_is_marked_per_enrolment_and_completion_follows(api, program, members, agents_course, agents):
    session, other = session_of(agents_course), session_of(agents_course, days=4)
    first = Enrolment.objects.create(session=session, trainee=agents[0])
    second = Enrolment.objects.create(session=session, trainee=agents[1])
    elsewhere = Enrolment.objects.create(session=other, trainee=agents[2])
    client = api(members["si"])
    url = f"{training(program)}/sessions/{session.pk}/attendance/"

    mixed = {"marks": [{"enrolment": first.pk, "attendance": "attended"},
                       {"enrolment": elsewhere.pk, "attendance": "attended"}]}  # fmt: skip
    refused = client.post(url, mixed, format="json")
    assert refused.status_code == 400 and "Nothing was marked" in refused.json()["marks"][0]
    twice = {"marks": [{"enrolment": first.pk, "attendance": "attended"},
                       {"enrolment": first.pk, "attendance": "no_show"}]}  # fmt: skip
    assert client.post(url, twice, format="json").status_code == 400
    bad = client.post(url, {"marks": [{"enrolment": first.pk, "attendance": "maybe"}]}, format="json")
    assert bad.status_code == 400 and "marks" in bad.json()
    assert set(Enrolment.objects.values_list("attendance", flat=True)) == {"enrolled"}

    body = {"marks": [{"enrolment": first.pk, "attendance": "attended"},
                      {"enrolment": second.pk, "attendance": "no_show"}]}  # fmt: skip
    marked = client.post(url, body, format="json")
    assert marked.status_code == 200 and (marked.json()["enrolled"], marked.json()["attended"]) == (2, 1)
    assert {e["trainee"]["name"]: e["attendance"] for e in marked.json()["enrolments"]} == {
        "Agent 0": "attended", "Agent 1": "no_show",
    }  # fmt: skip
    assert {a.audience: (a.trained, a.total) for a in completion_by_audience(program, 95)} == {"agent": (1, 3)}
    assert client.post(url, body, format="json").status_code == 200  # sent again: nothing changes
    assert Enrolment.history.filter(attendance="attended").count() == 1


def test_a_reader_sees_a_session_and_its_attendance_but_not_whom_to_enrol(api, program, members, agents_course,
                                                                          agents):  # fmt: skip
    session = session_of(agents_course)
    Enrolment.objects.create(session=session, trainee=agents[0], attendance="attended")
    url = f"{training(program)}/sessions/{session.pk}/"
    seen = api(members["viewer"]).get(url).json()
    assert [(e["trainee"]["email"], e["attendance"]) for e in seen["enrolments"]] == [("a0@nw.example", "attended")]
    assert seen["candidates"] == [] and seen["free"] == 19  # the page shows whom to enrol to who may enrol
    assert [c["name"] for c in api(members["lead"]).get(url).json()["candidates"]] == ["Agent 1", "Agent 2"]


# The attendance import ------------------------------------------------------------------------------------


def upload(client, tasks, program, data: bytes = CSV, name: str = "lms.csv", **headers):
    body = {"file": SimpleUploadedFile(name, data)}
    return tasks(client.post, f"{training(program)}/attendance-imports/", body, format="multipart", **headers)


def test_an_export_is_uploaded_once_previewed_and_applied_whole(api, tasks, program, members, agents_course):
    client, key = api(members["lead"]), str(uuid.uuid4())
    made = upload(client, tasks, program, HTTP_IDEMPOTENCY_KEY=key)
    assert made.status_code == 201, made.json()
    assert made.json()["filename"] == "lms.csv" and made.json()["created_by"] == "lead"
    again = upload(client, tasks, program, HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 303 and again["Location"] == made["Location"]
    assert AttendanceImport.objects.count() == 1
    job = client.get(made["Location"]).json()
    assert job["status"] == "ready" and job["progress"] == 100

    preview = client.get(f"{made['Location']}preview/").json()
    assert preview["problems"] == [] and preview["stale"] == "" and preview["planned_against"]
    assert preview["plan"] == {"rows": 3, "changed": 3, "unchanged": 0, "new_trainees": 3, "new_sessions": 2}
    assert not Trainee.objects.exists()  # nothing applied before the confirm

    applied = tasks(client.post, f"{made['Location']}confirm/", {"planned_against": preview["planned_against"]},
                    format="json")  # fmt: skip
    assert applied.status_code == 202 and applied.json()["status"] == "confirmed"
    assert client.get(made["Location"]).json()["status"] == "done"
    completion = {a.audience: (a.trained, a.total) for a in completion_by_audience(program, 95)}
    assert completion == {"agent": (1, 2), "supervisor": (1, 1)}
    listed = client.get(f"{training(program)}/sessions/").json()["results"]
    assert sorted((s["course_name"], s["enrolled"], s["attended"]) for s in listed) == [
        ("Agent CCP basics", 2, 1), ("Supervisor dashboards", 1, 1),
    ]  # fmt: skip


def test_a_stale_preview_is_refused_as_on_the_page(api, tasks, program, members, agents_course):
    client = api(members["si"])
    first = upload(client, tasks, program)
    body = {"planned_against": client.get(f"{first['Location']}preview/").json()["planned_against"]}
    assert tasks(client.post, f"{first['Location']}confirm/", body, format="json").status_code == 202

    changed = CSV.replace(b"Ben Ode,Agents,Agent CCP basics,2026-12-01,no-show", b"Ben Ode,Agents,Agent CCP basics,"
                          b"2026-12-01,yes")  # fmt: skip
    made = upload(client, tasks, program, changed)
    preview = client.get(f"{made['Location']}preview/").json()
    assert preview["plan"]["changed"] == 1
    older = client.post(f"{made['Location']}confirm/", {"planned_against": "0" * 64}, format="json")
    assert older.status_code == 409 and "out of date" in older.json()["detail"]

    ana = Enrolment.objects.get(trainee__email="ana@nw.example")  # someone fixes a record after the preview
    services.session_mark_attendance(session=ana.session, marks={ana.pk: "no_show"})
    body = {"planned_against": preview["planned_against"]}
    assert tasks(client.post, f"{made['Location']}confirm/", body, format="json").status_code == 202
    stale = client.get(f"{made['Location']}preview/").json()
    assert stale["status"] == "ready" and stale["stale"] == services.STALE_ATTENDANCE
    assert stale["planned_against"] == ""
    assert Enrolment.objects.get(trainee__email="ben@nw.example").attendance == "no_show"  # nothing applied
    refused = client.post(f"{made['Location']}confirm/", body, format="json")
    assert refused.status_code == 409 and "out of date" in refused.json()["detail"]

    replanned = tasks(client.post, f"{made['Location']}replan/")
    assert replanned.status_code == 202
    fresh = client.get(f"{made['Location']}preview/").json()
    assert fresh["plan"]["changed"] == 2  # Ben, and Ana back to attended: what it would do now
    again = tasks(client.post, f"{made['Location']}confirm/", {"planned_against": fresh["planned_against"]},
                  format="json")  # fmt: skip
    assert again.status_code == 202 and client.get(made["Location"]).json()["status"] == "done"
    assert set(Enrolment.objects.filter(session__course=agents_course).values_list("attendance", flat=True)) == {
        "attended"
    }


def test_problems_are_named_by_cell_or_row_and_nothing_applies(api, tasks, program, members, agents_course):
    def build(workbook):
        sheet = workbook.active
        sheet.title = "Export"
        sheet.append(["Email", "Course", "Date", "Attended"])
        sheet.append(["ana@nw.example", "Agent CCP basics", "2026-12-01", "maybe"])
        sheet.append(["ben@nw.example", "Knitting", "2026-12-01", "yes"])

    client = api(members["lead"])
    made = upload(client, tasks, program, xlsx(build), "export.xlsx")
    preview = client.get(f"{made['Location']}preview/").json()
    assert preview["problems"] == [
        {"cell": "Export!D2", "message": '"maybe" is not yes or no.'},
        {"cell": "", "message": 'export.xlsx row 3: course "Knitting" does not exist in this program.'},
    ]
    refused = client.post(f"{made['Location']}confirm/", {"planned_against": preview["planned_against"]},
                          format="json")  # fmt: skip
    assert refused.status_code == 400 and "Fix the problems" in refused.json()["non_field_errors"][0]
    assert client.get(made["Location"]).json()["status"] == "ready" and not Trainee.objects.exists()


def test_a_failed_or_dropped_import_cannot_be_confirmed(api, tasks, program, members, agents_course):
    client = api(members["lead"])
    made = upload(client, tasks, program)
    body = {"planned_against": client.get(f"{made['Location']}preview/").json()["planned_against"]}
    AttendanceImport.objects.update(status=JobStatus.FAILED, error=jobs.STOPPED[JobStatus.RUNNING])  # worker died
    failed = client.post(f"{made['Location']}confirm/", body, format="json")
    assert failed.status_code == 400 and "failed" in failed.json()["non_field_errors"][0]
    assert client.post(f"{made['Location']}drop/").status_code == 400  # too late to drop as well
    assert client.get(f"{made['Location']}preview/").json()["plan"] is None

    other = upload(client, tasks, program)
    dropped = client.post(f"{other['Location']}drop/")
    assert dropped.status_code == 200 and dropped.json()["status"] == "cancelled"
    assert client.post(f"{other['Location']}confirm/", body, format="json").status_code == 400
    assert client.post(f"{other['Location']}replan/").status_code == 400
    assert not Trainee.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "status", "refused"),
    [
        (b"\xff\xfe\x00bad", "lms.csv", 400, "neither an .xlsx workbook nor a UTF-8 CSV"),
        (OLD_EXCEL_MAGIC + b"\0" * 64, "lms.xls", 400, "old Excel 97–2003 workbook"),
        (b"Email,Course\n", "lms.xlsx", 400, "named like an Excel workbook but is not one"),
        (zip_bomb(), "lms.xlsx", 400, "zip bomb"),
        (b"Email\n" + b"x" * (5 * 1024 * 1024), "lms.csv", 413, "the limit is 5 MB"),
    ],
    ids=["not-text", "xls", "text-named-xlsx", "zip-bomb", "too-large"],
)
def test_a_hostile_or_wrong_upload_is_refused_before_anything_is_stored(api, tasks, program, lead, data, name,
                                                                        status, refused):  # fmt: skip
    response = upload(api(lead), tasks, program, data, name)
    assert response.status_code == status and refused in str(response.json())
    assert not AttendanceImport.objects.exists()


def test_a_workbook_with_a_macro_or_no_file_is_refused(api, tasks, program, lead):
    def build(workbook):
        workbook.active.append(["Email", "Course", "Date", "Attended"])

    client = api(lead)
    response = upload(client, tasks, program, with_macro(xlsx(build)), "lms.xlsx")
    assert response.status_code == 400 and "macro" in response.json()["file"][0]
    missing = client.post(f"{training(program)}/attendance-imports/", {}, format="json")
    assert missing.status_code == 400 and "file" in missing.json()
    assert not AttendanceImport.objects.exists()


def test_an_import_or_session_of_another_program_is_not_found_through_this_one(api, tasks, program, other_program,
                                                                               lead, agents):  # fmt: skip
    theirs = AttendanceImport.objects.create(program=other_program, filename="theirs.csv", data=CSV)
    their_session = session_of(Course.objects.create(program=other_program, name="Theirs", audience="agent"))
    client = api(lead)
    url = f"{training(program)}/attendance-imports/{theirs.pk}/"
    assert client.get(url).status_code == 404 and client.get(f"{url}preview/").status_code == 404
    assert client.post(f"{url}drop/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == JobStatus.PENDING
    enrol = client.post(f"{training(program)}/sessions/{their_session.pk}/enrol/", {"trainees": [agents[0].pk]},
                        format="json")  # fmt: skip
    assert enrol.status_code == 404 and not Enrolment.objects.exists()


# Access ---------------------------------------------------------------------------------------------------


@pytest.fixture
def training_urls(program, agents_course, agents):
    """Each training endpoint: (method, url, body), with a body the service would accept."""
    session = session_of(agents_course)
    enrolment = Enrolment.objects.create(session=session, trainee=agents[0])
    mark = {"enrolment": enrolment.pk, "attendance": "attended"}
    job = AttendanceImport.objects.create(program=program, filename="lms.csv", data=CSV)
    sessions, imports = f"{training(program)}/sessions/", f"{training(program)}/attendance-imports/"
    return {
        "courses": ("GET", f"{training(program)}/courses/", None),
        "course": ("GET", f"{training(program)}/courses/{agents_course.pk}/", None),
        "course-create": ("POST", f"{training(program)}/courses/", {"name": "Wallboards", "audience": "supervisor"}),
        "sessions": ("GET", sessions, None),
        "session": ("GET", f"{sessions}{session.pk}/", None),
        "session-create": ("POST", sessions, {"course": agents_course.pk, "starts_at": soon()}),
        "enrol": ("POST", f"{sessions}{session.pk}/enrol/", {"trainees": [agents[1].pk]}),
        "attendance": ("POST", f"{sessions}{session.pk}/attendance/", {"marks": [mark]}),
        "imports": ("GET", imports, None),
        "upload": ("POST", imports, {"file": SimpleUploadedFile("lms.csv", CSV)}),
        "import": ("GET", f"{imports}{job.pk}/", None),
        "preview": ("GET", f"{imports}{job.pk}/preview/", None),
        "confirm": ("POST", f"{imports}{job.pk}/confirm/", {"planned_against": "0" * 64}),
        "replan": ("POST", f"{imports}{job.pk}/replan/", None),
        "drop": ("POST", f"{imports}{job.pk}/drop/", None),
    }


READS_FOR_ALL = {"courses", "course", "sessions", "session"}  # the training and session pages: every member
# What Service Introduction gets (200 unless said): the job is still waiting for its worker, so it cannot be
# confirmed or previewed again yet, and says so.
ALLOWED = {"course-create": 201, "session-create": 201, "upload": 201, "confirm": 400, "replan": 400}
ENDPOINTS = ["courses", "course", "course-create", "sessions", "session", "session-create", "enrol", "attendance",
             "imports", "upload", "import", "preview", "confirm", "replan", "drop"]  # fmt: skip


def training_state() -> tuple:
    """Everything a training call could change."""
    return (
        list(Course.objects.values_list("pk", flat=True)),
        list(TrainingSession.objects.values_list("pk", flat=True)),
        sorted(Enrolment.objects.values_list("pk", "attendance")),
        sorted(AttendanceImport.objects.values_list("pk", "status")),
    )


def send(client, method, url, body):
    if method == "GET":
        return client.get(url)
    if isinstance(body, dict) and "file" in body:
        body["file"].seek(0)
        return client.post(url, body, format="multipart")
    return client.post(url, body, format="json")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_outsiders_see_nothing_readers_change_nothing_and_anonymous_must_sign_in(api, members, outsider,
                                                                                training_urls, endpoint):  # fmt: skip
    method, url, body = training_urls[endpoint]
    before = training_state()
    response = send(api(), method, url, body)
    assert response.status_code == 401 and response.has_header("WWW-Authenticate")
    assert send(api(outsider), method, url, body).status_code == 404
    for persona in ("viewer", "executive"):  # no training capability: read what every member reads, nothing else
        status = send(api(members[persona]), method, url, body).status_code
        assert status == (200 if endpoint in READS_FOR_ALL else 403), (persona, status)
    assert training_state() == before
    allowed = send(api(members["si"]), method, url, body)  # Service Introduction keeps training, as on the pages
    assert allowed.status_code == ALLOWED.get(endpoint, 200), allowed.json()


def test_the_session_list_costs_the_same_queries_whatever_its_length(api, program, members, agents_course, agents,
                                                                     django_assert_max_num_queries):  # fmt: skip
    client = api(members["viewer"])
    url = f"{training(program)}/sessions/"
    client.get(url)  # warm: the token's last use is written once a minute
    Enrolment.objects.create(session=session_of(agents_course), trainee=agents[0])
    with django_assert_max_num_queries(10) as one:
        client.get(url)
    for n in range(15):
        session = session_of(agents_course, days=n + 4)
        Enrolment.objects.create(session=session, trainee=agents[n % 3], attendance="attended")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(url).json()["results"]) == 16
