"""A realistic demo program a new user can click through at once (used by `manage.py seed_demo`)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from connectmobilize.lib.access import Access

from . import services
from .choices import Health, MilestoneStatus, ProgramPhase, RiskTrend, WorkstreamKind, WorkstreamStatus
from .models import Milestone, Program

DEMO_PASSWORD = "connect-demo-2026"  # noqa: S105 - public on purpose: demo users only, refused when DEBUG is off
DEMO_PROGRAM = "Northwind Care – move to Amazon Connect"

# username, first name, last name, access
DEMO_USERS = (
    ("maria", "Maria", "Okafor", Access.MANAGER),
    ("liam", "Liam", "Chen", Access.LEAD),
    ("sofia", "Sofia", "Almeida", Access.SI),
    ("evelyn", "Evelyn", "Brooks", Access.EXECUTIVE),
    ("victor", "Victor", "Nguyen", Access.VIEWER),
)

# workstream kind, title, owner, baseline (days from today), forecast shift, done days ago, status
DEMO_MILESTONES = (
    (WorkstreamKind.GOVERNANCE, "Steering committee chartered", "maria", -70, 0, 68, MilestoneStatus.COMPLETED),
    (WorkstreamKind.GOVERNANCE, "Decision log and RAID log live", "maria", -50, 5, 44, MilestoneStatus.COMPLETED),
    (
        WorkstreamKind.ALIGNMENT,
        "Discovery workshops (3 × half day) held",
        "liam",
        -60,
        0,
        60,
        MilestoneStatus.COMPLETED,
    ),
    (
        WorkstreamKind.ALIGNMENT,
        "Business outcomes and success criteria agreed",
        "evelyn",
        -20,
        0,
        None,
        MilestoneStatus.IN_PROGRESS,
    ),
    (WorkstreamKind.OPERATING_MODEL, "Operational RASCI drafted", "liam", -5, 0, None, MilestoneStatus.IN_PROGRESS),
    (
        WorkstreamKind.OPERATING_MODEL,
        "Out-of-hours paging swimlane agreed",
        "liam",
        10,
        7,
        None,
        MilestoneStatus.NOT_STARTED,
    ),
    (
        WorkstreamKind.OPERATING_MODEL,
        "Operating model signed off by owning teams",
        "maria",
        30,
        7,
        None,
        MilestoneStatus.NOT_STARTED,
    ),
    (
        WorkstreamKind.SERVICE_INTRODUCTION,
        "SI team engaged; design documents shared",
        "sofia",
        -30,
        0,
        29,
        MilestoneStatus.COMPLETED,
    ),
    (
        WorkstreamKind.SERVICE_INTRODUCTION,
        "AWS support plan selected",
        "sofia",
        -3,
        0,
        None,
        MilestoneStatus.IN_PROGRESS,
    ),
    (
        WorkstreamKind.SERVICE_INTRODUCTION,
        "Cutover CR approved by CAB",
        "sofia",
        50,
        0,
        None,
        MilestoneStatus.NOT_STARTED,
    ),
    (WorkstreamKind.TRAINING, "Training needs analysis complete", "liam", -10, 14, None, MilestoneStatus.IN_PROGRESS),
    (WorkstreamKind.TRAINING, "Train-the-trainer sessions delivered", "liam", 25, 0, None, MilestoneStatus.NOT_STARTED),
    (WorkstreamKind.TRAINING, "95% of agents trained", "liam", 55, 0, None, MilestoneStatus.NOT_STARTED),
    (WorkstreamKind.PEOPLE_CHANGE, "Sponsor roadmap published", "evelyn", -15, 0, 12, MilestoneStatus.COMPLETED),
    (WorkstreamKind.PEOPLE_CHANGE, "Launch communications sent", "maria", 56, 0, None, MilestoneStatus.NOT_STARTED),
)

WORKSTREAM_STATE = {
    WorkstreamKind.GOVERNANCE: ("maria", WorkstreamStatus.IN_PROGRESS, Health.GREEN),
    WorkstreamKind.ALIGNMENT: ("evelyn", WorkstreamStatus.IN_PROGRESS, Health.AMBER),
    WorkstreamKind.OPERATING_MODEL: ("liam", WorkstreamStatus.IN_PROGRESS, Health.AMBER),
    WorkstreamKind.SERVICE_INTRODUCTION: ("sofia", WorkstreamStatus.IN_PROGRESS, Health.GREEN),
    WorkstreamKind.TRAINING: ("liam", WorkstreamStatus.IN_PROGRESS, Health.RED),
    WorkstreamKind.PEOPLE_CHANGE: ("maria", WorkstreamStatus.IN_PROGRESS, Health.GREEN),
}


@transaction.atomic
def load_demo(*, today: dt.date | None = None, reset: bool = False) -> tuple[Program, bool]:
    """The demo program and its users, and whether it was created now.

    Safe to run again: an existing demo program is kept (with the user's changes) unless `reset`.
    """
    existing = Program.objects.filter(name=DEMO_PROGRAM).first()
    if existing and not reset:
        return existing, False
    today = today or timezone.localdate()
    users = {}
    user_model = get_user_model()
    for username, first, last, _ in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.email = first, last, f"{username}@northwind.example"
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
    admin, _ = user_model.objects.get_or_create(username="admin", defaults={"email": "admin@northwind.example"})
    admin.is_staff = admin.is_superuser = True
    admin.set_password(DEMO_PASSWORD)
    admin.save()

    if existing:
        _set_aside(existing, today=today)
    program = services.program_create(
        creator=users["maria"],
        name=DEMO_PROGRAM,
        description="Migrate Northwind's 620-agent voice contact center from the legacy ACD to Amazon Connect, "
        "in a pilot and two waves, without losing the customers' trust or the agents' goodwill.",
        sponsor="Evelyn Brooks, VP Customer Operations",
        target_go_live=today + dt.timedelta(days=60),
        phase=ProgramPhase.MOBILIZE,
    )
    for username, _, _, access in DEMO_USERS[1:]:
        services.membership_set(program=program, user=users[username], access=access)

    workstreams = {ws.kind: ws for ws in program.workstreams.all()}
    for kind, (lead, status, health) in WORKSTREAM_STATE.items():
        ws = workstreams[kind]
        ws.lead, ws.status, ws.health = users[lead], status, health
        ws.save()

    previous = None
    for kind, title, owner, baseline, slip, done_ago, milestone_status in DEMO_MILESTONES:
        baseline_date = today + dt.timedelta(days=baseline)
        milestone = Milestone.objects.create(
            program=program,
            workstream=workstreams[kind],
            title=title,
            owner=users[owner],
            baseline_date=baseline_date,
            forecast_date=baseline_date + dt.timedelta(days=slip) if slip else None,
            completed_date=today - dt.timedelta(days=done_ago) if done_ago is not None else None,
            status=milestone_status,
        )
        if previous is not None and previous.workstream_id == milestone.workstream_id:
            milestone.depends_on.add(previous)
        previous = milestone

    risks = {risk.code: risk for risk in program.risks.all()}
    risks["PCR-08"].workstream = workstreams[WorkstreamKind.SERVICE_INTRODUCTION]
    risks["PCR-08"].trend = RiskTrend.RISING
    risks["PCR-02"].workstream = workstreams[WorkstreamKind.PEOPLE_CHANGE]
    risks["PCR-02"].owner = users["evelyn"]
    for code in ("PCR-08", "PCR-02"):
        risks[code].save()
    return program, True


def _set_aside(program: Program, *, today: dt.date) -> None:
    """--reset: a demo program is deleted, or, when it holds records kept for good (sign-offs, go/no-go and
    governance decisions are append-only in the database), renamed out of the way with its members removed, so
    the new one takes its name and address."""
    try:
        with transaction.atomic():
            Program.objects.filter(pk=program.pk).delete()
    except (ProtectedError, DatabaseError):
        stamp = f"{today:%Y%m%d}-{program.pk}"
        Program.objects.filter(pk=program.pk).update(
            name=f"{program.name} (set aside {stamp})"[:200], slug=f"demo-set-aside-{stamp}"
        )
        program.memberships.all().delete()


# A second, smaller program (issue #11: the executive's portfolio has more than one line) -------------------

SECOND_PROGRAM = "Northwind Claims – nurse advice line pilot"
SECOND_MEMBERS = (("evelyn", Access.EXECUTIVE), ("sofia", Access.SI), ("victor", Access.VIEWER))
# title, owner, baseline (days from today), done days ago, status
SECOND_MILESTONES = (
    ("Pilot scope and success criteria agreed", "maria", -40, 38, MilestoneStatus.COMPLETED),
    ("Nurse routing profiles built and tested", "sofia", -6, None, MilestoneStatus.IN_PROGRESS),  # overdue
    ("Nurses trained on the CCP", "maria", 8, None, MilestoneStatus.IN_PROGRESS),
    ("Pilot go-live", "maria", 14, None, MilestoneStatus.NOT_STARTED),
)


@transaction.atomic
def load_second_demo(*, today: dt.date | None = None) -> Program:
    """The second demo program, run by Maria with Evelyn as its executive: a pilot two weeks from going live.
    The demo users must exist (load_demo makes them); an earlier second program is replaced."""
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[n for n, *_ in DEMO_USERS])}
    for earlier in Program.objects.filter(name=SECOND_PROGRAM):
        _set_aside(earlier, today=today)
    program = services.program_create(
        creator=users["maria"],
        name=SECOND_PROGRAM,
        description="Move the 40-nurse advice line to Amazon Connect first, as a pilot for the claims lines.",
        sponsor="Evelyn Brooks, VP Customer Operations",
        target_go_live=today + dt.timedelta(days=14),
        phase=ProgramPhase.MIGRATE,
        with_roles=True,
        with_risks=True,
    )
    for username, access in SECOND_MEMBERS:
        services.membership_set(program=program, user=users[username], access=access)
    workstream = program.workstreams.get(kind=WorkstreamKind.SERVICE_INTRODUCTION)
    for title, owner, baseline, done_ago, status in SECOND_MILESTONES:
        Milestone.objects.create(
            program=program, workstream=workstream, title=title, owner=users[owner],
            baseline_date=today + dt.timedelta(days=baseline),
            completed_date=today - dt.timedelta(days=done_ago) if done_ago is not None else None, status=status,
        )  # fmt: skip
    return program
