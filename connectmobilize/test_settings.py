"""Test settings: a small override of the real ones (STYLE.md §10).

The suite runs on PostgreSQL (DATABASE_URL, by default the local server) and Redis, never on SQLite.
"""

import os

from django.core.management.utils import get_random_secret_key

# Never starting with "$": django-environ would read the rest as the name of another variable (1 run in 50).
os.environ.setdefault("SECRET_KEY", "test-" + get_random_secret_key())
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/connectmobilize")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from connectmobilize.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# Unit tests run tasks in-process; the integration tests start a real worker on Redis themselves.
CELERY_TASK_ALWAYS_EAGER = True
# Sign-in throttling is off for the suite (tests sign in wrongly on purpose, and Client.login has no request);
# tests/security/test_hardening.py turns it on to prove it.
AXES_ENABLED = False
# The same for refused API calls per address (the URL sweep is thousands of 401s and 403s from one address);
# tests/api/test_conditional_and_refusals.py turns it down to prove it.
API_REFUSED_RATE = "1000000/minute"
