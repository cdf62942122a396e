"""Evelyn, an executive: signs in, lands on her portfolio, opens Northwind, records a town hall, sees the sponsor
activity move, and the page prints on one A4 landscape page (issue #11)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people import services
from programs.demo import DEMO_PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evelyn(db):
    evelyn = UserFactory(username="evelyn", first_name="Evelyn", last_name="Brooks", password=DEMO_PASSWORD)
    northwind = ProgramFactory(name="Northwind Care", slug="northwind", phase="mobilize")
    claims = ProgramFactory(name="Northwind Claims pilot", slug="claims", phase="migrate_transform")
    for program in (northwind, claims):
        MembershipFactory(program=program, user=evelyn, access="executive")
    ProgramFactory(name="Someone else's program", slug="elsewhere")
    services.roadmap_item_create(program=northwind, sponsor=evelyn, kind="town_hall", title="Town hall at Leeds",
                                 planned_on=timezone.localdate() - dt.timedelta(days=2))  # fmt: skip
    return evelyn


def test_evelyn_records_a_town_hall_from_her_portfolio_and_prints_it(evelyn, page):
    page.goto("/accounts/login/")
    page.get_by_label("User name or email address").fill("evelyn")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/executive/$"))
    portfolio = page.locator("#portfolio")
    expect(portfolio.locator("tbody tr")).to_have_count(2)
    expect(portfolio).not_to_contain_text("Someone else's program")
    northwind = portfolio.locator('tr[data-program="northwind"]')
    expect(northwind.get_by_test_id("sponsor")).to_contain_text("0 of 1")
    expect(northwind.get_by_test_id("sponsor")).to_contain_text("1 overdue")

    northwind.get_by_role("link", name="Northwind Care").click()
    expect(page.get_by_role("heading", name="The executive's view")).to_be_visible()
    page.get_by_role("link", name="Sponsor roadmap").click()
    page.locator("#roadmap tr", has_text="Town hall at Leeds").get_by_role("link", name="Record as done").click()
    expect(page.get_by_label("Title")).to_have_value("Town hall at Leeds")
    page.get_by_label("What happened").fill("120 agents; questions on the new schedules")
    page.get_by_role("button", name="Record").click()

    expect(page.locator("#sponsor-tally")).to_contain_text("1 of 1 planned activities done so far")
    expect(page.locator("#activities")).to_contain_text("Town hall at Leeds")
    page.get_by_role("link", name="Portfolio").first.click()
    sponsor = page.locator('#portfolio tr[data-program="northwind"]').get_by_test_id("sponsor")
    expect(sponsor).to_contain_text("1 of 1")
    expect(sponsor).not_to_contain_text("overdue")

    # On paper: the navigation and buttons go, the table stays, and it all fits one A4 landscape page.
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("#portfolio")).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and round(float(box[1])) == 842 and round(float(box[2])) == 595  # A4 landscape, in points
