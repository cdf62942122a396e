"""The operating model API: the service catalogue kept with the version read and the page's checks, composition
and severities with their escalation as read."""

from operating_model import services
from operating_model.models import EscalationStep, RoleAssignment, ServiceCatalogItem, SeverityLevel
from tests.api.conftest import base
from tests.factories import RoleFactory


def om(program) -> str:
    return f"{base(program)}/operating-model"


def test_the_catalogue_is_kept_with_the_version_read_and_the_pages_checks(api, program, other_program, members):
    lead = api(members["lead"])
    role = RoleFactory(program=program, code="SD")
    body = {"code": "P04", "name": "Agent add", "fulfiller_role": role.pk, "sla_target": "2 business days"}
    assert api(members["viewer"]).post(f"{om(program)}/catalogue/", body, format="json").status_code == 403
    made = lead.post(f"{om(program)}/catalogue/", body, format="json")
    assert made.status_code == 201 and made.json()["covered"] and made.json()["sla_minutes"] > 0
    dup = lead.post(f"{om(program)}/catalogue/", {**body, "name": "Again"}, format="json")
    assert dup.status_code == 400 and "already in the catalogue" in dup.json()["code"][0]
    nonsense = lead.patch(made["Location"], {"sla_target": "soonish"}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert nonsense.status_code == 400 and "sla_target" in nonsense.json()
    foreign = RoleFactory(program=other_program)
    theirs = lead.patch(made["Location"], {"owner_role": foreign.pk}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert theirs.status_code == 400 and "owner_role" in theirs.json()

    retired = lead.post(f"{made['Location']}retire/", {}, format="json")
    assert retired.status_code == 200 and retired.json()["is_retired"] and retired["ETag"] == '"2"'
    stale = lead.patch(made["Location"], {"name": "Agent onboarding"}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert stale.status_code == 412 and stale.json()["current"]["is_retired"]
    assert lead.get(f"{om(program)}/catalogue/?retired=false").json()["results"] == []
    assert ServiceCatalogItem.objects.get().name == "Agent add"


def test_severities_are_read_with_their_escalation_and_what_the_checks_find(api, program, members):
    role = RoleFactory(program=program, code="SD")
    sev1 = SeverityLevel.objects.create(program=program, level=1, name="Critical", response_target="15 min",
                                        response_minutes=15)  # fmt: skip
    EscalationStep.objects.create(severity=sev1, level="L2", role=role, after_minutes=5)
    RoleAssignment.objects.create(program=program, role=role, phase="after", outsider_name="Tom Becker")
    client = api(members["viewer"])
    severities = client.get(f"{om(program)}/severities/").json()["results"]
    assert severities[0]["escalation_steps"][0]["role_code"] == "SD"
    messages = [f["message"] for f in severities[0]["findings"]]
    assert any("no L3 or vendor" in m for m in messages) and any("before the response target" in m for m in messages)
    assert client.post(f"{om(program)}/severities/", {}, format="json").status_code == 403  # viewers read
    composition = client.get(f"{om(program)}/composition/?phase=after").json()["results"]
    assert [(c["role_code"], c["outsider_name"]) for c in composition] == [("SD", "Tom Becker")]


def test_operating_model_lists_cost_the_same_queries_whatever_their_length(api, program, members,
                                                                           django_assert_max_num_queries):  # fmt: skip
    client = api(members["viewer"])
    urls = [f"{om(program)}/{kind}/" for kind in ("composition", "catalogue", "severities")]
    client.get(urls[0])  # warm: the token's last use is written once a minute

    def grow(start, n):
        for i in range(start, start + n):
            role = RoleFactory(program=program)
            services.catalogue_item_create(program=program, code=f"P{i:02d}", name=f"Process {i}", owner_role=role,
                                           fulfiller_role=role, sla_target="4 hours")  # fmt: skip
            RoleAssignment.objects.create(program=program, role=role, phase="during", outsider_name=f"P {i}")
            if i < 4:
                severity = SeverityLevel.objects.create(program=program, level=i + 1, name=f"S{i}",
                                                        response_target="1 hour", response_minutes=60)  # fmt: skip
                EscalationStep.objects.create(severity=severity, level="L3", role=role, after_minutes=60)

    grow(0, 1)
    with django_assert_max_num_queries(30) as one:
        for url in urls:
            client.get(url)
    grow(1, 12)
    with django_assert_max_num_queries(len(one.captured_queries)):
        for url in urls:
            assert client.get(url).status_code == 200
