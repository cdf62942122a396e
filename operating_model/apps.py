from django.apps import AppConfig


class OperatingModelConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operating_model"
    verbose_name = "Operating model"

    def ready(self) -> None:
        from connectmobilize.lib.backlinks import register

        from .links import flow_steps_of_activity

        register("raci.activity", "operating_model.flow_steps", flow_steps_of_activity)
