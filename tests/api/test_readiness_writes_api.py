"""The readiness API, writes: go-live events planned and edited, checklist items added, go/no-go decisions recorded
and their conditions closed, an event's change request, the program's thresholds and the change calendar; each
through the service of its page, by whom the page allows, refused where the page refuses."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from readiness import services
from readiness.models import ChangeRequest, ChangeWindow, ChecklistItem, GoLiveEvent, GoNoGoDecision, ReadinessPolicy
from tests.api.conftest import base
from tests.factories import ChecklistItemFactory, GoLiveEventFactory, WorkstreamFactory


@pytest.fixture
def event(program):
    return GoLiveEventFactory(program=program, name="Wave 1")


def at(**delta) -> str:
    return (timezone.now() + dt.timedelta(**delta)).isoformat()


def test_an_event_is_planned_with_its_checklist_and_edited_with_the_version_read(api, program, members, tasks):
    si = api(members["si"])
    url = f"{base(program)}/events/"
    ws = WorkstreamFactory(program=program)
    body = {"name": "Wave 2", "kind": "wave", "starts_at": at(days=40), "ends_at": at(days=40, hours=6),
            "workstreams": [ws.pk]}  # fmt: skip
    made = tasks(si.post, url, body, format="json")
    assert made.status_code == 201 and made["ETag"] == '"1"' and made.json()["workstreams"] == [ws.pk]
    event = GoLiveEvent.objects.get(name="Wave 2")
    assert event.snapshots.count() == 1  # scored once made, as on the page
    assert made["Location"].endswith(f"/events/{event.pk}/") and event.items.count() == 30  # the template
    bare = si.post(url, {**body, "name": "Pilot", "with_template": False}, format="json")
    assert bare.status_code == 201 and not GoLiveEvent.objects.get(name="Pilot").items.exists()

    # The page's rule: a window ends after it starts, on create and on edit.
    backwards = si.post(url, {**body, "name": "Wave 3", "ends_at": at(days=39)}, format="json")
    assert backwards.status_code == 400 and "must end after it starts" in backwards.json()["ends_at"][0]
    assert not GoLiveEvent.objects.filter(name="Wave 3").exists()
    assert si.patch(made["Location"], {"name": "Wave 2b"}, format="json").status_code == 428
    bad = si.patch(made["Location"], {"ends_at": at(days=1)}, format="json", HTTP_IF_MATCH='"1"')
    assert bad.status_code == 400 and "must end after it starts" in bad.json()["ends_at"][0]
    moved = si.patch(made["Location"], {"name": "Wave 2b", "workstreams": []}, format="json", HTTP_IF_MATCH='"1"')
    assert moved.status_code == 200 and moved["ETag"] == '"2"' and moved.json()["workstreams"] == []
    stale = api(members["manager"]).patch(made["Location"], {"name": "Overwrite"}, format="json",
                                          HTTP_IF_MATCH='"1"')  # fmt: skip
    assert stale.status_code == 412 and stale.json()["current"]["name"] == "Wave 2b"
    assert GoLiveEvent.objects.get(pk=event.pk).name == "Wave 2b"


def test_events_are_planned_by_whom_the_page_allows_and_once_per_idempotency_key(api, program, members,
                                                                                 other_program):  # fmt: skip
    url = f"{base(program)}/events/"
    body = {"name": "Wave 2", "starts_at": at(days=40), "ends_at": at(days=41), "with_template": False}
    assert api(members["lead"]).post(url, body, format="json").status_code == 403
    assert api(members["executive"]).post(url, body, format="json").status_code == 403
    foreign = WorkstreamFactory(program=other_program)
    refused = api(members["si"]).post(url, {**body, "workstreams": [foreign.pk]}, format="json")
    assert refused.status_code == 400 and "workstreams" in refused.json()
    key = str(uuid.uuid4())
    first = api(members["manager"]).post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api(members["manager"]).post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201 and again.status_code == 303 and again["Location"] == first["Location"]
    assert GoLiveEvent.objects.filter(program=program).count() == 1


def test_a_checklist_item_is_added_as_on_the_event_page(api, program, event, members, other_program):
    url = f"{base(program)}/events/{event.pk}/items/"
    si = api(members["si"])
    ChecklistItemFactory(event=event, ref="SI-01")
    made = si.post(url, {"category": "Testing", "text": "Failover tested", "hard_blocker": True,
                         "owner": "lead", "approver": "executive"}, format="json")  # fmt: skip
    data = made.json()
    assert made.status_code == 201 and made["ETag"] == '"1"' and data["ref"] == "SI-02"  # the page's next ref
    assert data["due_date"] == str(event.starts_at.date()) and data["owner"] == "lead" and data["signed"] is False
    assert si.get(made["Location"]).json()["text"] == "Failover tested"

    twice = si.post(url, {"ref": "si-02", "category": "Testing", "text": "Again"}, format="json")
    assert twice.status_code == 400 and "SI-02 is already an item of this event" in twice.json()["ref"][0]
    stranger = si.post(url, {"category": "Testing", "text": "x", "owner": "outsider"}, format="json")
    assert stranger.status_code == 400 and "owner" in stranger.json()
    # Leads change the evidence of their own items, but add none (as on the page); viewers nothing.
    assert api(members["lead"]).post(url, {"category": "Testing", "text": "x"}, format="json").status_code == 403
    assert api(members["viewer"]).post(url, {"category": "Testing", "text": "x"}, format="json").status_code == 403
    key = str(uuid.uuid4())
    first = si.post(url, {"category": "Cutover", "text": "Rollback"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = si.post(url, {"category": "Cutover", "text": "Rollback"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201 and again.status_code == 303 and again["Location"] == first["Location"]
    assert ChecklistItem.objects.filter(event=event).count() == 3
    other = GoLiveEventFactory(program=other_program)
    assert si.post(f"{base(program)}/events/{other.pk}/items/", {"category": "T", "text": "x"},
                   format="json").status_code == 404  # fmt: skip


def test_a_go_no_go_decision_is_recorded_as_on_its_page(api, program, event, members, other_program):
    ChecklistItemFactory(event=event, ref="SI-01", hard_blocker=True)
    url = f"{base(program)}/go-no-go/"
    si = api(members["si"])
    no_conditions = si.post(url, {"event": event.pk, "outcome": "go_with_conditions", "rationale": "Nearly"},
                            format="json")  # fmt: skip
    assert no_conditions.status_code == 400
    assert "needs at least one condition" in no_conditions.json()["non_field_errors"][0]
    no_why = si.post(url, {"event": event.pk, "outcome": "no_go", "rationale": "  "}, format="json")
    assert no_why.status_code == 400 and "rationale" in no_why.json()
    too_long = si.post(url, {"event": event.pk, "outcome": "go_with_conditions", "rationale": "r",
                             "conditions": ["x" * 301]}, format="json")  # fmt: skip
    assert too_long.status_code == 400 and "conditions" in too_long.json()
    foreign = si.post(url, {"event": GoLiveEventFactory(program=other_program).pk, "outcome": "no_go",
                            "rationale": "r"}, format="json")  # fmt: skip
    assert foreign.status_code == 400 and "event" in foreign.json()
    body = {"event": event.pk, "outcome": "go_with_conditions", "rationale": "Ready bar the rota",
            "voters": ["manager", "executive"], "conditions": ["Hypercare rota published", " "]}  # fmt: skip
    for refused in ("lead", "executive", "viewer"):  # as on the page: Service Introduction and managers
        assert api(members[refused]).post(url, body, format="json").status_code == 403
    assert not GoNoGoDecision.objects.exists()

    key = str(uuid.uuid4())
    made = si.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    data = made.json()
    assert made.status_code == 201 and data["decided_by"] == "si" and sorted(data["voters"]) == ["executive", "manager"]
    assert [c["text"] for c in data["conditions"]] == ["Hypercare rota published"] and data["score"] is not None
    assert si.get(made["Location"]).json()["id"] == data["id"] and data["event"] == event.pk
    again = si.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 303 and again["Location"] == made["Location"]
    assert GoNoGoDecision.objects.count() == 1 and event.snapshots.count() == 1  # frozen with its snapshot


def test_a_condition_is_closed_by_its_owner_si_or_a_manager_once(api, program, event, members):
    si_membership = program.memberships.get(user=members["si"])
    decision = services.decision_record(
        event=event,
        membership=si_membership,
        outcome="go_with_conditions",
        rationale="Ready but",
        conditions=["Rota published", "Floor walkers"],
    )
    rota, walkers = decision.conditions.order_by("pk")
    walkers.owner = members["lead"]
    walkers.save()
    url = f"{base(program)}/go-no-go/{decision.pk}/close-condition/"
    refused = api(members["viewer"]).post(url, {"condition": rota.pk}, format="json")
    assert refused.status_code == 403 and "owner, Service Introduction or a manager" in refused.json()["detail"]
    assert api(members["lead"]).post(url, {"condition": rota.pk}, format="json").status_code == 403
    owned = api(members["lead"]).post(url, {"condition": walkers.pk, "note": "Rostered"}, format="json")
    assert owned.status_code == 200
    closed = api(members["si"]).post(url, {"condition": rota.pk, "note": "Published on the wiki"}, format="json")
    assert closed.status_code == 200 and [c["is_open"] for c in closed.json()["conditions"]] == [False, False]
    twice = api(members["si"]).post(url, {"condition": rota.pk}, format="json")
    assert twice.status_code == 400 and "already closed" in twice.json()["non_field_errors"][0]
    unknown = api(members["si"]).post(url, {"condition": rota.pk + 1000}, format="json")
    assert unknown.status_code == 400 and "condition" in unknown.json()
    rota.refresh_from_db()
    assert rota.closing_note == "Published on the wiki" and rota.closed_by == members["si"]


def test_the_change_request_is_read_and_saved_with_its_version_as_on_its_page(api, program, event, members):
    url = f"{base(program)}/events/{event.pk}/change-request/"
    si = api(members["si"])
    empty = si.get(url)
    assert empty.status_code == 200 and empty["ETag"] == '"0"' and empty.json()["status"] == "draft"
    assert si.patch(url, {"number": "CHG0042"}, format="json").status_code == 428
    unapproved = si.patch(url, {"number": "CHG0042", "status": "approved"}, format="json", HTTP_IF_MATCH='"0"')
    assert unapproved.status_code == 400 and "approved window" in unapproved.json()["approved_start"][0]
    raised = si.patch(url, {"number": "CHG0042", "status": "submitted"}, format="json", HTTP_IF_MATCH='"0"')
    assert raised.status_code == 200 and raised["ETag"] == '"1"'
    # Someone raised it since this client read none: theirs is kept and shown.
    late = api(members["manager"]).patch(url, {"number": "CHG9999"}, format="json", HTTP_IF_MATCH='"0"')
    assert late.status_code == 412 and late.json()["current"]["number"] == "CHG0042"
    in_body = api(members["manager"]).patch(url, {"number": "CHG9999", "version": 0}, format="json")
    assert in_body.status_code == 409
    backwards = si.patch(url, {"status": "approved", "approved_start": at(days=30), "approved_end": at(days=29)},
                         format="json", HTTP_IF_MATCH='"1"')  # fmt: skip
    assert backwards.status_code == 400 and "must end after it starts" in backwards.json()["approved_end"][0]
    approved = si.patch(url, {"status": "approved", "approved_start": at(days=29), "approved_end": at(days=31),
                              "version": 1}, format="json")  # fmt: skip
    assert approved.status_code == 200 and approved.json()["version"] == 2 and si.get(url)["ETag"] == '"2"'
    assert ChangeRequest.objects.get(event=event).number == "CHG0042"
    for refused in ("lead", "executive", "viewer"):  # the change request page is Service Introduction's
        assert api(members[refused]).get(url).status_code == 403
        assert api(members[refused]).patch(url, {"number": "X"}, format="json", HTTP_IF_MATCH='"2"').status_code == 403


def test_the_thresholds_are_read_by_members_and_saved_by_managers_with_the_version_read(api, program, members):
    url = f"{base(program)}/thresholds/"
    defaults = api(members["viewer"]).get(url)
    assert defaults.status_code == 200 and defaults["ETag"] == '"0"' and defaults.json()["go_threshold"] == 90
    for refused in ("lead", "si", "executive", "viewer"):
        assert api(members[refused]).patch(url, {"go_threshold": 70}, format="json",
                                           HTTP_IF_MATCH='"0"').status_code == 403  # fmt: skip
    manager = api(members["manager"])
    upside_down = manager.patch(url, {"go_threshold": 70, "conditions_threshold": 75}, format="json",
                                HTTP_IF_MATCH='"0"')  # fmt: skip
    assert upside_down.status_code == 400
    assert "cannot be above the Go threshold" in upside_down.json()["conditions_threshold"][0]
    saved = manager.patch(url, {"go_threshold": 85}, format="json", HTTP_IF_MATCH='"0"')
    assert saved.status_code == 200 and saved["ETag"] == '"1"' and saved.json()["conditions_threshold"] == 80
    stale = manager.patch(url, {"go_threshold": 95}, format="json", HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412 and stale.json()["current"]["go_threshold"] == 85
    assert ReadinessPolicy.objects.get(program=program).go_threshold == 85


def test_change_windows_are_listed_with_the_organisations_and_added_as_on_the_calendar(api, program, members):
    ChangeWindow.objects.create(name="Year-end freeze", starts_at=timezone.now() + dt.timedelta(days=60),
                                ends_at=timezone.now() + dt.timedelta(days=70))  # fmt: skip
    url = f"{base(program)}/change-windows/"
    si = api(members["si"])
    backwards = si.post(url, {"name": "Peak", "kind": "blackout", "starts_at": at(days=5), "ends_at": at(days=4)},
                        format="json")  # fmt: skip
    assert backwards.status_code == 400 and "must end after it starts" in backwards.json()["ends_at"][0]
    body = {"name": "Open enrolment peak", "kind": "blackout", "starts_at": at(days=5), "ends_at": at(days=9)}
    assert api(members["lead"]).post(url, body, format="json").status_code == 403
    key = str(uuid.uuid4())
    made = si.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert made.status_code == 201 and made.json()["organisation_wide"] is False
    assert si.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key).status_code == 303
    listed = api(members["viewer"]).get(url).json()["results"]
    assert [(w["name"], w["organisation_wide"]) for w in listed] == [("Open enrolment peak", False),
                                                                     ("Year-end freeze", True)]  # fmt: skip
    assert api(members["viewer"]).get(made["Location"]).json()["name"] == "Open enrolment peak"


WRITES = [
    ("post", "events/", {"name": "W", "starts_at": "2027-01-01T08:00:00Z", "ends_at": "2027-01-01T12:00:00Z"}),
    ("patch", "events/{event}/", {"name": "W", "version": 1}),
    ("post", "events/{event}/items/", {"category": "Testing", "text": "x"}),
    ("post", "go-no-go/", {"event": "{event}", "outcome": "no_go", "rationale": "r"}),
    ("get", "events/{event}/change-request/", None),
    ("patch", "events/{event}/change-request/", {"number": "CHG1", "version": 0}),
    ("get", "thresholds/", None),
    ("patch", "thresholds/", {"go_threshold": 85, "version": 0}),
    ("get", "change-windows/", None),
    ("post", "change-windows/", {"name": "F", "starts_at": "2027-01-01T08:00:00Z", "ends_at": "2027-01-02T08:00:00Z"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_readiness_writes_refuse_outsiders_viewers_and_anonymous(api, program, event, members, outsider, method,
                                                                  path, body):  # fmt: skip
    url = f"{base(program)}/{path.format(event=event.pk)}"
    if body is not None:
        body = {k: event.pk if v == "{event}" else v for k, v in body.items()}

    def call(client):
        return getattr(client, method)(url, body, format="json") if body is not None else client.get(url)

    counts = (GoLiveEvent.objects.count(), ChecklistItem.objects.count(), GoNoGoDecision.objects.count(),
              ChangeRequest.objects.count(), ReadinessPolicy.objects.count(), ChangeWindow.objects.count())  # fmt: skip
    assert call(api(outsider)).status_code == 404
    assert call(api()).status_code == 401
    if method != "get" or "change-request" in path:
        assert call(api(members["viewer"])).status_code == 403
    else:
        assert call(api(members["viewer"])).status_code == 200
    assert counts == (GoLiveEvent.objects.count(), ChecklistItem.objects.count(), GoNoGoDecision.objects.count(),
                      ChangeRequest.objects.count(), ReadinessPolicy.objects.count(),
                      ChangeWindow.objects.count())  # fmt: skip
    assert GoLiveEvent.objects.get(pk=event.pk).version == 1


def test_an_item_added_without_a_reference_takes_the_first_free_one(api, program, event, members):
    ChecklistItemFactory(event=event, ref="SI-02")
    taken = set(event.items.values_list("ref", flat=True))
    answer = api(members["si"]).post(f"{base(program)}/events/{event.pk}/items/",
                                     {"category": "Testing", "text": "Failover rehearsed"}, format="json")  # fmt: skip
    assert answer.status_code == 201, answer.content
    assert answer.json()["ref"] not in taken and answer.json()["ref"].startswith("SI-")
