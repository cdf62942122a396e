"""The demo program's people & change core: the six stakeholders of DOMAIN §10.E, a change impact heat map, a
sponsor diagram with one coalition gap (a resistant head of IT operations above the service desk) and a sponsor
worksheet under 75 for the CIO (which flags PCR-02); then the assessments and comms (demo_assess) and the sponsor
roadmap (demo_sponsor)."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import demo_assess, demo_sponsor, services
from .choices import ImpactArea as Area
from .sponsorship import CRITERIA

# name, organization, department, title, kind, population, influence type, influence, interest, impact,
# commitment now, wanted, engagement now, wanted, training effort, owner, concerns, channels
STAKEHOLDERS = (
    ("VP Customer Operations (sponsor)", "company", "CX", "VP Customer Operations", "individual", 1, "formal",
     "high", "high", "medium", "understand", "ownership", "supportive", "leading", "low", "maria",
     "Service levels during peak", ["one_to_one", "email"]),
    ("CIO", "company", "IT", "Chief Information Officer", "individual", 1, "formal", "high", "high", "medium",
     "aware", "adopted", "neutral", "supportive", "low", "maria", "Loss of control over telephony; security",
     ["one_to_one"]),
    ("Contact-center supervisors", "company", "CC Ops", "Supervisors / team leaders", "group", 45, "informal",
     "high", "high", "high", "aware", "adopted", "neutral", "supportive", "high", "liam",
     "New real-time dashboards; coaching time", ["team_huddle", "floor_walk", "chat"]),
    ("Agents (voice)", "company", "CC Ops (incl. BPO)", "Voice agents", "group", 620, "informal", "medium",
     "high", "high", "aware", "adopted", "unaware", "supportive", "high", "liam",
     "Soft-phone, headsets, AHT targets during dip", ["team_huddle", "intranet", "town_hall"]),
    ("Service desk L1", "company", "IT Ops", "Service desk analysts", "group", 18, "formal", "low", "high",
     "high", "aware", "ownership", "neutral", "supportive", "medium", "liam",
     "New triage scripts, ticket volume in hypercare", ["email", "team_huddle"]),
    ("WFM team", "company", "CC Planning", "Workforce planners", "group", 6, "formal", "medium", "high", "high",
     "understand", "ownership", "supportive", "leading", "medium", "maria",
     "Forecast accuracy during J-curve; adherence feed", ["chat", "one_to_one"]),
)  # fmt: skip

# group, {area: (level, current state, future state, barriers)}
IMPACTS = {
    "Contact-center supervisors": {
        Area.PROCESS: (3, "Floor walks and wallboards", "Real-time dashboards in the Connect console", ""),
        Area.SKILLS: (3, "Coaching from call recordings", "Coaching from Contact Lens insights", "Coaching time"),
        Area.PERFORMANCE: (2, "", "", ""),
        Area.SYSTEMS: (4, "Legacy ACD supervisor client", "Amazon Connect console", "Two systems in the pilot"),
        Area.LEADERSHIP: (2, "", "", ""),
    },
    "Agents (voice)": {
        Area.SYSTEMS: (4, "Desk phones", "Soft-phone and headsets (CCP)", "Headset rollout"),
        Area.PROCESS: (2, "", "", ""),
        Area.SKILLS: (3, "", "CCP, new wrap-up codes", "Training during peak"),
        Area.PERFORMANCE: (3, "AHT target 360 s", "AHT target relaxed during the dip", "Fear of targets"),
        Area.CULTURE: (1, "", "", ""),
    },
    "Service desk L1": {
        Area.PROCESS: (3, "", "New triage scripts for Connect", "Ticket volume in hypercare"),
        Area.SKILLS: (2, "", "", ""),
        Area.SYSTEMS: (2, "", "", ""),
        Area.STRUCTURE: (1, "", "", ""),
    },
    "WFM team": {
        Area.SYSTEMS: (3, "WFM fed by the legacy ACD", "Adherence feed from Connect", "Feed not tested yet"),
        Area.PROCESS: (2, "", "", ""),
        Area.POLICIES: (1, "", "", ""),
    },
}

# person, title, parent (person), group seen in charge of (stakeholder name), support, influence, user, actions
SPONSORS: tuple[tuple[Any, ...], ...] = (
    ("Evelyn Brooks", "VP Customer Operations", None, None, "strong_support", "high", "evelyn",
     "Opens every town hall; chairs the steering committee."),
    ("Priya Shah", "Director, Contact Center Operations", "Evelyn Brooks", None, "support", "high", None, ""),
    ("Marcus Hill", "Contact-center floor manager", "Priya Shah", "Contact-center supervisors", "support", "medium",
     None, "Supervisor huddles twice a week until go-live."),
    ("Aisha Khan", "Contact-center operations manager", "Priya Shah", "Agents (voice)", "support", "medium", None,
     "Floor walks with the champions."),
    ("Grace Liu", "WFM & planning manager", "Priya Shah", "WFM team", "strong_support", "medium", None, ""),
    ("Daniel Reyes", "CIO", "Evelyn Brooks", None, "neutral", "high", None,
     "One-to-one with Evelyn on telephony control and security."),
    ("Omar Farouk", "Head of IT Operations", "Daniel Reyes", "Service desk L1", "resistant", "medium", None,
     "Worried about hypercare ticket volume: show the triage scripts and the staffing plan."),
)  # fmt: skip

# person, days ago, ten criteria in worksheet order, notes
WORKSHEETS = (
    ("Evelyn Brooks", 45, (10, 7, 10, 7, 7, 7, 7, 5, 10, 7), "Strong start; resources still being negotiated."),
    ("Evelyn Brooks", 5, (10, 7, 10, 10, 7, 10, 7, 7, 10, 7), ""),
    ("Daniel Reyes", 10, (10, 7, 7, 5, 5, 5, 5, 7, 5, 5), "Supports the platform, not yet the change: 61/100."),
)


def load_demo(program, second=None) -> None:
    """Everything people & change shows in the demo: Northwind's, and the sponsor roadmap of `second` too."""
    _stakeholders_impact_coalition(program)
    demo_assess.load_demo(program)  # finds the groups made above by name
    demo_sponsor.load_demo(program, second)


def _stakeholders_impact_coalition(program) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(memberships__program=program)}
    stakeholders = {}
    for row in STAKEHOLDERS:
        (name, organization, department, title, kind, population, influence_type, influence, interest, impact,
         current, desired, engagement, engagement_wanted, training, owner, concerns, channels) = row  # fmt: skip
        stakeholders[name] = services.stakeholder_create(
            program=program, name=name, organization=organization, department=department, title=title, kind=kind,
            population=population, influence_type=influence_type, influence=influence, interest=interest,
            impact=impact, commitment_current=current, commitment_desired=desired, engagement_current=engagement,
            engagement_desired=engagement_wanted, training_effort=training, owner=users[owner], concerns=concerns,
            channels=channels,
        )  # fmt: skip
    for group, areas in IMPACTS.items():
        for area, (level, now, future, barriers) in areas.items():
            services.impact_create(group=stakeholders[group], area=area, level=level, current_state=now,
                                   future_state=future, barriers=barriers)  # fmt: skip
    nodes: dict[str, Any] = {}
    for person, title, parent, group, support, influence, user, actions in SPONSORS:
        nodes[person] = services.sponsor_node_create(
            program=program, person_name=person, title=title, parent=nodes.get(parent) if parent else None,
            impacted_group=stakeholders[group] if group else None, support_level=support, influence=influence,
            user=users.get(user) if user else None, actions=actions,
        )  # fmt: skip
    executive = program.memberships.get(user=users["evelyn"])
    criteria = [name for name, _ in CRITERIA]
    for person, days_ago, scores, notes in WORKSHEETS:
        services.sponsor_assess(
            node=nodes[person], membership=executive, notes=notes,
            assessed_on=timezone.localdate() - dt.timedelta(days=days_ago), **dict(zip(criteria, scores, strict=True)),
        )  # fmt: skip
