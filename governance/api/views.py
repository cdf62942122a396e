"""The governance API: routines as read, meetings (schedule or record, edit, start, cancel) and their minutes (add,
edit, turn a line into an action, an issue or a decision), the decision log (raise, edit while waiting, decide, record,
supersede: append-only once decided, as on its pages), actions (with "mine") and issues; thin views over
governance/selectors.py and governance/services.py."""

import django_filters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from connectmobilize.lib.access import Capability
from connectmobilize.lib.api.base import (
    ProgramFilterBackend,
    ProgramViewSet,
    RecordViewSet,
    VersionedUpdate,
    etag,
    yes_no_filter,
)

from .. import selectors, services
from ..choices import ActionStatus, DecisionStatus, IssueSeverity, IssueStatus, MeetingStatus
from ..models import Action, Decision, Issue, Meeting, Minute, Routine
from .serializers import (
    ActionSerializer,
    ActionStatusSerializer,
    DecisionDecideSerializer,
    DecisionRaiseSerializer,
    DecisionRecordSerializer,
    DecisionSerializer,
    DecisionSupersedeSerializer,
    IssueSerializer,
    MeetingSerializer,
    MinuteSerializer,
    MinuteToActionSerializer,
    MinuteToDecisionSerializer,
    MinuteToIssueSerializer,
    ProgramSettingsSerializer,
    RoutineSerializer,
)


class Filters(django_filters.FilterSet):
    """A governance list's filters (the program is not needed for their choices)."""

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)


@extend_schema_view(start=extend_schema(request=None, responses=RoutineSerializer(many=True)))
class RoutineViewSet(RecordViewSet):
    """The program's governance routines (steering committee, risk review, pre-CAB...), as on the overview.
    Managers add a routine and change it with the version read (archive it with `archived: true`: a routine is
    never removed, as on its page, so its meetings and minutes keep their routine); the service refuses what the
    page refuses (a name the program already has, a time zone that is not one, a routine that stops before it
    starts, another program's roles). `start/` adds the starting set the program lacks, as the overview's
    button."""

    queryset = Routine.objects.none()  # the model, for the schema; get_queryset() reads the program's
    serializer_class = RoutineSerializer
    lookup_url_kwarg = "routine_id"
    cursor_ordering = ("name", "pk")
    write_capability = Capability.GOVERN

    def get_queryset(self):
        return Routine.objects.filter(program=self.program).prefetch_related("attendees")

    def create_record(self, data):
        return services.routine_create(program=self.program, attendees=data.pop("attendees", []), **data)

    def update_record(self, record, version, data):
        return services.routine_update(routine=record, version=version, attendees=data.pop("attendees", None),
                                       **data)  # fmt: skip

    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def start(self, request, *args, **kwargs):
        """Add the starting routines (DOMAIN.md §7.4) the program does not have yet, by name; the hypercare
        stand-up only once a go-live is planned. Answers the routines added (none: [], so a second call adds
        nothing)."""
        with transaction.atomic():
            added = services.routines_add_starting_set(program=self.program)
        return Response(self.get_serializer(self.get_queryset().filter(pk__in=[r.pk for r in added]), many=True).data)


class MeetingFilters(Filters):
    routine = django_filters.NumberFilter(field_name="routine_id", help_text="Only this routine's meetings.")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices)


@extend_schema_view(
    start=extend_schema(request=None, responses=MeetingSerializer),
    cancel=extend_schema(request=None, responses=MeetingSerializer),
)
class MeetingViewSet(RecordViewSet):
    """Meetings, soonest first, with the agenda frozen when each started. Managers schedule a meeting of a routine
    (a time in the past is refused: send `held: true` to record one already held, to write its minutes after
    the fact), move it with the version read (not once it started, not into the past), `start/` it (its agenda
    frozen as the program looks now; not more than an hour early) and `cancel/` it (not once started)."""

    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    lookup_url_kwarg = "meeting_id"
    cursor_ordering = ("starts_at", "pk")
    write_capability = Capability.GOVERN
    filter_backends = [ProgramFilterBackend]
    filterset_class = MeetingFilters

    def get_queryset(self):
        return selectors.meeting_list(self.program)

    def create_record(self, data):
        for required in ("routine", "starts_at"):
            if required not in data:
                raise ValidationError({required: "This field is required."})
        write = services.meeting_record if data.pop("held", False) else services.meeting_schedule
        return write(user=self.request.user, **data)

    def update_record(self, record, version, data):
        data.pop("held", None)
        return services.meeting_update(meeting=record, version=version, **data)

    def _one_click(self, service):
        with transaction.atomic():
            record = service(meeting=self.get_object())
        record = self.reread(record)
        return self.with_etag(Response(self.get_serializer(record).data), record)

    @action(detail=True, methods=["post"])
    def start(self, request, *args, **kwargs):
        """The meeting starts: its agenda is frozen as the program looks now (starting twice changes nothing).
        Refused for a cancelled meeting, or more than an hour before its time. It moves the version on."""
        return self._one_click(services.meeting_start)

    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Cancel a meeting that has not started. It moves the version on."""
        return self._one_click(services.meeting_cancel)


LOOKUP = {"action": "action_id", "issue": "issue_id", "decision": "log_decision_id"}  # what a minute becomes


@extend_schema_view(
    to_action=extend_schema(request=MinuteToActionSerializer, responses={201: ActionSerializer}),
    to_issue=extend_schema(request=MinuteToIssueSerializer, responses={201: IssueSerializer}),
    to_decision=extend_schema(request=MinuteToDecisionSerializer, responses={201: DecisionSerializer}),
)
class MinuteViewSet(RecordViewSet):
    """A meeting's minutes, in order. Who records minutes (leads, SI, managers) adds lines (the first line
    starts the meeting: its agenda is frozen; refused on a cancelled meeting or one more than an hour away) and
    edits them with the version read. A line becomes an action (`to-action/`), an issue (`to-issue/`) or, for
    who decides, a decision taken in the meeting (`to-decision/`): once only, as on the meeting page."""

    queryset = Minute.objects.none()
    serializer_class = MinuteSerializer
    lookup_url_kwarg = "minute_id"
    cursor_ordering = ("position", "pk")
    write_capability = Capability.MINUTES

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.meeting()  # another program's meeting: 404 before anything is read or checked

    def meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            found = selectors.meeting_list(self.program).filter(pk=self.kwargs["meeting_id"]).first()
            if found is None:
                raise NotFound("No such meeting in this program.")
            self._meeting = found
        return self._meeting

    def get_queryset(self):
        return selectors.minute_list(self.meeting())

    def create_record(self, data):
        if "text" not in data:
            raise ValidationError({"text": "This field is required."})
        return services.minute_add(meeting=self.meeting(), user=self.request.user, **data)

    def update_record(self, record, version, data):
        return services.minute_update(minute=record, version=version, **data)

    def _convert(self, request, serializer_class, read_serializer, convert, kind: str):
        minute = self.get_object()
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)

        def make():
            with transaction.atomic():
                record = convert(minute, dict(serializer.validated_data))
            record = type(record).objects.get(pk=record.pk)
            location = reverse(f"api:governance:{kind}-detail",
                               kwargs={"program_slug": self.program.slug, LOOKUP[kind]: record.pk})  # fmt: skip
            data = read_serializer(record, context=self.get_serializer_context()).data
            return Response(data, status=201, headers={"Location": location, "ETag": etag(record)})

        return self.create_once(request, make)

    @action(detail=True, methods=["post"], url_path="to-action")
    def to_action(self, request, *args, **kwargs):
        """The line becomes an action (owner, due date; the title is the line unless given)."""
        return self._convert(request, MinuteToActionSerializer, ActionSerializer, lambda minute, data: (
            services.minute_to_action(minute=minute, user=request.user, **data)), "action")  # fmt: skip

    @action(detail=True, methods=["post"], url_path="to-issue")
    def to_issue(self, request, *args, **kwargs):
        """The line becomes an issue of the log (severity, owner, due date; the title is the line unless given)."""
        return self._convert(request, MinuteToIssueSerializer, IssueSerializer, lambda minute, data: (
            services.minute_to_issue(minute=minute, user=request.user, **data)), "issue")  # fmt: skip

    @action(detail=True, methods=["post"], url_path="to-decision", write_capability=Capability.DECIDE)
    def to_decision(self, request, *args, **kwargs):
        """The line records a decision taken in the meeting (dated the meeting's day): for who decides."""
        return self._convert(request, MinuteToDecisionSerializer, DecisionSerializer, lambda minute, data: (
            services.minute_to_decision(minute=minute, membership=self.membership, **data)), "decision")  # fmt: skip


class DecisionFilters(Filters):
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices)


@extend_schema_view(
    create=extend_schema(request=DecisionRaiseSerializer, responses={201: DecisionSerializer}),
    record=extend_schema(request=DecisionRecordSerializer, responses={201: DecisionSerializer}),
    decide=extend_schema(request=DecisionDecideSerializer, responses=DecisionSerializer),
    supersede=extend_schema(request=DecisionSupersedeSerializer, responses={201: DecisionSerializer}),
)
class DecisionViewSet(RecordViewSet):
    """The decision log. A decision the program needs is raised (who records minutes) and edited while it
    waits; executives and managers decide it, or record one taken straight away. Once decided it is
    append-only: it is never edited (400), only superseded by a new decision (once)."""

    queryset = Decision.objects.none()
    serializer_class = DecisionSerializer
    lookup_url_kwarg = "log_decision_id"
    cursor_ordering = ("-number",)
    write_capability = Capability.MINUTES
    filter_backends = [ProgramFilterBackend]
    filterset_class = DecisionFilters

    def get_queryset(self):
        return selectors.decision_list(self.program).select_related("superseded_by")

    def create(self, request, *args, **kwargs):
        """Raise a decision the program needs: it waits in the log, and on agendas, until it is decided."""
        return self._make(request, DecisionRaiseSerializer, lambda data: services.decision_raise(
            program=self.program, user=request.user, **data))  # fmt: skip

    def update_record(self, record, version, data):
        return services.decision_update(decision=record, version=version, **data)

    def _make(self, request, serializer_class, make_record):
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)

        def make():
            record = make_record(dict(serializer.validated_data))
            data = DecisionSerializer(self.reread(record), context=self.get_serializer_context()).data
            return Response(data, status=201, headers={"Location": self.detail_url(record), "ETag": etag(record)})

        return self.create_once(request, make)

    @action(detail=False, methods=["post"], write_capability=Capability.DECIDE)
    def record(self, request, *args, **kwargs):
        """Record a decision taken (straight into the log, append-only); with `supersedes`, it reverses that
        recorded decision."""
        return self._make(request, DecisionRecordSerializer, lambda data: services.decision_record(
            program=self.program, membership=self.membership, **data))  # fmt: skip

    @action(detail=True, methods=["post"], write_capability=Capability.DECIDE, extra_errors=(409, 412, 428))
    def decide(self, request, *args, **kwargs):
        """Decide a waiting decision, at the version read (If-Match or `version`): from then on append-only."""
        record = self.get_object()
        version = self.opened_version(request)
        serializer = DecisionDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            record = services.decision_decide(decision=record, version=version, membership=self.membership,
                                              decision_text=data["decision"], decided_by=data["decided_by"],
                                              decided_on=data["decided_on"])  # fmt: skip
        record = self.reread(record)
        return self.with_etag(Response(DecisionSerializer(record, context=self.get_serializer_context()).data),
                              record)  # fmt: skip

    @action(detail=True, methods=["post"], write_capability=Capability.DECIDE)
    def supersede(self, request, *args, **kwargs):
        """Record the decision that reverses this recorded one (a decision is superseded once)."""
        earlier = self.get_object()

        def make_record(data):
            data.setdefault("title", earlier.title)
            return services.decision_record(program=self.program, membership=self.membership, supersedes=earlier,
                                            **data)  # fmt: skip

        return self._make(request, DecisionSupersedeSerializer, make_record)


class ActionFilters(Filters):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    mine = yes_no_filter("filter_mine", "true: only the actions you own; false: the others'.")
    overdue = yes_no_filter("filter_overdue", "true: open and past their due date; false: the others.")

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value else queryset.exclude(owner=self.request.user)

    def filter_overdue(self, queryset, name, value):
        late = {"status": ActionStatus.OPEN, "due_date__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


@extend_schema_view(status=extend_schema(request=ActionStatusSerializer, responses=ActionSerializer))
class ActionViewSet(RecordViewSet):
    """Actions, the most urgent first, filtered as on the actions page (`mine`, `overdue`, `status`). Who records
    minutes raises and edits them (with the version read); an action's owner also marks it done (`status`)."""

    queryset = Action.objects.none()
    serializer_class = ActionSerializer
    lookup_url_kwarg = "action_id"
    cursor_ordering = ("due_date", "pk")
    write_capability = Capability.MINUTES
    filter_backends = [ProgramFilterBackend]
    filterset_class = ActionFilters

    def get_queryset(self):
        return selectors.action_list(self.program)

    def create_record(self, data):
        for required in ("title", "owner", "due_date"):
            if required not in data:
                raise ValidationError({required: "This field is required."})
        return services.action_create(program=self.program, user=self.request.user, **data)

    def update_record(self, record, version, data):
        if "decision" in data and data["decision"] != record.decision:
            raise ValidationError({"decision": "The decision an action carries out is given when it is raised."})
        data.pop("decision", None)
        return services.action_update(action=record, version=version, membership=self.membership, **data)

    @action(detail=True, methods=["post"], write_capability=Capability.VIEW)
    def status(self, request, *args, **kwargs):
        """Done, cancelled or open again, in one call: by its owner or who records minutes. It moves the
        version on, so an edit based on an earlier read is refused."""
        record = self.get_object()
        serializer = ActionStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            record = services.action_set_status(action=record, membership=self.membership,
                                                status=serializer.validated_data["status"])  # fmt: skip
        record = self.reread(record)
        return self.with_etag(Response(self.get_serializer(record).data), record)


class IssueFilters(Filters):
    status = django_filters.ChoiceFilter(choices=IssueStatus.choices)
    severity = django_filters.ChoiceFilter(choices=IssueSeverity.choices)


class IssueViewSet(RecordViewSet):
    """The issue log, as on the issues page: who records minutes raises and edits issues."""

    queryset = Issue.objects.none()
    serializer_class = IssueSerializer
    lookup_url_kwarg = "issue_id"
    cursor_ordering = ("code", "pk")
    write_capability = Capability.MINUTES
    filter_backends = [ProgramFilterBackend]
    filterset_class = IssueFilters

    def get_queryset(self):
        return selectors.issue_list(self.program)

    def create_record(self, data):
        risk = data.get("risk")
        if risk is not None:  # raised from a realised risk: what is not given starts as the risk's page starts it
            data = {**services.issue_from_risk_defaults(risk), **data}
        if "title" not in data:
            raise ValidationError({"title": "This field is required."})
        return services.issue_create(program=self.program, **data)

    def update_record(self, record, version, data):
        if "risk" in data and data["risk"] != record.risk:
            raise ValidationError({"risk": "The risk an issue comes from is given when it is raised."})
        data.pop("risk", None)
        return services.issue_update(issue=record, version=version, **data)


class ProgramSettingsView(VersionedUpdate, ProgramViewSet):
    """The program's governance settings: how many days a decision may wait before the digests name it (and twice
    that before it goes to the sponsor). Every member reads them (the overview shows them); managers change them
    with the version read, as on the settings page (the defaults read as version 1 until first saved)."""

    serializer_class = ProgramSettingsSerializer
    write_capability = Capability.GOVERN
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return selectors.program_settings_of(self.program)

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        return self.with_etag(Response(self.get_serializer(record).data), record)

    def partial_update(self, request, *args, **kwargs):
        version = self.opened_version(request)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        with transaction.atomic():
            record = services.program_settings_update(program=self.program, version=version, **data)
        return self.with_etag(Response(self.get_serializer(record).data), record)
