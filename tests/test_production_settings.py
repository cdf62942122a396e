"""The production shape: settings from the environment only, hardened, failing loudly when incomplete."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "connectmobilize.settings",
    "DEBUG": "0",
    "SECRET_KEY": "a-production-grade-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "connectmobilize.example.com",
    "DATABASE_URL": "postgres://cm:cm@db:5432/cm",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
}


def manage(*args, **env):
    # Only what a production host would have: nothing leaks in from this test process.
    clean = {k: os.environ[k] for k in ("PATH", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_with_production_variables(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, HOME=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_secret_key_is_a_clear_start_up_error(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": ""}  # set but empty: it also wins over a local .env file
    result = manage("check", **env, HOME=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
