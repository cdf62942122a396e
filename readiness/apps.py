from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "readiness"
    verbose_name = "Go-live readiness"

    def ready(self) -> None:
        from connectmobilize.lib.signals import PROGRAM_INPUT_CHANGED

        from .receivers import recompute_on_program_change

        PROGRAM_INPUT_CHANGED.connect(recompute_on_program_change, dispatch_uid="readiness-recompute")
