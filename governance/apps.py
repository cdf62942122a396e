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
        hooks.DASHBOARD_PANELS.register(
            "governance.missed", selectors.missed_routines_panel, order=20,
            template="governance/partials/_missed_routines.html",
        )  # fmt: skip
        hooks.PROFILE_PANELS.register(
            "governance.settings", selectors.personal_settings_panel, order=10,
            template="governance/partials/_profile.html",
        )  # fmt: skip
