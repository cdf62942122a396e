"""Hardening a user or an operator can see: sign-in throttling, health check, password reset, CSP."""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.urls import reverse
from playwright.sync_api import expect

from connectmobilize.demo import load_demo
from programs.demo import DEMO_PASSWORD
from raci.models import Matrix
from tests.e2e.conftest import page  # noqa: F401  (the browser fixture)
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def throttled(settings):
    """django-axes as in production (the suite turns it off), with a small limit to keep the tests short."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_guessing_one_users_password_locks_that_user_even_from_new_addresses(client, throttled):
    UserFactory(username="maria", password=PASSWORD)
    for n in range(2):
        assert sign_in(client, "maria", f"guess-{n}", address=f"10.0.0.{n}").status_code == 200
    assert sign_in(client, "maria", "guess-2", address="10.0.0.2").status_code == 429  # the third failure locks

    response = sign_in(client, "maria", PASSWORD, address="10.9.9.9")

    assert response.status_code == 429
    text = " ".join(response.content.decode().split())
    assert "Signing in is paused after too many failed attempts" in text
    assert "After 3 wrong passwords for one username, or from one address, sign-in is refused for 15 minutes" in text
    assert "_auth_user_id" not in client.session  # the right password does not get through while locked


@pytest.mark.django_db
def test_spraying_many_usernames_from_one_address_locks_that_address(client, throttled):
    UserFactory(username="liam", password=PASSWORD)
    for name in ("ann", "bob", "cy"):
        sign_in(client, name, "guess", address="192.0.2.7")

    assert sign_in(client, "liam", PASSWORD, address="192.0.2.7").status_code == 429
    assert sign_in(client, "liam", PASSWORD, address="192.0.2.8").status_code == 302  # another address is not


@pytest.mark.django_db
def test_a_few_mistakes_then_the_right_password_signs_in_and_clears_the_count(client, throttled):
    UserFactory(username="sofia", password=PASSWORD)
    for _ in range(2):
        response = sign_in(client, "sofia", "typo")
        assert response.status_code == 200
        assert "do not match an account" in response.content.decode()

    assert sign_in(client, "sofia", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        sign_in(client, "sofia", "typo")
    assert sign_in(client, "sofia", PASSWORD).status_code == 302  # the success reset the count


# /healthz --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_without_sign_in_and_says_tasks_run_in_process_without_a_broker(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz", HTTP_HOST="some-internal-name:8000")  # not in ALLOWED_HOSTS: still answered

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}


@pytest.mark.django_db
def test_healthz_pings_the_redis_broker(client, settings):
    settings.CELERY_BROKER_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_names_an_unreachable_broker_without_revealing_its_address(client, settings):
    settings.CELERY_BROKER_URL = "redis://:s3cret-pass@127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "broker": "unreachable", "failed": ["broker"]}
    assert b"s3cret" not in response.content and b"127.0.0.1" not in response.content


@pytest.mark.django_db
def test_healthz_names_an_unreachable_database(client, settings):
    settings.CELERY_BROKER_URL = ""
    refused = OperationalError('connection to server at "db" failed: password authentication failed')

    with mock.patch.object(connection, "ensure_connection", side_effect=refused):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert b"password" not in response.content


# Password reset by email -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_through_the_emailed_link(client, settings, mailoutbox):
    settings.SITE_URL = "https://cm.example.com"
    UserFactory(username="evelyn", email="Evelyn@Example.com", password="old-password-2026")
    sign_in_page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in sign_in_page  # the sign-in page offers it

    response = client.post(reverse("password_reset"), {"email": "evelyn@example.com"}, follow=True)
    assert "Check your email" in response.content.decode()

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["Evelyn@Example.com"]
    assert email.subject == "ConnectMobilize: choose a new password"
    link = re.search(r"https://cm\.example\.com(/accounts/password-reset/\S+/)", email.body)
    assert link, email.body  # built from SITE_URL, never from the request's Host header

    form_page = client.get(link.group(1), follow=True)  # Django swaps the token for a session key, then redirects
    assert "Choose a new password" in form_page.content.decode()
    new = "a-fresh-passphrase-91"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Password changed" in done.content.decode()

    assert sign_in(client, "evelyn", "old-password-2026").status_code == 200  # the old one no longer works
    assert sign_in(client, "evelyn", new).status_code == 302
    assert client.get(link.group(1), follow=True).content.decode().count("already been used or has expired") == 1


@pytest.mark.django_db
def test_asking_for_an_unknown_address_looks_the_same_and_sends_nothing(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)

    assert "Check your email" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.django_db
def test_resetting_the_password_lifts_a_sign_in_pause_on_that_username(client, throttled, mailoutbox):
    UserFactory(username="victor", email="victor@example.com", password=PASSWORD)
    for n in range(3):
        sign_in(client, "victor", "guess", address=f"10.1.0.{n}")
    assert sign_in(client, "victor", PASSWORD, address="10.2.0.1").status_code == 429

    client.post(reverse("password_reset"), {"email": "victor@example.com"})
    path = re.search(r"(/accounts/password-reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"})

    assert sign_in(client, "victor", "brand-new-secret-77", address="10.2.0.1").status_code == 302


# Content-Security-Policy -----------------------------------------------------------------------------------

TEMPLATES_DIR = Path(django_settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)  # a <script> without src=
INLINE_HANDLER = re.compile(r"""\s(on[a-z]+|hx-on[:\w-]*)\s*=\s*["']""", re.IGNORECASE)  # onclick=, hx-on:click=
INLINE_URL = re.compile(r"""=\s*["']\s*javascript:""", re.IGNORECASE)


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
def test_every_page_forbids_inline_scripts(client, manager, program):
    client.force_login(manager)

    for url in (reverse("login"), reverse("programs:dashboard", args=[program.slug])):
        directives = csp_directives(client.get(url))
        assert directives["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
        assert directives["default-src"] == ["'self'"]


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(TEMPLATES_DIR).as_posix() for p in TEMPLATES_DIR.rglob("*.html"))
)
def test_no_template_carries_inline_script(template):
    """The policy would silently break such a script in the browser: keep behaviours in static/js."""
    text = (TEMPLATES_DIR / template).read_text()
    found = INLINE_SCRIPT.findall(text) + INLINE_HANDLER.findall(text) + INLINE_URL.findall(text)
    assert not found, f"{template}: move {found} into a file under static/js (see static/js/app.js)"


@dataclass
class DemoPages:
    dashboard: str
    grid: str
    activity: str
    activity_name: str
    event: str
    evidence_pack: str


@pytest.fixture
def demo_pages(transactional_db):
    program = load_demo()[0]
    matrix = Matrix.objects.get(program=program, name="Support processes after go-live")
    activity = matrix.activities.order_by("pk").last()
    event = program.go_live_events.order_by("pk").first()
    slug = program.slug
    return DemoPages(
        dashboard=reverse("programs:dashboard", args=[slug]),
        grid=reverse("raci:matrix_grid", args=[slug, matrix.pk]),
        activity=reverse("raci:activity_detail", args=[slug, matrix.pk, activity.pk]),
        activity_name=activity.name,
        event=reverse("readiness:event_detail", args=[slug, event.pk]),
        evidence_pack=reverse("readiness:evidence_pack", args=[slug, event.pk]),
    )


@pytest.mark.e2e
def test_pages_work_in_a_browser_under_the_policy(demo_pages, page):  # noqa: F811 (the imported fixture)
    """Chromium enforces the header: any inline script or handler left would be refused and logged."""
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(reverse("login"))
    page.get_by_label("User name or email address").fill("maria")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(demo_pages.dashboard)
    complete_buttons = page.get_by_role("button", name="Complete")
    open_milestones = complete_buttons.count()
    complete_buttons.first.click()  # htmx swaps the row in place
    expect(complete_buttons).to_have_count(open_milestones - 1)

    page.goto(demo_pages.grid)
    column_forms = page.locator("form[data-confirm]")
    columns_before = column_forms.count()
    page.once("dialog", lambda dialog: dialog.dismiss())  # "Cancel" keeps the column
    column_forms.first.get_by_role("button").click()
    expect(column_forms).to_have_count(columns_before)

    page.goto(demo_pages.activity)
    page.once("dialog", lambda dialog: dialog.accept())  # "OK" removes the activity
    page.get_by_role("button", name="Remove").click()
    expect(page).not_to_have_url(demo_pages.activity)
    expect(page.get_by_text(demo_pages.activity_name, exact=True)).to_have_count(0)

    page.goto(demo_pages.event)
    page.goto(demo_pages.evidence_pack)
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Print").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")

    assert refused == []
