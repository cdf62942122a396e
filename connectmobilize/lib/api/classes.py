"""The classes settings.REST_FRAMEWORK names: authentication by personal token, the one permission class,
per-token throttling, the bounded JSON parser and cursor pagination.

Kept apart from the rest of the API helpers (connectmobilize/lib/api/__init__.py) because DRF imports them while
its own views module loads: they must not import DRF's views themselves.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import SimpleRateThrottle

from .. import access, tokens

# Authentication ---------------------------------------------------------------------------------------


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer cm_...` (or `Token cm_...`): a personal token made on the profile page."""

    keywords = (b"bearer", b"token")

    def authenticate(self, request):
        RefusedCallThrottle().check(request)  # an address refused too often is refused before any token is read
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the token as `Authorization: Bearer <token>`.")
        try:
            text = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This API token is not valid.") from None
        try:
            token = tokens.authenticate(text)
        except tokens.TokenExpired as expired:
            raise exceptions.AuthenticationFailed(str(expired)) from None
        if token is None:
            raise exceptions.AuthenticationFailed("This API token is not valid (mistyped, revoked, or its user left).")
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


# Access -----------------------------------------------------------------------------------------------


class ProgramPermission(BasePermission):
    """The one permission class: signed in, a member of the URL's program (else 404), and the capability the
    action needs (`view.required_capability(method)`), as lib/access.py decides (else 403).

    Sets `view.program` and `view.membership`. A view without `program_slug` in its URL (the list of the
    user's programs) needs only a signed-in user. A read-only token may only read (403 on any other method,
    whatever the user's access)."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False  # DRF answers 401: the token authentication says how to authenticate
        if isinstance(request.auth, tokens.ApiToken) and request.auth.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(
                f"The token “{request.auth.name}” is read-only: it can read, not change. Use a token made with "
                "read and write for this."
            )
        slug = view.kwargs.get("program_slug")
        if slug is None:
            return True
        try:
            membership = access.membership_for(request.user, slug)
        except Http404:
            raise exceptions.NotFound("No such program, or you are not a member of it.") from None
        view.membership, view.program = membership, membership.program
        capability = view.required_capability(request.method)
        if not access.can(membership.access, capability):
            raise exceptions.PermissionDenied(
                f"Your access to {membership.program.name} ({membership.get_access_display()}) does not allow "
                f"this: it needs “{access.Capability(capability).label.lower()}”."
            )
        return True


class PerTokenThrottle(SimpleRateThrottle):
    """settings.API_RATE calls per token; a session counts per user, anything else per address."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.API_RATE

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, tokens.ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class RefusedCallThrottle(SimpleRateThrottle):
    """settings.API_REFUSED_RATE refused calls (401, 403) per address: past it, every call from that address is
    429 until the window moves on, whatever token it sends (guessing tokens or probing programs costs a wait).
    Refusals are counted by the exception handler (`record`); `check` runs before authentication."""

    scope = "api-refused"

    def __init__(self):
        super().__init__()
        limit, window = self.parse_rate(self.get_rate())
        self.limit, self.window = limit or 0, window or 60

    def get_rate(self) -> str:
        return settings.API_REFUSED_RATE

    def get_cache_key(self, request, view=None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": f"addr-{self.get_ident(request)}"}

    def _history(self, request) -> tuple[str, list[float]]:
        key = self.get_cache_key(request)
        now = self.timer()
        return key, [when for when in self.cache.get(key, []) if when > now - self.window]

    def check(self, request) -> None:
        _, history = self._history(request)
        if self.limit and len(history) >= self.limit:
            wait = max(history[-1] + self.window - self.timer(), 1)  # until the oldest refusal leaves the window
            raise exceptions.Throttled(
                wait, detail="Too many refused calls from this address: wait, then check your token."
            )

    def record(self, request) -> None:
        key, history = self._history(request)
        self.cache.set(key, [self.timer(), *history], self.window)


# Input ------------------------------------------------------------------------------------------------


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class BoundedJSONParser(JSONParser):
    """JSON, refused with 413 past API_MAX_BODY_BYTES (from Content-Length, or as read when it has none)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        message = f"The request body is over {limit // 1024} KB; send less at once."
        if declared and declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge(message)
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise BodyTooLarge(message)
        if not data:
            return {}
        return super().parse(io.BytesIO(data), media_type, parser_context)


# Pagination -------------------------------------------------------------------------------------------


class Cursor(CursorPagination):
    """Every list: `?cursor=` from `next` / `previous`; in `view.cursor_ordering` (unique), default by id."""

    page_size_query_param = "page_size"
    max_page_size: int = 500

    def get_ordering(self, request, queryset, view):
        return tuple(getattr(view, "cursor_ordering", ("pk",)))

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size or 50
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError({"page_size": [f"A whole number from 1 to {self.max_page_size}."]})
        return int(raw)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({"cursor": ["This cursor is not one the API gave."]}) from None
