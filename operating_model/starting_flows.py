"""The two swimlane flows DOMAIN.md §1.5 names as examples, offered as starting points: out-of-hours support (who
is paged, what if they are unreachable, who logs the ticket, how criticality is judged) and the emergency queue
message (who decides to trigger it, on what data). Lanes are the ten standard role codes (DOMAIN.md §10.A); a step
names the RASCI activity it carries out by the start of its name in the support-processes matrix, linked when the
program has that matrix."""

from dataclasses import dataclass

from .choices import SlaClock


@dataclass(frozen=True)
class StartingStep:
    lane: str
    kind: str
    name: str
    next: tuple[int, ...] = ()  # step numbers, from 1
    when: str = ""
    sla: str = ""
    activity: str = ""  # the start of a RASCI activity's name


@dataclass(frozen=True)
class StartingFlow:
    key: str
    name: str
    description: str
    clock: str
    service: str  # catalogue process code
    lanes: tuple[str, ...]
    steps: tuple[StartingStep, ...]


S = StartingStep

STARTING_FLOWS = {
    flow.key: flow
    for flow in (
        StartingFlow(
            "out_of_hours",
            "Out-of-hours support",
            "An alarm or a call from the floor outside business hours, until the fix is confirmed and the ticket "
            "closed.",
            SlaClock.ALWAYS,
            "P17",
            ("SDK", "TEL", "CCO", "ADM"),
            (
                S("SDK", "task", "Log the ticket from the alarm or the floor's call", (2,), sla="15 min",
                  activity="Monitoring and alerting"),
                S("SDK", "decision", "Judge criticality against Sev 1–4", (3, 7), activity="Incident management"),
                S("SDK", "escalation", "Page the on-call platform engineer", (4,), when="Sev 1 or 2", sla="15 min",
                  activity="Incident management"),
                S("TEL", "decision", "Does the on-call engineer answer within 10 min?", (5, 6)),
                S("TEL", "task", "Diagnose; open an AWS case if the platform is at fault", (8,), when="answered",
                  sla="4 h", activity="Incident management"),
                S("SDK", "escalation", "Page the backup engineer and tell the CC operations manager", (5,),
                  when="no answer", sla="10 min"),
                S("SDK", "task", "Queue for business hours and tell the caller", (), when="Sev 3 or 4", sla="1 h"),
                S("CCO", "decision", "Customers affected? Decide on an emergency message", (9, 10), sla="30 min",
                  activity="Emergency / closure message"),
                S("ADM", "handoff", "Start the emergency queue message flow", (10,), when="yes"),
                S("SDK", "task", "Close the ticket once the fix is confirmed", (), when="fixed"),
            ),
        ),
        StartingFlow(
            "emergency_message",
            "Emergency queue message",
            "Queues breaking down (an outage, a site closed, a surge): who decides to play the emergency message, "
            "on what data, and who switches it on and off.",
            SlaClock.ALWAYS,
            "P04",
            ("WFR", "CCO", "ADM", "SUP"),
            (
                S("WFR", "task", "Watch real-time queues: wait, abandon rate, agents available", (2,)),
                S("WFR", "decision", "Thresholds breached for two intervals?", (3, 1)),
                S("WFR", "handoff", "Alert the CC operations manager with the data", (4,), when="yes", sla="5 min"),
                S("CCO", "decision", "Trigger the emergency message?", (5, 1), sla="10 min",
                  activity="Emergency / closure message"),
                S("ADM", "task", "Switch the emergency message on in the contact flow", (6,), when="trigger",
                  sla="15 min", activity="Emergency / closure message"),
                S("SUP", "task", "Brief agents and floor walkers", (7,), sla="15 min"),
                S("CCO", "decision", "Back to normal?", (8,)),
                S("ADM", "task", "Switch the message off and log the change", (), when="yes", sla="15 min",
                  activity="Emergency / closure message"),
            ),
        ),
    )
}  # fmt: skip
