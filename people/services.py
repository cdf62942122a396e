"""People & change: services."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from connectmobilize.lib.access import Access, Capability, can
from connectmobilize.lib.records import edit, locked, refuse_duplicate_name, refuse_other_programs, save
from connectmobilize.lib.signals import program_input_changed
from programs import selectors as programs
from programs import starting_sets
from programs.choices import AdkarElement, RiskCategory, RiskStatus
from programs.models import Program, Risk
from programs.services import risk_create, risk_update
from raci import selectors as raci_selectors
from readiness.selectors import event_list

from . import adkar, commitment, selectors, sponsorship, survey
from .choices import Channel, CommSource, CommStatus, ImpactArea, JobLevel, StakeholderKind, Tenure
from .models import (
    AdkarAssessment,
    ChangeImpact,
    CommitmentRisk,
    CommunicationItem,
    LeaderAlignment,
    SponsorActivity,
    SponsorAssessment,
    SponsorNode,
    SponsorRoadmapItem,
    Stakeholder,
    SurveyResponse,
    SurveyRound,
    WeeklySummaryReceipt,
    WeeklySummarySubscription,
)

# Sponsor activity and the weekly summary (branch `executive`) ------------------------------------------------


SPONSORS = (Access.EXECUTIVE, Access.MANAGER)


def _check_sponsor(record, sponsor) -> None:
    """The sponsor is one of the program's executives or managers."""
    if sponsor is None:
        raise ValidationError({"sponsor": "Say which executive."})
    if not sponsor.memberships.filter(program_id=record.program_id, access__in=SPONSORS).exists():
        raise ValidationError({"sponsor": f"{sponsor} is not an executive or manager of this program."})


def _check_roadmap_item(item: SponsorRoadmapItem) -> SponsorRoadmapItem:
    _check_sponsor(item, item.sponsor)
    save(item)
    return item


@transaction.atomic
def roadmap_item_create(*, program: Program, sponsor, kind: str, title: str, planned_on: dt.date, abc: str = "",
                        notes: str = "") -> SponsorRoadmapItem:  # fmt: skip
    """Plan a sponsor activity on the roadmap."""
    item = SponsorRoadmapItem(program=program, sponsor=sponsor, kind=kind, abc=abc, title=title,
                              planned_on=planned_on, notes=notes)  # fmt: skip
    return _check_roadmap_item(item)


@transaction.atomic
def roadmap_item_update(*, item: SponsorRoadmapItem, version: int, **changes) -> SponsorRoadmapItem:
    """Edit a planned item (its day, its sponsor, or cancel it); refused when someone saved it meanwhile."""
    item = edit(item, version=version, changes=changes)
    if "kind" in changes and "abc" not in changes:
        item.abc = ""  # the usual ABC of the new kind
    return _check_roadmap_item(item)


def _check_activity(activity: SponsorActivity) -> SponsorActivity:
    _check_sponsor(activity, activity.sponsor)
    refuse_other_programs(activity, program_id=activity.program_id, links={"planned": activity.planned})
    if activity.done_on > timezone.localdate():
        raise ValidationError({"done_on": "Record what was done: this day has not come yet. Plan it instead."})
    planned = activity.planned
    if planned is not None:
        if planned.cancelled:
            raise ValidationError({"planned": f"“{planned}” was cancelled: record this on its own."})
        others = SponsorActivity.objects.filter(planned=planned).exclude(pk=activity.pk)
        if others.exists():
            raise ValidationError({"planned": f"“{planned}” is already recorded as done."})
    save(activity)
    return activity


@transaction.atomic
def sponsor_activity_record(*, program: Program, sponsor, user, kind: str, title: str, done_on: dt.date,
                            planned: SponsorRoadmapItem | None = None, abc: str = "",
                            notes: str = "") -> SponsorActivity:  # fmt: skip
    """What an executive did: against a planned item of the roadmap (which it marks done) or on its own."""
    if planned is not None:  # lock the planned item: two people recording it at once make one record
        planned = SponsorRoadmapItem.objects.select_for_update().filter(pk=planned.pk).first() or planned
    activity = SponsorActivity(program=program, sponsor=sponsor, planned=planned, kind=kind, abc=abc, title=title,
                               done_on=done_on, notes=notes, recorded_by=user)  # fmt: skip
    return _check_activity(activity)


@transaction.atomic
def sponsor_activity_update(*, activity: SponsorActivity, version: int, **changes) -> SponsorActivity:
    activity = edit(activity, version=version, changes=changes)
    if "kind" in changes and "abc" not in changes:
        activity.abc = ""
    if activity.planned_id is not None:
        SponsorRoadmapItem.objects.select_for_update().filter(pk=activity.planned_id).first()
    return _check_activity(activity)


@transaction.atomic
def weekly_summary_set(*, user, wanted: bool) -> WeeklySummarySubscription:
    """Ask for the weekly portfolio summary by email, or stop it."""
    subscription, _ = WeeklySummarySubscription.objects.select_for_update().get_or_create(
        user=user, defaults={"active": wanted}
    )
    if subscription.active != wanted:
        subscription.active = wanted
        subscription.save()
    return subscription


def weekly_summaries_send(*, today: dt.date | None = None) -> int:
    """Email this week's portfolio summary to each user who asked for it; returns how many were sent now.

    Safe to run again in the same week (a retried or duplicated beat task): a user already sent this week's
    is skipped, so only the users a failed run missed get theirs."""
    today = today or timezone.localdate()
    week = today - dt.timedelta(days=today.weekday())
    site = settings.SITE_URL.rstrip("/")
    sent = 0
    for user in selectors.weekly_summary_recipients(week):
        lines = selectors.portfolio(selectors.portfolio_programs(user))
        if not lines:
            continue
        body = render_to_string("people/email/weekly_summary.txt", {"user": user, "lines": lines, "site_url": site,
                                                                     "week": week})  # fmt: skip
        try:
            # The receipt commits only if the email went out; a concurrent run that got there first wins.
            with transaction.atomic():
                WeeklySummaryReceipt.objects.create(user=user, week=week)
                attention = sum(1 for line in lines if line.alerts)
                subject = f"ConnectMobilize: your {len(lines)} program{'s' * (len(lines) != 1)}, week of {week:%d %b}"
                if attention:
                    subject += f" ({attention} need{'s' * (attention == 1)} attention)"
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            continue
        sent += 1
    return sent


# Assessments, surveys and the communications plan -----------------------------------------------------------


# ADKAR -------------------------------------------------------------------------------------------------------


def _check_adkar(assessment: AdkarAssessment) -> None:
    refuse_other_programs(assessment, program_id=assessment.program_id, links={"group": assessment.group})
    if assessment.group.kind != StakeholderKind.GROUP:
        raise ValidationError({"group": f"{assessment.group} is an individual: ADKAR is assessed per impacted group."})
    try:
        adkar.check_scores({e: getattr(assessment, e) for e in adkar.ELEMENTS})
    except adkar.ScoreError as error:
        raise ValidationError(error.errors) from None
    if (
        AdkarAssessment.objects.filter(group=assessment.group, assessed_on=assessment.assessed_on)
        .exclude(pk=assessment.pk)
        .exists()
    ):
        raise ValidationError(
            {"assessed_on": f"{assessment.group} already has a round on {assessment.assessed_on:%d %b %Y}."}
        )
    save(assessment)


@transaction.atomic
def adkar_record(*, program: Program, group: Stakeholder, assessed_on: dt.date, **scores: Any) -> AdkarAssessment:
    """A new ADKAR round for an impacted group; scores outside 1–5 are refused with the element named."""
    assessment = AdkarAssessment(program=program, group=group, assessed_on=assessed_on, **scores)
    _check_adkar(assessment)
    return assessment


@transaction.atomic
def adkar_update(*, assessment: AdkarAssessment, version: int, **fields: Any) -> AdkarAssessment:
    assessment = edit(assessment, version=version, changes=fields)
    _check_adkar(assessment)
    return assessment


# Leadership alignment ----------------------------------------------------------------------------------------

ALIGNMENT_SECTIONS = ("understanding", "change_history", "sponsorship")


def _check_alignment(rating: LeaderAlignment) -> None:
    refuse_other_programs(rating, program_id=rating.program_id, links={"leader": rating.leader})
    if rating.leader.kind != StakeholderKind.INDIVIDUAL:
        raise ValidationError({"leader": f"{rating.leader} is a group: a leader interviewed is one person."})
    errors = {}
    for name in ALIGNMENT_SECTIONS:
        value = getattr(rating, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5):
            errors[name] = f"{value} is out of range: ratings go from 1 (needs work) to 5 (no issues)."
    if errors:
        raise ValidationError(errors)
    if all(getattr(rating, name) is None for name in ALIGNMENT_SECTIONS):
        raise ValidationError("Rate at least one section of the interview.")
    if (
        LeaderAlignment.objects.filter(leader=rating.leader, interviewed_on=rating.interviewed_on)
        .exclude(pk=rating.pk)
        .exists()
    ):
        raise ValidationError({"interviewed_on": f"{rating.leader} already has an interview on that day."})
    save(rating)


@transaction.atomic
def alignment_record(*, program: Program, leader: Stakeholder, interviewed_on: dt.date, **fields) -> LeaderAlignment:
    rating = LeaderAlignment(program=program, leader=leader, interviewed_on=interviewed_on, **fields)
    _check_alignment(rating)
    return rating


@transaction.atomic
def alignment_update(*, rating: LeaderAlignment, version: int, **fields: Any) -> LeaderAlignment:
    rating = edit(rating, version=version, changes=fields)
    _check_alignment(rating)
    return rating


# The organisational readiness survey ----------------------------------------------------------------------

NONCE_SALT = "people.survey.nonce"
NONCE_MAX_AGE = dt.timedelta(hours=4)  # a form left open longer is sent again from a fresh page


def _check_survey(round_: SurveyRound, groups) -> None:
    if round_.closes_at <= round_.opens_at:
        raise ValidationError({"closes_at": "The survey must close after it opens."})
    if round_.closes_at - round_.opens_at > dt.timedelta(days=62):
        raise ValidationError({"closes_at": "Keep the window to two months at most (one week is usual)."})
    refuse_other_programs(round_, program_id=round_.program_id, links={"groups": list(groups)})
    for group in groups:
        if group.kind != StakeholderKind.GROUP:
            raise ValidationError({"groups": f"{group} is an individual, not a group."})
    save(round_)
    round_.groups.set(groups)


@transaction.atomic
def survey_open(*, program: Program, user, title: str, opens_at: dt.datetime, closes_at: dt.datetime,
                groups=()) -> SurveyRound:  # fmt: skip
    """A survey round with its anonymous link (an unguessable token)."""
    round_ = SurveyRound(program=program, title=title, opens_at=opens_at, closes_at=closes_at, created_by=user,
                         token=secrets.token_urlsafe(32))  # fmt: skip
    _check_survey(round_, list(groups))
    return round_


@transaction.atomic
def survey_update(*, survey_round: SurveyRound, version: int, groups=None, **fields: Any) -> SurveyRound:
    if groups is None:
        groups = list(survey_round.groups.all())
    round_ = edit(survey_round, version=version, changes=fields)
    _check_survey(round_, list(groups))
    return round_


class SurveyClosed(Exception):
    """The survey is not open now: `reason` says whether it has not opened yet or is closed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class AlreadySent(Exception):
    """The form this response came from was already sent (a replay, or a double click)."""


MAX_RESPONSES_PER_ROUND = 10_000  # far above any contact center's head count: a flood stops here


def survey_state(survey_round: SurveyRound, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if now < survey_round.opens_at:
        return "not_open"
    if now >= survey_round.closes_at:
        return "closed"
    return "open"


def survey_nonce(survey_round: SurveyRound) -> str:
    """A one-time token for one form render: signed (so it cannot be made up), used once (its digest is stored
    with the response it sent). Rendering the form writes nothing."""
    return signing.TimestampSigner(salt=NONCE_SALT).sign(f"{survey_round.pk}.{secrets.token_urlsafe(18)}")


def _nonce_digest(survey_round: SurveyRound, nonce: str) -> str:
    try:
        value = signing.TimestampSigner(salt=NONCE_SALT).unsign(nonce, max_age=NONCE_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError("This form was open too long. Reload the page to answer again.") from None
    except signing.BadSignature:
        raise ValidationError("This form is damaged. Reload the page to answer again.") from None
    if value.split(".", 1)[0] != str(survey_round.pk):
        raise ValidationError("This form is damaged. Reload the page to answer again.")
    return hashlib.sha256(nonce.encode()).hexdigest()


@transaction.atomic
def survey_respond(*, survey_round: SurveyRound, nonce: str, answers: dict, group_id: int | None = None,
                   tenure: str = "", level: str = "", comment: str = "") -> SurveyResponse:  # fmt: skip
    """One anonymous response. Refused whole when the window is shut, the form was already sent (replay), or an
    answer or slice is unknown."""
    state = survey_state(survey_round)
    if state != "open":
        raise SurveyClosed(state)
    digest = _nonce_digest(survey_round, nonce)
    if SurveyResponse.objects.filter(nonce_digest=digest).exists():
        raise AlreadySent
    try:
        clean = survey.check_answers(answers)
    except survey.AnswerError as error:
        raise ValidationError(error.errors) from None
    errors = {}
    group = None
    if group_id is not None:
        group = survey_round.groups.filter(pk=group_id).first()
        if group is None:
            errors["group"] = "That is not one of the groups of this survey."
    if tenure and tenure not in Tenure.values:
        errors["tenure"] = "That is not one of the answers."
    if level and level not in JobLevel.values:
        errors["level"] = "That is not one of the answers."
    if len(comment) > survey.COMMENT_MAX:
        errors["comment"] = f"Keep the comment to {survey.COMMENT_MAX} characters."
    if errors:
        raise ValidationError(errors)
    response = SurveyResponse(
        survey=survey_round, submitted_on=timezone.localdate(), group=group, tenure=tenure, level=level,
        answers=clean, comment=comment.strip(), nonce_digest=digest,
    )  # fmt: skip
    if survey_round.responses.count() >= MAX_RESPONSES_PER_ROUND:
        raise SurveyClosed("full")
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:  # the same form sent twice at once: the other one counted
        raise AlreadySent from None
    return response


# The communications plan --------------------------------------------------------------------------------


def _check_comm(comm: CommunicationItem) -> None:
    refuse_other_programs(comm, program_id=comm.program_id, links={"audience": comm.audience, "event": comm.event})
    if comm.event_id is None and comm.offset_days is not None:
        raise ValidationError({"offset_days": "An offset counts from a go-live event: choose the event."})
    if comm.event_id is not None and comm.offset_days is None and comm.planned_date is None:
        raise ValidationError({"offset_days": "Give the offset from the go-live (e.g. -14), or a planned date."})
    if comm.event_id is not None and comm.offset_days is not None:
        comm.planned_date = None  # the date is the event's start + the offset: it moves with the event
    if comm.status == CommStatus.SENT and comm.sent_on is None:
        comm.sent_on = timezone.localdate()
    if comm.status != CommStatus.SENT:
        comm.sent_on = None
    save(comm)
    program_input_changed(comm.program_id)  # the event's communications readiness may move


@transaction.atomic
def comm_create(*, program: Program, **fields: Any) -> CommunicationItem:
    comm = CommunicationItem(program=program, **fields)
    _check_comm(comm)
    return comm


@transaction.atomic
def comm_update(*, comm: CommunicationItem, version: int, **fields: Any) -> CommunicationItem:
    comm = edit(comm, version=version, changes=fields)
    _check_comm(comm)
    return comm


# T-14, T-2, T+1: what every go-live says, to whom, from whom (DOMAIN §2.4 launch communications).
EVENT_MESSAGES: tuple[tuple[int, str, str, str], ...] = (
    (-14, "What changes on go-live day, what you need to do before it, and where to find training.",
     "email", "Sponsor"),
    (-2, "Go-live in two days: the cutover time, who to call, and how to report an issue "
         "(time of call, caller number, your username, what happened, a screenshot).",
     "team_huddle", "CC operations manager"),
    (1, "We are live: thank you. Hypercare contacts and the issue bridge for the next days.", "chat", "Program lead"),
)  # fmt: skip
AUDIENCE_EVERYONE = "Agents, supervisors and stakeholders of the go-live"
RACI_OFFSETS = {"C": -21, "I": -7}  # consult early enough to act on the answer; inform a week before


@transaction.atomic
def comms_generate(*, program: Program, event) -> list[CommunicationItem]:
    """The comms of a go-live event, made once (a second run adds only what is missing): T-14, T-2 and T+1
    messages, and one item per role to consult (C) or inform (I) on the activities of the event's workstreams
    in the RACI. Every item keeps its offset, so it moves with the event."""
    if event.program_id != program.pk:
        raise ValidationError({"event": f"{event} is not part of this program."})
    existing = set(
        CommunicationItem.objects.filter(program=program, event=event).exclude(source_key="")
        .values_list("source_key", flat=True)
    )  # fmt: skip
    wanted: list[CommunicationItem] = []
    for offset, message, channel, sender in EVENT_MESSAGES:
        key = f"event:{event.pk}:{offset:+d}"
        wanted.append(CommunicationItem(
            program=program, event=event, offset_days=offset, audience_text=AUDIENCE_EVERYONE, key_message=message,
            channel=channel, sender=sender, source=CommSource.GO_LIVE, source_key=key,
        ))  # fmt: skip
    workstreams = list(event.workstreams.values_list("pk", flat=True))
    by_role: dict[tuple[int, str], list[str]] = {}
    names: dict[int, str] = {}
    for row in raci_selectors.consulted_and_informed(program, workstreams):
        activities = by_role.setdefault((row.role_id, row.code), [])
        if row.activity not in activities:
            activities.append(row.activity)
        names[row.role_id] = f"{row.role_code} – {row.role_name}"
    for (role_id, code), activities in sorted(by_role.items(), key=lambda kv: (kv[0][1], names[kv[0][0]])):
        verb = "Consult on" if code == "C" else "Inform about"
        listed = "; ".join(activities[:8]) + (f"; and {len(activities) - 8} more" if len(activities) > 8 else "")
        wanted.append(CommunicationItem(
            program=program, event=event, offset_days=RACI_OFFSETS[code], audience_text=names[role_id][:200],
            key_message=f"{verb} {event.name}: {listed}", channel="email", sender="Workstream lead",
            source=CommSource.RACI, source_key=f"raci:{event.pk}:{role_id}:{code}",
        ))  # fmt: skip
    made = []
    for comm in wanted:
        if comm.source_key in existing:
            continue
        save(comm)
        made.append(comm)
    if made:
        program_input_changed(program.pk)
    return made


__all__ = [
    "adkar_record",
    "adkar_update",
    "alignment_record",
    "alignment_update",
    "comm_create",
    "comm_update",
    "comms_generate",
    "survey_nonce",
    "survey_open",
    "survey_respond",
    "survey_state",
    "survey_update",
]


log = logging.getLogger(__name__)

# Stakeholder register ---------------------------------------------------------------------------------------


def _check_stakeholder(stakeholder: Stakeholder) -> None:
    refuse_other_programs(stakeholder, program_id=stakeholder.program_id, links={"owner": stakeholder.owner})
    refuse_duplicate_name(stakeholder, what="stakeholder")
    unknown = [c for c in stakeholder.channels or [] if c not in Channel.values]
    if unknown:
        raise ValidationError({"channels": f"Unknown communication vehicle: {', '.join(map(str, unknown))}."})
    if stakeholder.kind == StakeholderKind.INDIVIDUAL and stakeholder.population != 1:
        raise ValidationError({"population": "An individual is one person: make it a group to count more."})
    if stakeholder.pk and stakeholder.kind != StakeholderKind.GROUP and stakeholder.impacts.exists():
        raise ValidationError({"kind": "Its change impact is recorded as a group's: it stays a group."})
    save(stakeholder)
    program_input_changed(stakeholder.program_id)
    commitment_risks_raise(program=stakeholder.program, stakeholders=[stakeholder])


@transaction.atomic
def stakeholder_create(*, program: Program, **fields) -> Stakeholder:
    stakeholder = Stakeholder(program=program, **fields)
    _check_stakeholder(stakeholder)
    return stakeholder


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, version: int, **fields) -> Stakeholder:
    stakeholder = edit(stakeholder, version=version, changes=fields)
    _check_stakeholder(stakeholder)
    return stakeholder


@transaction.atomic
def stakeholder_archive(*, stakeholder: Stakeholder, archived: bool = True) -> Stakeholder:
    """Archived stakeholders leave the grid, the heat map and the coalition's groups; their records stay."""
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if stakeholder.archived != archived:
        stakeholder.archived = archived
        stakeholder.version += 1
        stakeholder.save(update_fields=["archived", "version", "updated_at"])
        program_input_changed(stakeholder.program_id)
    return stakeholder


# Rule 8: a commitment gap > 1 within 14 days of a go-live window raises a people risk --------------------------


def _free_risk_code(program: Program) -> str:
    taken = set(programs.risk_list(program).values_list("code", flat=True))
    number = len(taken) + 1
    while (code := f"R-{number:02d}") in taken:
        number += 1
    return code


def _owner(program: Program, stakeholder: Stakeholder):
    """The stakeholder's owner, while they are still a member of the program."""
    if stakeholder.owner_id and programs.membership_list(program).filter(user_id=stakeholder.owner_id).exists():
        return stakeholder.owner
    return None


def commitment_risks_raise(*, program: Program, stakeholders=None, now: dt.datetime | None = None) -> list[Risk]:
    """Rule 8 for the program (or only `stakeholders`): for the nearest go-live window starting within 14 days,
    a people risk (category commitment) for each active stakeholder whose gap is above one level, linked to the
    stakeholder. Not raised again for the same window, nor while an earlier one for the stakeholder is still open."""
    now = now or timezone.now()
    event = next(
        (
            e
            for e in event_list(program).filter(ends_at__gte=now).order_by("starts_at", "pk")
            if commitment.window_is_near(e.starts_at, e.ends_at, now=now)
        ),
        None,
    )
    if event is None:
        return []
    candidates = Stakeholder.objects.filter(program=program, archived=False)
    if stakeholders is not None:
        candidates = candidates.filter(pk__in=[s.pk for s in stakeholders])
    raised = []
    for stakeholder in candidates.select_for_update(of=("self",)).select_related("owner"):
        steps = commitment.gap(stakeholder.commitment_current, stakeholder.commitment_desired)
        if steps <= commitment.RISK_GAP:
            continue
        links = CommitmentRisk.objects.filter(stakeholder=stakeholder)
        if links.filter(event=event).exists() or links.exclude(risk__status=RiskStatus.CLOSED).exists():
            continue
        likelihood, impact = commitment.risk_scores(gap_steps=steps, influence=stakeholder.influence)
        current, desired = stakeholder.get_commitment_current_display(), stakeholder.get_commitment_desired_display()
        risk = risk_create(
            program=program,
            code=_free_risk_code(program),
            title=f"{stakeholder.name}: commitment gap before {event.name}"[:200],
            category=RiskCategory.COMMITMENT,
            cause=(
                f"{stakeholder.name} is at “{current}” and must reach “{desired}” by go-live "
                f"({steps} levels of the commitment curve); {event.name} starts "
                f"{timezone.localtime(event.starts_at):%d %b %Y}."
            ),
            consequence="The group goes live without the commitment the change needs: slow adoption, workarounds.",
            likelihood=likelihood,
            impact=impact,
            owner=_owner(program, stakeholder),
            mitigation="Sponsor and manager conversations, targeted communication, hands-on demos before go-live.",
            adkar_element=AdkarElement.DESIRE,
            is_change_issue=True,
        )
        CommitmentRisk.objects.create(stakeholder=stakeholder, risk=risk, event=event, gap=steps)
        raised.append(risk)
    return raised


def commitment_risks_raise_all(*, now: dt.datetime | None = None) -> int:
    """Nightly: rule 8 for every program with a stakeholder whose gap is above one level. One transaction per
    program, so one program's failure does not stop the others."""
    from .selectors import with_gap

    ids = (
        with_gap(Stakeholder.objects.filter(archived=False))
        .filter(gap__gt=commitment.RISK_GAP)
        .values_list("program_id", flat=True)
        .distinct()
    )
    count = 0
    for program in Program.objects.filter(pk__in=list(ids)):
        try:
            with transaction.atomic():
                count += len(commitment_risks_raise(program=program, now=now))
        except (ValidationError, IntegrityError):
            log.exception("Rule 8 failed for program %s", program.pk)
    return count


# Change impact ------------------------------------------------------------------------------------------------


def _check_impact(impact: ChangeImpact) -> None:
    group = impact.group
    if group.program_id != impact.program_id:
        raise ValidationError({"group": f"{group} is not part of this program."})
    if group.kind != StakeholderKind.GROUP:
        raise ValidationError({"group": f"{group} is an individual: change impact is kept for impacted groups."})
    if group.archived:
        raise ValidationError({"group": f"{group} is archived."})
    if impact.area not in ImpactArea.values:
        raise ValidationError({"area": "Choose one of the eight areas of change impact."})
    save(impact)
    program_input_changed(impact.program_id)


@transaction.atomic
def impact_create(*, group: Stakeholder, area: str, **fields) -> ChangeImpact:
    """The impact of one area on one group; a second one for the same group and area is refused."""
    impact = ChangeImpact(program_id=group.program_id, group=group, area=area, **fields)
    if ChangeImpact.objects.filter(group=group, area=area).exists():
        raise ValidationError(f"{group} already has its {impact.get_area_display().lower()} impact recorded.")
    _check_impact(impact)
    return impact


@transaction.atomic
def impact_update(*, impact: ChangeImpact, version: int, **fields) -> ChangeImpact:
    # An impact stays where it is on the map: moving it is refused in words, never dropped without a word.
    moved: dict[str, str] = {
        name: "An impact stays with its group and area: record a new one there instead."
        for name in ("group", "area")
        if name in fields and fields.pop(name) != getattr(impact, name)
    }
    if moved:
        raise ValidationError(moved)
    impact = edit(impact, version=version, changes=fields)
    _check_impact(impact)
    return impact


# The sponsor coalition --------------------------------------------------------------------------------------


def _check_node(node: SponsorNode) -> None:
    links = {"user": node.user, "parent": node.parent, "impacted_group": node.impacted_group}
    refuse_other_programs(node, program_id=node.program_id, links=links)
    if node.impacted_group and node.impacted_group.kind != StakeholderKind.GROUP:
        raise ValidationError({"impacted_group": f"{node.impacted_group} is an individual, not an impacted group."})
    if node.parent_id is None:
        roots = SponsorNode.objects.filter(program_id=node.program_id, parent=None).exclude(pk=node.pk)
        if roots.exists():
            raise ValidationError(
                {"parent": f"{roots.first()} is the primary sponsor already: say who this person reports to."}
            )
    else:
        above = node.parent
        while above is not None:
            if above.pk == node.pk:
                raise ValidationError({"parent": "This would make the person report to someone below them."})
            above = above.parent
    save(node)
    program_input_changed(node.program_id)


@transaction.atomic
def sponsor_node_create(*, program: Program, **fields) -> SponsorNode:
    node = SponsorNode(program=program, **fields)
    _check_node(node)
    return node


@transaction.atomic
def sponsor_node_update(*, node: SponsorNode, version: int, **fields) -> SponsorNode:
    node = edit(node, version=version, changes=fields)
    _check_node(node)
    return node


@transaction.atomic
def sponsor_node_remove(*, node: SponsorNode, version: int | None = None) -> None:
    """A person leaves the diagram; someone with people below them stays until those are moved. With `version`
    (the API's If-Match), refused with StaleEdit when someone changed the node since."""
    node = locked(node, version=version)
    if node.children.exists():
        raise ValidationError(f"{node} has people reporting to them on the diagram: move those first.")
    program_id = node.program_id
    node.delete()
    program_input_changed(program_id)


def _sponsorship_risk(program: Program) -> Risk:
    """PCR-02 of the program, reopened if it was closed; made from the starting set if the program has none."""
    risk = programs.risk_list(program).filter(code=sponsorship.SPONSORSHIP_RISK).first()
    if risk is None:
        seed = next(r for r in starting_sets.PEOPLE_CHANGE_RISKS if r[0] == sponsorship.SPONSORSHIP_RISK)
        code, title, category, cause, likelihood, impact, _role, warnings, mitigation, adkar = seed
        owner_role = programs.role_list(program).filter(code=_role).first()
        return risk_create(
            program=program, code=code, title=title, category=category, cause=cause, likelihood=likelihood,
            impact=impact, owner_role=owner_role, early_warning_indicators=warnings, mitigation=mitigation,
            adkar_element=adkar,
        )  # fmt: skip
    if risk.status == RiskStatus.CLOSED:
        risk = risk_update(risk=risk, version=risk.version, status=RiskStatus.OPEN)
    return risk


@transaction.atomic
def sponsor_assess(*, node: SponsorNode, membership, assessed_on: dt.date, notes: str = "",
                   **scores: int) -> SponsorAssessment:  # fmt: skip
    """A new worksheet for a sponsor (executives and managers). Below 75/100 it is linked to PCR-02 (rule 10)."""
    if not can(membership.access, Capability.SPONSOR) or membership.program_id != node.program_id:
        raise ValidationError("Only the program's executives and managers assess sponsors.")
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "An assessment records what was seen: it cannot be in the future."})
    unknown = set(scores) - {name for name, _ in sponsorship.CRITERIA}
    if unknown:
        raise ValidationError(f"Unknown criteria: {', '.join(sorted(unknown))}.")
    for name, label in sponsorship.CRITERIA:
        if name not in scores:
            raise ValidationError({name: f"Rate “{label}”."})
        if scores[name] not in sponsorship.RATINGS:
            raise ValidationError({name: f"“{label}” is rated 0, 5, 7 or 10, not {scores[name]}."})
    assessment = SponsorAssessment(
        program_id=node.program_id, sponsor=node, assessed_on=assessed_on, notes=notes,
        recorded_by=membership.user, total=sponsorship.worksheet_total(scores), **scores,
    )  # fmt: skip
    if sponsorship.below_threshold(assessment.total):
        assessment.risk = _sponsorship_risk(node.program)
    save(assessment)
    program_input_changed(node.program_id)
    return assessment
