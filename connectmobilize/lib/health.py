"""GET /healthz: is this web process able to serve? (docker-compose's web health check, load balancers)

It is answered by a middleware placed first, before host validation, the HTTPS redirect, sessions and
sign-in: a health probe calls http://127.0.0.1:8000/healthz from inside the container, whatever the public
host name is. It reveals no secrets: only "ok", "in-process" or which dependency failed; the cause goes to
the log.
"""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from kombu import Connection

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
BROKER_TIMEOUT_SECONDS = 2


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database is unreachable")
        return "unreachable"
    return "ok"


def broker_status() -> str:
    """Redis is pinged; another broker is connected to; no broker means tasks run in this process."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return "in-process"
    try:
        if url.startswith(("redis://", "rediss://")):
            client = redis.Redis.from_url(
                url, socket_connect_timeout=BROKER_TIMEOUT_SECONDS, socket_timeout=BROKER_TIMEOUT_SECONDS
            )
            try:
                client.ping()
            finally:
                client.close()
        else:
            with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
                broker.ensure_connection(max_retries=1)
    except Exception:
        logger.exception("Health check: the broker is unreachable")
        return "unreachable"
    return "ok"


def health_response() -> JsonResponse:
    checks = {"database": database_status(), "broker": broker_status()}
    failed = sorted(name for name, status in checks.items() if status == "unreachable")
    body: dict[str, str | list[str]] = {"status": "failing" if failed else "ok", **checks}
    if failed:
        body["failed"] = failed
    response = JsonResponse(body, status=503 if failed else 200)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers GET/HEAD /healthz before any other middleware runs (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
