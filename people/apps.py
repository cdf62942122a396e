from django.apps import AppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = "People & change"

    def ready(self) -> None:
        from connectmobilize.lib import hooks

        from . import selectors

        # Executives land on their portfolio after signing in (programs' home page asks; it never imports people).
        hooks.LANDING.register("people.portfolio", selectors.executive_landing, order=10)
