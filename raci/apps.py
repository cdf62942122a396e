from django.apps import AppConfig


class RaciConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "raci"
    verbose_name = "RACI matrices"

    def ready(self) -> None:
        from connectmobilize.lib import hooks

        from . import selectors

        # What RACI shows on the pages of programs (below it): approvals on "My work", the program search.
        hooks.MY_WORK.register("raci.approve", selectors.my_matrices_to_approve, order=30)
        hooks.PROGRAM_SEARCH.register("raci.records", selectors.search_raci, order=30)
