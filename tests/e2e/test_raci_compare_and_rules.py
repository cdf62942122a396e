"""Compare with… opens on the last approved state with the changed cell marked; a rule code says what it means
on hover and on keyboard focus, and leads to the rule's help."""

import re

import pytest
from playwright.sync_api import expect

from connectmobilize.demo import load_demo
from programs.demo import DEMO_PASSWORD
from raci import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program():
    return load_demo()[0]


@pytest.fixture
def approved_then_changed(program):
    """A demo matrix approved, then one C made an I: (matrix, the activity's name, its id)."""
    matrix = program.matrices.filter(error_count=0).order_by("name").first()
    if matrix.status != "draft":  # the demo's is approved as it was loaded: reopen it and approve it as a user does
        matrix = services.matrix_status_change(matrix=matrix, version=matrix.version, change="draft")
    matrix = services.matrix_status_change(matrix=matrix, version=matrix.version, change="approve")
    activity, role_id = next(
        (a, int(r)) for a in matrix.activities.all() for r, code in a.letters.items() if code == "C"
    )
    services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=role_id, code="I", expected="C")
    return matrix, activity.name, activity.pk


def sign_in(page, program):
    page.goto("/accounts/login/")
    page.get_by_label("User name or email address").fill("liam")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name=program.name).click()
    page.get_by_role("link", name="RACI", exact=True).click()


def test_compare_opens_on_the_last_approved_state_and_marks_the_changed_cell(program, approved_then_changed, page):
    matrix, activity, activity_id = approved_then_changed
    sign_in(page, program)
    page.get_by_role("link", name=matrix.name).click()
    page.get_by_role("link", name="Compare with…").click()
    expect(page.locator("#compare-point")).to_contain_text("the last approved state")
    expect(page.locator("#compare-counts")).to_contain_text("1 changed")
    row = page.locator(f"#compare-row-{activity_id}")
    expect(row.locator("th")).to_contain_text(activity)
    changed = row.locator("td[data-mark='changed']")
    expect(changed).to_have_count(1)
    expect(changed).to_have_text("I✎ changed from C")
    expect(changed).to_have_attribute("title", "Changed: C → I")
    expect(page.locator("#compare-grid tbody tr")).to_have_count(1)  # only the changed activity


def tip_width(link):
    return link.locator(".rule-tip").bounding_box()["width"]


def test_a_rule_code_says_what_it_means_on_hover_and_on_focus(program, page):
    sign_in(page, program)
    page.get_by_role("link", name="Support processes after go-live").click()
    code = page.locator("#matrix-summary a.rule-code[data-rule='V1']").first
    expect(code).to_have_accessible_name("V1 Exactly one Accountable per activity")
    assert tip_width(code) <= 1  # hidden until asked for
    code.hover()
    expect(code.locator(".rule-tip")).to_have_text("Exactly one Accountable per activity")
    assert tip_width(code) > 50
    page.mouse.move(0, 0)
    assert tip_width(code) <= 1
    code.focus()  # the keyboard gets the same text
    assert tip_width(code) > 50
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/p/{program.slug}/raci/rules/#rule-V1$"))
    rule = page.locator("#rule-V1")
    expect(rule).to_contain_text("How to fix it")
    expect(rule).to_contain_text("Pick the one role that signs the work off")
