"""The governance routines a program starts with (DOMAIN.md §7.4): name, kind, cadence, weekday (0 = Monday),
time, minutes, trigger owner and attendees (role codes of DOMAIN.md §10.A), inputs, outputs."""

ROUTINES = [
    ("Steering committee", "steering", "monthly", 3, "14:00", 90, "PGL", ["EXS", "PGL", "CCO", "PO", "TEL", "OCM"],
     "Status and health by workstream\nRisks at or above appetite\nDecisions needed\nReadiness of the next go-live",
     "Decisions\nActions\nEscalations to the sponsor"),
    ("Weekly people & change risk review", "risk_review", "weekly", 1, "10:00", 45, "OCM",
     ["OCM", "PGL", "CCO", "SUP", "WFR"],
     "Risk register and early-warning indicators\nStakeholder and ADKAR readings\nTraining and communications plan",
     "Re-rated risks and mitigations\nRealised risks opened as issues\nActions"),
    ("Weekly pre-CAB change review", "pre_cab", "weekly", 2, "11:00", 60, "TEL", ["TEL", "ADM", "SDK", "PGL", "PO"],
     "Change requests for the next CAB\nReadiness of the next go-live\nFreeze and blackout calendar",
     "Change requests ready for CAB, with impact statements\nActions"),
    ("Monthly service review", "service_review", "monthly", 1, "15:00", 60, "CCO",
     ["CCO", "SDK", "ADM", "WFR", "PO", "TEL"],
     "SLA and OLA attainment\nIncidents and problems\nBacklog",
     "Service improvement actions\nIssues"),
    ("Strategic technology plan review", "strategy", "biannual", 3, "10:00", 120, "PO",
     ["EXS", "PGL", "PO", "TEL", "CCO"],
     "1–2-year tactical plan\n3–5-year strategic plan\nRoadmap and capacity",
     "Updated technology plan\nDecisions"),
    ("Daily hypercare stand-up", "hypercare", "daily", None, "08:30", 15, "PGL",
     ["PGL", "CCO", "SDK", "ADM", "TEL", "SUP"],
     "Incidents since yesterday\nKPIs: AHT, abandonment, service level\nOpen issues",
     "Actions\nIssues\nA rollback decision, if its triggers are met"),
]  # fmt: skip

HYPERCARE_DAYS = 30  # the stand-up runs from the first go-live to this many days after it
