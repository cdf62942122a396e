"""Thin Celery tasks of the operating model: the spreadsheet import (take a job id, call the service)."""

from celery import shared_task

OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "time_limit": 300, "soft_time_limit": 270}


@shared_task(**OPTIONS)
def plan_model_import(job_id: int) -> None:
    from .services import model_import_plan

    model_import_plan(job_id=job_id)


@shared_task(**OPTIONS)
def apply_model_import(job_id: int) -> None:
    from .services import model_import_apply

    model_import_apply(job_id=job_id)
