"""The readiness API: go-live events scored as on their page (planned and edited), snapshots, the checklist (items
added, their evidence and sign-offs), go/no-go decisions (recorded, their conditions closed), an event's cutover
change request, the program's thresholds and the change calendar; thin views over readiness/selectors.py and
readiness/services.py, with the capabilities of the pages (readiness/views.py)."""

from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as InputError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from connectmobilize.lib.access import Capability, can
from connectmobilize.lib.api.base import (
    Nesting,
    PreconditionRequired,
    ProgramViewSet,
    RecordReadViewSet,
    RecordUpdateMixin,
    RecordViewSet,
    VersionedUpdate,
)
from connectmobilize.lib.uploads import attachment_name
from connectmobilize.lib.views import normalise_text

from .. import selectors, services
from ..models import (
    ChangeRequest,
    ChangeWindow,
    ChecklistItem,
    EvidenceFile,
    GoLiveEvent,
    GoNoGoDecision,
    ReadinessPolicy,
    ReadinessSnapshot,
    SignOff,
)
from .serializers import (
    ChangeRequestSerializer,
    ChangeWindowSerializer,
    ConditionCloseSerializer,
    EventCreateSerializer,
    EventDetailSerializer,
    EventSerializer,
    EvidenceUploadSerializer,
    GoNoGoCreateSerializer,
    GoNoGoSerializer,
    ItemCreateSerializer,
    ItemSerializer,
    PolicySerializer,
    SignOffCreateSerializer,
    SignOffSerializer,
    SnapshotSerializer,
)

# What the item's Edit page changes (readiness/forms.ItemForm), beyond the status its evidence page changes too.
ITEM_DETAILS = frozenset({"ref", "category", "text", "evidence_required", "priority", "weight", "hard_blocker",
                          "owner_role", "owner", "approver", "due_date"})  # fmt: skip


def criterion(c) -> dict:
    return {"key": c.key, "label": c.label, "weight": c.weight, "value": c.value, "hard_blocker": c.hard_blocker,
            "why": c.explanation, "link": c.link}  # fmt: skip


class EventScoped:
    """Views under events/<event_id>/: the event, inside the program (else 404)."""

    nested_under: Nesting | None = (GoLiveEvent, "event_id", "go-live event")

    def event(self) -> GoLiveEvent:
        return self.parent_record()  # type: ignore[attr-defined]


@extend_schema_view(create=extend_schema(request=EventCreateSerializer, responses={201: EventSerializer}))
class EventViewSet(RecordViewSet):
    """Go-live events: the list with the latest recorded score; one event scored now, as on its page: the
    score, the outcome (Go, Go with conditions, No-go), every criterion with why, and the open hard blockers.
    Service Introduction and managers plan an event (its checklist started from the contact-center template
    unless `with_template` is false) and change it with the version read; a window that does not end after it
    starts is refused, as on the page."""

    queryset = GoLiveEvent.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = EventSerializer
    lookup_url_kwarg = "event_id"
    cursor_ordering = ("starts_at", "pk")
    write_capability = Capability.SIGN_OFF

    def get_queryset(self):
        return selectors.event_list_latest(self.program)

    def get_serializer_class(self):
        return {"retrieve": EventDetailSerializer, "create": EventCreateSerializer}.get(self.action, EventSerializer)

    def create_record(self, data):
        data.setdefault("kind", GoLiveEvent._meta.get_field("kind").default)
        return services.event_create(program=self.program, workstreams=data.pop("workstreams", []), **data)

    def update_record(self, record, version, data):
        return services.event_update(event=record, version=version, workstreams=data.pop("workstreams", None), **data)

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
    create=extend_schema(request=ItemCreateSerializer, responses={201: ItemSerializer}),
    evidence_file=extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The evidence file.")
        },
    ),
)
class ItemViewSet(EventScoped, RecordUpdateMixin, RecordReadViewSet):
    """The event's checklist. Service Introduction and managers add an item, as on the event page (a ref the
    event already has is refused). PATCH changes an item's evidence note, link and status, with the version read
    (If-Match); `evidence-file/` uploads (POST, multipart) or downloads (GET) its file. Service Introduction and
    managers, and leads for the items they own, as on the item's page. Evidence that no longer matches the
    sign-off in force needs signing again (a complete item goes back in progress). PATCH of the item's details
    (ref, text, owner, approver, due date...: its Edit page) is for Service Introduction and managers (403 for
    the others), and not in the same call as evidence."""

    queryset = ChecklistItem.objects.none()
    serializer_class = ItemSerializer
    lookup_url_kwarg = "item_id"
    cursor_ordering = ("position", "pk")
    write_capability = Capability.EVIDENCE
    http_method_names = ["get", "post", "patch", "head", "options"]  # POST: a new item, or the evidence file

    def required_capability(self, method: str) -> str:
        """Adding an item (POST to the list) is the event page's: Service Introduction and managers."""
        if method == "POST" and getattr(self, "detail", None) is False:
            return Capability.SIGN_OFF
        return super().required_capability(method)

    def get_queryset(self):
        return selectors.checklist_items(self.event())

    def create(self, request, *args, **kwargs):
        event = self.event()
        serializer = ItemCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.setdefault("ref", selectors.next_item_ref(event))  # what the page's form starts with
        data.setdefault("due_date", event.starts_at.date())

        def make():
            record = services.item_create(event=event, **data)
            return self.created(self.reread(record), self.detail_url(record))

        return self.create_once(request, make)

    def update_record(self, record, version, data):
        details = sorted(set(data) & ITEM_DETAILS)
        if details:  # the item's Edit page: Service Introduction and managers
            if not can(self.membership.access, Capability.SIGN_OFF):
                raise PermissionDenied(
                    f"Only Service Introduction or a program manager changes an item's {', '.join(details)}; its "
                    "owner changes its evidence (note, link, status)."
                )
            if {"evidence_note", "evidence_link"} & set(data):
                raise InputError({"evidence_note": ["Send the evidence and the item's details in two calls, as the "
                                                    "item's two pages do."]})  # fmt: skip
            return services.item_update(item=record, version=version, **data)
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


@extend_schema_view(
    create=extend_schema(request=SignOffCreateSerializer, responses={201: SignOffSerializer}),
    evidence_file=extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The evidence file the sign-off recorded."
            )
        },
    ),
)
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

    @action(detail=True, methods=["get"], url_path="evidence-file")
    def evidence_file(self, request, *args, **kwargs):
        """The evidence file as it was when signed (404 when the sign-off recorded none), always as an attachment:
        what the item's page offers beside each sign-off, readable by every member."""
        sign_off = self.get_object()
        stored = (
            EvidenceFile.objects.filter(sha256=sign_off.evidence_file_sha256).first()
            if sign_off.evidence_file_sha256
            else None
        )
        if stored is None:
            raise NotFound("This sign-off recorded no evidence file.")
        response = HttpResponse(bytes(stored.data), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{attachment_name(sign_off.evidence_file_name)}"'
        return response


@extend_schema_view(
    create=extend_schema(request=GoNoGoCreateSerializer, responses={201: GoNoGoSerializer}),
    close_condition=extend_schema(request=ConditionCloseSerializer, responses=GoNoGoSerializer),
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramViewSet):
    """Go/no-go decisions, newest first: the outcome, why, who recorded it and who took part, the score it was
    taken on and its conditions (open or closed). Service Introduction and managers record one for an event, as
    on its decision page: frozen with the readiness as scored now, append-only; a Go with conditions needs at
    least one condition, and every decision its rationale. `close-condition/` closes one of its conditions: its
    owner, Service Introduction or a manager."""

    queryset = GoNoGoDecision.objects.none()
    serializer_class = GoNoGoSerializer
    lookup_url_kwarg = "decision_id"
    lookup_value_converter = "int"
    cursor_ordering = ("-pk",)
    write_capability = Capability.SIGN_OFF
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return (
            selectors.go_no_go_decisions(self.program)
            .select_related("snapshot")
            .prefetch_related("conditions__owner", "voters")
        )

    def create(self, request, *args, **kwargs):
        serializer = GoNoGoCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def make():
            record = services.decision_record(
                event=data["event"], membership=self.membership, outcome=data["outcome"],
                rationale=normalise_text(data["rationale"]), voters=data.get("voters", []),
                conditions=data["conditions"],
            )  # fmt: skip
            location = self.reverse_action("detail", kwargs={**self.kwargs, "decision_id": record.pk})
            return self.created(self.get_queryset().get(pk=record.pk), location)

        return self.create_once(request, make)

    @action(detail=True, methods=["post"], url_path="close-condition", write_capability=Capability.VIEW,
            extra_errors=(403,))  # fmt: skip
    def close_condition(self, request, *args, **kwargs):
        """Close one of the decision's conditions, saying how it was met: its owner, Service Introduction or a
        manager (others: 403). A condition already closed is refused."""
        decision = self.get_object()
        serializer = ConditionCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        condition = decision.conditions.filter(pk=serializer.validated_data["condition"]).first()
        if condition is None:
            raise InputError({"condition": ["No such condition of this decision."]})
        with transaction.atomic():
            services.condition_close(condition=condition, membership=self.membership,
                                     note=normalise_text(serializer.validated_data["note"]))  # fmt: skip
        return Response(self.get_serializer(self.get_queryset().get(pk=decision.pk)).data)


class SavedOnce(VersionedUpdate, ProgramViewSet):
    """A record the program (or an event) has at most one of, made by its first save: read as it stands, or as
    the page starts it (version 0) while it was never saved; saved (PATCH) with the version read, where 0 makes
    it, unless someone did meanwhile (then 412 or 409 with theirs, as any stale edit)."""

    http_method_names = ["get", "patch", "head", "options"]

    def current(self):
        """The saved record, or an unsaved one as the page starts it."""
        raise NotImplementedError

    def save_record(self, version: int | None, data):
        raise NotImplementedError

    def get_object(self):
        record = self.current()
        if record.pk is None:
            record.version = 0
        return record

    def opened_version(self, request) -> int:
        sent = request.data.get("version") if isinstance(request.data, dict) else None
        if not request.headers.get("If-Match") and sent == 0 and not isinstance(sent, bool):
            return 0  # read before it was ever saved
        return super().opened_version(request)

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        return self.with_etag(Response(self.get_serializer(record).data), record)

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()  # another program's event: 404 before the version is asked for
        version = self.opened_version(request)
        serializer = self.get_serializer(record, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        with transaction.atomic():
            record = self.save_record(version or None, data)
        return self.with_etag(Response(self.get_serializer(record).data), record)


class ChangeRequestView(EventScoped, SavedOnce):
    """The event's cutover change request and what CAB decided, for Service Introduction and managers as on its
    page. Approved needs the approved window (a specific date and time), and that window must end after it starts;
    the event's readiness is scored again after each save."""

    queryset = ChangeRequest.objects.none()
    serializer_class = ChangeRequestSerializer
    capability = Capability.SIGN_OFF
    write_capability = Capability.SIGN_OFF

    def current(self):
        event = self.event()
        return ChangeRequest.objects.filter(event=event).first() or ChangeRequest(event=event)

    def save_record(self, version, data):
        return services.change_request_save(event=self.event(), version=version, **data)


class PolicyView(SavedOnce):
    """The program's go/no-go thresholds and criterion weights: every member reads them (events show them);
    managers change them, as on the thresholds page (the conditions threshold cannot be above the Go threshold).
    Every upcoming event is scored again after a save."""

    queryset = ReadinessPolicy.objects.none()
    serializer_class = PolicySerializer
    write_capability = Capability.MANAGE

    def current(self):
        return selectors.policy_for(self.program)

    def save_record(self, version, data):
        return services.policy_save(program=self.program, version=version, **data)


class ChangeWindowViewSet(RecordReadViewSet):
    """The change calendar: freezes, blackouts and maintenance windows of the program and organisation-wide,
    soonest first, as on the calendar page. Service Introduction and managers add the program's own (a window must
    end after it starts); every upcoming event is scored again against it."""

    queryset = ChangeWindow.objects.none()
    serializer_class = ChangeWindowSerializer
    lookup_url_kwarg = "window_id"
    cursor_ordering = ("starts_at", "pk")
    write_capability = Capability.SIGN_OFF
    http_method_names = ["get", "post", "head", "options"]
    versioned = False

    create = RecordViewSet.create

    def get_queryset(self):
        return selectors.calendar_windows(self.program)

    def create_record(self, data):
        return services.change_window_create(program=self.program, **data)
