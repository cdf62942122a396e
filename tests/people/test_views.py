"""The people-core pages as a user meets them: the register and its grid, the heat map edited in place, the
sponsor diagram and its worksheet; and their query counts, constant in the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people import services
from people.models import ChangeImpact, SponsorAssessment, Stakeholder

from .conftest import stakeholder
from .test_impact_and_coalition_services import GOOD, WEAK


def url(name, program, **kwargs):
    return reverse(f"people:{name}", kwargs={"program_slug": program.slug, **kwargs})


FORM = {
    "name": "WFM team", "kind": "group", "population": "6", "organization": "company", "department": "CC Planning",
    "influence_type": "formal", "influence": "medium", "interest": "high", "impact": "high", "awareness": "aware",
    "knowledge": "basic", "commitment_current": "understand", "commitment_desired": "ownership",
    "engagement_current": "supportive", "engagement_desired": "leading", "training_effort": "medium",
    "channels": ["chat", "one_to_one"],
}  # fmt: skip


def test_a_lead_adds_a_stakeholder_once_even_if_the_form_is_sent_twice(client_for, program, lead):
    client = client_for(lead)
    token = client.get(url("stakeholder_create", program)).context["form"]["submission"].initial
    first = client.post(url("stakeholder_create", program), {**FORM, "submission": token})
    again = client.post(url("stakeholder_create", program), {**FORM, "submission": token})
    wfm = Stakeholder.objects.get(program=program)
    assert first["Location"] == again["Location"] == wfm.get_absolute_url()
    assert wfm.channels == ["chat", "one_to_one"]
    page = client.get(wfm.get_absolute_url()).content.decode()
    assert "gap 2 levels" in page and "Manage closely" in page and "raises a people risk" in page
    assert "Teams / Slack, One-to-one" in page and "Nobody on the" in page


def test_an_edit_made_meanwhile_is_shown_not_overwritten(client_for, program, lead, manager):
    wfm = stakeholder(program, name="WFM team")
    edit = url("stakeholder_edit", program, stakeholder_id=wfm.pk)
    services.stakeholder_update(stakeholder=wfm, version=1, concerns="Adherence feed")
    response = client_for(lead).post(edit, {**FORM, "concerns": "Forecast accuracy", "version": 1})
    assert response.status_code == 409
    wfm.refresh_from_db()
    assert wfm.concerns == "Adherence feed"


def test_the_grid_quadrants_link_to_the_register_filtered_to_them(client_for, program, viewer):
    stakeholder(program, name="CIO", kind="individual", population=1, influence="high", interest="high")
    stakeholder(program, name="Supervisors", influence="high", influence_type="informal", interest="high")
    stakeholder(program, name="Finance", influence="low", interest="low")
    client = client_for(viewer)
    overview = client.get(url("overview", program)).content.decode()
    closely = f"{url('stakeholder_list', program)}?quadrant=manage_closely"
    assert f'href="{closely}"' in overview and "Manage closely · 1" in overview and "Keep informed · 1" in overview
    listed = client.get(closely).context["stakeholders"]
    assert [s.name for s in listed] == ["CIO"]
    informed = client.get(url("stakeholder_list", program), {"quadrant": "keep_informed"}).context["stakeholders"]
    assert [s.name for s in informed] == ["Supervisors"]
    gaps = client.get(url("stakeholder_list", program), {"gap": "1", "q": "fin"}).context["stakeholders"]
    assert [s.name for s in gaps] == ["Finance"]
    ignored = client.get(url("stakeholder_list", program), {"quadrant": "nonsense"}).context["stakeholders"]
    assert len(ignored) == 3


def test_archiving_hides_a_stakeholder_until_asked_for(client_for, program, lead):
    agents = stakeholder(program)
    client = client_for(lead)
    response = client.post(url("stakeholder_archive", program, stakeholder_id=agents.pk), {"archived": "1"})
    assert response.status_code == 302
    assert not client.get(url("stakeholder_list", program)).context["stakeholders"]
    shown = client.get(url("stakeholder_list", program), {"archived": "1"}).content.decode()
    assert "Agents (voice)" in shown and "archived" in shown


def test_a_heat_map_cell_is_recorded_then_edited_in_place(client_for, program, lead, viewer):
    agents = stakeholder(program)
    client = client_for(lead)
    cell = url("impact_edit", program, stakeholder_id=agents.pk, area="systems")
    partial = client.get(cell, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and b"<html" not in partial.content and b"Save impact" in partial.content
    token = partial.context["form"]["submission"].initial
    client.post(cell, {"level": "3", "future_state": "Soft-phone", "submission": token})
    impact = ChangeImpact.objects.get(group=agents, area="systems")
    client.post(cell, {"level": "4", "future_state": "Soft-phone", "version": impact.version})
    impact.refresh_from_db()
    assert impact.level == 4 and impact.history.count() == 2
    assert client.get(url("impact_edit", program, stakeholder_id=agents.pk, area="morale")).status_code == 404
    page = client_for(viewer).get(url("impact_map", program)).content.decode()
    assert f'data-testid="impact-{agents.pk}-systems"' in page and "Save impact" not in page


def test_an_impact_level_out_of_range_is_refused_on_its_field(client_for, program, lead):
    agents = stakeholder(program)
    response = client_for(lead).post(url("impact_edit", program, stakeholder_id=agents.pk, area="culture"),
                                     {"level": "7"})  # fmt: skip
    assert response.status_code == 200 and "level" in response.context["form"].errors
    assert not ChangeImpact.objects.exists()


def test_the_coalition_page_draws_the_tree_and_names_the_gap(client_for, program, viewer, members):
    desk = stakeholder(program, name="Service desk L1")
    root = services.sponsor_node_create(program=program, person_name="Evelyn Brooks", support_level="support")
    omar = services.sponsor_node_create(program=program, person_name="Omar Farouk", parent=root,
                                        impacted_group=desk, support_level="resistant")  # fmt: skip
    page = client_for(viewer).get(url("coalition", program)).content.decode()
    assert f'data-testid="node-{omar.pk}"' in page and "Resistant" in page
    assert "Service desk L1</a>: Omar Farouk is resistant" in page
    assert "Add a person" not in page


def test_an_executive_records_a_weak_worksheet_and_is_told_of_pcr_02(client_for, program, members):
    node = services.sponsor_node_create(program=program, person_name="Daniel Reyes")
    client = client_for(members["executive"])
    assess = url("sponsor_assess", program, node_id=node.pk)
    token = client.get(assess).context["form"]["submission"].initial
    data = {**WEAK, "assessed_on": timezone.localdate().isoformat(), "submission": token}
    response = client.post(assess, data, follow=True)
    assert "60/100 is below 75: linked to risk PCR-02" in response.content.decode()
    assessment = SponsorAssessment.objects.get()
    assert (assessment.total, assessment.risk.code, assessment.recorded_by) == (60, "PCR-02", members["executive"])
    page = client.get(node.get_absolute_url()).content.decode()
    assert "PCR-02" in page and ">60<" in page
    assert client_for(members["lead"]).get(assess).status_code == 403


def test_the_worksheet_form_refuses_a_rating_off_the_scale(client_for, program, members):
    node = services.sponsor_node_create(program=program, person_name="Daniel Reyes")
    data = {**GOOD, "advocacy": 8, "assessed_on": timezone.localdate().isoformat()}
    response = client_for(members["manager"]).post(url("sponsor_assess", program, node_id=node.pk), data)
    assert response.status_code == 200 and "advocacy" in response.context["form"].errors


# Query counts --------------------------------------------------------------------------------------------------


def add_rows(program, n, offset, members):
    root = program.sponsor_nodes.filter(parent=None).first() or services.sponsor_node_create(
        program=program, person_name="Sponsor"
    )
    executive = program.memberships.get(user=members["executive"])
    for i in range(offset, offset + n):
        group = stakeholder(program, name=f"Group {i}", owner=members["lead"], interest=("high", "low")[i % 2])
        services.impact_create(group=group, area="systems", level=i % 5)
        support = ("support", "resistant")[i % 2]
        node = services.sponsor_node_create(
            program=program, person_name=f"Leader {i}", parent=root, impacted_group=group, support_level=support
        )
        services.sponsor_assess(node=node, membership=executive, assessed_on=timezone.localdate(), **WEAK)


def queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["overview", "stakeholder_list", "impact_map", "coalition"])
def test_query_count_does_not_grow_with_rows(client_for, program, members, page):
    client = client_for(members["manager"])
    add_rows(program, 3, 0, members)
    small = queries(client, url(page, program))
    add_rows(program, 30, 100, members)
    large = queries(client, url(page, program))
    assert small == large, f"{page}: {small} queries with 3 rows, {large} with 33"
    assert large <= 12, f"{page}: {large} queries"


def test_query_count_of_a_sponsor_page_does_not_grow_with_assessments(client_for, program, members):
    node = services.sponsor_node_create(program=program, person_name="Daniel Reyes")
    executive = program.memberships.get(user=members["executive"])
    client = client_for(members["manager"])
    services.sponsor_assess(node=node, membership=executive, assessed_on=timezone.localdate(), **WEAK)
    small = queries(client, node.get_absolute_url())
    for _ in range(10):
        services.sponsor_assess(node=node, membership=executive, assessed_on=timezone.localdate(), **GOOD)
    assert queries(client, node.get_absolute_url()) == small
