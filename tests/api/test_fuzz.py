"""schemathesis against the live schema (/api/schema/, as served): every operation, a bounded number of
generated requests each (valid and invalid), derandomized so a run is repeatable. No answer may be a server error,
and every answer must match the schema (status, headers, body).

Path parameters are pinned to real records of a program the token's user manages, so the requests reach the
services rather than stopping at a 404.
"""

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from connectmobilize.lib.tokens import api_token_create
from governance.models import Action, Decision, Issue, Meeting, Minute, Routine
from operating_model import services as operating_model_services
from operating_model.models import (
    EscalationStep,
    ModelImport,
    ModelSignOff,
    RoleAssignment,
    ServiceCatalogItem,
    SeverityLevel,
)
from people.adkar import ELEMENTS as ADKAR
from people.models import (
    AdkarAssessment,
    ChangeImpact,
    CommunicationItem,
    LeaderAlignment,
    SponsorActivity,
    SponsorAssessment,
    SponsorNode,
    SponsorRoadmapItem,
    Stakeholder,
    SurveyRound,
)
from people.sponsorship import CRITERIA
from raci.models import MatrixExport, MatrixImport
from raci.services import matrix_recheck
from readiness.models import AttendanceImport, ChangeWindow, Course, Enrolment, SignOff, Trainee, TrainingSession
from readiness.services import decision_record
from tests.factories import (
    ActivityFactory,
    ChecklistItemFactory,
    GoLiveEventFactory,
    MatrixColumnFactory,
    MatrixFactory,
    MembershipFactory,
    MilestoneFactory,
    RiskFactory,
    RoleFactory,
    UserFactory,
    put_letters,
)

# No server error, every answer as documented, and input the schema refuses is refused. Not "schema-valid input
# is accepted": what a service refuses (a loop, a taken name, an id of nothing) is valid by shape.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
CRITERION_NAMES = [name for name, _ in CRITERIA]
# The whole run's examples, spread over the operations (about 12 each over the 124 operations of December 2026):
# an API that grows gets fewer examples per operation, not a longer `make test` (the run takes about 4 minutes).
TOTAL_EXAMPLES = 1500  # per generation mode (valid, invalid)
MIN_EXAMPLES = 4


@pytest.fixture
def keep_the_test_connection():
    """The WSGI app closes the database connection after each request; inside a test that would end the test's
    transaction. Django's test client does the same as this while it calls the app."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def live_schema(db, keep_the_test_connection, program, manager, settings):
    settings.API_RATE = "1000000/minute"  # the fuzzer is one token making many calls
    column = MatrixColumnFactory(matrix=MatrixFactory(program=program, name="Fuzz RACI"))
    activity = ActivityFactory(matrix=column.matrix)
    put_letters(activity, {column.role: "R"})
    matrix_recheck(column.matrix)
    milestone = MilestoneFactory(program=program)
    token = api_token_create(user=manager, name="fuzz")[1]
    ids = {
        "program_slug": program.slug,
        "workstream_id": milestone.workstream_id,
        "milestone_id": milestone.pk,
        "risk_id": RiskFactory(program=program).pk,
        "role_id": column.role_id,
        "membership_id": MembershipFactory(program=program, user=UserFactory(username="fuzzed")).pk,
        "matrix_id": column.matrix_id,
        "column_id": column.pk,
        "activity_id": activity.pk,
        **training_ids(program),
        **job_and_readiness_ids(program, column.matrix, manager),
    }
    headers = {"Authorization": f"Bearer {token}"}
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), headers=headers), ids, headers


def job_and_readiness_ids(program, matrix, user) -> dict[str, int]:
    item = ChecklistItemFactory(event=GoLiveEventFactory(program=program), evidence_note="UAT report")
    decision = decision_record(event=item.event, membership=program.memberships.get(user=user), outcome="no_go",
                               rationale="Not ready")  # fmt: skip
    window = ChangeWindow.objects.create(program=program, name="Year-end freeze", starts_at=timezone.now(),
                                         ends_at=timezone.now() + dt.timedelta(days=9))  # fmt: skip
    return {
        "import_id": MatrixImport.objects.create(program=program, matrix=matrix, filename="x.xlsx", data=b"").pk,
        "export_id": MatrixExport.objects.create(matrix=matrix, status="done", result=b"x", filename="m.xlsx").pk,
        "event_id": item.event_id,
        "item_id": item.pk,
        "sign_off_id": SignOff.objects.create(item=item, signed_by=user, evidence_fingerprint="0" * 64).pk,
        "decision_id": decision.pk,
        "window_id": window.pk,
        **governance_and_operating_model_ids(program, user),
    }


def training_ids(program) -> dict[str, int]:
    course = Course.objects.create(program=program, name="CCP basics", audience="agent")
    session = TrainingSession.objects.create(course=course, starts_at=timezone.now(), capacity=5)
    trainee = Trainee.objects.create(program=program, name="Ana Diaz", email="ana@nw.example", audience="agent")
    Enrolment.objects.create(session=session, trainee=trainee)
    job = AttendanceImport.objects.create(program=program, filename="a.csv", data=b"Email,Course,Date,Attended\n")
    return {"course_id": course.pk, "session_id": session.pk, "attendance_id": job.pk}


def governance_and_operating_model_ids(program, user) -> dict[str, int]:
    routine = Routine.objects.create(program=program, name="Steering committee", first_at=timezone.now())
    meeting = Meeting.objects.create(program=program, routine=routine, starts_at=timezone.now())
    role = program.roles.first() or RoleFactory(program=program)
    severity = SeverityLevel.objects.create(program=program, level=1, name="Critical", response_target="15 min")
    return {
        **flow_and_version_ids(program, role, user),
        "routine_id": routine.pk,
        "meeting_id": meeting.pk,
        "minute_id": Minute.objects.create(meeting=meeting, text="Wave 1 first").pk,
        "log_decision_id": Decision.objects.create(program=program, number=1, title="Which wave goes first").pk,
        "action_id": Action.objects.create(
            program=program, title="Publish the rota", owner=user, due_date=timezone.localdate()
        ).pk,
        "issue_id": Issue.objects.create(program=program, code="I-01", title="Agents not trained").pk,
        "assignment_id": RoleAssignment.objects.create(
            program=program, role=role, phase="after", outsider_name="Tom Becker"
        ).pk,
        "service_id": ServiceCatalogItem.objects.create(program=program, code="P01", name="Agent add").pk,
        "severity_id": severity.pk,
        "escalation_id": EscalationStep.objects.create(severity=severity, level="L3", role=role, after_minutes=15).pk,
        "model_import_id": ModelImport.objects.create(program=program, filename="m.xlsx", data=b"").pk,
        **people_ids(program, user),
    }


def flow_and_version_ids(program, role, user) -> dict[str, int]:
    flow = operating_model_services.flow_create(program=program, name="Out-of-hours support")
    lane = operating_model_services.lane_add(flow=flow, role=role)
    step = operating_model_services.step_create(flow=flow, lane=lane, name="Page the on-call engineer")
    operating_model_services.catalogue_item_create(program=program, code="P99", name="Agent remove", owner_role=role)
    version = operating_model_services.model_publish(program=program, user=user)
    signed = ModelSignOff.objects.create(version=version, role=role, signed_by=user)
    return {"flow_id": flow.pk, "lane_id": lane.pk, "step_id": step.pk, "version_id": version.pk,
            "model_sign_off_id": signed.pk}  # fmt: skip


def people_ids(program, user) -> dict[str, int]:
    group = Stakeholder.objects.create(program=program, name="Agents (voice)", kind="group", population=620)
    leader = Stakeholder.objects.create(program=program, name="CIO", kind="individual")
    node = SponsorNode.objects.create(program=program, person_name="Evelyn Brooks", impacted_group=group)
    now, today = timezone.now(), timezone.localdate()
    return {
        "stakeholder_id": group.pk,
        "impact_id": ChangeImpact.objects.create(program=program, group=group, area="systems", level=3).pk,
        "node_id": node.pk,
        "sponsor_assessment_id": SponsorAssessment.objects.create(
            program=program, sponsor=node, assessed_on=today, total=100, **dict.fromkeys(CRITERION_NAMES, 10)
        ).pk,
        "roadmap_item_id": SponsorRoadmapItem.objects.create(
            program=program, sponsor=user, title="Town hall", planned_on=today
        ).pk,
        "sponsor_activity_id": SponsorActivity.objects.create(
            program=program, sponsor=user, title="Kick-off", done_on=today
        ).pk,
        "assessment_id": AdkarAssessment.objects.create(
            program=program, group=group, assessed_on=today, **dict.fromkeys(ADKAR, 3)
        ).pk,
        "alignment_id": LeaderAlignment.objects.create(
            program=program, leader=leader, interviewed_on=today, understanding=3
        ).pk,
        "survey_id": SurveyRound.objects.create(
            program=program, title="Pulse", opens_at=now, closes_at=now + dt.timedelta(days=7), token="fuzz"
        ).pk,
        "comm_id": CommunicationItem.objects.create(
            program=program, audience=group, key_message="Why we move", planned_date=today
        ).pk,
    }


def test_the_api_answers_every_request_as_its_schema_says(live_schema):
    schema, ids, headers = live_schema
    failures, operations = [], [result.ok() for result in schema.get_all_operations()]
    examples = max(MIN_EXAMPLES, TOTAL_EXAMPLES // len(operations))
    for operation in operations:
        pinned = {name: value for name, value in ids.items() if f"{{{name}}}" in operation.path}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(mode, path_parameters=pinned, headers=headers))
            @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                      suppress_health_check=list(HealthCheck))  # fmt: skip
            def request(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                request()
            except Unsatisfiable:  # nothing to make invalid: every parameter of the operation is pinned
                continue
            except (Exception, BaseExceptionGroup) as failure:
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}):\n{failure}")
    assert len(operations) >= 140
    assert not failures, "\n\n".join(failures)
