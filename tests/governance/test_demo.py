"""The demo shows governance with believable data, and its pages open."""

from django.urls import reverse
from django.utils import timezone

from connectmobilize.demo import load_demo
from governance import selectors
from governance.models import Action, Issue, Meeting


def test_the_demo_program_has_routines_meetings_decisions_actions_and_an_issue(client, db):
    program = load_demo()[0]
    assert program.governance_routines.count() == 6  # hypercare around wave 1 included
    held = Meeting.objects.filter(program=program, starts_at__lt=timezone.now(), minutes__isnull=False).distinct()
    assert held.count() == 2
    assert Action.objects.filter(program=program, status="open", due_date__lt=timezone.localdate()).count() == 2
    issue = Issue.objects.get(program=program)
    assert issue.risk.code == "PCR-05" and issue.risk.status == "realised"
    log = selectors.decision_log(program)
    assert {"recorded", "superseded", "pending"} <= {e.status for e in log}
    missed = [row.routine.name for row in selectors.routine_overview(program) if row.missed_at]
    assert missed == ["Monthly service review"]

    client.force_login(program.memberships.get(user__username="liam").user)
    steering = Meeting.objects.filter(program=program, routine__kind="steering", agenda__isnull=False).get()
    page = client.get(steering.get_absolute_url()).content.decode()
    assert "Next go-live: readiness" in page and "Wave 1 scope confirmed" in page
    mine = client.get(reverse("governance_personal:my_actions")).content.decode()
    assert "Add two evening training sessions per site" in mine and "overdue" in mine

    maria = program.memberships.get(user__username="maria").user
    client.force_login(maria)
    dashboard = client.get(program.get_absolute_url()).content.decode()
    assert 'id="missed-routines"' in dashboard and "Monthly service review" in dashboard
    profile = client.get(reverse("profile")).content.decode()
    assert 'id="calendar-feed-url"' in profile and "checked" in profile.split('id="daily-digest"')[1][:20]
