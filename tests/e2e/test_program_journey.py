import re

import pytest
from playwright.sync_api import expect

from connectmobilize.demo import load_demo
from programs.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("User name or email address").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def program():
    return load_demo()[0]


@pytest.fixture
def stranger(django_user_model):
    return django_user_model.objects.create_user("stranger", password=DEMO_PASSWORD)


def test_a_manager_completes_an_overdue_milestone_in_place_and_the_dashboard_follows(program, page):
    sign_in(page, "maria")
    page.get_by_role("link", name=program.name).click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text(program.name, exact=True)).to_have_count(1)  # the program's name once, above the page

    overdue = page.get_by_test_id("overdue-count")
    done = page.get_by_test_id("milestones-done")
    count_before = int(overdue.inner_text())
    done_before = int(done.inner_text().split("/")[0])
    assert count_before >= 1

    first_overdue = page.locator("#overdue-milestones tr").first
    title = first_overdue.locator("a").first.inner_text()
    url_before = page.url
    first_overdue.get_by_role("button", name="Complete").click()

    expect(overdue).to_have_text(str(count_before - 1))
    expect(done).to_contain_text(f"{done_before + 1} /")
    expect(page.locator("#overdue-milestones")).not_to_contain_text(title)
    assert page.url == url_before  # in place: no navigation

    page.get_by_role("link", name="Milestones").click()
    row = page.locator("tr", has_text=title)
    expect(row).to_contain_text("Done")
    expect(row.get_by_role("button", name="Reopen")).to_be_visible()


def test_an_outsider_cannot_open_the_demo_program(program, stranger, page):
    sign_in(page, "stranger")
    expect(page.get_by_text("You are not a member of any program yet")).to_be_visible()
    response = page.goto(program.get_absolute_url())
    assert response.status == 404
