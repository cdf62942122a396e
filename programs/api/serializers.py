"""The shapes of the programs API: what a client reads, and what it may send (checked here for shape only;
the services decide everything else). Links to users are by username; to records, by id inside the program."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from rest_framework import serializers

from connectmobilize.lib.access import Access
from connectmobilize.lib.api.base import StrictModelSerializer, StrictSerializer, in_program

from ..models import Membership, Milestone, Program, Risk, Role, Workstream
from ..selectors import program_users

VERSION = serializers.IntegerField(
    min_value=1,
    required=False,
    help_text="Reads: the record's version (also its ETag). Edits: the version you read (or send If-Match).",
)


def _person(required: bool = False):
    return serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.none(),
        required=required,
        allow_null=not required,
        help_text="A member of the program, by username.",
    )


class ProgramSerializer(StrictModelSerializer):
    version = VERSION
    your_access = serializers.SerializerMethodField(help_text="Your access level in this program.")

    class Meta:
        model = Program
        fields = ["id", "slug", "name", "description", "sponsor", "target_go_live", "phase", "risk_appetite",
                  "version", "your_access"]  # fmt: skip
        read_only_fields = ["id", "slug"]

    def get_your_access(self, program) -> str:
        access = getattr(program, "your_access", None)
        request = self.context.get("request")
        if access is None and request is not None:
            access = program.memberships.filter(user=request.user).values_list("access", flat=True).first()
        return access or ""


class ProgramCreateSerializer(ProgramSerializer):
    with_roles = serializers.BooleanField(default=True, write_only=True, help_text="Start with the ten standard roles.")
    with_risks = serializers.BooleanField(
        default=True, write_only=True, help_text="Start with the eight people & change risks."
    )

    class Meta(ProgramSerializer.Meta):
        fields = [*ProgramSerializer.Meta.fields, "with_roles", "with_risks"]


class WorkstreamSerializer(StrictModelSerializer):
    version = VERSION
    lead = _person()
    scoped = {"lead": program_users}

    class Meta:
        model = Workstream
        fields = ["id", "name", "kind", "lead", "status", "health", "objective", "position", "archived", "version"]
        read_only_fields = ["id"]


class RoleSerializer(StrictModelSerializer):
    version = VERSION

    class Meta:
        model = Role
        fields = ["id", "code", "name", "side", "description", "connect_security_profile", "version"]
        read_only_fields = ["id"]


class MilestoneSerializer(StrictModelSerializer):
    version = VERSION
    owner = _person()
    workstream = serializers.PrimaryKeyRelatedField(
        queryset=Workstream.objects.none(), required=False, allow_null=True, help_text="A workstream of the program."
    )
    depends_on = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Milestone.objects.none(), required=False,
        help_text="Milestones of the program that must be reached first (a loop is refused).",
    )  # fmt: skip
    due_date = serializers.DateField(read_only=True, help_text="The forecast if there is one, else the baseline.")
    slip_days = serializers.IntegerField(read_only=True, help_text="Days the forecast lies after the baseline.")
    is_overdue = serializers.BooleanField(read_only=True)
    scoped = {"owner": program_users, "workstream": in_program("workstreams", archived=False),
              "depends_on": in_program("milestones")}  # fmt: skip

    class Meta:
        model = Milestone
        fields = ["id", "title", "workstream", "owner", "baseline_date", "forecast_date", "completed_date", "status",
                  "depends_on", "due_date", "slip_days", "is_overdue", "version"]  # fmt: skip
        read_only_fields = ["id"]


class MilestoneCompleteSerializer(StrictSerializer):
    on = serializers.DateField(required=False, help_text="The day it was reached (default: today; not in the future).")


class MilestoneSlipSerializer(StrictSerializer):
    days = serializers.IntegerField(min_value=1, max_value=3650, default=7, help_text="Move the forecast this late.")


class RiskSerializer(StrictModelSerializer):
    version = VERSION
    code = serializers.CharField(max_length=16, required=False, help_text="e.g. R-07; the next free one if left out.")
    owner = _person()
    owner_role = serializers.PrimaryKeyRelatedField(queryset=Role.objects.none(), required=False, allow_null=True)
    workstream = serializers.PrimaryKeyRelatedField(queryset=Workstream.objects.none(), required=False, allow_null=True)
    band = serializers.CharField(read_only=True, help_text="The score band: Low, Medium, High or Critical.")
    scoped = {"owner": program_users, "owner_role": in_program("roles"),
              "workstream": in_program("workstreams", archived=False)}  # fmt: skip

    class Meta:
        model = Risk
        fields = ["id", "code", "title", "category", "cause", "consequence", "likelihood", "impact", "score", "band",
                  "owner", "owner_role", "workstream", "early_warning_indicators", "mitigation", "contingency",
                  "adkar_element", "is_change_issue", "trend", "status", "version"]  # fmt: skip
        read_only_fields = ["id", "score"]


class MemberSerializer(StrictModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    access = serializers.ChoiceField(choices=Access.choices)

    class Meta:
        model = Membership
        fields = ["id", "username", "name", "email", "access"]
        read_only_fields = ["id"]


class MemberAddSerializer(StrictSerializer):
    username = serializers.CharField(
        max_length=254,
        help_text="The user name or email address of an existing user; someone new: their email address (they get "
        "an account and an email with a link to choose their password, as from the members page).",
    )
    name = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="Their name, for someone new."
    )
    access = serializers.ChoiceField(choices=Access.choices, default=Access.VIEWER)

    def validate_username(self, name: str):
        """The user to add, or the email address of someone to invite (as the members page's form)."""
        users = get_user_model().objects.filter(is_active=True)
        name = name.strip()
        user = users.filter(username__iexact=name).first() or users.filter(email__iexact=name).first()
        if user is None:
            try:
                validate_email(name)
            except DjangoValidationError:
                raise serializers.ValidationError(
                    f'No active user is called "{name}". To invite someone new, give their email address.'
                ) from None
            return name
        if self.context["program"].memberships.filter(user=user).exists():
            raise serializers.ValidationError(f"{user.username} is already a member; change their access instead.")
        return user
