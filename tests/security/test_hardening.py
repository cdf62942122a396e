"""Hardening a user or an operator can see: sign-in throttling, health check, password reset, CSP."""

import os
import re
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

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
    page = " ".join(response.content.decode().split())
    assert "Signing in is paused after too many failed attempts" in page
    assert "After 3 wrong passwords for one username, or from one address, sign-in is refused for 15 minutes" in page
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
        assert "Please enter a correct username and password" in response.content.decode()

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
