"""Celery tasks of the operating model (thin: take ids, call a service). None yet: every write is quick."""
