"""The demo program's matrices: the migration RASCI as agreed, and a support matrix still being worked on."""

from programs.choices import WorkstreamKind

from . import services


def load_demo(program) -> None:
    operating_model = program.workstreams.get(kind=WorkstreamKind.OPERATING_MODEL)
    agreed = services.matrix_create(
        program=program,
        name="Amazon Connect migration RASCI",
        kind="RASCI",
        starting_from="connect_migration",
        workstream=program.workstreams.get(kind=WorkstreamKind.GOVERNANCE),
        description="Who does what in the migration: agreed at the steering committee.",
    )
    # Approved once its rows are in, as a team would: Compare's "last approved state" then holds them all.
    services.matrix_status_change(matrix=agreed, version=agreed.version, change="approve")
    draft = services.matrix_create(
        program=program,
        name="Support processes after go-live",
        kind="RASCI",
        starting_from="cc_support_processes",
        workstream=operating_model,
        phase="support",
        description="Draft of the operational RASCI: who plans, implements and supports the platform.",
    )
    # A draft has loose ends for the rule check to show: nobody Accountable for agent leavers yet.
    leaver = draft.activities.get(name__startswith="Agent disable")
    for role_id, code in leaver.cells.items():
        if code == "A":
            services.cell_set(matrix=draft, activity_id=leaver.pk, role_id=role_id, code="", expected="A")
    draft.refresh_from_db()
    # Sent for review: on the program manager's "My work", its Approve button waiting for the fix.
    services.matrix_status_change(matrix=draft, version=draft.version, change="review")
