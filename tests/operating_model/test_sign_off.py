"""Published numbered versions, append-only sign-off by each accountable team, and the go-live blocker."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from operating_model import selectors, services
from operating_model.models import ModelSignOff, ModelVersion
from readiness import services as readiness_services
from readiness.selectors import event_readiness
from tests.factories import ActivityFactory, MatrixFactory, RoleFactory, put_letters


def url(name, program, **kwargs):
    return reverse(f"operating_model:{name}", kwargs={"program_slug": program.slug, **kwargs})


@pytest.fixture
def model(program, lead):
    """CCO owns a process; a flow step carries out a RASCI row where TEL is Accountable. The lead fills CCO."""
    cco, tel, sdk = (RoleFactory(program=program, code=code) for code in ("CCO", "TEL", "SDK"))
    services.catalogue_item_create(program=program, code="P04", name="Emergency message", owner_role=cco,
                                   fulfiller_role=sdk, sla_target="30 min", sla_clock="24x7")  # fmt: skip
    activity = ActivityFactory(matrix=MatrixFactory(program=program), name="Incident management")
    put_letters(activity, {tel: "A", sdk: "R"})
    flow = services.flow_create(program=program, name="Night")
    lane = services.lane_add(flow=flow, role=sdk)
    services.step_create(flow=flow, lane=lane, name="Log the ticket", activity=activity)
    services.role_assignment_create(program=program, role=cco, phase="after", person=lead)
    return {"CCO": cco, "TEL": tel, "SDK": sdk}


def member(program, user):
    return program.memberships.get(user=user)


def test_a_version_freezes_the_model_and_names_its_accountable_teams(program, model, lead):
    version = services.model_publish(program=program, user=lead, note="First cut")
    assert version.number == 1 and [t["code"] for t in version.accountable] == ["CCO", "TEL"]
    assert version.snapshot["catalogue"][0][:2] == ["P04", "Emergency message"]
    assert version.snapshot["flows"][0]["steps"][0][3] == "Log the ticket"
    with pytest.raises(ValidationError, match="Nothing changed since version 1"):
        services.model_publish(program=program, user=lead)


def test_nobody_accountable_nothing_to_publish(program, lead):
    with pytest.raises(ValidationError, match="Nobody is accountable"):
        services.model_publish(program=program, user=lead)


def test_teams_sign_off_by_their_members_or_a_manager_once_and_an_edit_supersedes(program, model, lead, manager,
                                                                                 viewer):  # fmt: skip
    version = services.model_publish(program=program, user=lead)
    first = services.model_sign_off(version=version, role=model["CCO"], membership=member(program, lead))
    again = services.model_sign_off(version=version, role=model["CCO"], membership=member(program, lead))
    assert first == again and ModelSignOff.objects.count() == 1  # a double click signs once
    with pytest.raises(PermissionDenied, match="Only someone who fills TEL"):
        services.model_sign_off(version=version, role=model["TEL"], membership=member(program, lead))
    with pytest.raises(PermissionDenied):
        services.model_sign_off(version=version, role=model["TEL"], membership=member(program, viewer))
    with pytest.raises(ValidationError, match="SDK is not accountable in version 1"):
        services.model_sign_off(version=version, role=model["SDK"], membership=member(program, manager))
    assert selectors.readiness_inputs(program).waiting_for == ["TEL"]
    services.model_sign_off(version=version, role=model["TEL"], membership=member(program, manager))
    assert selectors.readiness_inputs(program).signed_version == 1

    # Any later edit starts a new draft: version 1 and its sign-offs are superseded, and cannot be signed any more.
    item = program.service_catalogue.get()
    services.catalogue_item_update(item=item, version=item.version, sla_target="15 min")
    board = selectors.sign_off_board(program)
    assert board.changed and board.latest.superseded and board.latest.complete
    assert selectors.readiness_inputs(program).signed_version is None
    v2 = services.model_publish(program=program, user=lead)
    assert v2.number == 2 and selectors.readiness_inputs(program).waiting_for == ["CCO", "TEL"]
    with pytest.raises(ValidationError, match="Version 1 is no longer the operating model"):
        services.model_sign_off(version=version, role=model["CCO"], membership=member(program, manager))


@pytest.mark.django_db(transaction=True)
def test_versions_and_sign_offs_are_append_only_in_the_database(program, model, lead):
    version = services.model_publish(program=program, user=lead)
    record = services.model_sign_off(version=version, role=model["CCO"], membership=member(program, lead))
    for attempt in (
        lambda: ModelSignOff.objects.filter(pk=record.pk).update(comment="rewritten"),
        lambda: ModelSignOff.objects.filter(pk=record.pk).delete(),
        lambda: ModelVersion.objects.filter(pk=version.pk).update(note="rewritten"),
    ):
        with pytest.raises((InternalError, IntegrityError), match=r"append-only|frozen"), transaction.atomic():
            attempt()


def test_the_page_publishes_signs_and_marks_the_review_due(client_for, program, model, lead, viewer, manager):
    client = client_for(lead)
    assert client.post(url("publish", program), {"note": "Ready for sign-off"}).status_code == 302
    page = client.get(url("sign_off", program)).content.decode()
    assert "Version 1 awaits CCO, TEL." in page and "Sign off for CCO" in page and "Sign off for TEL" not in page
    version = ModelVersion.objects.get(program=program)
    client.post(url("version_sign", program, version_id=version.pk), {"role": model["CCO"].pk, "comment": "Agreed"})
    assert client_for(viewer).post(url("version_sign", program, version_id=version.pk),
                                   {"role": model["TEL"].pk}).status_code == 403  # fmt: skip
    viewer_page = client_for(viewer).get(url("sign_off", program)).content.decode()
    assert "“Agreed”" in viewer_page and "Publish version" not in viewer_page and "Sign off for" not in viewer_page
    client_for(manager).post(url("version_sign", program, version_id=version.pk), {"role": model["TEL"].pk})
    page = client.get(url("sign_off", program)).content.decode()
    assert "Version 1 is signed off by every accountable team." in page and "Next review due by" in page
    board = selectors.sign_off_board(program)  # 91 days on, the review is due
    board.today = timezone.localdate() + dt.timedelta(days=91)
    assert board.review_due
    frozen = client.get(url("version_detail", program, version_id=version.pk)).content.decode()
    assert "Emergency message" in frozen and "Log the ticket" in frozen


def test_the_sign_off_page_runs_the_same_queries_for_few_or_many_versions(client_for, program, model, manager):
    client = client_for(manager)

    def publish_and_sign(n):
        for i in range(n):
            item = program.service_catalogue.get()
            services.catalogue_item_update(item=item, version=item.version, notes=f"revision {i}")
            version = services.model_publish(program=program, user=manager)
            for role in (model["CCO"], model["TEL"]):
                services.model_sign_off(version=version, role=role, membership=member(program, manager))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("sign_off", program)).status_code == 200
        return len(ctx.captured_queries)

    publish_and_sign(2)
    small = count()
    publish_and_sign(8)
    assert count() == small <= 25


def test_go_live_readiness_blocks_until_every_accountable_team_signed(program, model, lead, manager):
    starts = timezone.now() + dt.timedelta(days=30)
    event = readiness_services.event_create(program=program, name="Wave 1", kind="wave", starts_at=starts,
                                            ends_at=starts + dt.timedelta(hours=4))  # fmt: skip

    def criterion(key):
        return next(c for c in event_readiness(event).result.criteria if c.key == key)

    signed = criterion("SI-17")
    assert signed.hard_blocker and signed.is_open_blocker
    assert signed.explanation == "No version of the operating model is published yet."
    assert signed.link == url("sign_off", program)
    assert criterion("sla_coverage").value == 1.0
    event.items.filter(ref="SI-17").update(status="complete")  # a tick no longer clears it
    assert criterion("SI-17").is_open_blocker
    version = services.model_publish(program=program, user=lead)
    assert criterion("SI-17").explanation == "Version 1 awaits the sign-off of CCO, TEL."
    for role in (model["CCO"], model["TEL"]):
        services.model_sign_off(version=version, role=role, membership=member(program, manager))
    assert not criterion("SI-17").is_open_blocker
    assert criterion("SI-17").explanation == "Version 1 is signed off by every accountable team."
    step = program.process_flows.get().steps.get()
    services.step_update(step=step, version=step.version, sla_target="10 min")
    assert criterion("SI-17").explanation == "The operating model changed since version 1: publish it and sign again."


def test_the_checklist_offers_no_hand_tick_for_the_computed_item(client_for, program, model, lead, manager):
    starts = timezone.now() + dt.timedelta(days=30)
    event = readiness_services.event_create(program=program, name="Wave 1", kind="wave", starts_at=starts,
                                            ends_at=starts + dt.timedelta(hours=4))  # fmt: skip
    item = event.items.get(ref="SI-17")
    services.model_publish(program=program, user=lead)
    client = client_for(manager)
    event_url = reverse("readiness:event_detail", args=[program.slug, event.pk])
    item_url = reverse("readiness:item_evidence", args=[program.slug, event.pk, item.pk])

    row = client.get(event_url).content.decode().split(f'id="item-{item.pk}"')[1].split("</tr>")[0]
    assert "Computed: Version 1 awaits the sign-off of CCO, TEL." in row and "Not met" in row
    assert item_url not in row and url("sign_off", program) in row  # no evidence-and-tick, the sign-off page
    beyond = client.get(event_url).content.decode().split('id="program-criteria"')[1].split("</table>")[0]
    assert "SI-17 Operating model signed off by every accountable team" in beyond

    page = client.get(item_url).content.decode()
    assert "Computed, not ticked by hand." in page and "Sign off SI-17" not in page
    with pytest.raises(ValidationError, match="SI-17 is computed from the operating model"):
        readiness_services.sign_off(
            item=item, membership=member(program, manager), fingerprint=item.evidence_fingerprint
        )
    form = {"status": "complete", "evidence_note": "Signed on paper", "evidence_link": "", "version": item.version,
            "fingerprint": item.evidence_fingerprint}  # fmt: skip
    client.post(item_url, form)
    item.refresh_from_db()
    assert (item.status, item.evidence_note) == ("not_started", "Signed on paper")  # the note kept, no tick


def test_my_work_lists_the_versions_awaiting_a_team_the_user_fills(client_for, program, model, lead, manager):
    version = services.model_publish(program=program, user=manager)
    page = client_for(lead).get(reverse("programs:my_work")).content.decode()
    assert "Operating model versions to sign off" in page and "Version 1 for CCO" in page
    services.model_sign_off(version=version, role=model["CCO"], membership=member(program, lead))
    assert "Version 1 for CCO" not in client_for(lead).get(reverse("programs:my_work")).content.decode()


def test_the_program_search_finds_processes_and_flows(client_for, program, model, viewer):
    page = client_for(viewer).get(reverse("programs:search", args=[program.slug]) + "?q=emergency").content.decode()
    assert "P04 Emergency message" in page
    page = client_for(viewer).get(reverse("programs:search", args=[program.slug]) + "?q=night").content.decode()
    assert "Process flows" in page and "Night" in page
