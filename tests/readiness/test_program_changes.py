"""The go-live score follows changes made in the other apps, through the one change signal."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs import services as program_services
from raci import services as raci_services
from readiness import services, tasks
from readiness.models import ReadinessSnapshot
from tests.factories import (
    ActivityFactory,
    GoLiveEventFactory,
    MatrixColumnFactory,
    MatrixFactory,
    MilestoneFactory,
    RiskFactory,
    RoleFactory,
)
from tests.readiness.actions import evidence_form, sign_off


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def scheduled(monkeypatch):
    """The recomputations queued (event ids), instead of running them."""
    queued = []
    monkeypatch.setattr(tasks.recompute_event_readiness, "apply_async", lambda args, countdown: queued.append(args[0]))
    return queued


def test_completing_a_milestone_recomputes_the_score(program, django_capture_on_commit_callbacks):
    event = GoLiveEventFactory(program=program)
    late = MilestoneFactory(program=program, baseline_date=timezone.localdate() - dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        program_services.milestone_complete(milestone=late)
    criterion = next(c for c in ReadinessSnapshot.objects.get(event=event).criteria if c["key"] == "milestones")
    assert criterion["value"] == 1.0


def test_a_risk_edit_and_a_raci_fix_each_reach_the_events_of_their_program(
    program, other_program, scheduled, django_capture_on_commit_callbacks
):
    event, elsewhere = GoLiveEventFactory(program=program), GoLiveEventFactory(program=other_program)
    risk = RiskFactory(program=program, likelihood=2, impact=2)
    with django_capture_on_commit_callbacks(execute=True):
        program_services.risk_update(risk=risk, version=risk.version, likelihood=5, impact=5)
    assert scheduled == [event.pk]

    cache.clear()
    scheduled.clear()
    matrix = MatrixFactory(program=program, kind="RACI")
    role = MatrixColumnFactory(matrix=matrix, role=RoleFactory(program=program, code="CCO")).role
    activity = ActivityFactory(matrix=matrix, name="Approve cutover")
    raci_services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=role.pk, code="C", expected="")  # no A
    with django_capture_on_commit_callbacks(execute=True):
        raci_services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=role.pk, code="AR", expected="C")
    assert scheduled == [event.pk] and elsewhere.pk not in scheduled


def test_a_burst_across_apps_queues_one_recomputation_per_event(program, scheduled, django_capture_on_commit_callbacks):
    events = [GoLiveEventFactory(program=program) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            milestone = MilestoneFactory(program=program, baseline_date=timezone.localdate() - dt.timedelta(days=1))
            program_services.milestone_slip(milestone=milestone, days=7)
    assert sorted(scheduled) == sorted(e.pk for e in events)


def test_a_write_that_rolls_back_announces_nothing(program, scheduled, django_capture_on_commit_callbacks):
    GoLiveEventFactory(program=program)
    milestone = MilestoneFactory(program=program)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        program_services.milestone_slip(milestone=milestone, days=0)
    assert scheduled == []


def test_the_rules_hold_when_the_services_are_called_directly(program, members):
    event = GoLiveEventFactory(program=program)
    with pytest.raises(ValidationError, match="must end after it starts"):
        services.event_update(event=event, version=event.version, ends_at=event.starts_at)
    first = services.item_create(event=event, ref="si-40", category="Operations", text="Wallboards live", weight=2)
    assert first.ref == "SI-40"
    with pytest.raises(ValidationError, match="SI-40 is already an item"):
        services.item_create(event=event, ref="SI-40", category="Operations", text="Again", weight=1)
    with pytest.raises(ValidationError, match="cannot be above the Go threshold"):
        services.policy_save(program=program, version=None, go_threshold=80, conditions_threshold=85)
    with pytest.raises(ValidationError, match="give the approved window"):
        services.change_request_save(event=event, version=None, number="CHG-7", status="approved")


def test_a_matrix_with_errors_cannot_be_approved_through_the_service(program):
    matrix = MatrixFactory(program=program, kind="RACI")
    role = MatrixColumnFactory(matrix=matrix, role=RoleFactory(program=program, code="CCO")).role
    activity = ActivityFactory(matrix=matrix, name="Nobody accountable")
    raci_services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=role.pk, code="C", expected="")
    matrix.refresh_from_db()
    with pytest.raises(ValidationError, match="before approving the matrix"):
        raci_services.matrix_update(matrix=matrix, version=matrix.version, status="approved")
    matrix.refresh_from_db()
    assert matrix.status == "draft"


def test_sign_off_signs_the_evidence_shown_or_nothing(client, program, members):
    event = GoLiveEventFactory(program=program)
    item = services.item_create(event=event, ref="SI-50", category="Training", text="Agents trained", weight=3)
    si = program.memberships.get(user=members["si"])
    client.force_login(members["si"])
    page = f"/p/{program.slug}/readiness/events/{event.pk}/items/{item.pk}/"
    client.post(page, evidence_form(item, evidence_note="LMS report: 96%"))
    typed = evidence_form(item, evidence_note="LMS report: 98% (rerun)", comment="ok")
    refused = client.post(page + "sign-off/", typed)
    assert refused.status_code == 400
    assert "did not save it, so nothing was signed" in refused.content.decode()
    assert "LMS report: 98% (rerun)" in refused.content.decode()  # what was typed is still there
    assert not item.sign_offs.exists()

    shown = evidence_form(item)  # the page as opened; then someone else changes the evidence
    services.item_update_evidence(item=item, membership=si, version=shown["version"], note="LMS report: 91%",
                                  link="", status="in_progress")  # fmt: skip
    stale = client.post(page + "sign-off/", {**shown, "evidence_note": "LMS report: 91%"})
    assert "changed since you opened the page" in stale.content.decode()
    assert not item.sign_offs.exists()
    record = sign_off(item, membership=si)
    assert record.evidence_note == "LMS report: 91%"
