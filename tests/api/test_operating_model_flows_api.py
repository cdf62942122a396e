"""The operating model API, continued: swimlane flows with their lanes and steps, published versions and their
sign-off, through the services the pages use, refused where the pages refuse."""

import pytest

from operating_model import services
from operating_model.models import ModelSignOff, ModelVersion, ProcessFlow, ProcessStep, RoleAssignment
from tests.api.conftest import base
from tests.factories import RoleFactory


def om(program) -> str:
    return f"{base(program)}/operating-model"


@pytest.fixture
def sd(program):
    return RoleFactory(program=program, code="SD", name="Service desk")


def test_a_flow_is_built_with_lanes_and_steps_and_read_as_its_page_shows_it(api, program, members, sd):
    lead = api(members["lead"])
    made = lead.post(f"{om(program)}/flows/", {"name": "Out-of-hours support", "clock": "24x7"}, format="json")
    assert made.status_code == 201 and made["ETag"] == '"1"', made.json()
    flow_url = made["Location"]
    lane = lead.post(f"{flow_url}lanes/", {"role": sd.pk}, format="json")
    assert lane.status_code == 201 and lane.json()["role_code"] == "SD"
    again = lead.post(f"{flow_url}lanes/", {"role": sd.pk}, format="json")
    assert again.status_code == 400 and "already has a lane" in again.json()["role"][0]
    first = lead.post(f"{flow_url}steps/", {"lane": lane.json()["id"], "name": "Take the call", "sla_target": "15 min"},
                      format="json")  # fmt: skip
    assert first.status_code == 201 and first.json()["sla_minutes"] == 15
    second = lead.post(f"{flow_url}steps/", {"lane": lane.json()["id"], "name": "Page on-call", "kind": "escalation"},
                       format="json")  # fmt: skip
    linked = lead.patch(first["Location"], {"next_steps": [second.json()["id"]]}, format="json",
                        HTTP_IF_MATCH=first["ETag"])  # fmt: skip
    assert linked.status_code == 200 and linked["ETag"] == '"2"'

    page = lead.get(flow_url).json()
    assert [s["number"] for s in page["steps"]] == [1, 2] and page["steps"][0]["next_steps"] == [second.json()["id"]]
    assert [lane["role_code"] for lane in page["lanes"]] == ["SD"] and page["steps"][0]["lane_code"] == "SD"
    it = lead.post(f"{flow_url}lanes/", {"role": RoleFactory(program=program, code="IT").pk}, format="json")
    moved = lead.post(f"{it['Location']}move/", {"direction": "up"}, format="json")
    assert moved.status_code == 200 and moved.json()["position"] == 0
    assert [lane["role_code"] for lane in lead.get(f"{flow_url}lanes/").json()["results"]] == ["IT", "SD"]
    assert lead.delete(it["Location"]).status_code == 204  # no steps: removed
    listed = lead.get(f"{om(program)}/flows/").json()["results"]
    assert [(f["name"], f["step_count"], f["lane_count"]) for f in listed] == [("Out-of-hours support", 2, 1)]


def test_flows_refuse_what_the_flow_page_refuses(api, program, other_program, members, sd):
    lead = api(members["lead"])
    flow = services.flow_create(program=program, name="Emergency queue message", clock="business_hours")
    lane = services.lane_add(flow=flow, role=sd)
    step = services.step_create(flow=flow, lane=lane, name="Record the message", sla_target="1 business day")
    flow_url, step_url = f"{om(program)}/flows/{flow.pk}/", f"{om(program)}/flows/{flow.pk}/steps/{step.pk}/"

    to_itself = lead.patch(step_url, {"next_steps": [step.pk]}, format="json", HTTP_IF_MATCH='"1"')
    assert to_itself.status_code == 400 and "cannot lead to itself" in to_itself.json()["next_steps"][0]
    nonsense = lead.patch(step_url, {"sla_target": "soonish"}, format="json", HTTP_IF_MATCH='"1"')
    assert nonsense.status_code == 400 and "sla_target" in nonsense.json()
    # A clock that cannot count a step's SLA is refused on the flow, as on its edit page; nothing is saved.
    clock = lead.patch(flow_url, {"clock": "24x7", "name": "Renamed"}, format="json", HTTP_IF_MATCH='"1"')
    assert clock.status_code == 400 and "1 business day" in clock.json()["clock"][0]
    services.step_update(step=step, version=1, name="Record the emergency message")
    stale = lead.patch(step_url, {"name": "Old"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current"]["version"] == 2
    dup = lead.post(f"{om(program)}/flows/", {"name": "Emergency queue message"}, format="json")
    assert dup.status_code == 400
    busy_lane = lead.delete(f"{flow_url}lanes/{lane.pk}/")
    assert busy_lane.status_code == 400 and "still has steps" in busy_lane.json()["non_field_errors"][0]
    foreign_role = lead.post(f"{flow_url}lanes/", {"role": RoleFactory(program=other_program).pk}, format="json")
    assert foreign_role.status_code == 400 and "role" in foreign_role.json()
    assert ProcessStep.objects.get().name == "Record the emergency message" and flow.lanes.count() == 1
    assert ProcessFlow.objects.get().name == "Emergency queue message"


def test_a_flow_starts_from_a_starting_flow_only_when_created(api, program, members):
    lead = api(members["lead"])
    made = lead.post(f"{om(program)}/flows/", {"name": "OOH", "starting_from": "out_of_hours"}, format="json")
    assert made.status_code == 201 and made.json()["step_count"] > 0 and made.json()["lane_count"] > 0
    refused = lead.patch(made["Location"], {"starting_from": "out_of_hours"}, format="json", HTTP_IF_MATCH='"1"')
    assert refused.status_code == 400 and "starting_from" in refused.json()


def test_a_version_is_published_and_signed_as_on_the_sign_off_page(api, program, members, sd):
    services.catalogue_item_create(program=program, code="P01", name="Agent add", owner_role=sd)
    RoleAssignment.objects.create(program=program, role=sd, phase="after", person=members["viewer"])
    manager, viewer, lead = api(members["manager"]), api(members["viewer"]), api(members["lead"])
    assert viewer.post(f"{om(program)}/versions/", {}, format="json").status_code == 403
    published = lead.post(f"{om(program)}/versions/", {"note": "First cut"}, format="json")
    assert published.status_code == 201 and published.json()["number"] == 1
    assert published.json()["teams"] == [{"role": sd.pk, "code": "SD", "name": "Service desk", "signed_by": None,
                                          "signed_at": None}]  # fmt: skip
    nothing = lead.post(f"{om(program)}/versions/", {}, format="json")
    assert nothing.status_code == 400 and "Nothing changed" in nothing.json()["non_field_errors"][0]

    signs = f"{published['Location']}sign-offs/"
    # The lead does not fill SD and is not a manager: refused, as on the page. The viewer fills SD: signs.
    refused = lead.post(signs, {"role": sd.pk}, format="json")
    assert refused.status_code == 403 and "fills SD" in refused.json()["detail"]
    signed = viewer.post(signs, {"role": sd.pk, "comment": "Agreed"}, format="json")
    assert signed.status_code == 201 and signed.json()["signed_by"] == "viewer"
    assert viewer.post(signs, {"role": sd.pk}, format="json").json()["id"] == signed.json()["id"]  # signed once
    read = viewer.get(published["Location"]).json()
    assert read["complete"] and not read["superseded"] and read["teams"][0]["signed_by"] == "viewer"
    assert "catalogue" in str(read["snapshot"]).lower() or read["snapshot"]
    for method in ("patch", "put", "delete"):
        assert getattr(manager, method)(signed["Location"], {}, format="json").status_code == 405
        assert getattr(manager, method)(published["Location"], {}, format="json").status_code == 405

    # Any edit supersedes the version: signing it is refused (the page's rule), and the list says so.
    services.catalogue_item_create(program=program, code="P02", name="Agent remove", owner_role=sd)
    other = RoleFactory(program=program, code="IT")
    stale = manager.post(signs, {"role": other.pk}, format="json")
    assert stale.status_code == 400 and "no longer the operating model" in stale.json()["non_field_errors"][0]
    assert viewer.get(f"{om(program)}/versions/").json()["results"][0]["superseded"] is True
    assert ModelSignOff.objects.count() == 1 and ModelVersion.objects.count() == 1


@pytest.mark.parametrize("path", ["flows/", "versions/"])
def test_flows_and_versions_refuse_outsiders_the_wrong_role_and_anonymous(api, program, members, outsider, path):
    url = f"{om(program)}/{path}"
    body = {"name": "Out-of-hours support"} if path == "flows/" else {}
    assert api(outsider).get(url).status_code == 404
    assert api(outsider).post(url, body, format="json").status_code == 404
    assert api(members["viewer"]).post(url, body, format="json").status_code == 403
    assert api(members["si"]).post(url, body, format="json").status_code == 403
    assert api().get(url).status_code == 401
    assert not ProcessFlow.objects.exists() and not ModelVersion.objects.exists()


def test_flow_and_version_lists_cost_the_same_queries_whatever_their_length(api, program, members, sd,
                                                                            django_assert_max_num_queries):  # fmt: skip
    client = api(members["viewer"])
    flow = services.flow_create(program=program, name="Flow 0")
    lane = services.lane_add(flow=flow, role=sd)
    services.catalogue_item_create(program=program, code="P00", name="Process 0", owner_role=sd)
    version = services.model_publish(program=program, user=members["manager"])
    urls = [f"{om(program)}/flows/", f"{om(program)}/flows/{flow.pk}/lanes/", f"{om(program)}/flows/{flow.pk}/steps/",
            f"{om(program)}/flows/{flow.pk}/", f"{om(program)}/versions/",
            f"{om(program)}/versions/{version.pk}/sign-offs/"]  # fmt: skip
    client.get(urls[0])  # warm: the token's last use is written once a minute

    def grow(start, n):
        previous = None
        for i in range(start, start + n):
            role = RoleFactory(program=program)
            services.flow_create(program=program, name=f"Flow {i + 1}")
            services.lane_add(flow=flow, role=role)
            step = services.step_create(
                flow=flow, lane=lane, name=f"Step {i}", next_steps=[previous] if previous else []
            )
            previous = step
            services.catalogue_item_create(program=program, code=f"P{i + 1:02d}", name=f"Process {i + 1}",
                                           owner_role=role)  # fmt: skip
            published = services.model_publish(program=program, user=members["manager"])
            ModelSignOff.objects.create(version=published, role=role, signed_by=members["manager"])

    grow(0, 1)
    with django_assert_max_num_queries(60) as one:
        for url in urls:
            assert client.get(url).status_code == 200
    grow(1, 10)
    with django_assert_max_num_queries(len(one.captured_queries)):
        for url in urls:
            assert client.get(url).status_code == 200
