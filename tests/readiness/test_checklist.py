"""The SI checklist: template, evidence, sign-off rules, append-only record, and the score it drives."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from operating_model import services as operating_model
from readiness import services
from readiness.choices import ItemStatus
from readiness.models import ChangeRequest, SignOff
from readiness.selectors import event_readiness, policy_for
from tests.factories import ChecklistItemFactory, GoLiveEventFactory, RoleFactory
from tests.readiness.actions import evidence_form, sign_off, update_evidence


@pytest.fixture
def event(program):
    RoleFactory(program=program, code="TEL", name="IT Telephony")
    starts = timezone.now() + dt.timedelta(days=20)
    return services.event_create(
        program=program, name="Wave 1", kind="wave", starts_at=starts, ends_at=starts + dt.timedelta(hours=4)
    )


def url(name, event, **kwargs):
    return reverse(f"readiness:{name}", kwargs={"program_slug": event.program.slug, "event_id": event.pk, **kwargs})


def test_an_event_starts_from_the_30_item_template(event):
    items = list(event.items.all())
    assert len(items) == 30 and sum(i.weight for i in items) == 136 and sum(i.hard_blocker for i in items) == 14
    porting = event.items.get(ref="SI-08")
    assert porting.owner_role.code == "TEL"  # mapped to the program's role where it exists
    assert porting.due_date == event.starts_at.date() - dt.timedelta(days=15)
    readiness = event_readiness(event)
    items = [c for c in readiness.result.criteria if c.key.startswith("SI-")]
    assert sum(c.is_open_blocker for c in items) == 14 and all(c.value == 0 for c in items)
    cab = next(c for c in readiness.program_criteria if c.key == "cab")
    assert cab.is_open_blocker and cab.explanation == "No cutover change request has been raised."
    assert readiness.result.outcome.value == "no_go"


def membership(program, user):
    return program.memberships.get(user=user)


def test_si_signs_off_with_evidence_and_the_record_keeps_the_evidence(event, program, members):
    item = event.items.get(ref="SI-23")
    si = membership(program, members["si"])
    with pytest.raises(ValidationError, match="no evidence yet"):
        sign_off(item, membership=si)
    update_evidence(item, membership=si, note="CAB approved CR-1042", link="", status="in_progress")
    record = sign_off(item, membership=si, comment="Approved for 02:00 Saturday")
    item.refresh_from_db()
    assert item.status == ItemStatus.COMPLETE
    assert (record.signed_by, record.evidence_note) == (members["si"], "CAB approved CR-1042")
    assert record.evidence_fingerprint == item.evidence_fingerprint


def test_changing_evidence_after_sign_off_makes_it_stale_and_the_item_open_again(event, program, members):
    item = event.items.get(ref="SI-23")
    si = membership(program, members["si"])
    update_evidence(item, membership=si, note="CR-1042 approved", link="", status="complete")
    sign_off(item, membership=si)
    update_evidence(item, membership=si, note="CR-1042 moved a week", link="", status="complete")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS
    state = next(s for s in event_readiness(event).items if s.item.pk == item.pk)
    assert state.stale and not state.signed
    sign_off(item, membership=si)  # signed again: a new record supersedes the old one
    assert SignOff.objects.filter(item=item).count() == 2


def test_only_the_named_approver_may_sign(event, program, members):
    item = event.items.get(ref="SI-01")
    item.approver = members["executive"]
    item.evidence_note = "UAT report"
    item.save()
    with pytest.raises(PermissionDenied, match="named approver"):
        sign_off(item, membership=membership(program, members["si"]))
    sign_off(item, membership=membership(program, members["executive"]))


def test_without_an_approver_only_si_or_managers_sign(event, program, members):
    item = event.items.get(ref="SI-02")
    item.evidence_note = "No Sev1/2 open"
    item.save()
    for persona in ("lead", "executive", "viewer"):
        with pytest.raises(PermissionDenied):
            sign_off(item, membership=membership(program, members[persona]))
    sign_off(item, membership=membership(program, members["manager"]))


def test_leads_update_the_evidence_of_their_own_items_only(client, event, program, members):
    mine = event.items.get(ref="SI-04")
    mine.owner = members["lead"]
    mine.save()
    other = event.items.get(ref="SI-05")
    client.force_login(members["lead"])
    data = {"status": "in_progress", "evidence_note": "CRM screen-pop passed", "evidence_link": ""}
    assert client.post(url("item_evidence", event, item_id=mine.pk), evidence_form(mine, **data)).status_code == 302
    assert client.post(url("item_evidence", event, item_id=other.pk), evidence_form(other, **data)).status_code == 403
    mine.refresh_from_db()
    assert mine.evidence_note == "CRM screen-pop passed"


@pytest.mark.django_db(transaction=True)
def test_sign_offs_are_append_only_in_the_database(program, members):
    item = ChecklistItemFactory(event=GoLiveEventFactory(program=program), evidence_note="ok")
    record = sign_off(item, membership=membership(program, members["si"]))
    for attempt in (
        lambda: SignOff.objects.filter(pk=record.pk).update(comment="rewritten"),
        lambda: SignOff.objects.filter(pk=record.pk).delete(),
    ):
        with pytest.raises((InternalError, IntegrityError), match="append-only"), transaction.atomic():
            attempt()
    record.refresh_from_db()
    assert record.comment == ""


def test_signing_the_last_blocker_turns_no_go_into_go(client, event, program, members):
    ChangeRequest.objects.create(event=event, number="CHG-1", status="approved", approved_start=event.starts_at,
                                 approved_end=event.ends_at)  # fmt: skip
    for item in event.items.exclude(ref="SI-22"):
        item.status = ItemStatus.COMPLETE
        item.save()
    sign_the_operating_model(program, members["manager"])  # SI-17 is computed from it, not ticked
    client.force_login(members["si"])
    page = client.get(url("event_detail", event)).content.decode()
    assert 'data-testid="outcome">No-go<' in page and "SI-22" in page.split('id="open-blockers"')[1]
    blocker = event.items.get(ref="SI-22")
    evidence = {"status": "in_progress", "evidence_note": "Change calendar checked: clear", "evidence_link": ""}
    client.post(url("item_evidence", event, item_id=blocker.pk), evidence_form(blocker, **evidence))
    signed = client.post(url("item_sign_off", event, item_id=blocker.pk), evidence_form(blocker, comment="No freeze"))
    assert signed.status_code == 302
    page = client.get(url("event_detail", event)).content.decode()
    assert 'data-testid="outcome">Go<' in page and 'data-testid="score">100.0%<' in page


def sign_the_operating_model(program, manager):
    tel = program.roles.get(code="TEL")
    operating_model.catalogue_item_create(program=program, code="P17", name="Incident management", owner_role=tel,
                                          fulfiller_role=tel, sla_target="15 min", sla_clock="24x7")  # fmt: skip
    version = operating_model.model_publish(program=program, user=manager)
    operating_model.model_sign_off(version=version, role=tel, membership=membership(program, manager))


def test_event_page_query_count_does_not_grow_with_items(client, program, members):
    client.force_login(members["viewer"])
    event = GoLiveEventFactory(program=program)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("event_detail", event)).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(5):
        ChecklistItemFactory(event=event, owner=members["lead"], evidence_note="x")
    small = count()
    for item in list(event.items.all())[:3]:
        sign_off(item, membership=membership(program, members["si"]))
    for _ in range(50):
        ChecklistItemFactory(event=event, owner=members["lead"], approver=members["si"])
    assert count() == small <= 20


def test_a_manager_sets_the_programs_thresholds(client, program, members):
    client.force_login(members["manager"])
    target = reverse("readiness:policy_edit", kwargs={"program_slug": program.slug})
    weights = {"raci_weight": 3, "milestones_weight": 3, "risks_weight": 0}
    bad = client.post(target, {"go_threshold": 85, "conditions_threshold": 90, "training_target": 95, **weights})
    assert "cannot be above the Go threshold" in bad.content.decode()
    client.post(target, {"go_threshold": 95, "conditions_threshold": 85, "training_target": 90, **weights})
    assert policy_for(program).go_threshold == 95


def test_an_evidence_file_is_kept_signed_and_served_only_as_an_attachment(client, event, program, members):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = event.items.get(ref="SI-01")
    client.force_login(members["si"])
    target = url("item_evidence", event, item_id=item.pk)
    upload = SimpleUploadedFile("UAT report v1.pdf", b"%PDF-1.7 first", content_type="application/pdf")
    client.post(target, evidence_form(item, status="in_progress", evidence_file=upload))
    client.post(url("item_sign_off", event, item_id=item.pk), evidence_form(item, comment="UAT accepted"))
    replacement = SimpleUploadedFile("<script>.html", b"<script>alert(1)</script>", content_type="text/html")
    client.post(target, evidence_form(item, status="complete", evidence_file=replacement))
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS  # a new file: the sign-off is stale
    current = client.get(url("evidence_file", event, item_id=item.pk))
    assert current["Content-Type"] == "application/octet-stream"
    assert current["Content-Disposition"] == 'attachment; filename="script.html"'
    signed = SignOff.objects.get(item=item)
    assert signed.evidence_file_name == "UAT report v1.pdf"
    old = client.get(url("evidence_file", event, item_id=item.pk) + f"?sha256={signed.evidence_file_sha256}")
    assert old.content == b"%PDF-1.7 first"  # what was signed stays downloadable
    other = ChecklistItemFactory(event=GoLiveEventFactory(program=program))
    stolen = client.get(url("evidence_file", other.event, item_id=other.pk) + f"?sha256={signed.evidence_file_sha256}")
    assert stolen.status_code == 404  # a file is reachable only through the item that holds it


def test_an_evidence_file_over_10_mb_is_refused(client, event, members):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = event.items.get(ref="SI-01")
    client.force_login(members["si"])
    big = SimpleUploadedFile("huge.bin", b"0" * (10 * 1024 * 1024 + 1))
    form = evidence_form(item, status="in_progress", evidence_file=big)
    response = client.post(url("item_evidence", event, item_id=item.pk), form)
    assert "the limit is 10 MB" in response.content.decode()
    item.refresh_from_db()
    assert item.evidence_file_sha256 == ""


def test_si_adds_an_item_to_the_checklist_and_it_counts(client, event, program, members):
    client.force_login(members["si"])
    target = url("item_create", event)
    form = {"ref": "si-31", "category": "Cutover", "text": "Legacy speed dials restored in the rollback plan",
            "priority": "high", "weight": 5, "hard_blocker": "on", "status": "not_started"}  # fmt: skip
    client.post(target, form)
    item = event.items.get(ref="SI-31")
    assert item.position == 30 and item.hard_blocker
    assert "SI-31" in [c.key for c in event_readiness(event).result.open_blockers]
    duplicate = client.post(target, {**form, "ref": "SI-01"})
    assert "SI-01 is already an item of this event." in duplicate.content.decode()


def test_an_ended_event_shows_the_score_it_closed_on_not_todays(client, event, program, members):
    """Its go/no-go was taken on the score of its window: the program moving on since does not rewrite it."""
    closing = services.snapshot_take(event=event)
    now = timezone.now()
    type(closing).objects.filter(pk=closing.pk).update(taken_at=now - dt.timedelta(hours=3))
    type(event).objects.filter(pk=event.pk).update(starts_at=now - dt.timedelta(hours=4),
                                                   ends_at=now - dt.timedelta(hours=2))  # fmt: skip
    event.items.update(status=ItemStatus.COMPLETE)  # everything done afterwards: scored today, the score would rise
    client.force_login(members["viewer"])
    page = client.get(url("event_detail", event)).content.decode()
    assert f'data-testid="score">{closing.score}%<' in page
    assert 'data-testid="outcome">No-go<' in page  # open blockers then
    assert 'id="scored-as-of"' in page and "as they stood at its close" in page
    event.refresh_from_db()
    assert event_readiness(event).result.score == float(closing.score)

    closing.delete()  # no score recorded in its window: scored now, and said nowhere to be a past one
    readiness = event_readiness(event)
    assert readiness.as_of is None and readiness.result.score > float(closing.score)
    assert 'id="scored-as-of"' not in client.get(url("event_detail", event)).content.decode()
