"""The operating model API writes what its pages write: team composition, severities with their escalation steps,
and a flow step's removal, through the services the pages use, refused where the pages refuse. A removal is made
at the version read (If-Match): 428 without it, 412 when someone changed the record since."""

import pytest

from operating_model import services
from operating_model.models import EscalationStep, ProcessStep, RoleAssignment, SeverityLevel
from tests.api.conftest import base
from tests.factories import RoleFactory


def om(program) -> str:
    return f"{base(program)}/operating-model"


@pytest.fixture
def sd(program):
    return RoleFactory(program=program, code="SD", name="Service desk")


# Team composition ---------------------------------------------------------------------------------------


def test_a_member_or_an_outsider_is_put_on_a_role_changed_and_taken_off(api, program, members, sd):
    lead = api(members["lead"])
    url = f"{om(program)}/composition/"
    made = lead.post(url, {"role": sd.pk, "phase": "during", "person": members["si"].username,
                           "allocation_pct": 50}, format="json")  # fmt: skip
    assert made.status_code == 201 and made["ETag"] == '"1"', made.json()
    assert made.json()["person"] == members["si"].username and made.json()["role_code"] == "SD"
    outsider = lead.post(url, {"role": sd.pk, "phase": "after", "outsider_name": "Tom  Becker"}, format="json")
    assert outsider.status_code == 201 and outsider.json()["outsider_name"] == "Tom Becker"

    changed = lead.patch(made["Location"], {"allocation_pct": 80}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert changed.status_code == 200 and changed.json()["allocation_pct"] == 80 and changed["ETag"] == '"2"'
    stale = lead.patch(made["Location"], {"allocation_pct": 10}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert stale.status_code == 412 and stale.json()["current"]["allocation_pct"] == 80

    assert lead.delete(made["Location"]).status_code == 428  # which version is being removed?
    assert lead.delete(made["Location"], HTTP_IF_MATCH=made["ETag"]).status_code == 412  # changed since
    assert lead.delete(made["Location"], HTTP_IF_MATCH=changed["ETag"]).status_code == 204
    assert lead.get(made["Location"]).status_code == 404
    assert list(RoleAssignment.objects.values_list("outsider_name", flat=True)) == ["Tom Becker"]


def test_composition_refuses_what_the_composition_page_refuses(api, program, other_program, members, sd):
    lead = api(members["lead"])
    url = f"{om(program)}/composition/"
    owner = lead.post(url, {"role": sd.pk, "phase": "during", "person": members["manager"].username,
                            "is_single_threaded_owner": True}, format="json")  # fmt: skip
    assert owner.status_code == 201
    second = lead.post(url, {"role": sd.pk, "phase": "after", "outsider_name": "Ann Lee",
                             "is_single_threaded_owner": True}, format="json")  # fmt: skip
    assert second.status_code == 400
    assert "already the single-threaded owner" in second.json()["is_single_threaded_owner"][0]
    both = lead.post(url, {"role": sd.pk, "phase": "after", "person": members["lead"].username,
                           "outsider_name": "Ann Lee"}, format="json")  # fmt: skip
    assert both.status_code == 400 and "not both" in both.json()["outsider_name"][0]
    twice = lead.post(url, {"role": sd.pk, "phase": "during", "person": members["manager"].username}, format="json")
    assert twice.status_code == 400 and "already fills SD" in twice.json()["non_field_errors"][0]
    stranger = lead.post(url, {"role": sd.pk, "phase": "after", "person": "nobody-here"}, format="json")
    assert stranger.status_code == 400 and "person" in stranger.json()
    theirs = lead.post(url, {"role": RoleFactory(program=other_program).pk, "phase": "after",
                             "outsider_name": "Ann Lee"}, format="json")  # fmt: skip
    assert theirs.status_code == 400 and "role" in theirs.json()
    assert RoleAssignment.objects.count() == 1


# Severities and escalation ------------------------------------------------------------------------------


def test_severities_are_added_changed_and_started_from_the_usual_set(api, program, members, sd):
    lead = api(members["lead"])
    url = f"{om(program)}/severities/"
    made = lead.post(url, {"level": 1, "name": "Critical", "clock": "24x7", "response_target": "15 min",
                           "restore_target": "4 hours"}, format="json")  # fmt: skip
    assert made.status_code == 201 and made.json()["response_minutes"] == 15, made.json()
    assert made.json()["findings"] and made.json()["escalation_steps"] == []  # no path yet: the checks say so
    changed = lead.patch(made["Location"], {"response_target": "30 min"}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert changed.status_code == 200 and changed.json()["response_minutes"] == 30 and changed["ETag"] == '"2"'
    stale = lead.patch(made["Location"], {"name": "Sev 1"}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert stale.status_code == 412 and stale.json()["current"]["response_minutes"] == 30

    started = lead.post(f"{url}start/", {}, format="json")
    assert started.status_code == 200 and [s["level"] for s in started.json()] == [2, 3, 4]
    assert lead.post(f"{url}start/", {}, format="json").json() == []  # already there: nothing added
    assert SeverityLevel.objects.get(level=1).name == "Critical"  # the program's own Sev 1 is kept


def test_severities_refuse_what_the_severities_page_refuses(api, program, members):
    lead = api(members["lead"])
    url = f"{om(program)}/severities/"
    lead.post(url, {"level": 1, "name": "Critical", "response_target": "15 min"}, format="json")
    again = lead.post(url, {"level": 1, "name": "Also critical", "response_target": "15 min"}, format="json")
    assert again.status_code == 400 and "already has a Sev 1" in again.json()["level"][0]
    nonsense = lead.post(url, {"level": 2, "name": "High", "response_target": "soonish"}, format="json")
    assert nonsense.status_code == 400 and "response_target" in nonsense.json()
    missing = lead.post(url, {"level": 2, "name": "High", "response_target": ""}, format="json")
    assert missing.status_code == 400 and "response_target" in missing.json()
    assert SeverityLevel.objects.count() == 1


def test_escalation_steps_are_added_changed_and_removed_at_the_version_read(api, program, other_program, members,
                                                                            sd):  # fmt: skip
    lead = api(members["lead"])
    severity = services.severity_create(program=program, level=1, name="Critical", response_target="15 min")
    url = f"{om(program)}/severities/{severity.pk}/steps/"
    made = lead.post(url, {"level": "L2", "role": sd.pk, "after_minutes": 30}, format="json")
    assert made.status_code == 201 and made.json()["role_code"] == "SD", made.json()
    theirs = lead.post(url, {"level": "L3", "role": RoleFactory(program=other_program).pk}, format="json")
    assert theirs.status_code == 400 and "role" in theirs.json()
    read = lead.get(f"{om(program)}/severities/{severity.pk}/").json()
    assert [s["after_minutes"] for s in read["escalation_steps"]] == [30]

    changed = lead.patch(made["Location"], {"after_minutes": 20}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert changed.status_code == 200 and changed["ETag"] == '"2"'
    assert lead.patch(made["Location"], {"note": "x"}, format="json", HTTP_IF_MATCH=made["ETag"]).status_code == 412
    assert lead.delete(made["Location"]).status_code == 428
    assert lead.delete(made["Location"], HTTP_IF_MATCH=made["ETag"]).status_code == 412
    assert lead.delete(made["Location"], HTTP_IF_MATCH=changed["ETag"]).status_code == 204
    assert not EscalationStep.objects.exists()


def test_another_programs_severity_is_not_found_before_the_body_is_read(api, program, other_program, members):
    theirs = services.severity_create(program=other_program, level=1, name="Critical", response_target="15 min")
    response = api(members["lead"]).post(f"{om(program)}/severities/{theirs.pk}/steps/", {}, format="json")
    assert response.status_code == 404


# A flow step removed ------------------------------------------------------------------------------------


def test_a_flow_step_is_removed_at_the_version_read_and_the_links_to_it_go(api, program, members, sd):
    lead = api(members["lead"])
    flow = services.flow_create(program=program, name="Out-of-hours support")
    lane = services.lane_add(flow=flow, role=sd)
    first = services.step_create(flow=flow, lane=lane, name="Take the call")
    second = services.step_create(flow=flow, lane=lane, name="Page on-call")
    first.next_steps.set([second])
    url = f"{om(program)}/flows/{flow.pk}/steps/{second.pk}/"
    assert lead.delete(url).status_code == 428
    services.step_update(step=second, version=1, name="Page the on-call engineer")
    stale = lead.delete(url, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current"]["name"] == "Page the on-call engineer"
    assert api(members["viewer"]).delete(url, HTTP_IF_MATCH='"2"').status_code == 403
    assert lead.delete(url, HTTP_IF_MATCH='"2"').status_code == 204
    assert list(ProcessStep.objects.values_list("name", flat=True)) == ["Take the call"]
    assert lead.get(f"{om(program)}/flows/{flow.pk}/").json()["steps"][0]["next_steps"] == []


# Who may -------------------------------------------------------------------------------------------------


def test_outsiders_get_404_readers_403_and_anonymous_401_on_each_write(api, program, members, outsider, sd):
    severity = services.severity_create(program=program, level=1, name="Critical", response_target="15 min")
    step = services.escalation_step_create(severity=severity, level="L2", role=sd, after_minutes=5)
    assignment = services.role_assignment_create(program=program, role=sd, phase="after", outsider_name="Tom")
    flow = services.flow_create(program=program, name="OOH")
    flow_step = services.step_create(flow=flow, lane=services.lane_add(flow=flow, role=sd), name="Take the call")
    writes = [
        ("post", f"{om(program)}/composition/", {"role": sd.pk, "phase": "during", "outsider_name": "Ann"}),
        ("patch", f"{om(program)}/composition/{assignment.pk}/", {"allocation_pct": 20}),
        ("delete", f"{om(program)}/composition/{assignment.pk}/", None),
        ("post", f"{om(program)}/severities/", {"level": 2, "name": "High", "response_target": "1 hour"}),
        ("patch", f"{om(program)}/severities/{severity.pk}/", {"name": "Sev 1"}),
        ("post", f"{om(program)}/severities/start/", {}),
        ("post", f"{om(program)}/severities/{severity.pk}/steps/", {"level": "L3", "role": sd.pk}),
        ("patch", f"{om(program)}/severities/{severity.pk}/steps/{step.pk}/", {"after_minutes": 1}),
        ("delete", f"{om(program)}/severities/{severity.pk}/steps/{step.pk}/", None),
        ("delete", f"{om(program)}/flows/{flow.pk}/steps/{flow_step.pk}/", None),
    ]
    for method, url, body in writes:
        for client, status in ((api(outsider), 404), (api(members["viewer"]), 403), (api(members["si"]), 403),
                               (api(), 401)):  # fmt: skip
            response = getattr(client, method)(url, body, format="json", HTTP_IF_MATCH='"1"')
            assert response.status_code == status, (method, url, response.status_code)
    assert RoleAssignment.objects.get().allocation_pct == 100 and SeverityLevel.objects.count() == 1
    assert EscalationStep.objects.count() == 1 and ProcessStep.objects.count() == 1


def test_escalation_steps_list_costs_the_same_queries_whatever_its_length(api, program, members, sd,
                                                                          django_assert_max_num_queries):  # fmt: skip
    client = api(members["viewer"])
    severity = services.severity_create(program=program, level=1, name="Critical", response_target="15 min")
    url = f"{om(program)}/severities/{severity.pk}/steps/"
    client.get(url)  # warm: the token's last use is written once a minute

    def grow(n):
        for i in range(n):
            services.escalation_step_create(severity=severity, level="L2", role=RoleFactory(program=program),
                                            after_minutes=i)  # fmt: skip

    grow(1)
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    grow(12)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200 and len(response.json()["results"]) == 13
