from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "readiness"
    verbose_name = "Go-live readiness"

    def ready(self) -> None:
        from connectmobilize.lib import hooks
        from connectmobilize.lib.signals import PROGRAM_INPUT_CHANGED

        from . import selectors
        from .receivers import recompute_on_program_change

        PROGRAM_INPUT_CHANGED.connect(recompute_on_program_change, dispatch_uid="readiness-recompute")
        # What readiness shows on the pages of the apps below it (they never import readiness).
        hooks.DASHBOARD_PANELS.register(
            "readiness.next_go_live", selectors.next_go_live_panel, order=10,
            template="readiness/partials/_next_go_live.html",
        )  # fmt: skip
        hooks.MY_WORK.register("readiness.checklist", selectors.my_checklist_work, order=20)
        hooks.PROGRAM_SEARCH.register("readiness.checklist", selectors.search_checklist_items, order=40)
