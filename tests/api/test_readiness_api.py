"""The readiness API: events scored as on their page, snapshots, checklist evidence with the version read, sign-offs
create-only and by the right person, go/no-go decisions; the page's rules through the same services."""

import pytest

from readiness import services
from readiness.models import ChecklistItem, GoNoGoDecision, SignOff
from tests.api.conftest import base
from tests.factories import ChecklistItemFactory, GoLiveEventFactory, UserFactory, WorkstreamFactory


@pytest.fixture
def event(program):
    return GoLiveEventFactory(program=program, name="Wave 1")


def events(program, event) -> str:
    return f"{base(program)}/events/{event.pk}"


def test_an_event_is_scored_as_on_its_page_with_its_open_blockers(api, program, event, viewer):
    ChecklistItemFactory(event=event, ref="SI-01", text="UAT signed", hard_blocker=True)
    ChecklistItemFactory(event=event, ref="SI-02", status="complete")
    services.snapshot_take(event=event)
    client = api(viewer)
    listed = client.get(f"{base(program)}/events/").json()["results"]
    assert [e["name"] for e in listed] == ["Wave 1"] and listed[0]["latest_outcome"] == "no_go"
    detail = client.get(f"{events(program, event)}/")
    data = detail.json()
    assert detail["ETag"] == '"1"' and data["outcome"] == "no_go"
    assert "SI-01" in [b["key"] for b in data["open_blockers"]]
    assert {"SI-01", "SI-02"} <= {c["key"] for c in data["criteria"]} and data["go_threshold"] == 90
    snapshots = client.get(f"{events(program, event)}/snapshots/").json()["results"]
    assert len(snapshots) == 1 and "SI-01" in [b["key"] for b in snapshots[0]["open_blockers"]]


def test_evidence_is_changed_with_the_version_read_by_whom_the_page_allows(api, program, event, members):
    item = ChecklistItemFactory(event=event, ref="SI-01", owner=members["lead"])
    other = ChecklistItemFactory(event=event, ref="SI-02")
    url = f"{events(program, event)}/items/{item.pk}/"
    lead = api(members["lead"])
    read = lead.get(url)
    assert read["ETag"] == '"1"' and read.json()["signed"] is False

    body = {"evidence_note": "UAT report attached", "status": "in_progress"}
    assert lead.patch(url, body, format="json").status_code == 428
    saved = lead.patch(url, body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert saved.status_code == 200 and saved["ETag"] == '"2"'
    assert saved.json()["evidence_note"] == body["evidence_note"]
    stale = api(members["si"]).patch(url, {"evidence_note": "overwrite"}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412 and stale.json()["current"]["evidence_note"] == "UAT report attached"

    # A lead changes the evidence of the items they own only; a viewer of none.
    not_theirs = lead.patch(f"{events(program, event)}/items/{other.pk}/", body, format="json", HTTP_IF_MATCH='"1"')
    assert not_theirs.status_code == 403 and "Only the item's owner" in not_theirs.json()["detail"]
    assert api(members["viewer"]).patch(url, body, format="json", HTTP_IF_MATCH='"2"').status_code == 403
    assert ChecklistItem.objects.get(pk=other.pk).evidence_note == ""


def test_a_sign_off_is_created_on_the_evidence_read_and_never_changed(api, program, event, members):
    item = ChecklistItemFactory(event=event, ref="SI-01", evidence_note="Runbook v3")
    url = f"{events(program, event)}/items/{item.pk}/sign-offs/"
    si = api(members["si"])
    stale = si.post(url, {"fingerprint": "0" * 64}, format="json")
    assert stale.status_code == 400 and "changed since you opened" in stale.json()["non_field_errors"][0]
    assert api(members["lead"]).post(url, {"fingerprint": item.evidence_fingerprint}, format="json").status_code == 403

    signed = si.post(url, {"fingerprint": item.evidence_fingerprint, "comment": "Checked"}, format="json")
    assert signed.status_code == 201 and signed.json()["signed_by"] == "si"
    item_read = si.get(f"{events(program, event)}/items/{item.pk}/").json()
    assert item_read["signed"] is True and item_read["status"] == "complete"

    # Append-only, as on the page: no edit, no removal.
    for method in ("patch", "put", "delete"):
        assert getattr(si, method)(signed["Location"], {"comment": "Edited"}, format="json").status_code == 405
    assert SignOff.objects.get().comment == "Checked"
    assert [s["comment"] for s in si.get(url).json()["results"]] == ["Checked"]


def test_only_the_named_approver_signs_an_item_that_names_one(api, program, event, members):
    item = ChecklistItemFactory(event=event, evidence_note="Done", approver=members["executive"])
    url = f"{events(program, event)}/items/{item.pk}/sign-offs/"
    refused = api(members["manager"]).post(url, {"fingerprint": item.evidence_fingerprint}, format="json")
    assert refused.status_code == 403 and "named approver" in refused.json()["detail"]
    assert api(members["executive"]).post(url, {"fingerprint": item.evidence_fingerprint},
                                          format="json").status_code == 201  # fmt: skip


def test_go_no_go_decisions_are_read_with_their_conditions(api, program, event, members, outsider):
    si = program.memberships.get(user=members["si"])
    services.decision_record(event=event, membership=si, outcome="go_with_conditions", rationale="Ready but",
                             conditions=["Hypercare rota published"])  # fmt: skip
    listed = api(members["viewer"]).get(f"{base(program)}/go-no-go/").json()["results"]
    assert listed[0]["outcome"] == "go_with_conditions" and listed[0]["conditions"][0]["is_open"]
    assert api(members["manager"]).post(f"{base(program)}/go-no-go/", {}, format="json").status_code == 400
    assert api(outsider).get(f"{base(program)}/go-no-go/").status_code == 404
    assert GoNoGoDecision.objects.count() == 1


def test_readiness_lists_cost_the_same_queries_whatever_their_length(api, program, event, lead,
                                                                     django_assert_max_num_queries):  # fmt: skip
    client = api(lead)
    urls = [f"{base(program)}/events/", f"{events(program, event)}/items/", f"{events(program, event)}/snapshots/",
            f"{base(program)}/go-no-go/"]  # fmt: skip
    client.get(urls[0])  # warm: the token's last use is written once a minute

    def grow(n):
        decider = UserFactory()
        for _ in range(n):
            item = ChecklistItemFactory(event=event, evidence_note="x")
            SignOff.objects.create(item=item, signed_by=decider, evidence_fingerprint=item.evidence_fingerprint)
            snapshot = services.snapshot_take(event=event)
            decision = GoNoGoDecision.objects.create(event=event, snapshot=snapshot, outcome="defer", rationale="r",
                                                     decided_by=decider)  # fmt: skip
            decision.conditions.create(text="c", owner=decider)
            GoLiveEventFactory(program=program).workstreams.add(WorkstreamFactory(program=program))

    grow(1)
    with django_assert_max_num_queries(40) as one:
        for url in urls:
            client.get(url)
    grow(15)
    with django_assert_max_num_queries(len(one.captured_queries)):
        for url in urls:
            assert client.get(url).status_code == 200


def test_an_event_read_from_the_api_and_sent_back_keeps_its_archived_workstream(api, program, manager):
    archived = WorkstreamFactory(program=program, name="Legacy IVR", archived=True)
    event = GoLiveEventFactory(program=program, name="Wave 1")
    event.workstreams.set([archived])
    client = api(manager)
    url = f"{base(program)}/events/{event.pk}/"
    read = client.get(url)
    body = {"name": "Wave 1 (east)", "workstreams": read.json()["workstreams"]}
    saved = client.patch(url, body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert saved.status_code == 200, saved.json()
    assert list(event.workstreams.all()) == [archived]
    other = WorkstreamFactory(program=program, name="Retired too", archived=True)
    refused = client.patch(url, {"workstreams": [other.pk]}, format="json", HTTP_IF_MATCH=saved["ETag"])
    assert refused.status_code == 400  # an archived workstream is still not offered as a new link
