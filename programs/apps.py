from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        from connectmobilize.lib import hooks

        from . import selectors

        # The program's own records on "My work" and in the search, beside those of the apps above.
        hooks.MY_WORK.register("programs.milestones", selectors.my_milestones, order=10)
        hooks.PROGRAM_SEARCH.register("programs.records", selectors.search_program_records, order=10)
