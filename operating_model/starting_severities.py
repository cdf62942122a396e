"""The four contact-center incident severities a program starts from (DOMAIN.md §7.2), with escalation paths over
the ten standard roles (DOMAIN.md §10.A): SDK the service desk (L1–L2), TEL the platform and vendor link, EXS the
executive sponsor."""

from .choices import SlaClock

# level, name, definition, clock, response, update, restore, AWS case, [(level, role, after minutes, note)]
SEVERITIES = (
    (1, "Critical",
     "Contact center unreachable; main toll-free number not routing; 25% or more of agents cannot handle contacts; "
     "self-service or payment IVR down; no workaround.",
     SlaClock.ALWAYS, "15 min", "30 min", "4 h", "critical",
     [("L1", "SDK", 0, "Open bridge; updates every 30 min"),
      ("L3", "TEL", 15, "Platform team on the bridge"),
      ("vendor", "TEL", 15, "Open an AWS business-critical case"),
      ("exec", "EXS", 60, "Executive sponsor informed within 1 h")]),
    (2, "High",
     "Major degradation: one site, queue or channel down; recordings not captured; CRM screen-pop or WFM feed down; "
     "severe audio quality.",
     SlaClock.ALWAYS, "1 h", "2 h", "8 h", "urgent",
     [("L1", "SDK", 0, ""), ("L2", "SDK", 60, "Application support"), ("L3", "TEL", 120, "Unresolved after 2 h")]),
    (3, "Medium",
     "A non-critical function broken with a workaround: a single agent or team issue, a wrong report, a prompt typo.",
     SlaClock.BUSINESS_HOURS, "4 business hours", "1 business day", "5 business days", "normal",
     [("L1", "SDK", 0, ""), ("L2", "SDK", 240, "L2 queue")]),
    (4, "Low", "Cosmetic, how-to or enhancement.",
     SlaClock.BUSINESS_HOURS, "1 business day", "", "", "low",
     [("L1", "SDK", 0, "Backlog; updated on change")]),
)  # fmt: skip
