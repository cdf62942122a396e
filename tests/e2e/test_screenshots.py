"""The README's screenshots are made by scripts/screenshots.py from the demo: it must keep working, or they go
stale (issue #13). One PNG per persona, each a real picture of the page it names."""

import importlib.util
import os
from pathlib import Path

import pytest

from connectmobilize.demo import load_demo

from .conftest import CHROMIUM

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def screenshots():
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def demo(db):
    return load_demo()[0]


def test_the_script_writes_one_screenshot_per_persona_from_the_demo(demo, live_server, screenshots, tmp_path):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail("Debian's chromium is missing: run scripts/test-prerequisites (make test does).")
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    written = screenshots.take(live_server.url, tmp_path)
    names = sorted(path.name for path in written)
    assert names == ["dashboard.png", "executive.png", "go-live-event.png", "raci-grid.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # nothing else written
    for path in written:
        data = path.read_bytes()
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert data.startswith(PNG) and (width, height) == (1360, 900)
        assert 20_000 < len(data) < 300_000  # a page with content, small enough for the README
