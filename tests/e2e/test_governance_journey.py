import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance import services
from programs.demo import DEMO_PASSWORD
from tests.factories import MembershipFactory, RiskFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(program):
    maria = UserFactory(username="maria", first_name="Maria", last_name="Okafor", password=DEMO_PASSWORD)
    liam = UserFactory(username="liam", first_name="Liam", last_name="Chen", password=DEMO_PASSWORD)
    MembershipFactory(program=program, user=maria, access="manager")
    MembershipFactory(program=program, user=liam, access="lead")
    return maria, liam


@pytest.fixture
def steering_meeting(program, people):
    maria, _ = people
    RiskFactory(program=program, code="PCR-08", title="Business disruption if not operationally ready",
                likelihood=4, impact=5)  # fmt: skip
    routine = services.routine_create(program=program, name="Steering committee", kind="steering", cadence="monthly",
                                      first_at=timezone.now() - dt.timedelta(days=30))  # fmt: skip
    return services.meeting_schedule(routine=routine, starts_at=timezone.now() + dt.timedelta(minutes=10), user=maria)


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("User name or email address").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_manager_turns_a_minute_into_an_action_that_its_owner_sees(program, steering_meeting, page):
    sign_in(page, "maria")
    page.get_by_role("link", name=program.name).click()
    page.get_by_role("link", name="Governance").first.click()
    page.get_by_role("link", name="Steering committee").first.click()
    page.get_by_role("link", name=timezone.localtime(steering_meeting.starts_at).strftime("%a %-d %b %Y %H:%M")).click()
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text("Risks at or above appetite")
    expect(agenda).to_contain_text("PCR-08")
    expect(agenda).to_contain_text("Live: generated from the program")

    page.get_by_label("New minute").fill("Floor-walkers needed on both sites for the first week")
    page.get_by_role("button", name="Add to the minutes").click()
    minute = page.locator("#minutes li", has_text="Floor-walkers needed")
    expect(minute).to_be_visible()
    expect(page.locator("#agenda-status")).to_contain_text("Frozen when the meeting started")

    minute.get_by_text("Make it an action").click()
    minute.get_by_label("Owner", exact=True).select_option(label="Liam Chen")
    minute.get_by_label("Due date", exact=True).fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    minute.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#minutes")).to_contain_text("action for Liam Chen")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "liam")
    page.goto("/governance/my-actions/")
    expect(page.locator("#my-actions")).to_contain_text("Floor-walkers needed on both sites for the first week")
    expect(page.locator("#my-actions")).to_contain_text(program.name)
