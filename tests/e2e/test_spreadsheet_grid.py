"""The RACI grid worked like a spreadsheet, and the verdict where people look, in Debian's chromium."""

import pytest
from playwright.sync_api import expect

from connectmobilize.demo import load_demo
from programs.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.activeElement.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
}"""


@pytest.fixture
def program():
    return load_demo()[0]


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("User name or email address").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def open_support_matrix(page, program):
    page.get_by_role("link", name=program.name).first.click()
    page.get_by_role("link", name="RACI", exact=True).click()
    page.get_by_role("link", name="Support processes after go-live").click()


def cells(row):
    return [c.strip() for c in row.locator("td.cell").all_inner_texts()]


def test_a_lead_pastes_a_block_from_excel_and_undoes_it(program, page):
    sign_in(page, "liam")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()  # a lead lands on their work
    open_support_matrix(page, program)
    rows = page.locator("#raci-grid tbody tr[data-a]")
    first, second = rows.nth(0), rows.nth(1)
    before = (cells(first)[:3], cells(second)[:3])

    first.locator("td.cell").nth(0).click()
    page.keyboard.press("Escape")  # close the menu: the cell keeps focus
    page.evaluate(PASTE, "I\tC\ta/r\nR\t\tI\n")
    expect(first.locator("td.cell").nth(2)).to_have_text("A/R")
    assert cells(first)[:3] == ["I", "C", "A/R"] and cells(second)[:3] == ["R", "", "I"]
    expect(page.locator("#undo")).to_be_enabled()

    page.keyboard.press("Control+z")
    expect(first.locator("td.cell").nth(0)).to_have_text(before[0][0])
    assert (cells(first)[:3], cells(second)[:3]) == before

    # One bad letter refuses the whole block, naming the cell.
    first.locator("td.cell").nth(0).focus()
    page.evaluate(PASTE, "I\tX")
    expect(page.locator("#grid-notice")).to_contain_text("is not a RACI letter")
    expect(page.locator("#grid-notice")).to_contain_text("Nothing was changed")
    assert cells(first)[:3] == before[0]


def test_a_lead_selects_several_cells_and_sets_then_clears_them(program, page):
    sign_in(page, "liam")
    open_support_matrix(page, program)
    row = page.locator("#raci-grid tbody tr[data-a]").nth(2)
    row.locator("td.cell").nth(0).click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator("#selection-size")).to_have_text("6 cells selected")
    page.keyboard.press("i")
    nxt = page.locator("#raci-grid tbody tr[data-a]").nth(3)
    expect(row.locator("td.cell").nth(2)).to_have_text("I")
    expect(nxt.locator("td.cell").nth(2)).to_have_text("I")  # the last cell set: the page has them all
    assert cells(row)[:3] == ["I", "I", "I"] and cells(nxt)[:3] == ["I", "I", "I"]
    page.keyboard.press("Delete")
    expect(row.locator("td.cell").nth(0)).to_have_text("")
    expect(nxt.locator("td.cell").nth(2)).to_have_text("")
    assert cells(row)[:3] == ["", "", ""] and cells(nxt)[:3] == ["", "", ""]
    page.locator("#undo").click()  # the clearing comes back as it was
    expect(row.locator("td.cell").nth(0)).to_have_text("I")


def test_a_manager_approves_once_the_rule_check_is_clean(program, page):
    sign_in(page, "maria")
    open_support_matrix(page, program)
    approve = page.locator("#approve-matrix")
    expect(approve).to_be_disabled()
    expect(page.locator("#approve-gate")).to_contain_text("Fix 1 rule error to approve")
    row = page.locator("tr", has_text="Agent disable / leaver")
    row.locator("td.cell").nth(2).click()
    page.locator("#cell-menu button[data-code='A']").click()
    expect(page.locator("#matrix-summary")).to_contain_text("No errors")
    page.reload()
    page.locator("#approve-matrix").click()
    expect(page.get_by_test_id("matrix-status")).to_have_text("Approved")


def test_the_dashboard_and_the_go_live_list_say_the_verdict(program, page):
    sign_in(page, "victor")  # a viewer lands on the program list (an executive lands on the portfolio)
    page.get_by_role("link", name=program.name).first.click()
    panel = page.locator("#next-go-live")
    expect(panel).to_contain_text("Next go-live")
    expect(page.get_by_test_id("next-outcome")).to_have_text("No-go")
    expect(page.get_by_test_id("days-to-window")).to_contain_text("Window")
    page.get_by_role("link", name="Go-live", exact=True).click()
    expect(page.locator("#event-list [data-testid=outcome]").first).to_be_visible()
    page.locator("#mainnav").get_by_role("link", name="Training", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Training")


def test_search_from_the_navigation_bar(program, page):
    sign_in(page, "victor")
    page.get_by_role("link", name=program.name).first.click()
    page.locator("#nav-search").fill("leaver")
    page.locator("#nav-search").press("Enter")
    expect(page.locator("#search-results")).to_contain_text("Agent disable / leaver")
    page.locator("#search-page-q").fill("steering")
    expect(page.locator("#search-results")).to_contain_text("Steering committee chartered")


def test_my_work_shows_the_lead_their_milestones(program, page):
    sign_in(page, "liam")
    expect(page.locator("#programs-milestones")).to_contain_text("Operational RASCI drafted")
