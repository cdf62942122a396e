"""Personal API tokens: made and named by a user on their profile page, shown once, stored hashed, revocable.

A token reads `cm_<prefix>_<secret>`. The prefix (8 hex characters, kept in clear) finds the row and names the
token in lists; the whole token is kept only as its SHA-256 (a random 256-bit secret needs no slow hash: nothing
to guess). A token acts as its user, with that user's memberships: it can do what the user can on the pages,
or only read when it was made read-only (every unsafe method is then 403, whatever the user's access). A token
may expire: it works until the end of its `expires_on` day (the server's time zone), then is refused with 401.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

PREFIX = "cm_"
MAX_ACTIVE_TOKENS = 20  # per user
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)  # last use is written at most this often (not a write per call)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text='What it is for, e.g. "Power BI refresh".')
    prefix = models.CharField(max_length=8, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    read_only = models.BooleanField(
        default=False, help_text="Reads only: every change through the API is refused, whatever your access."
    )
    expires_on = models.DateField(
        null=True, blank=True, help_text="Works until the end of this day; empty: it does not expire."
    )

    class Meta:
        app_label = "connectmobilize"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({PREFIX}{self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class TokenExpired(Exception):
    """The token is right but past its expiry date: the API says so (401) rather than "not valid"."""

    def __init__(self, token: ApiToken):
        day = f"{token.expires_on:%d %b %Y}"
        super().__init__(f"This API token expired at the end of {day}: make a new one on your profile page.")
        self.token = token


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user, name: str, read_only: bool = False, expires_on: dt.date | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`: the row, and the token's text (shown to the user once, never stored). A read-only
    token only reads; one with `expires_on` (today or later) stops working after that day."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Name the token after what will use it."})
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": "Choose today or a later day: a token cannot expire in the past."})
    active = (
        ApiToken.objects.select_for_update()
        .filter(user=user, revoked_at=None)
        .exclude(expires_on__lt=timezone.localdate())  # an expired token is not counted
    )
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(f"You have {MAX_ACTIVE_TOKENS} tokens; revoke one you no longer use first.")
    for _ in range(5):  # a clash of 8-hex prefixes is rare; try again with fresh ones
        prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
        text = f"{PREFIX}{prefix}_{secret}"
        token = ApiToken(user=user, name=name, prefix=prefix, digest=_digest(text), read_only=read_only,
                         expires_on=expires_on)  # fmt: skip
        token.full_clean()
        try:
            with transaction.atomic():
                token.save()
        except IntegrityError:
            continue
        return token, text
    raise RuntimeError("Could not find a free token prefix")  # pragma: no cover - 2^32 prefixes


@transaction.atomic
def api_token_known(*, user, name: str, text: str) -> ApiToken:
    """A token with a chosen text, for the demo only (its text is public, like the demo's passwords; seed_demo
    refuses to run with DEBUG off). Made once: an active token with that text is kept."""
    if not text.startswith(PREFIX) or text.count("_") < 2:
        raise ValueError("A token reads cm_<prefix>_<secret>")
    prefix = text[len(PREFIX) :].split("_", 1)[0]
    token, _ = ApiToken.objects.update_or_create(
        prefix=prefix, defaults={"user": user, "name": name, "digest": _digest(text), "revoked_at": None}
    )
    return token


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    """Revoked at once; the row stays so the list shows when and what."""
    ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())


def authenticate(text: str) -> ApiToken | None:
    """The active token `text` is, with its user (active too), or None; TokenExpired if it is right but past its
    expiry date. Records the use (not of an expired token)."""
    if not text.startswith(PREFIX) or text.count("_") < 2:
        return None
    prefix = text[len(PREFIX) :].split("_", 1)[0]
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at=None, user__is_active=True)
        .only("pk", "digest", "last_used_at", "prefix", "name", "read_only", "expires_on", "user")
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, _digest(text)):
        return None
    if token.is_expired:
        raise TokenExpired(token)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user) -> models.QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
