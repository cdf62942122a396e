"""The project package's own tables: the form submissions that make a double submit create once, and the
personal API tokens of the REST API."""

from connectmobilize.lib.records import FormSubmission
from connectmobilize.lib.tokens import ApiToken

__all__ = ["ApiToken", "FormSubmission"]
