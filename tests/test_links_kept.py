"""A link to a record no longer offered (a workstream archived since, an owner who left the program, a stakeholder
archived) is kept when the form is saved for another change, or when the API is sent back what it gave; new records
are still offered only the current choices."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from people import services as people
from people.models import CommunicationItem
from programs import services as program_services
from programs.models import Milestone
from readiness.models import GoLiveEvent
from tests.as_shown import form_as_shown
from tests.factories import GoLiveEventFactory, MilestoneFactory, UserFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived(program):
    return WorkstreamFactory(program=program, name="Legacy IVR", archived=True)


def edit_and_save(client, url, **changes):
    """Open the edit page, change what the user changes, send the form as the browser shows it."""
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_as_shown(page.content.decode(), **changes))


def test_a_milestone_keeps_its_archived_workstream_and_an_owner_who_left(client_for, program, lead, archived):
    gone = UserFactory(first_name="Ravi", last_name="Shah")
    milestone = MilestoneFactory(program=program, workstream=archived, owner=gone, title="Retire IVR")
    url = reverse("programs:milestone_edit", args=[program.slug, milestone.pk])
    client = client_for(lead)
    page = client.get(url).content.decode()
    assert "Ravi Shah (not a member)" in page and "Legacy IVR (archived)" in page  # kept, and said why
    assert edit_and_save(client, url, title="Retire the IVR").status_code == 302  # their work until reassigned
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert (milestone.title, milestone.workstream, milestone.owner) == ("Retire the IVR", archived, gone)
    new = client.get(reverse("programs:milestone_create", args=[program.slug])).content.decode()
    assert "Legacy IVR" not in new and "Ravi Shah" not in new  # not offered for a new milestone


def test_a_person_outside_the_program_is_still_refused_as_a_new_owner(program, lead):
    milestone = MilestoneFactory(program=program, owner=lead)
    stranger = UserFactory(first_name="Nina", last_name="Roth")
    with pytest.raises(ValidationError, match="Nina Roth is not a member of this program: choose a member"):
        program_services.milestone_update(milestone=milestone, version=milestone.version, owner=stranger)
    assert Milestone.objects.get(pk=milestone.pk).owner == lead


def test_an_event_keeps_its_archived_workstream(client_for, program, manager, archived):
    active = WorkstreamFactory(program=program, name="Training")
    event = GoLiveEventFactory(program=program, name="Wave 1")
    event.workstreams.set([archived, active])
    url = reverse("readiness:event_edit", args=[program.slug, event.pk])
    assert "Legacy IVR (archived)" in client_for(manager).get(url).content.decode()  # kept, and said why
    assert edit_and_save(client_for(manager), url, name="Wave 1 (east)").status_code == 302
    event = GoLiveEvent.objects.get(pk=event.pk)
    assert event.name == "Wave 1 (east)" and set(event.workstreams.all()) == {archived, active}


def test_a_communication_keeps_its_archived_audience(client_for, program, manager):
    group = people.stakeholder_create(program=program, name="Night shift agents", kind="group")
    comm = CommunicationItem.objects.create(
        program=program, audience=group, key_message="Training dates", planned_date=dt.date(2027, 1, 11)
    )
    people.stakeholder_archive(stakeholder=group)
    url = reverse("people:comms_edit", args=[program.slug, comm.pk])
    assert edit_and_save(client_for(manager), url, key_message="Training dates, east").status_code == 302
    comm.refresh_from_db()
    assert (comm.key_message, comm.audience) == ("Training dates, east", group)


def test_an_action_owner_who_left_is_labelled_once(client_for, program, manager):
    from governance import services as governance

    gone = UserFactory(first_name="Sofia", last_name="Almeida")
    action = governance.action_create(program=program, user=manager, title="Book the CAB", owner=manager,
                                      due_date=dt.date(2027, 1, 11))  # fmt: skip
    type(action).objects.filter(pk=action.pk).update(owner=gone)  # she owned it, then left the program
    page = client_for(manager).get(reverse("governance:action_edit", args=[program.slug, action.pk]))
    assert page.content.decode().count("Sofia Almeida (not a member)") == 1
