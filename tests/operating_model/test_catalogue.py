"""The service catalogue: DOMAIN §7.1's processes with numeric SLAs, added, edited and retired."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from operating_model import services
from operating_model.models import ServiceCatalogItem
from operating_model.starting_catalogue import PROCESSES
from programs import services as program_services
from tests.factories import RoleFactory


def table(response):
    return response.content.decode().split('id="catalogue"')[1].split("</table>")[0]


def url(name, program, **kwargs):
    return reverse(f"operating_model:{name}", kwargs={"program_slug": program.slug, **kwargs})


@pytest.fixture
def standard_program(manager):
    """A program created the usual way: with the ten standard roles."""
    return program_services.program_create(creator=manager, name="Tailspin care")


def test_the_catalogue_starts_from_the_24_processes_with_numeric_slas_once(standard_program):
    created = services.catalogue_seed(program=standard_program)
    assert [item.code for item in created] == [f"P{n:02d}" for n in range(1, 25)] == [p[0] for p in PROCESSES]
    assert all(item.sla_minutes and item.fulfiller_role and item.owner_role for item in created)
    p04 = standard_program.service_catalogue.get(code="P04")
    assert (p04.sla_target, p04.sla_minutes, p04.sla_clock) == ("30 min", 30, "24x7")
    p01 = standard_program.service_catalogue.get(code="P01")
    assert (p01.sla_target, p01.sla_minutes, p01.fulfiller_role.code) == ("2 business days", 960, "ADM")
    assert services.catalogue_seed(program=standard_program) == []  # sent again: nothing doubled


def test_an_sla_is_read_with_its_unit_and_nonsense_is_refused_on_the_field(program):
    item = services.catalogue_item_create(program=program, code="p30", name="Skill change", sla_target="1.5 h",
                                          sla_clock="24x7")  # fmt: skip
    assert (item.code, item.sla_target, item.sla_minutes) == ("P30", "1 h 30 min", 90)
    with pytest.raises(ValidationError) as refused:
        services.catalogue_item_update(item=item, version=item.version, sla_target="4")
    assert refused.value.message_dict == {"sla_target": ['"4" needs a unit: "4 min", "4 h" or "4 business days".']}
    with pytest.raises(ValidationError, match="counts business time but the clock is 24×7"):
        services.catalogue_item_update(item=item, version=item.version, sla_target="2 business days")
    item = services.catalogue_item_update(item=item, version=item.version, sla_target="2 business days",
                                          sla_clock="business_hours")  # fmt: skip
    assert (item.sla_target, item.sla_minutes) == ("2 business days", 960)
    with pytest.raises(ValidationError, match='Process code "P30" is already in the catalogue'):
        services.catalogue_item_create(program=program, code="P30", name="Other")


def test_roles_of_another_program_are_refused(program, other_program):
    with pytest.raises(ValidationError, match="is not part of this program"):
        services.catalogue_item_create(program=program, code="P01", name="Agent add",
                                       fulfiller_role=RoleFactory(program=other_program))  # fmt: skip


def test_the_page_shows_coverage_and_gaps_and_a_lead_edits_through_a_form(client_for, program, lead, viewer):
    adm = RoleFactory(program=program, code="ADM")
    services.catalogue_item_create(program=program, code="P01", name="Agent add", fulfiller_role=adm,
                                   owner_role=adm, sla_target="2 business days")  # fmt: skip
    item = services.catalogue_item_create(program=program, code="P02", name="Agent move", sla_target="")
    page = client_for(viewer).get(url("catalogue", program)).content.decode()
    assert "1 of 2</strong> processes in use have an SLA and a fulfiller" in page
    assert "P02</a> has no SLA, no fulfiller, no owner." in page
    assert "New process" not in page

    client = client_for(lead)
    form = {"code": "P02", "name": "Agent move", "sla_target": "soon", "sla_clock": "business_hours",
            "version": item.version}  # fmt: skip
    refused = client.post(url("catalogue_item_edit", program, service_id=item.pk), form)
    assert "Cannot read &quot;soon&quot; as a duration" in refused.content.decode()
    saved = client.post(url("catalogue_item_edit", program, service_id=item.pk),
                        {**form, "sla_target": "4 bh", "fulfiller_role": adm.pk})  # fmt: skip
    assert saved.status_code == 302
    item.refresh_from_db()
    assert (item.sla_target, item.sla_minutes, item.version) == ("4 business hours", 240, 2)
    stale = client.post(url("catalogue_item_edit", program, service_id=item.pk), {**form, "name": "Agent moves"})
    assert stale.status_code == 409
    detail = client.get(url("catalogue_item", program, service_id=item.pk)).content.decode()
    assert "SLA target" in detail and "4 business hours" in detail  # the history


def test_a_retired_process_leaves_the_catalogue_and_can_come_back(client_for, program, lead):
    item = services.catalogue_item_create(program=program, code="P15", name="QM retrieval")
    client = client_for(lead)
    opened = {"code": "P15", "name": "QM retrieval", "sla_clock": "business_hours", "version": item.version}
    client.post(url("catalogue_item_retire", program, service_id=item.pk))
    assert "QM retrieval" not in table(client.get(url("catalogue", program)))
    assert "QM retrieval" in table(client.get(url("catalogue", program) + "?retired=1"))
    # Retiring counts as an edit: a form opened before it is refused.
    edit = url("catalogue_item_edit", program, service_id=item.pk)
    assert client.post(edit, {**opened, "name": "QM recording retrieval"}).status_code == 409
    client.post(url("catalogue_item_retire", program, service_id=item.pk), {"restore": "1"})
    item.refresh_from_db()
    assert not item.is_retired and item.version == 3


def test_a_create_sent_twice_adds_one_process(client_for, program, lead):
    client = client_for(lead)
    token = client.get(url("catalogue_item_create", program)).context["form"]["submission"].value()
    form = {"code": "P40", "name": "Queue callback change", "sla_target": "3 business days",
            "sla_clock": "business_hours", "submission": token}  # fmt: skip
    client.post(url("catalogue_item_create", program), form)
    client.post(url("catalogue_item_create", program), form)
    assert ServiceCatalogItem.objects.filter(program=program, code="P40").count() == 1


def test_the_catalogue_page_runs_the_same_queries_for_3_or_30_processes(client_for, program, manager):
    client = client_for(manager)

    def fill(n, offset):
        for i in range(n):
            roles = [RoleFactory(program=program) for _ in range(4)]
            services.catalogue_item_create(
                program=program, code=f"X{offset + i}", name=f"Process {i}", owner_role=roles[0],
                requester_role=roles[1], fulfiller_role=roles[2], approver_role=roles[3], sla_target="4 h",
            )  # fmt: skip

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("catalogue", program) + "?retired=1").status_code == 200
        return len(ctx.captured_queries)

    fill(3, 0)
    small = count()
    fill(30, 100)
    assert count() == small <= 10
