"""Settings come from the environment only (12-factor); see .env.example.

With nothing set, the app runs on its embedded default: SQLite, and Celery tasks
run in-process. Production sets DEBUG=0, SECRET_KEY, DATABASE_URL, CELERY_BROKER_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment (or in .env for local use; `make run` writes one for you)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",  # sign-in throttling (see AXES_* below)
    "csp",  # Content-Security-Policy (see CONTENT_SECURITY_POLICY below)
    "rest_framework",  # the REST API (see REST_FRAMEWORK below; connectmobilize/lib/api/)
    "drf_spectacular",  # its OpenAPI schema at /api/schema/
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served from our static files, no CDN
    "connectmobilize",  # project-wide management commands (seed_demo)
    "programs",
    "raci",
    "operating_model",
    "readiness",
    "governance",
    "people",
]

MIDDLEWARE = [
    "connectmobilize.lib.health.HealthCheckMiddleware",  # first: /healthz needs no host, HTTPS or sign-in
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "connectmobilize.lib.uploads.RefuseOversizedUploads",  # before anything reads the body
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
]

# Every history is read record by record (its id or its activity, then sorted): an index on the date alone was
# written on every change of every tracked model and read by nothing.
SIMPLE_HISTORY_DATE_INDEX = False

ROOT_URLCONF = "connectmobilize.urls"
WSGI_APPLICATION = "connectmobilize.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two edits at once wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username, or from one
# address, further attempts are refused for AXES_COOLOFF_TIME: the sign-in page says so (429, lib/signin.py).
# AxesBackend must come first so a locked-out sign-in never reaches the password check.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "connectmobilize.lib.signin.UsernameOrEmailBackend"]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one alone locks: guessing one user, or spraying many
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "connectmobilize.lib.signin.locked_out_response"
# The address is REMOTE_ADDR (axes' default, never a client-supplied header). Behind a load balancer every
# client shares the balancer's address: then add django-ipware and set AXES_IPWARE_PROXY_COUNT.

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "programs:home"  # "My work" or the programs, by access
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
# Uploads: spreadsheets are checked again by connectmobilize.lib.spreadsheets before any work.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Cache: shared (Redis) in production so readiness recomputation is coalesced across web processes.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# Every signed-in request reads its session: with a shared cache (CACHE_URL, Redis in production) it is read
# from there and written through to the database. Not with the per-process default cache, where a session
# ended in one web process (sign-out) could live on in another's copy.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if env.str("CACHE_URL", default="")
    else "django.contrib.sessions.backends.db"
)

# Email: console in development; production sets EMAIL_URL (e.g. smtp+tls://user:pass@host:587).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ConnectMobilize <noreply@localhost>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest task, so Redis does not redeliver a task that is still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 2}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "overdue-milestone-reminders": {
        "task": "programs.tasks.send_overdue_milestone_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "nightly-readiness-snapshots": {
        "task": "readiness.tasks.recompute_all_readiness",
        "schedule": crontab(hour=2, minute=30),
    },
    "weekly-portfolio-summary": {  # opt-in per user on the profile page (people/)
        "task": "people.tasks.send_weekly_summaries",
        "schedule": crontab(day_of_week="mon", hour=6, minute=30),
    },
    "governance-freeze-started-meetings": {  # a meeting nobody pressed Start on gets its agenda frozen anyway
        "task": "governance.tasks.freeze_started_meetings",
        "schedule": 60.0,
    },
    "governance-daily-digest": {
        "task": "governance.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=15),
    },
    "nightly-commitment-risks": {  # rule 8: a commitment gap > 1 level at T-14 days raises a people risk
        "task": "people.tasks.raise_commitment_risks",
        "schedule": crontab(hour=2, minute=45),
    },
    "fail-stale-jobs": {  # a job whose worker died is failed within a lease and a half (connectmobilize/lib/jobs.py)
        "task": "connectmobilize.lib.jobs.fail_stale_jobs",
        "schedule": 30.0,
    },
}
CELERY_IMPORTS = ["connectmobilize.lib.jobs"]  # lib is not an app: autodiscovery would not find its task
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=45)
JOB_PROGRESS_SECONDS = env.float("JOB_PROGRESS_SECONDS", default=1.0)  # how often a job page's bar can move

# Content-Security-Policy (django-csp): scripts only from our own origin, never inline (no <script> blocks,
# no onclick=, no hx-on: behaviours live in static/js). Styles keep 'unsafe-inline': templates and the SVG
# charts use style="" attributes, and htmx inserts its indicator <style>; styles cannot run code.
# Bootstrap's icons (navbar toggler, select arrows) are data: SVGs in its CSS, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production hardening: on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# REST API (/api/v1/): the same services and access rules as the pages (connectmobilize/lib/api/).
# Personal API tokens first, so an anonymous call is told 401 with WWW-Authenticate (not a redirect);
# the browser's session works too (with its CSRF check on writes). API_RATE: calls per token (or signed-in
# user); counted in the cache, so shared between web processes only with CACHE_URL (Redis) set.
API_RATE = env.str("API_RATE", default="600/minute")
# Refused calls (401, 403) per address before every call from it waits (lib/api/classes.py RefusedCallThrottle).
API_REFUSED_RATE = env.str("API_REFUSED_RATE", default="60/minute")
API_MAX_BODY_BYTES = 1024 * 1024  # JSON bodies; uploads have their own limits (lib/uploads.py)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "connectmobilize.lib.api.classes.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["connectmobilize.lib.api.classes.ProgramPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["connectmobilize.lib.api.classes.PerTokenThrottle"],
    "DEFAULT_PAGINATION_CLASS": "connectmobilize.lib.api.classes.Cursor",
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": ["connectmobilize.lib.api.classes.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "connectmobilize.lib.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "connectmobilize.lib.api.base.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ConnectMobilize API",
    "DESCRIPTION": (
        "Programs, workstreams, milestones, risks, roles, members, RACI matrices with their spreadsheet import and "
        "export jobs, go-live readiness (events, snapshots, checklist, sign-offs, go/no-go), governance (routines, "
        "meetings, the decision log, actions, issues) and the operating model (composition, service catalogue, "
        "severities and escalation), on the same rules and "
        "access as the pages. Authenticate with a personal API token (`Authorization: Bearer cm_...`, made on "
        "your profile page) or the browser session. Records that can be edited concurrently carry a `version` "
        "and an `ETag`: send it back as `If-Match` (412 when someone saved since) or as `version` in the body "
        "(409 with the current record); an edit with neither is refused with 428, and so is the removal (DELETE) "
        "of a team member, an escalation step or a flow step."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,  # what a client sends and what it gets are separate schemas
    "ENUM_NAME_OVERRIDES": {  # choice sets named after their class where two fields share a name
        "WorkstreamKind": "programs.choices.WorkstreamKind",
        "ProgramPhase": "programs.choices.ProgramPhase",
        "MatrixKind": "raci.choices.MatrixKind",
        "MatrixPhase": "raci.choices.MatrixPhase",
        "JobStatus": "connectmobilize.lib.models.JobStatus",
        "EventKind": "readiness.choices.EventKind",
        "ItemStatus": "readiness.choices.ItemStatus",
        "ReadinessOutcome": "readiness.api.serializers.OUTCOMES",
        "GoNoGoOutcome": "readiness.choices.DecisionOutcome",
        "ChangeRequestStatus": "readiness.choices.ChangeStatus",
        "MeetingStatus": "governance.choices.MeetingStatus",
        "DecisionStatus": "governance.choices.DecisionStatus",
        "ActionStatus": "governance.choices.ActionStatus",
        "IssueStatus": "governance.choices.IssueStatus",
        "SlaClock": "operating_model.choices.SlaClock",
        "StepKind": "operating_model.choices.StepKind",
        # people & change
        "PeopleLevel": "people.choices.Level",
        "Commitment": "people.choices.Commitment",
        "Engagement": "people.choices.Engagement",
        "Channel": "people.choices.Channel",
        "WorksheetRating": "people.choices.WorksheetRating",
        "StakeholderKind": "people.choices.StakeholderKind",
        "SponsorActivityKind": "people.choices.SponsorActivityKind",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
