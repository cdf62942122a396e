"""Thin Celery tasks of governance (take ids, call a service)."""
