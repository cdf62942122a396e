"""Operating-model benchmark: the flow page of a 12-lane, 80-step swimlane (SVG, step table, RASCI flags) against
a trivial page on the same signed-in client (issue 9: opmodel_flow_svg_ratio ≤ 30)."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from bench.run import fetcher, ratio
from operating_model import services
from programs import services as program_services
from raci.models import Activity, Matrix

LANES, STEPS = 12, 80


def _flow(user):
    program = program_services.program_create(creator=user, name="Flow bench", with_roles=False, with_risks=False)
    roles = [program_services.role_create(program=program, code=f"L{j:02d}", name=f"Lane {j:02d}", side="it")
             for j in range(LANES)]  # fmt: skip
    matrix = Matrix.objects.create(program=program, name="Support", kind="RASCI")
    flow = services.flow_create(program=program, name="Big flow")
    lanes = [services.lane_add(flow=flow, role=role) for role in roles]
    steps = []
    for i in range(STEPS):
        letters = {str(roles[(i + 2 * (i % 5 == 0)) % LANES].pk): "R"}
        if i % 3:
            letters[str(roles[(i + 1) % LANES].pk)] = "A"
        activity = Activity.objects.create(matrix=matrix, name=f"Activity {i}", position=i, letters=letters)
        kind = "decision" if i % 6 == 0 else "escalation" if i % 11 == 0 else "task"
        when = "yes" if i % 6 == 1 else ""
        step = services.step_create(flow=flow, lane=lanes[i % LANES], kind=kind, name=f"Step {i} of the flow",
                                    sla_target="15 min", activity=activity, when=when)  # fmt: skip
        steps.append(step)
    for i, step in enumerate(steps):
        after = [steps[n] for n in (i + 1, i + 3) if n < STEPS and (n == i + 1 or i % 6 == 0)]
        if i % 13 == 12:
            after.append(steps[i - 4])  # a loop back
        step.next_steps.set(after)
    return program, flow


def run(selected):
    if selected and "opmodel_flow_svg_ratio" not in selected:
        return
    user = get_user_model().objects.create_user("flow-bench")
    program, flow = _flow(user)
    client = Client()
    client.force_login(user)

    get = fetcher(client)

    page = get(reverse("operating_model:flow_detail", args=[program.slug, flow.pk]))
    yield "opmodel_flow_svg_bytes", len(page().content)
    yield "opmodel_flow_svg_ratio", ratio(page, get(f"/p/{program.slug}/roles/"))[0]
