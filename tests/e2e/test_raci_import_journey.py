import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from programs.demo import DEMO_PASSWORD
from tests.factories import MembershipFactory, RoleFactory, UserFactory
from tests.raci.workbooks import messy_sheet, xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lead_of(program):
    for code, name in (("CCO", "Contact Center Operations Manager"), ("PO", "Product Owner"), ("ADM", "Admin")):
        RoleFactory(program=program, code=code, name=name)
    user = UserFactory(username="lena", password=DEMO_PASSWORD)
    MembershipFactory(program=program, user=user, access="lead")
    return user


def test_a_lead_imports_reviews_confirms_fixes_and_exports(program, lead_of, page, tmp_path):
    sheet = tmp_path / "northwind-raci.xlsx"
    sheet.write_bytes(xlsx(messy_sheet))

    page.goto("/accounts/login/")
    page.get_by_label("User name or email address").fill("lena")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/p/{program.slug}/raci/")
    page.get_by_role("link", name="Import a spreadsheet").click()
    page.get_by_label("Name of the new matrix").fill("Northwind RACI")
    page.get_by_label("Spreadsheet (.xlsx)").set_input_files(str(sheet))
    page.get_by_role("button", name="Upload and preview").click()

    # The sheet has one bad cell: the preview names it and nothing can be applied.
    expect(page.locator("#import-errors")).to_contain_text('RACI!E8: "R, s" combines letters')
    expect(page.get_by_role("button", name="Apply these changes")).to_be_disabled()

    # Fix the file, upload again, map the unknown "tel" column to a new role, apply.
    def fixed(workbook):
        messy_sheet(workbook)
        workbook["RACI"]["E8"] = "R"

    sheet.write_bytes(xlsx(fixed))
    page.goto(f"/p/{program.slug}/raci/import/")
    page.get_by_label("Name of the new matrix").fill("Northwind RACI")
    page.get_by_label("Spreadsheet (.xlsx)").set_input_files(str(sheet))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("#plan-counts")).to_contain_text("added")
    expect(page.get_by_label("Role for column tel")).to_have_value("new")
    page.get_by_role("button", name="Apply these changes").click()
    expect(page.get_by_test_id("import-state")).to_have_text("Done")
    page.get_by_role("link", name="Open Northwind RACI").click()

    # The new role "tel" is never A or R, but in a 3-activity matrix that is no smell (rules.QUIET_BELOW): the
    # check stays quiet. Then an edit in the grid.
    expect(page.locator("#matrix-summary")).to_contain_text("No errors")
    expect(page.locator("#matrix-summary")).not_to_contain_text("never Accountable or Responsible")
    row = page.locator("tr", has_text="Stakeholder map")
    cell = row.locator("td.cell").nth(1)
    cell.click()
    page.locator("#cell-menu button[data-code='C']").click()
    expect(cell).to_have_text("C")

    with page.expect_download() as download:  # ready within seconds: downloaded in the same click
        page.get_by_role("button", name="Export .xlsx").click()
    data = download.value.path().read_bytes()
    exported = load_workbook(io.BytesIO(data))["Matrix"]
    names = [exported.cell(row=r, column=2).value for r in range(3, 6)]
    assert names == ["Agree success criteria", "Stakeholder map", "Load users into production"]
    assert exported.cell(row=4, column=5).value == "C"
