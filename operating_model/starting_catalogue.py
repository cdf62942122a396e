"""The 24 contact-center technology support processes a program starts its catalogue from (DOMAIN.md §7.1), with
numeric SLAs; the typical wording of the domain brief is kept in the notes. Roles are the ten standard codes
(DOMAIN.md §10.A); a code the program does not have is left empty for the lead to fill."""

from .choices import ChangeType as T
from .choices import SlaClock

BH, ALWAYS = SlaClock.BUSINESS_HOURS, SlaClock.ALWAYS

# code, name, category, change type, owner, requester, fulfiller, approver, SLA, clock, notes
PROCESSES = (
    ("P01", "Agent add (new-hire wave)", "Agents", T.STANDARD, "CCO", "SUP", "ADM", "CCO", "2 business days", BH,
     "1–2 business days after the approved request; waves need ≥5 days' notice."),
    ("P02", "Agent move / change (team, hierarchy, skills, routing or security profile)", "Agents", T.STANDARD,
     "CCO", "SUP", "ADM", "CCO", "4 business hours", BH, "Real-time skill moves by WFM within 15–30 min."),
    ("P03", "Agent disable / leaver", "Agents", T.STANDARD, "CCO", "SUP", "ADM", "CCO", "1 business day", BH,
     "Same day: security-driven."),
    ("P04", "Emergency / closure message on", "Routing", T.STANDARD, "CCO", "CCO", "ADM", "CCO", "30 min", ALWAYS,
     "The CC operations manager decides on data; 15–30 min, 24×7 (pre-approved)."),
    ("P05", "Prompt change – text to speech", "Prompts", T.STANDARD, "PO", "PO", "ADM", "PO", "1 business day", BH,
     ""),
    ("P06", "Prompt change – recorded audio", "Prompts", T.NORMAL, "PO", "PO", "ADM", "PO", "5 business days", BH,
     "Voice talent and admin: 3–5 business days (normal-lite)."),
    ("P07", "Hours of operation / holiday calendar", "Routing", T.STANDARD, "CCO", "CCO", "ADM", "CCO",
     "5 business days", BH, "5 business days' notice."),
    ("P08", "Routing / queue change (priorities, service-level thresholds, overflow)", "Routing", T.NORMAL, "CCO",
     "CCO", "ADM", "CCO", "5 business days", BH, "3–5 business days including test; IT review."),
    ("P09", "Contact-flow / IVR logic change", "Routing", T.NORMAL, "PO", "PO", "ADM", "PO", "10 business days", BH,
     "5–10 business days including UAT; through CAB."),
    ("P10", "New queue, number or DID", "Telephony", T.NORMAL, "PO", "PO", "TEL", "PO", "15 business days", BH,
     "10–15 business days; porting takes several weeks (plan 4–6+)."),
    ("P11", "Test → production promotion", "Release", T.NORMAL, "PO", "ADM", "TEL", "PO", "5 business days", BH,
     "Needs UAT sign-off and CAB: per CAB cycle (weekly typical)."),
    ("P12", "New or changed report or dashboard", "Reporting", T.REQUEST, "WFR", "CCO", "WFR", "WFR",
     "10 business days", BH, "5–10 business days; an ad-hoc pull 2 days."),
    ("P13", "Data feed / EDW change", "Reporting", T.NORMAL, "WFR", "WFR", "TEL", "WFR", "10 business days", BH,
     "Per release."),
    ("P14", "WFM integration issues (roster sync, real-time adherence feed)", "Workforce", T.INCIDENT, "TEL", "WFR",
     "TEL", "", "1 business day", BH, "By severity when it is an incident."),
    ("P15", "QM: recording retrieval, legal hold, evaluation form, analytics categories", "Quality", T.REQUEST,
     "WFR", "WFR", "WFR", "WFR", "2 business days", BH, "Retrieval 1–2 days; legal hold the same day."),
    ("P16", "CRM / CTI desktop change (screen-pop, softphone embed)", "Desktop", T.NORMAL, "PO", "PO", "ADM", "PO",
     "10 business days", BH, "Per release."),
    ("P17", "Incident management (L1 service desk → L2 app support → L3 platform / vendor / AWS)", "Incidents",
     T.INCIDENT, "TEL", "SUP", "SDK", "", "15 min", ALWAYS, "First response of a Sev 1; the others by severity."),
    ("P18", "Problem management / post-incident review", "Incidents", T.INCIDENT, "TEL", "TEL", "SDK", "TEL",
     "10 business days", BH, "Root cause within 5–10 business days of a Sev 1 or 2."),
    ("P19", "Capacity and service-quota management", "Platform", T.NORMAL, "PO", "PO", "TEL", "PO",
     "5 business days", BH, "Quarterly review, and before peaks."),
    ("P20", "Carrier / vendor management and escalation", "Telephony", T.INCIDENT, "TEL", "SDK", "TEL", "", "4 h",
     ALWAYS, "Per contract."),
    ("P21", "Monitoring and alerting (CloudWatch dashboards and alarms, NOC)", "Platform", T.INCIDENT, "TEL",
     "SDK", "SDK", "", "15 min", ALWAYS, "24×7: an alarm acknowledged within 15 min."),
    ("P22", "DR/BC test, emergency routing rehearsal", "Platform", T.NORMAL, "CCO", "CCO", "TEL", "CCO",
     "20 business days", BH, "1–2× a year, IT and CC operations together."),
    ("P23", "Access review / security-profile recertification", "Security", T.REQUEST, "TEL", "TEL", "ADM", "TEL",
     "10 business days", BH, "Quarterly."),
    ("P24", "Release / roadmap planning and strategic plan review", "Governance", T.GOVERNANCE, "EXS", "PO", "PGL",
     "EXS", "20 business days", BH, "Biannual strategic review (1–2-year tactical, 3–5-year strategic horizons)."),
)  # fmt: skip
