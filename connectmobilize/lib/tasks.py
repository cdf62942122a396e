"""Queueing Celery tasks from services.

Tasks are thin and call services, so services must not import tasks (that would be a loop): they name
the task ("app.tasks.function") instead. It is queued once the transaction commits, so a worker never
reads rows that are not there yet; with no broker configured it runs in-process (CELERY_TASK_ALWAYS_EAGER).
"""

from django.db import transaction
from django.utils.module_loading import import_string


def queue_after_commit(task_path: str, *args, countdown: float | None = None) -> None:
    def send():
        import_string(task_path).apply_async(args, countdown=countdown)

    # robust: the change is committed; a broker that is down must not turn it into an error page (logged).
    transaction.on_commit(send, robust=True)
