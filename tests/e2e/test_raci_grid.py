import pytest
from playwright.sync_api import expect

from connectmobilize.demo import load_demo
from programs.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program():
    return load_demo()[0]


def test_a_lead_fixes_a_rule_error_in_the_grid_by_mouse_and_keyboard(program, page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("liam")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name=program.name).click()
    page.get_by_role("link", name="RACI", exact=True).click()
    page.get_by_role("link", name="Support processes after go-live").click()

    summary = page.locator("#matrix-summary")
    expect(summary).to_contain_text("1 error")
    expect(summary).to_contain_text('"Agent disable / leaver (same day)" has no Accountable')

    row = page.locator("tr", has_text="Agent disable / leaver")
    cco = row.locator("td.cell").nth(2)
    expect(cco).to_have_text("")
    url_before = page.url
    cco.click()
    page.locator("#cell-menu button[data-code='A']").click()
    expect(cco).to_have_text("A")
    expect(summary).to_contain_text("No errors")
    expect(row.locator("td.status")).to_contain_text("✓")
    assert page.url == url_before

    # Keyboard: the edited cell keeps focus; move right and type C.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("c")
    expect(row.locator("td.cell").nth(3)).to_have_text("C")
    page.keyboard.press("Delete")
    expect(row.locator("td.cell").nth(3)).to_have_text("")
