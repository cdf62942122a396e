"""The project package's own table: the form submissions that make a double submit create once."""

from connectmobilize.lib.records import FormSubmission

__all__ = ["FormSubmission"]
