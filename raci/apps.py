from django.apps import AppConfig


class RaciConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "raci"
    verbose_name = "RACI matrices"
