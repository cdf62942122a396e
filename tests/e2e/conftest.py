"""A real browser: Debian's chromium driven by Playwright (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
def page(live_server):
    """A fresh browser per test, its event loop living only as long as the test.

    Set up the test's data in fixtures listed before `page`: while Playwright's loop runs in this thread,
    Django (rightly) refuses synchronous ORM calls here."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail("Debian's chromium is missing: run scripts/test-prerequisites (make test does).")
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        browser.close()
