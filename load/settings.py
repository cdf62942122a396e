"""Settings for `make load`: the production settings, served over plain HTTP on the loopback interface.

Only what the loopback run needs differs: cookies without the Secure flag (no TLS on 127.0.0.1), and static
files named without the collectstatic manifest (the load test fetches pages, not their assets).
"""

from connectmobilize.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
