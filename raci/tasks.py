"""Thin Celery tasks: take a job id, call the service. Safe to run twice (the job's status decides)."""

from celery import shared_task

OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "time_limit": 600, "soft_time_limit": 540}


@shared_task(**OPTIONS)
def parse_matrix_import(job_id: int) -> None:
    from .services import matrix_import_parse

    matrix_import_parse(job_id=job_id)


@shared_task(**OPTIONS)
def apply_matrix_import(job_id: int) -> None:
    from .services import matrix_import_apply

    matrix_import_apply(job_id=job_id)


@shared_task(**OPTIONS)
def build_matrix_export(job_id: int) -> None:
    from .services import matrix_export_build

    matrix_export_build(job_id=job_id)
