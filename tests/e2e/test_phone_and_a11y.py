"""Phones and accessibility on the main pages: nothing wider than a 390 px phone, no serious or critical axe-core
finding, and the RACI grid one tab stop that the arrow keys move inside."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from connectmobilize.demo import load_demo
from programs.demo import DEMO_PASSWORD
from raci.models import Matrix
from readiness.models import GoLiveEvent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# The ten pages people use most (issue #13): what each persona opens first and comes back to.
MAIN_PAGES = (
    ("dashboard", "programs:dashboard"),
    ("milestone timeline", "programs:milestone_timeline"),
    ("risks", "programs:risk_list"),
    ("RACI list", "raci:matrix_list"),
    ("RACI grid", "raci:matrix_grid"),
    ("go-live event", "readiness:event_detail"),
    ("training", "readiness:training"),
    ("operating model", "operating_model:overview"),
    ("governance", "governance:overview"),
    ("my work", "programs:my_work"),
)


@pytest.fixture
def main_pages():
    """(name, path) of each main page in the demo program, built before the browser starts (no ORM after)."""
    program = load_demo()[0]
    matrix = Matrix.objects.filter(program=program).order_by("pk").first()
    event = GoLiveEvent.objects.filter(program=program).order_by("pk").first()
    args = {
        "raci:matrix_grid": {"program_slug": program.slug, "matrix_id": matrix.pk},
        "readiness:event_detail": {"program_slug": program.slug, "event_id": event.pk},
        "programs:my_work": {},
    }
    return [(name, reverse(url, kwargs=args.get(url, {"program_slug": program.slug}))) for name, url in MAIN_PAGES]


def sign_in(page, username="liam"):
    page.goto("/accounts/login/")
    page.get_by_label("User name or email address").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def test_no_main_page_is_wider_than_a_phone(main_pages, page):
    page.set_viewport_size(PHONE)
    sign_in(page)
    too_wide = {}
    for name, path in main_pages:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = (path, width)
    assert not too_wide, f"wider than {PHONE['width']} px: {too_wide}"

    # The RACI grid scrolls inside its own box, its activity column and header row staying in view.
    page.goto(dict(main_pages)["RACI grid"])
    box = page.locator(".raci-wrap")
    assert box.evaluate("(b) => b.scrollWidth > b.clientWidth && b.scrollHeight > b.clientHeight")
    before = page.evaluate(STICKY)
    box.evaluate("(b) => b.scrollBy(150, 300)")
    after = page.evaluate(STICKY)
    assert after["scrolled"][0] > 0 and after["scrolled"][1] > 0, after
    stuck = all(abs(after[key] - before[key]) <= 3 for key in ("activity", "header"))  # borders: a px or two
    assert stuck, (before, after)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


STICKY = """() => {
  const box = document.querySelector(".raci-wrap"), table = document.getElementById("raci-grid");
  const name = table.querySelector("tbody tr[data-a] th.activity-col"), role = table.querySelector("thead th.role");
  return {scrolled: [box.scrollLeft, box.scrollTop], activity: Math.round(name.getBoundingClientRect().left),
          header: Math.round(role.getBoundingClientRect().top)};
}"""


def serious(results):
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_no_main_page_has_a_serious_or_critical_accessibility_violation(main_pages, page):
    """On a desktop and on a phone: the layouts differ (wrapped navigation, tables scrolling in their boxes)."""
    axe = Axe()
    sign_in(page)
    found = {}
    for viewport in ({"width": 1400, "height": 1000}, PHONE):
        page.set_viewport_size(viewport)
        for name, path in main_pages:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            violations = serious(axe.run(page))
            if violations:
                found[f"{name} at {viewport['width']} px"] = [
                    f"{v['id']} ({v['impact']}): {', '.join(t for node in v['nodes'] for t in node['target'])}"
                    for v in violations
                ]
    assert not found, "axe-core, serious or critical:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(lines) for name, lines in found.items()
    )


FOCUSED = """() => {
  const e = document.activeElement, grid = document.getElementById("raci-grid");
  const cell = e.closest("th, td"), row = e.closest("tr");
  return {tag: e.tagName, id: e.id, text: e.textContent.trim(), inGrid: grid.contains(e),
          label: e.getAttribute("aria-label"), row: row && row.id, cell: cell && cell.cellIndex};
}"""
TAB_STOPS = """() => Array.from(document.querySelectorAll(
  "#raci-grid a[href], #raci-grid button, #raci-grid [tabindex]"
)).filter((e) => e.tabIndex >= 0 && !e.disabled).length"""


def test_the_raci_grid_is_one_tab_stop_moved_inside_with_the_arrow_keys(main_pages, page):
    grid_path = dict(main_pages)["RACI grid"]
    sign_in(page)
    page.goto(grid_path)
    grid = page.get_by_role("grid")
    expect(grid).to_have_attribute("aria-multiselectable", "true")
    expect(grid.get_by_role("columnheader", name="EXS")).to_be_visible()
    expect(grid.get_by_role("rowheader").first).to_be_visible()
    expect(grid.get_by_role("gridcell").first).to_be_visible()
    assert page.evaluate(TAB_STOPS) == 1  # not the links, nor the three buttons of every row

    # Tab comes in on one cell and goes straight out again; Shift+Tab comes back to the same cell.
    page.locator(".raci-legend summary").focus()
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["inGrid"] and first["tag"] == "TD" and first["cell"] == 1, first
    page.keyboard.press("Tab")
    assert not page.evaluate(FOCUSED)["inGrid"]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["id"] == first["id"]

    # The arrows move from cell to cell, onto the activity's name and the header row.
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED)["cell"] == 2
    page.keyboard.press("ArrowDown")
    below = page.evaluate(FOCUSED)
    assert below["tag"] == "TD" and below["cell"] == 2 and below["row"] != first["row"], below
    page.keyboard.press("Home")
    name = page.evaluate(FOCUSED)
    assert name["tag"] == "TH" and name["row"] == below["row"], name

    # Enter steps into the activity's links and buttons; Tab goes round them, Escape comes back.
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["tag"] == "A"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["label"] == "Move up"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["tag"] == "A" and page.evaluate(FOCUSED)["inGrid"]  # round to the name again
    page.keyboard.press("Escape")
    assert page.evaluate(FOCUSED)["tag"] == "TH"

    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowRight")
    header = page.evaluate(FOCUSED)
    assert header["tag"] == "TH" and header["text"].startswith("EXS"), header
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED)["id"] == first["id"]
    assert page.evaluate(TAB_STOPS) == 1  # still one stop, wherever the arrows left it

    # Read only: the same keys, without the editing.
    viewer = page.context.browser.new_context(base_url=page.url.split("/p/")[0])
    other = viewer.new_page()
    sign_in(other, "victor")
    other.goto(grid_path)
    expect(other.get_by_role("grid")).to_have_attribute("aria-readonly", "true")
    assert other.evaluate(TAB_STOPS) == 1
    other.locator(".raci-legend summary").focus()
    other.keyboard.press("Tab")
    start = other.evaluate(FOCUSED)
    assert start["inGrid"] and start["tag"] == "TD", start
    other.keyboard.press("ArrowDown")
    other.keyboard.press("ArrowRight")
    moved = other.evaluate(FOCUSED)
    assert moved["tag"] == "TD" and moved["row"] != start["row"] and moved["cell"] == start["cell"] + 1, moved
    viewer.close()
