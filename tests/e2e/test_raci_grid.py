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
    page.get_by_label("User name or email address").fill("liam")
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


@pytest.fixture
def large(program):
    """260 activities in groups of 50: the page renders the first 200 rows, the last 60 load as they scroll in.
    Every row has A, R and I except the last, which lacks its R (the matrix's one error)."""
    from raci import services
    from raci.models import Activity

    matrix = services.matrix_create(program=program, name="Large rollout", kind="RACI")
    roles = list(program.roles.order_by("code")[:3])
    for role in roles:
        services.column_add(matrix=matrix, role=role)
    activities = Activity.objects.bulk_create(
        Activity(
            matrix=matrix,
            name=f"Site {i:03d} cut-over",
            group=f"Wave {i // 50 + 1}",
            position=i,
            letters={
                str(role.pk): code for role, code in zip(roles, "ARI", strict=True) if not (i == 259 and code == "R")
            },
        )
        for i in range(260)
    )
    services.matrix_recheck(matrix)
    return matrix, [a.pk for a in activities], [r.pk for r in roles]


def sign_in(page, username="liam"):
    page.goto("/accounts/login/")
    page.get_by_label("User name or email address").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_lead_edits_a_section_that_loads_as_it_scrolls_into_view(large, page):
    matrix, activities, roles = large
    sign_in(page)
    page.goto(matrix.get_absolute_url())
    summary = page.locator("#matrix-summary")
    expect(summary).to_contain_text("1 error")
    last_row = page.locator(f"#row-{activities[-1]}")
    expect(last_row).to_have_count(0)  # not rendered with the page
    expect(page.locator("#section-5")).to_contain_text("1 error")  # its collapsed header says what is inside

    page.locator("#section-4").scroll_into_view_if_needed()
    expect(page.locator(f"#row-{activities[249]}")).to_be_visible()  # loaded as it came into view
    page.locator("#section-5").scroll_into_view_if_needed()
    expect(last_row).to_be_visible()

    # The letter menu in a loaded section: give the last row its R; row, column and summary follow.
    cell = page.locator(f"#c{activities[-1]}-{roles[1]}")
    cell.click()
    page.locator("#cell-menu button[data-code='R']").click()
    expect(cell).to_have_text("R")
    expect(last_row.locator("td.status")).to_contain_text("✓")
    expect(summary).to_contain_text("No errors")

    # The keyboard crosses from a loaded section into the one above it.
    first_of_last = page.locator(f"#c{activities[250]}-{roles[1]}")
    first_of_last.click()
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == f"c{activities[249]}-{roles[1]}"
    page.keyboard.press("c")
    expect(page.locator(f"#c{activities[249]}-{roles[1]}")).to_have_text("C")

    # Click, then type: the letter goes to the clicked cell, though its menu holds the focus.
    clicked = page.locator(f"#c{activities[248]}-{roles[1]}")
    letter = "I" if clicked.inner_text() != "I" else "C"
    clicked.click()
    expect(page.locator("#cell-menu")).to_be_visible()
    page.keyboard.press(letter.lower())
    expect(clicked).to_have_text(letter)
    expect(page.locator("#cell-menu")).to_be_hidden()

    # Another tab changes a cell of the loaded section; typing over the stale value is refused with a notice.
    other = page.context.new_page()
    other.goto(matrix.get_absolute_url())
    other.locator("#section-5").get_by_role("button", name="Show these 10 activities").click()  # opened by hand
    other_cell = other.locator(f"#c{activities[255]}-{roles[2]}")
    other_cell.click()
    other.locator("#cell-menu button[data-code='C']").click()
    expect(other_cell).to_have_text("C")

    stale = page.locator(f"#c{activities[255]}-{roles[2]}")
    expect(stale).to_have_text("I")
    stale.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Delete")
    expect(page.locator("#grid-notice")).to_contain_text("You, in another window, changed this cell to consulted (C)")
    expect(stale).to_have_text("C")
