"""Views, serializers, versions and errors of the API: see the package's docstring."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

import django_filters
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.viewsets import GenericViewSet

from .. import access
from ..jobs import StalePreview
from ..records import StaleEdit, VersionedModel, first_submission, with_current_links
from .classes import (
    ApiTokenAuthentication,
    BodyTooLarge,
    Cursor,
    PerTokenThrottle,
    ProgramPermission,
    RefusedCallThrottle,
)
from .schema import ApiSchema, ApiTokenScheme

__all__ = [
    "ApiSchema",
    "ApiTokenAuthentication",
    "ApiTokenScheme",
    "BodyTooLarge",
    "Cursor",
    "Nesting",
    "PerTokenThrottle",
    "PreconditionRequired",
    "ProgramFilterBackend",
    "ProgramPermission",
    "ProgramViewSet",
    "RecordReadViewSet",
    "RecordRemoveMixin",
    "RecordUpdateMixin",
    "RecordViewSet",
    "RefusedCallThrottle",
    "StrictModelSerializer",
    "StrictSerializer",
    "VersionedUpdate",
    "etag",
    "exception_handler",
    "field_errors",
    "in_program",
    "yes_no_filter",
]

# Input ------------------------------------------------------------------------------------------------


Choices = Callable[[Any], "models.QuerySet"]  # the program → the records a link may name


def in_program(related: str, **filters) -> Choices:
    """The choices of a link: the program's own records (`program.<related>`), as a page's dropdown offers them."""
    return lambda program: getattr(program, related).filter(**filters)


class StrictSerializer(serializers.Serializer):
    """Unknown fields are refused by name (a typo is not silently ignored); read-only ones may be sent back.

    `scoped` names the links a caller may write and their choices in the program of the URL: another program's
    record is refused as unknown, the way a page's dropdown never offers it; finer rules (a lane of this flow, a
    group rather than a person) are the service's, in words.
    """

    scoped: ClassVar[dict[str, Choices]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.context.get("program")
        if program is None:
            return  # the schema's introspection: no program, no choices
        request = self.context.get("request")
        writing = request is not None and request.method not in SAFE_METHODS
        record = self.instance if writing and isinstance(self.instance, models.Model) else None
        for name, choices in self.scoped.items():
            field = self.fields[name]
            if not field.read_only:  # what the record links now stays valid: what was read can be sent back
                offered = with_current_links(choices(program), record, field.source or name)
                getattr(field, "child_relation", field).queryset = offered

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(str(name) for name in data if name not in self.fields)
            if unknown:
                raise serializers.ValidationError({name: ["This field is not known here."] for name in unknown})
            # DRF turns a number or true into text; the schema says a string, so anything else is refused.
            not_text = {
                name: ["Send text (a JSON string)."]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField) and not field.read_only
                and data.get(name) is not None and not isinstance(data[name], str)
            }  # fmt: skip
            if not_text:  # named with whatever else is wrong, as DRF names every field at once
                try:
                    super().to_internal_value(data)
                except serializers.ValidationError as other:
                    raise serializers.ValidationError({**_by_field(other.detail), **not_text}) from None
                raise serializers.ValidationError(not_text)
            too_long = {
                name: [f"Ensure this field has no more than {field.max_length} characters."]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField) and field.max_length and not field.read_only
                and isinstance(data.get(name), str) and len(data[name]) > field.max_length
            }  # fmt: skip
            if too_long:  # as sent: the documented maxLength holds before surrounding spaces are trimmed
                raise serializers.ValidationError(too_long)
            # DRF reads "" as null for a link to another record; the schema says an id or null, so "" is refused.
            blank_links = {
                name: ["Send the id of a record, or null."]
                for name, field in self.fields.items()
                if isinstance(field, serializers.RelatedField) and not field.read_only and data.get(name) == ""
            }
            if blank_links:
                raise serializers.ValidationError(blank_links)
        return super().to_internal_value(data)


def _by_field(detail) -> dict:
    return dict(detail) if isinstance(detail, dict) else {"non_field_errors": detail}


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class YesNoFilter(django_filters.TypedChoiceFilter):
    """`?name=true|false` and nothing else (a NullBoolean filter would read "null" or "yes" as "any")."""


def yes_no_filter(method: str, help_text: str) -> django_filters.Filter:
    """A `?name=true|false` filter calling `method(queryset, name, bool)`; any other value is a 400."""
    return YesNoFilter(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true", method=method,
        help_text=help_text,
    )  # fmt: skip


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    """Output of a model; input is checked here for shape only, the service decides (never `.save()`)."""

    def create(self, validated_data):  # pragma: no cover - guarded: every write goes through a service
        raise NotImplementedError("Call the service")

    def update(self, instance, validated_data):  # pragma: no cover
        raise NotImplementedError("Call the service")


# Versions ---------------------------------------------------------------------------------------------


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Say which version you are changing: send its ETag as If-Match, or `version` in the body (both come with "
        "every read of the record)."
    )
    default_code = "precondition_required"


def etag(record: VersionedModel) -> str:
    return f'"{record.version}"'


_ETAG = re.compile(r'^\s*(?:W/)?"(\d{1,9})"\s*$')


class VersionedUpdate:
    """For views whose records carry a version: `opened_version(request)` is the version the client read,
    from If-Match or the body; reads and writes answer with its ETag."""

    versioned = True
    precondition = False  # set when the version came as If-Match: a stale one is then 412, not 409

    def opened_version(self, request) -> int:
        header = request.headers.get("If-Match")
        if header:
            match = _ETAG.match(header)
            if match is None:
                raise exceptions.ValidationError({"If-Match": ['Send the ETag of the record as read, e.g. "3".']})
            self.precondition = True
            return int(match.group(1))
        version = request.data.get("version") if isinstance(request.data, dict) else None
        if version is None:
            raise PreconditionRequired()
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise exceptions.ValidationError({"version": ["A whole number: the version of the record as read."]})
        return version

    def with_etag(self, response: Response, record: VersionedModel) -> Response:
        """The answer with the record's ETag; a read whose If-None-Match names it: 304, without the body."""
        tag = etag(record)
        request = getattr(self, "request", None)
        if request is not None and request.method in ("GET", "HEAD") and response.status_code == 200:
            wanted = request.headers.get("If-None-Match", "")
            if wanted.strip() == "*" or tag in {t.strip().removeprefix("W/") for t in wanted.split(",")}:
                return Response(status=304, headers={"ETag": tag})
        response["ETag"] = tag
        return response


# Views ------------------------------------------------------------------------------------------------


Nesting = tuple[type[models.Model], str, str]  # the record a URL nests under: model, URL keyword, its name


class ProgramViewSet(GenericViewSet):
    """The base of a program's resources (URL under /api/v1/programs/<slug>/).

    `capability` is needed to read, `write_capability` to change (an @action can set either); the permission
    class asks lib/access.py. Subclasses look records up inside `self.program` only.
    """

    capability: str = access.Capability.VIEW
    write_capability: str = access.Capability.PLAN
    program: Any
    membership: Any
    cursor_ordering: tuple[str, ...] = ("pk",)
    extra_errors: tuple[int, ...] = ()  # answers beyond those the schema infers (an @action may set its own)
    # The record the URL nests under, for views under events/<event_id>/… : (model, URL keyword, its name).
    nested_under: Nesting | None = None

    def required_capability(self, method: str) -> str:
        return self.capability if method in SAFE_METHODS else self.write_capability

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "program": getattr(self, "program", None)}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # who may call: 401, 403, or 404 for the program
        if self.nested_under is not None:
            self.parent_record()  # another program's: 404 before the body is read, whatever it holds

    def parent_record(self) -> Any:
        """The record the URL nests under (`nested_under`), inside the program, read once per request; 404 naming
        it when the program has no such record."""
        if "_parent" not in self.__dict__:
            if self.nested_under is None:
                raise TypeError(f"{type(self).__name__} nests under no record")
            model, url_kwarg, what = self.nested_under
            found = model._default_manager.filter(program=self.program, pk=self.kwargs[url_kwarg]).first()
            if found is None:
                raise exceptions.NotFound(f"No such {what} in this program.")
            self._parent = found
        return self._parent

    def created(self, record, location: str) -> Response:
        """201 with the record as read back and where it lives."""
        data = self.get_serializer(record).data
        headers = {"Location": location}
        if isinstance(record, VersionedModel):
            headers["ETag"] = etag(record)
        return Response(data, status=201, headers=headers)

    def create_once(self, request, make) -> Response:
        """Run `make()` (a service's create, answering 201 with a Location) once per `Idempotency-Key` (a UUID)
        if the client sends one: a retry with the same key answers 303 to what the first call made."""
        key = request.headers.get("Idempotency-Key")
        if key is not None:
            try:
                uuid.UUID(key)
            except ValueError:
                raise exceptions.ValidationError({"Idempotency-Key": ["A UUID, new for each record."]}) from None
        with transaction.atomic(), first_submission(key, user=request.user) as sent:
            if sent.earlier is not None:
                return Response({"detail": "Already made by an earlier call with this Idempotency-Key."},
                                status=303, headers={"Location": sent.earlier})  # fmt: skip
            response = make()
            sent.redirect_to = response.get("Location", "")
            return response


class ProgramFilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """Filters of a list, as the pages' filter sets (which take the program their choices come from, and may read
    the user: `mine`). An empty value is refused by name rather than read as "any"."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "program": view.program}

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        empty = sorted(name for name in filterset_class.base_filters if request.query_params.get(name, None) == "")
        if empty:  # the pages send "" for "any"; a client leaves the filter out (a typo'd value is not "any")
            raise exceptions.ValidationError({name: ["Leave this filter out for any value."] for name in empty})
        return super().filter_queryset(request, queryset, view)


# Errors -----------------------------------------------------------------------------------------------


def field_errors(error: DjangoValidationError) -> dict[str, list[str]] | list[str]:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): list(messages)
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": list(error.messages)}


def exception_handler(exc, context):
    """The services' exceptions as HTTP answers (see the module's docstring); the rest as DRF does."""
    view = context.get("view")
    if isinstance(exc, StaleEdit):
        current = exc.current
        # The record the view serves, as it shows it; another it checked (a column's matrix, say): its version.
        served = getattr(getattr(view, "queryset", None), "model", None)
        shown = view is not None and (served is None or isinstance(current, served))
        data = view.get_serializer(current).data if shown else {"version": current.version}
        code = 412 if getattr(view, "precondition", False) else 409
        detail = (
            f"This {current._meta.verbose_name} was changed since version {exc.opened_version} "
            f"(it is at version {current.version} now); nothing was saved. Read it again and reapply your change."
        )
        return Response({"detail": detail, "current": data}, status=code, headers={"ETag": etag(current)})
    if isinstance(exc, StalePreview):  # before any ValidationError: a conflict with the job as it is now
        return Response({"detail": " ".join(exc.messages)}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(field_errors(exc))
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code in (401, 403) and context.get("request") is not None:
        RefusedCallThrottle().record(context["request"])
    return response


class RecordReadViewSet(VersionedUpdate, ProgramViewSet):
    """List and read a program's records: `get_queryset()` (a selector, inside self.program) and
    `serializer_class`. A read of a versioned record carries its ETag (304 to a matching If-None-Match)."""

    http_method_names = ["get", "head", "options"]
    lookup_value_converter = "int"

    def detail_url(self, record) -> str:
        kwargs = {**self.kwargs, self.lookup_url_kwarg or "pk": record.pk}
        return self.reverse_action("detail", kwargs=kwargs)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        response = Response(self.get_serializer(record).data)
        return self.with_etag(response, record) if isinstance(record, VersionedModel) else response

    def reread(self, record):
        """The record as a read returns it (relations loaded as the list loads them)."""
        return self.get_queryset().get(pk=record.pk)


class RecordUpdateMixin:
    """PATCH a record at the version read, through `update_record(record, version, data)` (one service)."""

    def update_record(self, record: Any, version: int, data: dict[str, Any]) -> Any:
        raise exceptions.MethodNotAllowed("PATCH")

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        version = self.opened_version(request)
        serializer = self.get_serializer(record, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        with transaction.atomic():
            record = self.update_record(record, version, data)
        record = self.reread(record)
        return self.with_etag(Response(self.get_serializer(record).data), record)


class RecordRemoveMixin:
    """DELETE a record at the version read (If-Match, or `version` in the body) through `remove_record(record,
    version)` (one service): a removal read before someone changed the record is refused as an edit is (412/409),
    one without a version is 428. Add "delete" to the view's http_method_names."""

    removes_at_version = True  # the schema documents 409, 412 and 428 on DELETE

    def remove_record(self, record: Any, version: int) -> None:
        raise exceptions.MethodNotAllowed("DELETE")

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        version = self.opened_version(request)
        with transaction.atomic():
            self.remove_record(record, version)
        return Response(status=204)


class RecordViewSet(RecordUpdateMixin, RecordReadViewSet):
    """List, read, create and change a program's records through its services.

    A subclass gives `get_queryset()` (a selector, inside self.program), `serializer_class`, and the writes:
    `create_record(data)` and `update_record(record, version, data)`, each calling one service. Input is
    validated for shape by the serializer; the service decides the rest and its ValidationError is a 400.
    """

    http_method_names = ["get", "post", "patch", "head", "options"]

    def create_record(self, data: dict[str, Any]) -> Any:
        raise exceptions.MethodNotAllowed("POST")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}

        def make():
            record = self.create_record(data)
            return self.created(self.reread(record), self.detail_url(record))

        return self.create_once(request, make)
