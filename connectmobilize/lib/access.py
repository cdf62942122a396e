"""Per-program access: the one place that decides who may do what in a program.

A non-member gets 404 (the program does not exist for them), a member without the
right gets 403, an anonymous user is sent to sign in. Every program view uses
`ProgramAccessMixin` and declares the capability it needs.
"""

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, render


class Access(models.TextChoices):
    MANAGER = "manager", "Program manager"
    LEAD = "lead", "Lead (IT / contact center / workstream)"
    SI = "si", "Service Introduction"
    EXECUTIVE = "executive", "Executive"
    VIEWER = "viewer", "Viewer"


class Capability(models.TextChoices):
    VIEW = "view", "See the program"
    MANAGE = "manage", "Change the program, its members and workstreams"
    PLAN = "plan", "Change milestones, risks and roles"
    SIGN_OFF = "sign_off", "Keep the go-live checklist and sign items off"
    EVIDENCE = "evidence", "Update the evidence of go-live checklist items (leads: the items they own)"
    TRAINING = "training", "Keep courses, sessions and attendance"
    SPONSOR = "sponsor", "Record sponsorship"
    GOVERN = "govern", "Run governance routines and meetings"
    MINUTES = "minutes", "Record minutes, actions and issues"
    DECIDE = "decide", "Record decisions in the decision log"
    APPROVE = "approve", "Approve RACI matrices once their rule check is clean"
    CHANGE = "change", "Keep stakeholders, change impact, assessments and the communications plan"


CAPABILITIES: dict[str, frozenset[str]] = {
    Access.MANAGER: frozenset(Capability.values),
    Access.LEAD: frozenset(
        {
            Capability.VIEW,
            Capability.PLAN,
            Capability.EVIDENCE,
            Capability.TRAINING,
            Capability.MINUTES,
            Capability.CHANGE,
        }
    ),
    Access.SI: frozenset(
        {Capability.VIEW, Capability.SIGN_OFF, Capability.EVIDENCE, Capability.TRAINING, Capability.MINUTES}
    ),
    Access.EXECUTIVE: frozenset({Capability.VIEW, Capability.SPONSOR, Capability.DECIDE}),
    Access.VIEWER: frozenset({Capability.VIEW}),
}


def can(access: str, capability: str) -> bool:
    return capability in CAPABILITIES.get(access, frozenset())


def capabilities(access: str) -> dict[str, bool]:
    """capability → allowed, for templates (`can.plan`)."""
    return {c: can(access, c) for c in Capability.values}


# Object-level rules: the views and the services ask the same questions here. `membership` has `access`
# and `user_id`; the objects are read by their ids, so this module imports no app.


def may_update_evidence(membership, item) -> bool:
    """SI and managers; leads for the checklist items they own."""
    if can(membership.access, Capability.SIGN_OFF):
        return True
    return can(membership.access, Capability.EVIDENCE) and item.owner_id == membership.user_id


def may_sign_off(membership, item) -> bool:
    """The named approver (whatever their access); where none is named, SI or a manager."""
    if item.approver_id:
        return item.approver_id == membership.user_id
    return can(membership.access, Capability.SIGN_OFF)


def may_close_condition(membership, condition) -> bool:
    """The condition's owner, SI or a manager."""
    return can(membership.access, Capability.SIGN_OFF) or condition.owner_id == membership.user_id


def may_update_action(membership, action) -> bool:
    """Who records minutes (managers, leads, SI), and the action's owner for their own actions."""
    return can(membership.access, Capability.MINUTES) or action.owner_id == membership.user_id


def may_sign_off_operating_model(membership, *, holds_role: bool) -> bool:
    """For an accountable team: a member who fills that role (whatever their access), or a program manager."""
    return holds_role or can(membership.access, Capability.MANAGE)


def membership_for(user, program_slug: str):
    """The user's membership of the program, or 404 if they are not a member."""
    if not user.is_authenticated:
        raise Http404
    membership_model = apps.get_model("programs", "Membership")
    return get_object_or_404(
        membership_model.objects.select_related("program"),
        program__slug=program_slug,
        user=user,
    )


if TYPE_CHECKING:  # the views it is mixed into
    from django.views.generic.base import ContextMixin, View

    class _Page(ContextMixin, View): ...
else:
    _Page = object


class ProgramAccessMixin(LoginRequiredMixin, _Page):
    """Resolves `self.program` from the URL's program_slug and checks `capability`."""

    capability: str = Capability.VIEW
    program: Any  # programs.models.Program (lib imports no app)
    membership: Any  # programs.models.Membership

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = membership_for(request.user, kwargs["program_slug"])
        self.program = self.membership.program
        request.program_membership = self.membership  # for a 403 page (below)
        if not can(self.membership.access, self.capability):
            raise PermissionDenied(
                f"Your access to {self.program.name} ({self.membership.get_access_display()}) does not allow this."
            )
        self.resolve_objects()
        return super().dispatch(request, *args, **kwargs)

    def resolve_objects(self) -> None:
        """Hook: look up the URL's other objects inside self.program (404 when they are not there)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["program"] = self.program
        context["membership"] = self.membership
        context["can"] = capabilities(self.membership.access)
        return context


def permission_denied(request, exception=None):
    """The 403 page (handler403). Refused inside a program, it keeps that program's navigation, so the
    member goes on from where they were rather than starting again from the list of programs."""
    context: dict[str, Any] = {"exception": str(exception or "")}
    membership = getattr(request, "program_membership", None)
    if membership is not None:
        context.update(program=membership.program, membership=membership, can=capabilities(membership.access))
    return render(request, "403.html", context, status=403)
