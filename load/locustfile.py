"""Locust users for `make load`: each, signed in as the demo's manager, opens the dashboard, the RACI
grid and the go-live event page of the demo, at random.

load/run.py starts this with the pages' paths in LOAD_PAGES (JSON), one signed-in session key per user in
LOAD_SESSIONS (comma-separated), and the think time in LOAD_THINK ("0" for none, "1-3" for one to three
seconds between pages).
"""

import itertools
import json
import os

from locust import HttpUser, between, constant, task

PAGES = json.loads(os.environ["LOAD_PAGES"])
SESSIONS = itertools.cycle(os.environ["LOAD_SESSIONS"].split(","))


def _think():
    low, _, high = os.environ.get("LOAD_THINK", "0").partition("-")
    return between(float(low), float(high)) if high else constant(float(low))


class DemoUser(HttpUser):
    wait_time = _think()

    def on_start(self):
        self.client.cookies.set("sessionid", next(SESSIONS))

    def _open(self, page):
        with self.client.get(PAGES[page], name=page, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif b"<main" not in response.content:  # a full page, not a sign-in form or a fragment
                response.failure("not a full page")

    @task
    def dashboard(self):
        self._open("dashboard")

    @task
    def grid(self):
        self._open("grid")

    @task
    def event(self):
        self._open("event")
