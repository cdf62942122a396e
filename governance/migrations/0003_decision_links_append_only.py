from django.db import migrations

from connectmobilize.lib.append_only import append_only_links

MESSAGE = "a decided decision keeps its links: record a new decision that supersedes it instead"


class Migration(migrations.Migration):
    """What a recorded decision impacts and concerns (workstreams, risks, milestones) is frozen with it."""

    dependencies = [("governance", "0002_decision_append_only")]

    operations = [
        append_only_links(
            f"governance_decision_{links}",
            parent_table="governance_decision",
            parent_column="decision_id",
            message=MESSAGE,
            frozen="parent.status = 'recorded'",
        )  # fmt: skip
        for links in ("workstreams", "risks", "milestones")
    ]
