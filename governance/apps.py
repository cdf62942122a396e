from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from connectmobilize.lib import hooks

        from . import selectors

        # What governance shows on the pages of the apps below it (they never import governance).
        hooks.MY_WORK.register("governance.work", selectors.my_governance_work, order=30)
        hooks.PROGRAM_SEARCH.register("governance.records", selectors.search_governance, order=50)
