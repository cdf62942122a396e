"""The API's schema: every operation lists the errors it can answer (from what its view declares), and the
personal token is described as a bearer scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from .classes import ApiTokenAuthentication


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for a person.")


class FieldErrorsSerializer(serializers.Serializer):
    """400: `{"field": ["message", ...], ...}`; `non_field_errors` for what is about no one field; or `detail`."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)
    detail = serializers.CharField(required=False)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = serializers.DictField(help_text="The record as it is now (with its version).")


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made and revoked on your profile page (/accounts/profile/).",
        }


# Schema -----------------------------------------------------------------------------------------------

ERRORS = {
    303: "Already made by an earlier call with this Idempotency-Key: Location is where it is.",
    400: "The input is not acceptable: messages by field (`non_field_errors` for the rest).",
    401: "Not authenticated: send a personal API token (`Authorization: Bearer ...`) or sign in.",
    403: "A member of the program whose access does not allow this, or a change sent with a read-only token.",
    404: "No such record in this program, or not a member of the program.",
    409: "Changed since the version sent in the body: nothing changed; `current` is the record as it is now.",
    412: "Changed since the version sent as If-Match: nothing changed; `current` is the record as it is now.",
    413: "The request body is too large.",
    428: "No version given: send If-Match (the ETag read) or `version` in the body.",
    429: "Too many calls for this token, or too many refused calls from this address: wait (Retry-After).",
}

STALE_PREVIEW = (
    "The preview sent (`planned_against`) is no longer the import's latest: the records changed since it was "
    "planned, or it was planned again. Nothing was applied; read the preview again (replan/ if it says stale)."
)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    description="Optional, a new UUID per record: a retry with the same key makes nothing twice (303 to the first).",
)


class ApiSchema(AutoSchema):
    """Every operation documents the errors it can answer, from what the view declares."""

    def get_tags(self) -> list[str]:
        """One group per resource: programs, milestones, matrices..."""
        after = self.path.split("{program_slug}/", 1)
        return [after[1].split("/", 1)[0] or "programs"] if len(after) == 2 and after[1] else ["programs"]

    def get_override_parameters(self):
        extra = [IDEMPOTENCY_KEY] if self.method == "POST" and self._is_create_operation() else []
        return [*super().get_override_parameters(), *extra]

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:  # excluded
            return None
        responses = operation.setdefault("responses", {})
        if (
            self.method == "GET"
            and getattr(self.view, "versioned", False)
            and getattr(self.view, "action", "") == "retrieve"
        ):
            responses.setdefault("304", {"description": "Not modified: If-None-Match named the record's current ETag."})
        stale_preview = self._confirms_a_preview()
        for code in sorted(self.error_codes()):
            if str(code) not in responses:
                serializer = {400: FieldErrorsSerializer, 409: ConflictSerializer, 412: ConflictSerializer}.get(
                    code, ErrorSerializer
                )
                description = ERRORS[code]
                if code == 409 and stale_preview:
                    serializer, description = ErrorSerializer, STALE_PREVIEW
                response = OpenApiResponse(serializer, description=description)
                responses[str(code)] = self._get_response_for_code(response, str(code))
        return operation

    def error_codes(self) -> set[int]:
        codes = {401, 429}
        if "{program_slug}" in self.path:
            codes |= {403, 404}
        if self.method in ("POST", "PUT", "PATCH"):
            codes |= {400, 413}
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes.add(403)  # a read-only token, wherever it is sent
        if self.method == "GET" and self._is_list_view():
            codes.add(400)  # a bad filter or cursor
        if self.method == "POST" and self._is_create_operation():
            codes.add(303)
        if getattr(self.view, "versioned", False) and self.method in ("PUT", "PATCH"):
            codes |= {409, 412, 428}
        if getattr(self.view, "removes_at_version", False) and self.method == "DELETE":
            codes |= {409, 412, 428}
        if self._confirms_a_preview():
            codes.add(409)
        return codes | set(getattr(self.view, "extra_errors", ()))

    def _confirms_a_preview(self) -> bool:
        """An import's confirm (lib/api/jobs.JobPage): a preview no longer the latest is a 409."""
        wanted = getattr(self.view, "stale_preview_action", None)
        return wanted is not None and self.method == "POST" and getattr(self.view, "action", None) == wanted
