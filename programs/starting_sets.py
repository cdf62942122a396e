"""What a new contact-center migration program starts with (DOMAIN.md §1.5, §10.A, §10.D)."""

from .choices import AdkarElement as Adkar
from .choices import RiskCategory as Cat
from .choices import RoleSide as Side
from .choices import WorkstreamKind as Kind

WORKSTREAMS = (
    (Kind.GOVERNANCE, "Program governance", "Regular, transparent, engaged governance for the whole program"),
    (Kind.ALIGNMENT, "Alignment", "Agree outcomes, priorities, success criteria, timeline and cost"),
    (Kind.OPERATING_MODEL, "Operating model", "Define who uses and manages the platform: RASCI and process flows"),
    (Kind.SERVICE_INTRODUCTION, "Service introduction", "Pass the SI checklist and win go-live approval"),
    (Kind.TRAINING, "Training", "Every audience trained before it goes live"),
    (Kind.PEOPLE_CHANGE, "People & change", "Leaders aligned, sponsorship visible, adoption sustained"),
)

ROLES = (
    ("EXS", "Executive Sponsor (VP Customer Operations)", Side.BUSINESS, ""),
    ("PGL", "Program Lead / Single-Threaded Owner", Side.PROGRAM, ""),
    ("CCO", "Contact Center Operations Manager", Side.CONTACT_CENTER, "CallCenterManager"),
    (
        "PO",
        "Product Owner - Contact Center Platform / Service Line Owner",
        Side.BUSINESS,
        "CallCenterManager (read-only flows)",
    ),
    ("ADM", "Amazon Connect Administrator (routing & business admin)", Side.IT, "Admin (custom, least-privilege)"),
    ("TEL", "IT Telephony & Network Lead", Side.IT, "Admin"),
    ("SDK", "Service Desk / NOC (BAU L1-L2 support)", Side.IT, "custom read-only troubleshooting"),
    ("OCM", "Change, Communications & Training Lead", Side.PROGRAM, ""),
    ("WFR", "WFM, QM & Reporting Lead", Side.CONTACT_CENTER, "CallCenterManager / QualityAnalyst"),
    ("SUP", "Supervisors / Team Leaders", Side.CONTACT_CENTER, "CallCenterManager (team-scoped)"),
)

# code, title, category, cause, likelihood, impact, owner role, early warnings, mitigation, ADKAR element
PEOPLE_CHANGE_RISKS = (
    (
        "PCR-01",
        "Lack of alignment across leaders",
        Cat.CHANGE_LEADERSHIP,
        "IT and CC leaders hold different definitions of success, scope or timing",
        4,
        4,
        "EXS",
        "Leadership alignment interview avg < 3.5/5; conflicting decisions in decision log; "
        ">2 escalations per month on scope",
        "Joint outcomes workshop; single decision log; steering committee with both CIO and CC VP; sponsor roadmap",
        Adkar.AWARENESS,
    ),
    (
        "PCR-02",
        "Lack of active, visible sponsorship from leaders",
        Cat.COMMITMENT,
        "Sponsor delegates after kickoff; absent from town halls and CAB/go-no-go",
        3,
        5,
        "OCM",
        "Sponsor worksheet score < 75/100; sponsor attended < 50% of planned events; "
        "readiness survey 'senior management supports' < 3.0",
        "Sponsor ABC plan (active/visible, coalition, direct comms); scripted messages; calendarised appearances",
        Adkar.DESIRE,
    ),
    (
        "PCR-03",
        "Unmanageable culture clash between old and new",
        Cat.CULTURE,
        "Agents/supervisors attached to desk phones, legacy reports and workarounds; "
        "IT attached to change-control norms vs agile releases",
        3,
        4,
        "CCO",
        "Making-change-stick score < 60/90; pilot feedback negative; legacy workaround requests rising",
        "Champions network; pilot with trusted group; show-and-tell demos; reinforce new behaviours via QM scorecards",
        Adkar.REINFORCEMENT,
    ),
    (
        "PCR-04",
        "Failing to engage at the appropriate (top) level",
        Cat.CHANGE_LEADERSHIP,
        "Program run at manager level without C-suite/VP ownership; decisions stall",
        2,
        5,
        "PGL",
        "No VP in steering committee; >10 business days to resolve escalated decisions",
        "Re-charter with executive sponsor; escalation SLAs; monthly exec readout",
        Adkar.AWARENESS,
    ),
    (
        "PCR-05",
        "Failing to present as one united team",
        Cat.COMMUNICATIONS,
        "Partner, AWS, account team and customer delivery speak with different voices or blame each other",
        3,
        3,
        "PGL",
        "Conflicting messages logged; duplicate status reports; stakeholder survey 'consistent communication' < 3.0",
        "One-team charter; single RAID log and status report; joint comms approval; named single-threaded owner",
        Adkar.AWARENESS,
    ),
    (
        "PCR-06",
        "Desired business outcomes not achieved fast enough",
        Cat.VISION_CLARITY,
        "Slow migration waves, long dual-running period, MLP not delivered in early sprint",
        3,
        4,
        "PO",
        "Waves slipping > 2 sprints; AHT/abandon not back to baseline after hypercare window; "
        "dual-platform period > plan",
        "Data-driven pilot success criteria; MLP scope control; wave plan tied to benefits; short dual-run",
        Adkar.ABILITY,
    ),
    (
        "PCR-07",
        "Reduced financial return from Amazon Connect investment",
        Cat.ORG_IMPACT,
        "Legacy costs not decommissioned, low adoption of new features, extended parallel running",
        2,
        4,
        "EXS",
        "Legacy contracts not terminated on schedule; usage below plan; billing not re-mapped to business unit",
        "Benefits register; decommission plan; finance notified of billing shift; adoption tracking",
        Adkar.REINFORCEMENT,
    ),
    (
        "PCR-08",
        "Business disruption if not operationally ready",
        Cat.SKILLS_CAPABILITY,
        "Agents untrained, support model not absorbed into BAU, clashing changes, no rollback",
        3,
        5,
        "CCO",
        "SI checklist hard blockers open at T-5; training completion < 95%; test incident failed; "
        "readiness score < 90%",
        "SI checklist gating; train-the-trainer; test incident; change-calendar check; rehearsed rollback",
        Adkar.KNOWLEDGE,
    ),
)
