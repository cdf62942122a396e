"""Undo from a toast after Complete and Slip, and the RACI export downloading in one click."""

import re

import pytest
from playwright.sync_api import expect

from connectmobilize.demo import load_demo
from tests.e2e.test_program_journey import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program():
    return load_demo()[0]


def test_complete_then_undo_from_the_toast_puts_the_milestone_back(program, page):
    sign_in(page, "maria")
    page.get_by_role("link", name=program.name).click()
    overdue = page.get_by_test_id("overdue-count")
    count_before = int(overdue.inner_text())
    first = page.locator("#overdue-milestones tr").first
    title = first.locator("a").first.inner_text()

    first.get_by_role("button", name="Complete").click()
    toast = page.get_by_test_id("toast")
    expect(toast).to_contain_text(f"{title} completed.")
    expect(overdue).to_have_text(str(count_before - 1))

    toast.get_by_role("button", name="Undo").click()
    expect(page.get_by_test_id("toast")).to_contain_text(f"Undone: {title} is back as it was.")
    expect(overdue).to_have_text(str(count_before))  # the dashboard follows
    expect(page.locator("#overdue-milestones")).to_contain_text(title)

    page.get_by_role("link", name="Milestones").click()
    row = page.locator("tr", has_text=title)
    expect(row.get_by_role("button", name="Complete")).to_be_visible()


def test_slip_then_undo_restores_the_forecast_in_the_list(program, page):
    sign_in(page, "maria")
    page.goto(f"/p/{program.slug}/milestones/")
    row = page.locator("tbody tr", has=page.get_by_role("button", name="Complete")).first
    row_id = row.get_attribute("id")
    row = page.locator(f"#{row_id}")
    due_before = row.locator("td").nth(3).inner_text()

    row.get_by_role("button", name=re.compile("^Slip")).click()
    toast = page.get_by_test_id("toast")
    expect(toast).to_contain_text("slipped to")
    expect(row.locator("td").nth(3)).not_to_have_text(due_before)

    toast.get_by_role("button", name="Undo").click()
    expect(page.get_by_test_id("toast")).to_contain_text("Undone:")
    expect(row.locator("td").nth(3)).to_have_text(due_before)  # the row is swapped back where it stands


def test_the_raci_export_downloads_in_one_click(program, page):
    sign_in(page, "maria")
    page.goto(f"/p/{program.slug}/raci/")
    page.locator("table a").first.click()
    grid_url = page.url
    with page.expect_download() as download:
        page.get_by_role("button", name="Export .xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert page.url == grid_url  # still on the grid: no job page to go through
