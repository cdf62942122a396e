"""Queueing Celery tasks from services.

Tasks are thin and call services, so services must not import tasks (that would be a loop): they name
the task instead. It is queued once the transaction commits, so a worker never reads rows that are not
there yet; with no broker configured it runs in-process (CELERY_TASK_ALWAYS_EAGER).
"""

from celery import current_app
from django.db import transaction


def queue_after_commit(task_name: str, *args, countdown: float | None = None) -> None:
    def send():
        current_app.tasks[task_name].apply_async(args, countdown=countdown)

    transaction.on_commit(send)
