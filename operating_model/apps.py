from django.apps import AppConfig


class OperatingModelConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operating_model"
    verbose_name = "Operating model"
