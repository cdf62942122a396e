"""The go-live score follows changes made in the other apps, through the one change signal."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from connectmobilize.lib.records import StaleEdit
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
from tests.readiness.actions import evidence_form, sign_off, update_evidence


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
    assert "nothing was signed" in stale.content.decode()
    assert not item.sign_offs.exists()
    record = sign_off(item, membership=si)
    assert record.evidence_note == "LMS report: 91%"


def _item(program, **fields):
    event = GoLiveEventFactory(program=program)
    return services.item_create(event=event, ref="SI-60", category="Ops", text="Runbook signed", weight=2, **fields)


def evidence_page(program, item):
    return f"/p/{program.slug}/readiness/events/{item.event_id}/items/{item.pk}/"


def test_sign_off_after_someone_else_saved_new_evidence_shows_theirs_and_signs_nothing(client, program, members):
    item = _item(program)
    si, manager = (program.memberships.get(user=members[p]) for p in ("si", "manager"))
    update_evidence(item, membership=si, note="Runbook v1", link="", status="in_progress")
    opened = evidence_form(item)  # sofia opens the page
    update_evidence(item, membership=manager, note="Runbook v2 (rollback added)", link="", status="in_progress")
    client.force_login(members["si"])
    refused = client.post(evidence_page(program, item) + "sign-off/", {**opened, "comment": "ok"})
    assert refused.status_code == 409
    assert "nothing was signed" in refused.content.decode()
    assert refused.context["form"]["evidence_note"].value() == "Runbook v2 (rollback added)"  # theirs, not v1
    assert not item.sign_offs.exists()


def test_a_double_clicked_sign_off_is_recorded_once(client, program, members):
    item = _item(program)
    si = program.memberships.get(user=members["si"])
    update_evidence(item, membership=si, note="ok", link="", status="in_progress")
    client.force_login(members["si"])
    form = evidence_form(item, comment="Looks right")
    for _ in range(2):
        assert client.post(evidence_page(program, item) + "sign-off/", form).status_code == 302
    assert item.sign_offs.count() == 1


def test_a_named_approver_with_read_access_reads_the_evidence_and_signs(client, program, members):
    item = _item(program, approver=members["viewer"])
    update_evidence(item, membership=program.memberships.get(user=members["si"]), note="UAT report", link="",
                    status="in_progress")  # fmt: skip
    client.force_login(members["viewer"])
    page = client.get(evidence_page(program, item))
    assert page.status_code == 200 and "Save evidence" not in page.content.decode()
    changed = client.post(evidence_page(program, item), evidence_form(item, evidence_note="mine now"))
    assert changed.status_code == 403
    signed = client.post(evidence_page(program, item) + "sign-off/", evidence_form(item, comment="Approved"))
    assert signed.status_code == 302 and item.sign_offs.get().signed_by == members["viewer"]


def test_thresholds_saved_by_someone_else_meanwhile_are_a_conflict_not_an_overwrite(client, program, members):
    target = f"/p/{program.slug}/readiness/thresholds/"
    client.force_login(members["manager"])
    token = client.get(target).context["form"]["submission"].value()  # opened while still the defaults
    services.policy_save(program=program, version=None, go_threshold=95, conditions_threshold=85)
    form = {"go_threshold": 88, "conditions_threshold": 80, "training_target": 95, "raci_weight": 3,
            "milestones_weight": 3, "risks_weight": 3, "training_weight": 2, "submission": token}  # fmt: skip
    response = client.post(target, form)
    assert response.status_code == 409 and "was changed while you were editing it" in response.content.decode()
    with pytest.raises(StaleEdit):
        services.policy_save(program=program, version=None, go_threshold=70, conditions_threshold=60)
    assert program.readiness_policy.go_threshold == 95


def test_services_refuse_another_programs_records_and_non_members(program, other_program, members):
    foreign = other_program.workstreams.create(name="Elsewhere", kind="other")
    with pytest.raises(ValidationError, match="Elsewhere is not part of this program"):
        program_services.milestone_create(program=program, title="X", baseline_date=timezone.localdate(),
                                          workstream=foreign)  # fmt: skip
    from tests.factories import UserFactory

    stranger = UserFactory(username="stranger")
    with pytest.raises(ValidationError, match="stranger is not a member of this program"):
        program_services.risk_create(program=program, code="R-99", title="Y", category="commitment",
                                     likelihood=2, impact=2, owner=stranger)  # fmt: skip


def test_an_import_of_5000_rows_queues_one_recomputation_per_event(program, lead, scheduled,
                                                                    django_capture_on_commit_callbacks):  # fmt: skip
    from raci.models import Matrix
    from tests.raci.workbooks import large_matrix

    events = [GoLiveEventFactory(program=program) for _ in range(2)]
    matrix = MatrixFactory(program=program, kind="RACI")
    role = MatrixColumnFactory(matrix=matrix, role=RoleFactory(program=program, code="CCO")).role
    activity = ActivityFactory(matrix=matrix, name="Nobody accountable")
    raci_services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=role.pk, code="C", expected="")
    scheduled.clear()
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        job = raci_services.matrix_import_start(program=program, user=lead, filename="big.xlsx",
                                                data=large_matrix(5000, 4), matrix=matrix)  # fmt: skip
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        raci_services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against)
    assert Matrix.objects.get(pk=matrix.pk).error_count == 0  # the import fixed the matrix
    assert sorted(scheduled) == sorted(e.pk for e in events)  # once each, not once per row
