"""The rules of the check in words (DOMAIN.md §4.2): what each checks, why it matters, how to fix it. Pure.

The one place these texts live: the findings' hover text and the rule help page both read them from here.
"""

from dataclasses import dataclass

from .rules import ERROR, INFO, QUIET_BELOW, WARNING, MinSize, Thresholds

GATE, NOT_CHECKED = "gate", "not checked"


@dataclass(frozen=True)
class RuleText:
    code: str
    meaning: str  # one line: what the code stands for (the hover text)
    severity: str  # ERROR, WARNING, INFO, GATE or NOT_CHECKED in the grid
    checks: str
    why: str
    fix: str

    @property
    def quiet_below(self) -> str:
        """The sizes below which the rule stays quiet, in words ("" when it always applies)."""
        return size_in_words(QUIET_BELOW.get(self.code))

    @property
    def anchor(self) -> str:
        return f"rule-{self.code}"


def size_in_words(size: MinSize | None) -> str:
    if size is None:
        return ""
    parts = []
    if size.activities:
        parts.append(f"fewer than {size.activities} activities")
    if size.roles:
        parts.append(f"fewer than {size.roles} roles")
    return "Quiet in a matrix with " + " or ".join(parts) + "."


_T = Thresholds()

RULES: tuple[RuleText, ...] = (
    RuleText(
        "V1", "Exactly one Accountable per activity", ERROR,
        "Each activity has exactly one A (A or A/R).",
        "With no A nobody owns the outcome; with two, each waits for the other and decisions stall.",
        "Pick the one role that signs the work off and give it A; make the others R, C or I.",
    ),
    RuleText(
        "V2", "At least one Responsible per activity", ERROR,
        "Each activity has at least one R (R or A/R).",
        "Without an R nobody does the work, and it is found undone at go-live.",
        "Give R to the role that does the work (A/R if the accountable role does it too).",
    ),
    RuleText(
        "V3", "One letter per cell, except A/R", ERROR,
        "A cell holds a single letter; A/R is the only combination allowed.",
        "Combined letters such as A/C blur who does what and cannot be checked.",
        "Keep the strongest letter for that role, or split the activity.",
    ),
    RuleText(
        "V4", "Accountable role outside the organisation", WARNING,
        "A role on the vendor or partner side is Accountable.",
        "Accountability for a business outcome normally stays with someone who can sign it off internally.",
        "Move the A to an internal role and make the vendor or partner R or C.",
    ),
    RuleText(
        "V5", "Too many Responsibles on an activity", WARNING,
        f"An activity has more than {_T.max_responsible} R's.",
        "Many doers on one line usually means several pieces of work hidden in one activity.",
        "Split the activity into steps with one or two R's each.",
    ),
    RuleText(
        "V6", "Too many roles consulted", WARNING,
        f"An activity consults more than {_T.max_consulted} roles.",
        "Every C is a two-way conversation before the work can go on: many of them slow decisions.",
        "Keep C for the roles whose input changes the outcome; inform the others (I).",
    ),
    RuleText(
        "V7", "Most roles informed", WARNING,
        f"An activity informs more than {_T.max_informed_share:.0%} of the matrix's roles.",
        "Informing nearly everyone is a reporting burden and the messages stop being read.",
        "Inform only the roles that act on the news; publish the rest where people can look.",
    ),
    RuleText(
        "V8", "Nobody consulted or informed", INFO,
        "An activity has no C and no I.",
        "Work done without telling anyone may be a silo: the people affected learn of it late.",
        "Check whether someone should be consulted before or informed after; if not, leave it.",
    ),
    RuleText(
        "V9", "Role never Accountable or Responsible", WARNING,
        "A role is neither A nor R on any activity.",
        "A role that only hears about things may not be needed in this matrix.",
        "Give the role the work it does, or remove its column if it has no part here.",
    ),
    RuleText(
        "V10", "Role Responsible for too much", WARNING,
        f"A role is R on more than {_T.max_responsible_share:.0%} of the activities.",
        "One role doing most of the work is a bottleneck and a single point of failure.",
        "Hand some of the work to other roles, or split the role.",
    ),
    RuleText(
        "V11", "Role Accountable for too much", WARNING,
        f"A role is A on more than {_T.max_accountable_share:.0%} of the activities.",
        "Accountability held too high up slows every sign-off.",
        "Push accountability down to the roles closest to the work.",
    ),
    RuleText(
        "V12", "Role involved in every activity", WARNING,
        "A role has a letter on every activity.",
        "Being in everything means too many meetings and messages for that role.",
        "Keep the role where its letter matters; clear the others.",
    ),
    RuleText(
        "V13", "Supportive roles but no Responsible", ERROR,
        "An activity has S (Supportive) roles but no R.",
        "Support needs someone to support: without an R the work still has no owner doing it.",
        "Give R to the role that leads the work; the S roles help it.",
    ),
    RuleText(
        "V14", "Matrix not reviewed for a long time", NOT_CHECKED,
        "The matrix is reviewed and approved again periodically (about every 90 days, or after an "
        "organisation change).",
        "Roles and people change: an old matrix names people who no longer do the work.",
        "Send the matrix for review and approve it again. The grid does not check this rule yet.",
    ),
    RuleText(
        "V15", "Operating-model RASCI signed off before go-live", GATE,
        "Every accountable team has approved the operating-model RASCI before go-live.",
        "Going live without an agreed support model leaves incidents without an owner.",
        "Approve the matrix (its rule errors fixed first); approval is the gate, not a finding in the grid.",
    ),
    RuleText(
        "empty-row", "Activity with nobody involved", WARNING,
        "An activity has no letter at all.",
        "An activity nobody does is either missing its roles or not needed.",
        "Fill in its letters, or remove the activity.",
    ),
    RuleText(
        "empty-column", "Role with no part in the matrix", WARNING,
        "A role's column is empty on every activity.",
        "An empty column makes the matrix wider without saying anything.",
        "Give the role its letters, or remove its column.",
    ),
    RuleText(
        "kind", "S in a RACI matrix", ERROR,
        "A cell holds S (Supportive) in a matrix of kind RACI.",
        "RACI has no Supportive letter: the S would be lost or misread.",
        "Change the matrix to RASCI in its settings, or use C instead.",
    ),
)  # fmt: skip

BY_CODE: dict[str, RuleText] = {rule.code: rule for rule in RULES}

SEVERITY_WORDS = {ERROR: "Error", WARNING: "Warning", INFO: "Hint", GATE: "Approval gate", NOT_CHECKED: "Not checked"}


def meaning(code: str) -> str:
    """The hover text of a finding's code."""
    rule = BY_CODE.get(code)
    return rule.meaning if rule else code
