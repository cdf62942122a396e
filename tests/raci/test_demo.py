"""The demo's matrices as a new user first meets them."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from connectmobilize.demo import load_demo
from raci.models import Matrix


def test_the_demo_approved_matrix_compares_as_unchanged_since_its_approval(client, db):
    program = load_demo()[0]
    client.force_login(get_user_model().objects.get(username="victor"))
    agreed = Matrix.objects.get(program=program, name="Amazon Connect migration RASCI")
    assert agreed.status == "approved" and agreed.error_count == 0
    page = client.get(reverse("raci:matrix_compare", args=[program.slug, agreed.pk])).content.decode()
    assert "the last approved state" in page and 'id="no-difference"' in page  # was: every row "added"
