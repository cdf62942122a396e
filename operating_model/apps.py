from django.apps import AppConfig


class OperatingModelConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operating_model"
    verbose_name = "Operating model"

    def ready(self) -> None:
        from connectmobilize.lib import hooks

        from . import selectors

        # What the operating model shows on the pages of the apps below it (lib/hooks.py).
        hooks.MY_WORK.register("operating_model.sign_off", selectors.my_sign_offs, order=35)
        hooks.PROGRAM_SEARCH.register("operating_model.records", selectors.search_operating_model, order=35)
        hooks.USED_IN.register("operating_model.flow_steps", selectors.used_in)
