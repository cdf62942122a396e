"""The README's screenshots, taken from the demo so they never go stale: one page per persona.

    .venv/bin/python scripts/screenshots.py                 # loads the demo if needed, serves it, writes docs/*.png
    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000 --out /tmp/shots   # a running demo

Without --base-url it runs `manage.py seed_demo` (the demo is loaded once; settings from the environment or
`.env`, as `make run`: DEBUG must be on) and serves it on a free local port for as long as it takes. The browser is
Debian's chromium (/usr/bin/chromium) driven by Playwright: never a downloaded one.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
PASSWORD = "connect-demo-2026"  # noqa: S105 - the demo's (programs/demo.py), public on purpose
PROGRAM = "Northwind Care – move to Amazon Connect"
VIEWPORT = {"width": 1360, "height": 900}


def _dashboard(page) -> None:
    """Maria, program manager: the program dashboard with the next go-live's verdict."""
    page.get_by_role("link", name=PROGRAM).first.click()


def _raci(page) -> None:
    """Liam, lead: the support matrix in review, its rule check naming the loose end."""
    _dashboard(page)
    page.get_by_role("link", name="RACI", exact=True).first.click()
    page.get_by_role("link", name="Support processes after go-live").first.click()


def _go_live(page) -> None:
    """Sofia, Service Introduction: wave 1's readiness, blockers, trend and checklist."""
    _dashboard(page)
    page.get_by_role("link", name="Go-live", exact=True).first.click()
    page.get_by_role("link", name="Wave 1: customer service lines").first.click()


def _executive(page) -> None:
    """Evelyn, executive: from the portfolio she lands on, Northwind's page: each go-live's readiness trend, the
    people risks, the stakeholders' power and interest, sponsor activity planned and done."""
    page.get_by_role("link", name=PROGRAM).first.click()


# file name, user, how to reach the page from the landing page after sign-in, what must show before the shot
SHOTS: tuple[tuple[str, str, Callable, str], ...] = (
    ("dashboard.png", "maria", _dashboard, "Next go-live"),
    ("raci-grid.png", "liam", _raci, "Support processes after go-live"),
    ("go-live-event.png", "sofia", _go_live, "Beyond the checklist"),
    ("executive.png", "evelyn", _executive, "Readiness trend per go-live event"),
)


def take(base_url: str, out_dir: Path) -> list[Path]:
    """Sign in as each persona on the demo at `base_url`, open their page and write its screenshot to `out_dir`."""
    from playwright.sync_api import expect, sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, user, reach, landmark in SHOTS:
                context = browser.new_context(base_url=base_url, viewport=VIEWPORT)  # type: ignore[arg-type]
                page = context.new_page()
                page.set_default_timeout(20_000)
                page.goto("/accounts/login/")
                page.get_by_label("User name or email address").fill(user)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(lambda url: "/accounts/login/" not in url)
                reach(page)
                page.wait_for_load_state("networkidle")
                expect(page.locator("main, body").first).to_contain_text(landmark)
                path = out_dir / name
                page.screenshot(path=str(path))
                written.append(path)
                context.close()
        finally:
            browser.close()
    return written


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _demo_server() -> Iterator[str]:
    """The demo loaded (once) and served on a free local port while the block runs."""
    python, manage = sys.executable, str(ROOT / "manage.py")
    subprocess.run([python, manage, "migrate", "--no-input", "-v0"], check=True, cwd=ROOT)  # noqa: S603
    subprocess.run([python, manage, "seed_demo"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [python, manage, "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env={**os.environ},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/accounts/login/", timeout=2)  # noqa: S310 - our own local server
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("The demo server stopped while starting.") from None
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="a demo already running (default: load and serve it here)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where to write the PNGs (default docs/)")
    args = parser.parse_args()
    if args.base_url:
        written = take(args.base_url, args.out)
    else:
        with _demo_server() as url:
            written = take(url, args.out)
    for path in written:
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
