"""Swimlane flows: lanes of program roles, steps tied to the RASCI, drawn as SVG and edited in place."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from operating_model import services
from operating_model.models import ProcessStep
from programs import services as program_services
from raci import services as raci_services
from tests.factories import ActivityFactory, MatrixFactory, RoleFactory, put_letters


def url(name, program, **kwargs):
    return reverse(f"operating_model:{name}", kwargs={"program_slug": program.slug, **kwargs})


@pytest.fixture
def standard(manager):
    """A program with the ten standard roles and the support-processes RASCI."""
    program = program_services.program_create(creator=manager, name="Tailspin care")
    raci_services.matrix_create(program=program, name="Support processes", kind="RASCI",
                                starting_from="cc_support_processes")  # fmt: skip
    return program


def test_the_two_starting_flows_come_with_lanes_steps_links_and_clean_rasci(standard):
    from operating_model.selectors import flow_page

    services.catalogue_seed(program=standard)
    night = services.flow_create(program=standard, name="Out-of-hours support", starting_from="out_of_hours")
    queue = services.flow_create(program=standard, name="Emergency queue message", starting_from="emergency_message")
    assert night.service.code == "P17" and night.clock == "24x7"
    page = flow_page(night)
    assert [lane.role.code for lane in page.lanes] == ["SDK", "TEL", "CCO", "ADM"]
    assert len(page.steps) == 10 and page.steps[2].sla_target == "15 min"
    assert page.next_of[page.steps[1].pk] and page.steps[0].activity.name.startswith("Monitoring and alerting")
    assert page.flags == {}  # the starting flows agree with the starting RASCI
    queue_page = flow_page(queue)
    assert [lane.role.code for lane in queue_page.lanes] == ["WFR", "CCO", "ADM", "SUP"]
    assert queue_page.flags == {} and any(edge.back for edge in queue_page.diagram.edges)  # "keep watching"


def test_a_starting_flow_adds_the_standard_roles_a_program_lacks(program):
    flow = services.flow_create(program=program, name="Night", starting_from="out_of_hours")
    assert {lane.role.code for lane in flow.lanes.all()} == {"SDK", "TEL", "CCO", "ADM"}
    assert not flow.steps.exclude(activity=None).exists()  # no RASCI in this program: nothing linked


def test_steps_stay_within_their_flow_and_program(program, other_program):
    flow = services.flow_create(program=program, name="Night")
    other = services.flow_create(program=program, name="Day")
    lane = services.lane_add(flow=flow, role=RoleFactory(program=program, code="SDK"))
    other_lane = services.lane_add(flow=other, role=RoleFactory(program=program, code="TEL"))
    stranger = services.step_create(flow=other, lane=other_lane, name="Elsewhere")
    with pytest.raises(ValidationError, match="Choose one of this flow's lanes"):
        services.step_create(flow=flow, lane=other_lane, name="Log")
    with pytest.raises(ValidationError, match="only lead to steps of its own flow"):
        services.step_create(flow=flow, lane=lane, name="Log", next_steps=[stranger])
    foreign = ActivityFactory(matrix=MatrixFactory(program=other_program))
    with pytest.raises(ValidationError, match="is not part of this program"):
        services.step_create(flow=flow, lane=lane, name="Log", activity=foreign)
    with pytest.raises(ValidationError) as refused:
        services.step_create(flow=flow, lane=lane, name="Log", sla_target="2 business days")
    assert "clock is 24×7" in refused.value.message_dict["sla_target"][0]
    with pytest.raises(ValidationError, match="is not part of this program"):
        services.lane_add(flow=flow, role=RoleFactory(program=other_program))
    with pytest.raises(ValidationError, match="already has a lane"):
        services.lane_add(flow=flow, role=lane.role)
    step = services.step_create(flow=flow, lane=lane, name="Log")
    with pytest.raises(ValidationError, match="cannot lead to itself"):
        services.step_update(step=step, version=step.version, next_steps=[step])
    with pytest.raises(ValidationError, match="lane still has steps"):
        services.lane_remove(lane=lane)


def test_the_page_draws_the_flow_and_flags_lanes_that_are_not_r_or_a(client_for, program, viewer):
    adm, cco = RoleFactory(program=program, code="ADM"), RoleFactory(program=program, code="CCO")
    matrix = MatrixFactory(program=program, name="Support")
    agent_add = ActivityFactory(matrix=matrix, name="Agent add")
    put_letters(agent_add, {adm: "C", cco: "R"})
    flow = services.flow_create(program=program, name="Joiners")
    lane = services.lane_add(flow=flow, role=adm)
    services.lane_add(flow=flow, role=cco)
    step = services.step_create(flow=flow, lane=lane, kind="decision", name="Approved?", activity=agent_add,
                                sla_target="4h")  # fmt: skip
    page = client_for(viewer).get(url("flow_detail", program, flow_id=flow.pk)).content.decode()
    svg = page.split('<svg class="swimlane"')[1].split("</svg>")[0]
    assert "<polygon" in svg and "Approved?" in svg and "SLA 4 h" in svg and ">ADM<" in svg and ">CCO<" in svg
    assert f'href="#step-{step.pk}"' in svg and 'class="flag"' in svg
    flags = html.unescape(page.split('id="flow-flags"')[1].split("</div>")[0])
    assert 'Step 1: ADM does this step but is not R or A on "Agent add" in the RASCI (it is C).' in flags
    assert 'Step 1: "Agent add" has no Accountable in the RASCI.' in flags
    activity_url = reverse("raci:activity_detail", args=[program.slug, matrix.pk, agent_add.pk])
    assert f'href="{activity_url}"' in page  # the step links to its RASCI row…
    back = client_for(viewer).get(activity_url).content.decode()
    used_in = html.unescape(back.split('id="used-in"')[1].split("</ul>")[0])
    assert "Joiners: Approved?" in used_in and f"#step-{step.pk}" in used_in  # …and the row back to the step
    assert "Add a step" not in page and "hx-get" not in page  # a viewer reads


def test_a_lead_adds_a_step_once_and_edits_it_in_place(client_for, program, lead, manager):
    flow = services.flow_create(program=program, name="Night")
    lane = services.lane_add(flow=flow, role=RoleFactory(program=program, code="SDK"))
    first = services.step_create(flow=flow, lane=lane, name="Log the ticket")
    client = client_for(lead)
    page = client.get(url("flow_detail", program, flow_id=flow.pk))
    form = {"lane": lane.pk, "kind": "escalation", "name": "Page the on-call engineer", "sla_target": "15 min",
            "submission": page.context["submission"]}  # fmt: skip
    create = url("step_create", program, flow_id=flow.pk)
    assert client.post(create, form).status_code == 302
    client.post(create, form)
    second = ProcessStep.objects.get(flow=flow, name="Page the on-call engineer")
    assert flow.steps.count() == 2 and second.position == 2

    edit = url("step_edit", program, flow_id=flow.pk, step_id=first.pk)
    row = client.get(edit, headers={"HX-Request": "true"})
    assert row.content.decode().startswith(f'<tr id="step-{first.pk}"')  # the form in place of the row
    data = {"lane": lane.pk, "kind": "task", "name": "Log the ticket", "position": 1, "version": first.version}
    assert client.post(edit, {**data, "next_steps": [second.pk]}).status_code == 302
    first.refresh_from_db()
    assert list(first.next_steps.all()) == [second]
    assert client_for(manager).post(edit, {**data, "name": "Log it", "version": 1}).status_code == 409
    client.post(edit, {**data, "name": "Log the ticket in ServiceNow", "version": first.version})
    history = client.get(edit).content.decode().split('id="history-heading"')[1]
    assert "<strong>Name</strong>: <del>Log the ticket</del> → Log the ticket in ServiceNow" in history


def test_the_flow_pages_run_the_same_queries_for_3_or_30_steps(client_for, program, manager):
    client = client_for(manager)
    matrix = MatrixFactory(program=program)
    flow = services.flow_create(program=program, name="Big")

    def grow(n):
        for _ in range(n):
            role = RoleFactory(program=program)
            lane = services.lane_add(flow=flow, role=role)
            activity = ActivityFactory(matrix=matrix)
            put_letters(activity, {role: "R"})
            last = flow.steps.last()
            services.step_create(flow=flow, lane=lane, name="Step", activity=activity, sla_target="1 h",
                                 next_steps=[last] if last else None)  # fmt: skip

    def count(name, **kwargs):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(name, program, **kwargs)).status_code == 200
        return len(ctx.captured_queries)

    grow(3)
    step = flow.steps.first()  # its edit form offers every lane and activity, and keeps its own links
    small = count("flow_detail", flow_id=flow.pk), count("flow_list"), count("step_edit", flow_id=flow.pk,
                                                                              step_id=step.pk)  # fmt: skip
    grow(27)
    assert (count("flow_detail", flow_id=flow.pk), count("flow_list"),
            count("step_edit", flow_id=flow.pk, step_id=step.pk)) == small  # fmt: skip
    assert small[0] <= 20
