"""The demo program shows the operating model filled in, so a new user sees it working at once."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from connectmobilize.demo import load_demo


@pytest.fixture
def demo(db):
    program = load_demo()[0]
    return program, get_user_model().objects.get(username="victor")


def test_the_demo_composition_names_an_owner_and_warns_of_an_empty_role(client, demo):
    program, viewer = demo
    client.force_login(viewer)
    page = client.get(reverse("operating_model:composition", args=[program.slug])).content.decode()
    assert "Priya Raman" in page and "STO" in page
    assert "Nobody fills these roles after migration: OCM, PGL, SUP." in page


def test_the_demo_catalogue_and_severities_are_filled_with_a_loose_end_each(client, demo):
    program, viewer = demo
    client.force_login(viewer)
    catalogue = client.get(reverse("operating_model:catalogue", args=[program.slug])).content.decode()
    assert "22 of 23</strong> processes in use have an SLA and a fulfiller" in catalogue
    severities = client.get(reverse("operating_model:severities", args=[program.slug])).content.decode()
    assert "Sev 2 High: the L2 step (SDK) fires after 30 min, before the response target of 1 h." in severities


def test_the_demo_has_both_flows_drawn_with_one_rasci_flag(client, demo):
    program, viewer = demo
    client.force_login(viewer)
    overview = client.get(reverse("operating_model:overview", args=[program.slug])).content.decode()
    assert "Out-of-hours support" in overview and "Emergency queue message" in overview
    flow = program.process_flows.get(name="Emergency queue message")
    page = client.get(reverse("operating_model:flow_detail", args=[program.slug, flow.pk])).content.decode()
    assert '<svg class="swimlane"' in page
    assert "SUP does this step but is not R or A on &quot;Emergency / closure message on" in page


def test_the_demo_version_is_signed_by_some_teams_and_awaits_others(client, demo):
    program, viewer = demo
    client.force_login(viewer)
    page = client.get(reverse("operating_model:sign_off", args=[program.slug])).content.decode()
    assert "Version 1 awaits PO, WFR." in page
    event = program.go_live_events.get(name__startswith="Wave 1")
    readiness = client.get(reverse("readiness:event_detail", args=[program.slug, event.pk])).content.decode()
    blockers = readiness.split('id="open-blockers"')[1].split("</ul>")[0]
    assert "SI-17 Operating model signed off by every accountable team" in blockers
