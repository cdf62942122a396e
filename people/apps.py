from django.apps import AppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = "People & change"

    def ready(self) -> None:
        from connectmobilize.lib import hooks

        from . import selectors

        # What people shows or decides on the pages of the apps below it (they never import people):
        # executives land on their portfolio after signing in (programs' home page asks);
        hooks.LANDING.register("people.portfolio", selectors.executive_landing, order=10)
        # the weekly summary opt-in on the user's profile page;
        hooks.PROFILE_PANELS.register(
            "people.weekly_summary", selectors.weekly_summary_panel, order=20, template="people/partials/_profile.html"
        )
        # the go-live checklist's communications item is computed from the communications plan.
        hooks.CHECKLIST_ITEM_VALUES.register(hooks.checklist_item_key(*selectors.COMMS_ITEM), selectors.comms_readiness)
