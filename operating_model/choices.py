from django.db import models


class PhaseScope(models.TextChoices):
    """When a person fills a role (DOMAIN.md §9.1 RoleAssignment.phase_scope: team composition before, during
    and after the migration)."""

    BEFORE = "before", "Before migration"
    DURING = "during", "During migration"
    AFTER = "after", "After migration"
