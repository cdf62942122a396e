"""The demo program's assessments and comms: two ADKAR rounds for the impacted groups of DOMAIN §10.E (agents stop
at Knowledge, then at Ability), leadership interviews for the sponsor and the CIO, a readiness survey round with
its anonymous responses, and the comms plan of the two waves (generated from the go-lives and the RACI, some sent).

The stakeholders are found by name (created if the register does not have them yet): the register's own demo
creates the same names."""

import datetime as dt

from django.utils import timezone

from programs.choices import WorkstreamKind
from readiness import selectors as readiness_selectors
from readiness import services as readiness_services

from . import services, survey
from .choices import CommStatus, StakeholderKind
from .models import Stakeholder, SurveyResponse

GROUPS = {  # name: (department, population)
    "Contact-center supervisors": ("CC Ops", 45),
    "Agents (voice)": ("CC Ops", 620),
    "Service desk L1": ("IT Ops", 18),
    "WFM team": ("CC Planning", 6),
}
LEADERS = {"VP Customer Operations (sponsor)": "CX", "CIO": "IT"}
# Two rounds, eight weeks apart: awareness, desire, knowledge, ability, reinforcement.
ROUNDS = {
    "Contact-center supervisors": [(4, 3, 2, 2, 1), (5, 4, 3, 3, 2)],
    "Agents (voice)": [(3, 2, 1, 1, 1), (4, 4, 2, 2, 1)],
    "Service desk L1": [(4, 4, 3, 2, 2), (5, 4, 4, 3, 2)],
    "WFM team": [(5, 5, 4, 3, 3), (5, 5, 5, 4, 4)],
}
ALIGNMENT = {  # leader: [(understanding, change history, sponsorship)] first and second interview
    "VP Customer Operations (sponsor)": [(4, 3, 4), (5, 4, 5)],
    "CIO": [(3, 2, 2), (4, 3, 3)],
}


def _stakeholder(program, name: str, kind: str, department: str, population: int = 1) -> Stakeholder:
    found, _ = Stakeholder.objects.get_or_create(
        program=program, name=name, defaults={"kind": kind, "department": department, "population": population}
    )
    return found


def load_demo(program) -> None:
    today = timezone.localdate()
    groups = {n: _stakeholder(program, n, StakeholderKind.GROUP, d, p) for n, (d, p) in GROUPS.items()}
    leaders = {n: _stakeholder(program, n, StakeholderKind.INDIVIDUAL, d) for n, d in LEADERS.items()}
    for name, rounds in ROUNDS.items():
        for weeks_ago, scores in zip((10, 2), rounds, strict=True):
            services.adkar_record(
                program=program, group=groups[name], assessed_on=today - dt.timedelta(weeks=weeks_ago),
                **dict(zip(("awareness", "desire", "knowledge", "ability", "reinforcement"), scores, strict=True)),
            )  # fmt: skip
    for name, interviews in ALIGNMENT.items():
        for weeks_ago, (u, h, s) in zip((9, 1), interviews, strict=True):
            services.alignment_record(
                program=program, leader=leaders[name], interviewed_on=today - dt.timedelta(weeks=weeks_ago),
                understanding=u, change_history=h, sponsorship=s,
                notes="Asked for a monthly sponsor slot in the town hall." if name.startswith("VP") else "",
            )  # fmt: skip
    _surveys(program, groups)
    _comms(program)


def _surveys(program, groups) -> None:
    """A closed round eight weeks ago and the current round, open for another five days."""
    maria = program.memberships.get(user__username="maria").user
    now = timezone.now()
    for title, opened_days_ago, base, count in (
        ("Readiness pulse: baseline", 60, 2, 24),
        ("Readiness pulse: midway", 2, 3, 31),
    ):
        survey_round = services.survey_open(
            program=program, user=maria, title=title, opens_at=now - dt.timedelta(days=opened_days_ago),
            closes_at=now - dt.timedelta(days=opened_days_ago) + dt.timedelta(days=7),
            groups=list(groups.values()),
        )  # fmt: skip
        # Demo only: the responses written as the anonymous form would (the baseline's window is already shut).
        names = list(groups)
        for n in range(count):
            answers = {q.key: min(4, max(1, base + ((n + i) % 3) - 1)) for i, q in enumerate(survey.QUESTIONS)}
            if n % 7 == 0:
                answers["culture_5"] = survey.NOT_APPLICABLE
            group = groups[names[0 if n % 2 else 1]] if n < count - 3 else groups[names[n % len(names)]]
            SurveyResponse.objects.create(
                survey=survey_round, submitted_on=survey_round.opens_at.date(), group=group,
                tenure=("under_1", "1_3", "3_10", "over_10")[n % 4], level="front_line" if n % 3 else "team_leader",
                answers=answers, nonce_digest=f"demo-{survey_round.pk}-{n}",
                comment="Will headsets arrive before training?" if n == 5 else "",
            )  # fmt: skip


def _comms(program) -> None:
    """Both waves' comms; wave 2 names the governance workstream so the RACI's C and I roles are in its plan."""
    events = list(readiness_selectors.event_list(program).filter(name__startswith="Wave"))
    governance = program.workstreams.filter(kind=WorkstreamKind.GOVERNANCE).first()
    for event in events:
        if event.name.startswith("Wave 2") and governance is not None:
            event = readiness_services.event_update(event=event, version=event.version, workstreams=[governance])
        made = services.comms_generate(program=program, event=event)
        if event.name.startswith("Wave 1"):
            for comm in made:
                if comm.offset_days is not None and comm.offset_days <= -14:
                    services.comm_update(comm=comm, version=comm.version, status=CommStatus.SENT,
                                         feedback="Supervisors asked for the training dates by team.")  # fmt: skip
    services.comm_create(
        program=program, audience=Stakeholder.objects.get(program=program, name="Agents (voice)"),
        key_message="Soft-phone and headset: what changes at your desk, and the drop-in sessions to try it.",
        channel="floor_walk", sender="Contact-center supervisors",
        planned_date=timezone.localdate() + dt.timedelta(days=5),
    )  # fmt: skip
