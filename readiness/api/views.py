"""The readiness API: go-live events scored as on their page, snapshots, the checklist with its evidence and
sign-offs, and go/no-go decisions; thin views over readiness/selectors.py and readiness/services.py."""

from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from connectmobilize.lib.access import Capability
from connectmobilize.lib.api.base import PreconditionRequired, ProgramViewSet, RecordReadViewSet, RecordUpdateMixin
from connectmobilize.lib.uploads import attachment_name
from connectmobilize.lib.views import normalise_text

from .. import selectors, services
from ..models import ChecklistItem, EvidenceFile, GoLiveEvent, GoNoGoDecision, ReadinessSnapshot, SignOff
from .serializers import (
    EventDetailSerializer,
    EventSerializer,
    EvidenceUploadSerializer,
    GoNoGoSerializer,
    ItemSerializer,
    SignOffCreateSerializer,
    SignOffSerializer,
    SnapshotSerializer,
)


def criterion(c) -> dict:
    return {"key": c.key, "label": c.label, "weight": c.weight, "value": c.value, "hard_blocker": c.hard_blocker,
            "why": c.explanation, "link": c.link}  # fmt: skip


class EventScoped:
    """Views under events/<event_id>/: the event, inside the program (else 404)."""

    def event(self) -> GoLiveEvent:
        return self.parent_record(GoLiveEvent, "event_id", "go-live event")  # type: ignore[attr-defined]


class EventViewSet(RecordReadViewSet):
    """Go-live events: the list with the latest recorded score; one event scored now, as on its page: the
    score, the outcome (Go, Go with conditions, No-go), every criterion with why, and the open hard blockers."""

    queryset = GoLiveEvent.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = EventSerializer
    lookup_url_kwarg = "event_id"
    cursor_ordering = ("starts_at", "pk")
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.event_list_latest(self.program)

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def retrieve(self, request, *args, **kwargs):
        event = self.get_object()
        result = selectors.readiness_score(event.pk)
        policy = selectors.policy_for(self.program)
        event.score, event.outcome = result.score, result.outcome.value
        event.go_threshold, event.conditions_threshold = policy.go_threshold, policy.conditions_threshold
        event.criteria = [criterion(c) for c in result.criteria]
        event.open_blockers = [{"key": c.key, "label": c.label, "why": c.explanation} for c in result.open_blockers]
        return self.with_etag(Response(self.get_serializer(event).data), event)


class SnapshotViewSet(EventScoped, mixins.ListModelMixin, ProgramViewSet):
    """The event's readiness as recorded after every change, newest first: the trend the event page draws."""

    queryset = ReadinessSnapshot.objects.none()
    serializer_class = SnapshotSerializer
    cursor_ordering = ("-taken_at", "-pk")

    def get_queryset(self):
        return self.event().snapshots.all()


@extend_schema_view(
    evidence_file=extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The evidence file.")
        },
    ),
)
class ItemViewSet(EventScoped, RecordUpdateMixin, RecordReadViewSet):
    """The event's checklist. PATCH changes an item's evidence note, link and status, with the version read
    (If-Match); `evidence-file/` uploads (POST, multipart) or downloads (GET) its file. Service Introduction and
    managers, and leads for the items they own, as on the item's page. Evidence that no longer matches the
    sign-off in force needs signing again (a complete item goes back in progress)."""

    queryset = ChecklistItem.objects.none()
    serializer_class = ItemSerializer
    lookup_url_kwarg = "item_id"
    cursor_ordering = ("position", "pk")
    write_capability = Capability.EVIDENCE
    http_method_names = ["get", "post", "patch", "head", "options"]  # POST: the evidence file only

    def get_queryset(self):
        return selectors.checklist_items(self.event())

    def update_record(self, record, version, data):
        return services.item_update_evidence(
            item=record, membership=self.membership, version=version,
            note=normalise_text(data.get("evidence_note", record.evidence_note)),
            link=data.get("evidence_link", record.evidence_link), status=data.get("status", record.status),
        )  # fmt: skip

    @property
    def extra_errors(self) -> tuple[int, ...]:  # type: ignore[override]
        """The upload is an edit at the version read, like PATCH."""
        return (409, 412, 428) if getattr(self, "action", None) == "upload_evidence_file" else ()

    def get_parsers(self):
        """The file upload is multipart; every other call is JSON."""
        method = getattr(getattr(self, "request", None), "method", None)  # None while the schema is generated
        action = getattr(self, "action_map", {}).get(method.lower()) if method else getattr(self, "action", None)
        if action == "upload_evidence_file":
            return [MultiPartParser(), *super().get_parsers()]
        return super().get_parsers()

    @action(detail=True, methods=["get"], url_path="evidence-file")
    def evidence_file(self, request, *args, **kwargs):
        """The item's evidence file as saved (404 when it has none), always as an attachment."""
        item = self.get_object()
        stored = (
            EvidenceFile.objects.filter(sha256=item.evidence_file_sha256).first() if item.evidence_file_sha256 else None
        )
        if stored is None:
            raise NotFound("This item has no evidence file.")
        response = HttpResponse(bytes(stored.data), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{attachment_name(item.evidence_file_name)}"'
        return response

    @evidence_file.mapping.post
    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer}, responses=ItemSerializer,
        description="Upload the item's evidence file (multipart, field `file`), with the version read (If-Match or "
        "`version`): who may change the item's evidence, as on its page. It replaces the current file and changes "
        "`evidence_fingerprint`: a sign-off made on other evidence is stale, and the item is signed again.",
    )  # fmt: skip
    def upload_evidence_file(self, request, *args, **kwargs):
        item = self.get_object()
        serializer = EvidenceUploadSerializer(data=request.data)
        if request.headers.get("If-Match"):
            version = self.opened_version(request)
            serializer.is_valid(raise_exception=True)
        else:
            serializer.is_valid(raise_exception=True)
            if "version" not in serializer.validated_data:
                raise PreconditionRequired()
            version = serializer.validated_data["version"]
        with transaction.atomic():
            item = services.item_update_evidence(
                item=item, membership=self.membership, version=version, note=item.evidence_note,
                link=item.evidence_link, status=item.status, upload=serializer.validated_data["file"],
            )  # fmt: skip
        item = self.reread(item)
        return self.with_etag(Response(self.get_serializer(item).data), item)


@extend_schema_view(create=extend_schema(request=SignOffCreateSerializer, responses={201: SignOffSerializer}))
class SignOffViewSet(EventScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramViewSet):
    """An item's sign-offs, newest last. Create-only: a sign-off is never changed or removed (405), as on the
    page; evidence changed since makes it stale and the item is signed again. The named approver signs
    (whatever their access); where none is named, Service Introduction or a manager. Send the item's
    `evidence_fingerprint` as read: other evidence is not signed."""

    queryset = SignOff.objects.none()
    serializer_class = SignOffSerializer
    lookup_url_kwarg = "sign_off_id"
    lookup_value_converter = "int"
    cursor_ordering = ("pk",)
    write_capability = Capability.VIEW  # who signs is decided per item (lib/access.py), by the service
    http_method_names = ["get", "post", "head", "options"]
    extra_errors = (403,)

    def item(self) -> ChecklistItem:
        item = ChecklistItem.objects.filter(event=self.event(), pk=self.kwargs["item_id"]).first()
        if item is None:
            raise NotFound("No such checklist item in this event.")
        return item

    def get_queryset(self):
        return self.item().sign_offs.select_related("signed_by")

    def create(self, request, *args, **kwargs):
        item = self.item()
        serializer = SignOffCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def make():
            with transaction.atomic():
                record = services.sign_off(item=item, membership=self.membership, fingerprint=data["fingerprint"],
                                           comment=data["comment"])  # fmt: skip
            location = self.reverse_action("detail", kwargs={**self.kwargs, "sign_off_id": record.pk})
            return Response(self.get_serializer(record).data, status=201, headers={"Location": location})

        return self.create_once(request, make)


class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramViewSet):
    """Go/no-go decisions, newest first: the outcome, why, who recorded it, the score it was taken on and its
    conditions (open or closed). Recorded on the event page; read here."""

    queryset = GoNoGoDecision.objects.none()
    serializer_class = GoNoGoSerializer
    lookup_url_kwarg = "decision_id"
    lookup_value_converter = "int"
    cursor_ordering = ("-pk",)

    def get_queryset(self):
        return (
            selectors.go_no_go_decisions(self.program).select_related("snapshot").prefetch_related("conditions__owner")
        )
