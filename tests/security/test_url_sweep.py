"""Walks every URL of the project and proves who gets what.

New URLs are covered without anyone remembering to add them: a program URL whose view does not
declare a capability, or whose URL takes an id this sweep does not know how to fill, fails here.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from connectmobilize.lib.access import can
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
from people import services as people_services
from people.models import SponsorActivity, SponsorAssessment, SponsorRoadmapItem, Stakeholder
from people.sponsorship import CRITERIA
from raci.models import MatrixExport, MatrixImport
from readiness.models import (
    AttendanceImport,
    ChangeWindow,
    ChecklistItem,
    Course,
    DecisionCondition,
    EvidenceFile,
    GoNoGoDecision,
    SignOff,
    TrainingSession,
)
from readiness.services import snapshot_take
from tests.conftest import PERSONAS
from tests.factories import (
    ActivityFactory,
    ChecklistItemFactory,
    GoLiveEventFactory,
    MatrixColumnFactory,
    MatrixFactory,
    MembershipFactory,
    MilestoneFactory,
    RiskFactory,
    UserFactory,
    WorkstreamFactory,
)

# URLs anyone may open, and the admin (Django's own staff check guards it).
PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "survey:respond",  # the anonymous survey link: tests/people/test_survey_link.py proves it reveals nothing
}
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    """A named URL with the view that answers it and every argument of its path (prefixes included)."""

    view: type
    kwargs: tuple[str, ...]


def all_patterns(patterns=None, namespace=None, kwargs=()):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        here = (*kwargs, *p.pattern.converters)
        if isinstance(p, URLResolver):
            nested = f"{namespace}:{p.namespace}" if namespace and p.namespace else p.namespace or namespace
            yield from all_patterns(p.url_patterns, nested, here)
        elif isinstance(p, URLPattern) and p.name:
            view = getattr(p.callback, "view_class", p.callback)
            yield (f"{namespace}:{p.name}" if namespace else p.name), Route(view, here)


def is_api(name: str) -> bool:
    return name.startswith("api:")


PROGRAM_URLS = [(name, r) for name, r in all_patterns() if "program_slug" in r.kwargs and not is_api(name)]
API_PROGRAM_URLS = [(name, r) for name, r in all_patterns() if "program_slug" in r.kwargs and is_api(name)]
OTHER_URLS = [
    (name, r)
    for name, r in all_patterns()
    if "program_slug" not in r.kwargs and name not in PUBLIC and name.split(":")[0] not in SKIPPED_NAMESPACES
]
# Pages of one user's own records (not a program's): another user's id is a 404.
OWN_RECORD_URLS = {"token_revoke"}
# Opened without sign-in by a program (a calendar app): the secret address is the key.
SECRET_ADDRESS_URLS = {"governance_personal:calendar_feed"}
CRITERION_NAMES = [name for name, _ in CRITERIA]


def records_of(program):
    """One record of each kind a program URL can name, keyed by the URL's kwarg."""
    column = MatrixColumnFactory(matrix=MatrixFactory(program=program))
    item = ChecklistItemFactory(event=GoLiveEventFactory(program=program), evidence_file_name="uat.pdf",
                                evidence_file_sha256=EvidenceFile.objects.get_or_create(
                                    sha256="0" * 64, defaults={"size": 1, "data": b"x"})[0].sha256)  # fmt: skip
    decision = GoNoGoDecision.objects.create(
        event=item.event, snapshot=snapshot_take(event=item.event), outcome="defer", rationale="r",
        decided_by=UserFactory(),
    )  # fmt: skip
    condition = DecisionCondition.objects.create(decision=decision, text="Hypercare rota published")
    routine = Routine.objects.create(program=program, name="Steering committee", first_at=timezone.now())
    meeting = Meeting.objects.create(program=program, routine=routine, starts_at=timezone.now())
    log_decision = Decision.objects.create(program=program, number=1, title="Which wave goes first")
    owner = MembershipFactory(program=program, user=UserFactory()).user
    window = ChangeWindow.objects.create(program=program, name="Year-end freeze", starts_at=timezone.now(),
                                         ends_at=timezone.now() + dt.timedelta(days=9))  # fmt: skip
    return {
        "routine_id": routine.pk,
        "meeting_id": meeting.pk,
        "minute_id": Minute.objects.create(meeting=meeting, text="Wave 1 first").pk,
        "log_decision_id": log_decision.pk,
        "action_id": Action.objects.create(
            program=program, title="Publish the rota", owner=owner, due_date=timezone.localdate()
        ).pk,
        "issue_id": Issue.objects.create(program=program, code="I-01", title="Agents not trained").pk,
        "workstream_id": WorkstreamFactory(program=program).pk,
        "milestone_id": MilestoneFactory(program=program).pk,
        "risk_id": RiskFactory(program=program).pk,
        "role_id": column.role_id,
        "membership_id": MembershipFactory(program=program, user=UserFactory()).pk,
        "matrix_id": column.matrix_id,
        "column_id": column.pk,
        "activity_id": ActivityFactory(matrix=column.matrix).pk,
        "import_id": MatrixImport.objects.create(program=program, matrix=column.matrix, filename="x.xlsx", data=b"").pk,
        "export_id": MatrixExport.objects.create(
            matrix=column.matrix, status="done", result=b"x", filename="m.xlsx"
        ).pk,
        "event_id": item.event_id,
        "item_id": item.pk,
        "sign_off_id": SignOff.objects.create(
            item=item,
            signed_by=owner,
            evidence_fingerprint=item.evidence_fingerprint,
            evidence_file_name=item.evidence_file_name,
            evidence_file_sha256=item.evidence_file_sha256,
        ).pk,
        "decision_id": decision.pk,
        "condition_id": condition.pk,
        "window_id": window.pk,
        "attendance_id": AttendanceImport.objects.create(program=program, filename="a.csv", data=b"Email\n").pk,
        **training_ids(program),
        "assignment_id": RoleAssignment.objects.create(
            program=program, role=column.role, phase="after", outsider_name="Tom Becker"
        ).pk,
        "model_import_id": ModelImport.objects.create(program=program, filename="m.xlsx", data=b"").pk,
        "service_id": ServiceCatalogItem.objects.create(program=program, code="P01", name="Agent add").pk,
        **severity_ids(program, column.role),
        **flow_ids(program, column.role),
        **sponsor_ids(program),
        **people_core_ids(program),
        **assessment_ids(program, item.event),
    }


def training_ids(program):
    course = Course.objects.create(program=program, name="CCP basics", audience="agent")
    session = TrainingSession.objects.create(course=course, starts_at=timezone.now())
    return {"course_id": course.pk, "session_id": session.pk}


def assessment_ids(program, event):
    """ADKAR, leadership alignment, survey and comms records (people: assessments and comms)."""
    group = Stakeholder.objects.create(program=program, name="Sweep: agents", kind="group", population=40)
    leader = Stakeholder.objects.create(program=program, name="Sweep: CIO", kind="individual")
    today, now = timezone.localdate(), timezone.now()
    scores = dict.fromkeys(("awareness", "desire", "knowledge", "ability", "reinforcement"), 3)
    return {
        "group_id": group.pk,
        "assessment_id": people_services.adkar_record(program=program, group=group, assessed_on=today, **scores).pk,
        "alignment_id": people_services.alignment_record(
            program=program, leader=leader, interviewed_on=today, understanding=3
        ).pk,
        "survey_id": people_services.survey_open(
            program=program, user=None, title="Pulse", opens_at=now, closes_at=now + dt.timedelta(days=7)
        ).pk,
        "comm_id": people_services.comm_create(
            program=program, audience=group, key_message="Why we move", event=event, offset_days=-14
        ).pk,
    }


def sponsor_ids(program):
    sponsor = MembershipFactory(program=program, user=UserFactory(), access="executive").user
    today = timezone.localdate()
    item = SponsorRoadmapItem.objects.create(program=program, sponsor=sponsor, kind="kick_off", title="Kick-off",
                                             planned_on=today)  # fmt: skip
    activity = SponsorActivity.objects.create(program=program, sponsor=sponsor, kind="town_hall", title="Town hall",
                                              done_on=today)  # fmt: skip
    return {"roadmap_item_id": item.pk, "sponsor_activity_id": activity.pk}


def people_core_ids(program):
    group = people_services.stakeholder_create(program=program, name="Agents (voice)", kind="group", population=620)
    node = people_services.sponsor_node_create(program=program, person_name="Evelyn Brooks", impacted_group=group)
    impact = people_services.impact_create(group=group, area="systems", level=3)
    assessment = SponsorAssessment.objects.create(program=program, sponsor=node, assessed_on=timezone.localdate(),
                                                  total=100, **dict.fromkeys(CRITERION_NAMES, 10))  # fmt: skip
    return {"stakeholder_id": group.pk, "node_id": node.pk, "area": "systems", "impact_id": impact.pk,
            "sponsor_assessment_id": assessment.pk}  # fmt: skip


def severity_ids(program, role):
    severity = SeverityLevel.objects.create(program=program, level=1, name="Critical", response_target="15 min")
    step = EscalationStep.objects.create(severity=severity, level="L3", role=role, after_minutes=15)
    return {"severity_id": severity.pk, "escalation_id": step.pk}


def flow_ids(program, role):
    flow = operating_model_services.flow_create(program=program, name="Out-of-hours support")
    lane = operating_model_services.lane_add(flow=flow, role=role)
    step = operating_model_services.step_create(flow=flow, lane=lane, name="Page the on-call engineer")
    operating_model_services.catalogue_item_create(program=program, code="P99", name="Agent add", owner_role=role)
    version = operating_model_services.model_publish(program=program, user=UserFactory())
    signed = ModelSignOff.objects.create(version=version, role=role, signed_by=UserFactory())
    return {"flow_id": flow.pk, "lane_id": lane.pk, "step_id": step.pk, "version_id": version.pk,
            "model_sign_off_id": signed.pk}  # fmt: skip


@pytest.fixture
def urls_of(program, other_program, members, outsider):
    own, foreign = records_of(program), records_of(other_program)
    ChecklistItem.objects.filter(pk=own["item_id"]).update(owner=members["lead"])  # leads edit their own items

    def build(pattern, *, foreign_ids=False):
        kwargs = {}
        for key in pattern.kwargs:
            if key == "program_slug":
                kwargs[key] = program.slug
            else:
                assert key in own, f"The URL sweep does not know how to fill <{key}>: add it to records_of()."
                kwargs[key] = (foreign if foreign_ids else own)[key]
        return kwargs

    return build


def test_the_sweep_sees_the_program_urls():
    names = {name for name, _ in PROGRAM_URLS}
    assert {"programs:dashboard", "programs:milestone_complete", "programs:risk_edit", "raci:cell_set"} <= names


@pytest.mark.parametrize(("name", "pattern"), PROGRAM_URLS, ids=[n for n, _ in PROGRAM_URLS])
def test_program_url_access(client, name, pattern, urls_of, program, members, outsider):
    url = reverse(name, kwargs=urls_of(pattern))
    capability = getattr(pattern.view, "capability", None)
    assert capability, f"{name}: the view must use ProgramAccessMixin and declare a capability"

    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"], name

    client.force_login(outsider)
    assert client.get(url).status_code == 404, f"{name}: an outsider must get 404 on GET"
    assert client.post(url).status_code == 404, f"{name}: an outsider must get 404 on POST"

    for persona in PERSONAS:
        client.force_login(members[persona])
        status = client.get(url).status_code
        if can(persona, capability):
            assert status in (200, 405), f"{name}: {persona} may {capability} but got {status}"
        else:
            assert status == 403, f"{name}: {persona} may not {capability} but got {status}"
            assert client.post(url).status_code == 403, f"{name}: {persona} POST must be refused"


@pytest.mark.parametrize(
    ("name", "pattern"),
    [(n, r) for n, r in PROGRAM_URLS if len(r.kwargs) > 1],
    ids=[n for n, r in PROGRAM_URLS if len(r.kwargs) > 1],
)
def test_records_of_another_program_are_not_found_through_this_one(client, name, pattern, urls_of, manager):
    client.force_login(manager)
    url = reverse(name, kwargs=urls_of(pattern, foreign_ids=True))
    view = pattern.view
    answered = [getattr(client, method)(url).status_code for method in ("get", "post") if hasattr(view, method)]
    assert answered and all(status == 404 for status in answered), answered


@pytest.mark.parametrize(("name", "pattern"), OTHER_URLS, ids=[n for n, _ in OTHER_URLS])
def test_other_urls_need_sign_in(client, name, pattern):
    if name in OWN_RECORD_URLS:
        return  # test_a_users_own_records_are_not_found_by_another
    if name in SECRET_ADDRESS_URLS:
        return  # test_a_secret_address_answers_only_to_its_own_code
    assert not pattern.kwargs, f"{name}: teach the sweep about its arguments"
    response = client.get(reverse(name))
    if is_api(name) and not name.startswith(("api:swagger", "api:redoc")):
        assert response.status_code == 401, f"{name}: the API answers 401, not a redirect"
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_users_own_records_are_not_found_by_another(client, manager, outsider):
    token, _ = api_token_create(user=manager, name="Power BI")
    url = reverse("token_revoke", kwargs={"token_id": token.pk})
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_secret_address_answers_only_to_its_own_code(client, program, members, outsider):
    from governance import calendar, services

    assert {name for name, route in OTHER_URLS if "token" in route.kwargs} == SECRET_ADDRESS_URLS
    viewer = members["viewer"]
    services.calendar_feed_renew(user=viewer)
    good = calendar.feed_token(viewer.pk, 1)

    def feed(token, **query):
        return client.get(reverse("governance_personal:calendar_feed", kwargs={"token": token}), query).status_code

    assert feed(good) == 200
    for wrong in (calendar.feed_token(viewer.pk, 2), calendar.feed_token(outsider.pk, 1), f"{viewer.pk}.1.x", "x"):
        assert feed(wrong) == 404, wrong  # not a redirect to sign in: nothing says the address exists
    client.force_login(outsider)
    assert feed(good, program="fabrikam") == 404  # signed in as another changes nothing: the code decides


# The API: the same rules, answered as an API does (401 for anonymous, not a redirect) ------------------


def api_methods(route) -> dict[str, str]:
    """HTTP method → the capability the API view needs for it (as its permission class asks)."""
    callback = route.view
    view = callback.cls(**callback.initkwargs)
    order = ["get", "post", "patch", "put", "delete"]  # DELETE last: it removes the record
    methods = sorted((m for m in callback.actions if m in order), key=order.index)  # DRF adds "head" once used
    return {m.upper(): view.required_capability(m.upper()) for m in methods}


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='sweep')[1]}")
    return client


def call(client, method, url):
    return getattr(client, method.lower())(url, {}, format="json") if method != "GET" else client.get(url)


def test_the_sweep_sees_the_api():
    names = {name for name, _ in API_PROGRAM_URLS}
    assert {"api:programs:milestone-complete", "api:programs:member-detail", "api:raci:matrix-cell"} <= names
    assert {"api:people:stakeholder-detail", "api:people:sponsor-assessment-list", "api:people:comm-detail"} <= names


@pytest.mark.parametrize(("name", "pattern"), API_PROGRAM_URLS, ids=[n for n, _ in API_PROGRAM_URLS])
def test_api_url_access(name, pattern, urls_of, members, outsider):
    url = reverse(name, kwargs=urls_of(pattern))
    methods = api_methods(pattern)
    assert methods, f"{name}: no methods"
    clients = {persona: api_client(members[persona]) for persona in PERSONAS}
    anonymous, stranger = api_client(), api_client(outsider)
    for method, capability in methods.items():
        response = call(anonymous, method, url)
        assert response.status_code == 401 and response.has_header("WWW-Authenticate"), f"{name} {method}"
        assert call(stranger, method, url).status_code == 404, f"{name} {method}: an outsider must get 404"
        for persona in PERSONAS:
            status = call(clients[persona], method, url).status_code
            if can(persona, capability):
                assert status in (200, 201, 204, 400, 428), f"{name} {method}: {persona} may {capability}: {status}"
            else:
                assert status == 403, f"{name} {method}: {persona} may not {capability} but got {status}"


@pytest.mark.parametrize(
    ("name", "pattern"),
    [(n, r) for n, r in API_PROGRAM_URLS if len(r.kwargs) > 1],
    ids=[n for n, r in API_PROGRAM_URLS if len(r.kwargs) > 1],
)
def test_api_records_of_another_program_are_not_found_through_this_one(name, pattern, urls_of, manager):
    url = reverse(name, kwargs=urls_of(pattern, foreign_ids=True))
    client = api_client(manager)
    answered = {method: call(client, method, url).status_code for method in api_methods(pattern)}
    assert all(status == 404 for status in answered.values()), answered


def test_an_outsider_does_not_see_the_program_in_their_list(client, program, outsider):
    client.force_login(outsider)
    response = client.get(reverse("programs:program_list"))
    assert program.name not in response.content.decode()
    assert "Fabrikam migration" in response.content.decode()


def test_an_outsider_does_not_see_the_program_in_their_portfolio(client, program, outsider):
    client.force_login(outsider)
    html = client.get(reverse("executive:portfolio")).content.decode()
    assert program.name not in html and program.slug not in html
    assert "Fabrikam migration" in html
