"""The pages people open most, on the demo program (issue 8, item 13): each page ÷ a trivial page, same client.

A ratio near 1 means the page costs no more than rendering the frame every page shares (session, sign-in,
membership, navigation); the goal is ≤ 8 for each. The trivial page is the program's roles list, as in
`raci_grid_ratio`. Unlike there, pages are timed without the test environment's template instrumentation
(it copies every template context for assertions), which would add a cost production does not have.
"""

from contextlib import contextmanager

from django.test import Client
from django.test.utils import setup_test_environment, teardown_test_environment
from django.urls import reverse

from bench.run import fetcher, ratio
from connectmobilize.demo import load_demo
from programs.models import Membership
from raci.models import Matrix

# The pages of the demo that `make load` drives too (load/locustfile.py).
GRID_MATRIX = "Amazon Connect migration RASCI"


def demo_pages():
    """The demo (loaded if missing), its manager, and name → URL of each measured page and the trivial one."""
    program = load_demo()[0]
    manager = Membership.objects.filter(program=program, access="manager").select_related("user").first().user
    matrix = Matrix.objects.get(program=program, name=GRID_MATRIX)
    event = program.go_live_events.order_by("starts_at").first()
    return (
        manager,
        {
            "dashboard": reverse("programs:dashboard", args=[program.slug]),
            "grid_demo": matrix.get_absolute_url(),
            "event": event.get_absolute_url(),
            "trivial": reverse("programs:role_list", args=[program.slug]),
        },
    )


@contextmanager
def as_in_production():
    teardown_test_environment()
    try:
        yield
    finally:
        setup_test_environment()


def run(selected):
    names = [f"page_{page}_ratio" for page in ("dashboard", "event", "grid_demo")]
    if selected and not selected & set(names):
        return
    user, urls = demo_pages()
    with as_in_production():
        yield from _ratios(selected, user, urls)


def _ratios(selected, user, urls):
    client = Client(HTTP_HOST="localhost")  # outside the test environment, "testserver" is not an allowed host
    client.force_login(user)

    get = fetcher(client)

    for page in ("dashboard", "event", "grid_demo"):
        name = f"page_{page}_ratio"
        if not selected or name in selected:
            get(urls[page])()  # warm: first-request costs (template compilation, URL resolver) are not the page's
            yield name, ratio(get(urls[page]), get(urls["trivial"]))[0]
