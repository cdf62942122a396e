"""The evidence pack for CAB: the checklist with its sign-offs, the criteria and the decisions, as xlsx."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from connectmobilize.lib.people import person_name
from connectmobilize.lib.spreadsheets import safe_value, styled_cell

HEADER = {"fill": PatternFill("solid", fgColor="DEE2E6"), "font": Font(bold=True)}


def write_evidence_pack(readiness, decisions) -> bytes:
    workbook = Workbook(write_only=True)
    event, result = readiness.event, readiness.result

    summary = workbook.create_sheet("Summary")
    for label, value in (
        ("Event", event.name),
        ("Window", f"{event.starts_at:%Y-%m-%d %H:%M} – {event.ends_at:%Y-%m-%d %H:%M}"),
        ("Readiness score (%)", result.score),
        ("Outcome", result.outcome.label),
        ("Open hard blockers", "; ".join(c.label for c in result.open_blockers) or "none"),
    ):
        summary.append([styled_cell(summary, label, **HEADER), safe_value(summary, value)])

    checklist = workbook.create_sheet("Checklist")
    checklist.freeze_panes = "A2"
    columns = ("Ref", "Category", "Item", "Hard blocker", "Weight", "Status", "Evidence", "Link", "Signed off by",
               "Signed at", "Evidence fingerprint", "Sign-off current")  # fmt: skip
    checklist.append([styled_cell(checklist, c, **HEADER) for c in columns])
    for state in readiness.items:
        item, signed = state.item, state.sign_off
        sign_off = (
            (person_name(signed.signed_by), f"{signed.signed_at:%Y-%m-%d %H:%M}", signed.evidence_fingerprint,
             "yes" if state.signed else "no, evidence changed")
            if signed else ("", "", "", "")
        )  # fmt: skip
        values = (item.ref, item.category, item.text, "yes" if item.hard_blocker else "no", item.weight,
                  item.get_status_display(), item.evidence_note, item.evidence_link, *sign_off)  # fmt: skip
        checklist.append([safe_value(checklist, v) for v in values])

    criteria = workbook.create_sheet("Criteria")
    criteria.append([styled_cell(criteria, c, **HEADER) for c in ("Criterion", "Weight", "Value", "Why")])
    for c in result.criteria:
        value = "n/a" if c.value is None else round(100 * c.value)
        criteria.append([safe_value(criteria, c.label), c.weight, value, safe_value(criteria, c.explanation)])

    sheet = workbook.create_sheet("Decisions")
    sheet.append([styled_cell(sheet, c, **HEADER) for c in ("Decided at", "Outcome", "By", "Score then", "Rationale",
                                                             "Conditions")])  # fmt: skip
    for d in decisions:
        conditions = "; ".join(f"{c.text} ({'open' if c.is_open else 'closed'})" for c in d.conditions.all())
        values = (f"{d.decided_at:%Y-%m-%d %H:%M}", d.get_outcome_display(), person_name(d.decided_by),
                  float(d.snapshot.score), d.rationale, conditions)  # fmt: skip
        sheet.append([safe_value(sheet, v) for v in values])

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
