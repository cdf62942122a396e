from django.apps import AppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = "People & change"

    def ready(self) -> None:
        from connectmobilize.lib import hooks

        from . import selectors

        # Assessments and comms: the go-live checklist's communications item is computed from the comms plan
        # (readiness never imports people; it asks lib/hooks.py).
        hooks.CHECKLIST_ITEM_VALUES.register(hooks.checklist_item_key(*selectors.COMMS_ITEM), selectors.comms_readiness)
