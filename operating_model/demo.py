"""The demo program's operating model: who fills each role before, during and after the migration, the service
catalogue, Sev 1–4, both starting flows and a first version signed by some of its accountable teams."""

from django.contrib.auth import get_user_model

from . import services
from .choices import PhaseScope

B, D, A = PhaseScope.BEFORE, PhaseScope.DURING, PhaseScope.AFTER

# role code, phase, member username or (outsider, organisation), allocation %, single-threaded owner
COMPOSITION = (
    ("PGL", B, "maria", 60, False),
    ("PGL", D, "maria", 100, True),
    ("EXS", D, "evelyn", 10, False),
    ("EXS", A, "evelyn", 5, False),
    ("CCO", B, "liam", 30, False),
    ("CCO", D, "liam", 50, False),
    ("CCO", A, "liam", 100, False),
    ("ADM", D, ("Priya Raman", "Partner: Contoso Consulting"), 100, False),
    ("ADM", A, ("Tom Becker", "Northwind IT"), 100, False),
    ("TEL", D, ("Ana Ruiz", "Northwind IT"), 50, False),
    ("TEL", A, ("Ana Ruiz", "Northwind IT"), 40, False),
    ("SDK", A, ("Service desk (Fabrikam managed services)", "Fabrikam"), 100, False),
    ("OCM", D, "sofia", 50, False),
    ("PO", D, ("Grace Liu", "Northwind product"), 50, False),
    ("PO", A, ("Grace Liu", "Northwind product"), 30, False),
    ("WFR", A, ("Omar Haddad", "Northwind WFM"), 50, False),
)  # SUP is left empty after migration on purpose: the page warns about it


def load_demo(program) -> None:
    _composition(program)
    _catalogue(program)
    _severities(program)
    _flows(program)
    _sign_off(program)


def _sign_off(program) -> None:
    """Version 1 published by the lead; CC operations, the platform team and the sponsor have signed it, the
    product owner and WFM not yet (so go-live readiness still shows the blocker, with who it waits for)."""
    users = {m.user.username: m for m in program.memberships.select_related("user")}
    note = "Catalogue, Sev 1–4 and both flows as agreed in the operating-model workshop."
    version = services.model_publish(program=program, user=users["liam"].user, note=note)
    roles = {role.code: role for role in program.roles.all()}
    for code, signer in (("CCO", "liam"), ("TEL", "maria"), ("EXS", "evelyn")):
        services.model_sign_off(version=version, role=roles[code], membership=users[signer], comment="Agreed.")


def _flows(program) -> None:
    """Both starting flows; the emergency one ties the supervisors' floor briefing to the RASCI row of the message,
    where supervisors have no letter: the page flags it."""
    services.flow_create(program=program, name="Out-of-hours support", starting_from="out_of_hours")
    queue = services.flow_create(program=program, name="Emergency queue message", starting_from="emergency_message")
    briefing = queue.steps.get(name__startswith="Brief agents")
    message_on = queue.steps.get(name__startswith="Switch the emergency message on").activity
    services.step_update(step=briefing, version=briefing.version, activity=message_on)


def _severities(program) -> None:
    """Sev 1–4 as agreed, but the Sev 2 path was drafted in a hurry: L2 is paged before the response is due."""
    services.severities_seed(program=program)
    sev2 = program.severities.get(level=2)
    l2 = sev2.escalation_steps.get(level="L2")
    services.escalation_step_update(step=l2, version=l2.version, after_minutes=30)


def _catalogue(program) -> None:
    """The 24 processes, tuned by the leads: one retired (QM moved to the vendor), one still without a fulfiller."""
    services.catalogue_seed(program=program)
    items = {item.code: item for item in program.service_catalogue.all()}
    services.catalogue_item_retire(item=items["P15"])
    desk = items["P14"]
    question = "Who fixes roster-sync issues: IT or the WFM vendor? Open question."
    services.catalogue_item_update(item=desk, version=desk.version, fulfiller_role=None, notes=question)


def _composition(program) -> None:
    roles = {role.code: role for role in program.roles.all()}
    users = {user.username: user for user in get_user_model().objects.filter(memberships__program=program)}
    for code, phase, who, allocation, owner in COMPOSITION:
        person, outsider, organisation = (users[who], "", "") if isinstance(who, str) else (None, *who)
        services.role_assignment_create(
            program=program, role=roles[code], phase=phase, person=person, outsider_name=outsider,
            organisation=organisation, allocation_pct=allocation, is_single_threaded_owner=owner,
        )  # fmt: skip
