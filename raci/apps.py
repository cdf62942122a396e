from django.apps import AppConfig


class RaciConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "raci"
    verbose_name = "RACI matrices"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from connectmobilize.lib import hooks
        from programs.models import Role

        from . import selectors

        # What RACI shows on the pages of programs (below it): approvals on "My work", the program search.
        hooks.MY_WORK.register("raci.approve", selectors.my_matrices_to_approve, order=30)
        hooks.PROGRAM_SEARCH.register("raci.records", selectors.search_raci, order=30)
        # A row keeps its letters by role id: a deleted role's go with it (a cell record's foreign key did that).
        pre_delete.connect(_role_deleted, sender=Role, dispatch_uid="raci.role_letters_remove")


def _role_deleted(sender, instance, origin=None, **kwargs) -> None:
    from programs.models import Program

    from . import services

    if isinstance(origin, Program):
        return  # the program's matrices and rows are deleted with it: nothing to take out of them
    services.role_letters_remove(role=instance)
