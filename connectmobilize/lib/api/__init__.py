"""The REST API's shared parts (`base`, `classes`, `schema`): authentication by personal token, the one
permission class, per-token throttling, cursor pagination, strict input, versions (ETag / If-Match) and the
mapping of the services' exceptions to HTTP answers. Each app's `api/` package holds its serializers, views
and urls and calls that app's services and selectors, exactly as its pages do.

Answers, the same everywhere:
- anonymous: 401 (with WWW-Authenticate), never a redirect; a non-member of the program: 404; a member
  without the capability the action needs (lib/access.py decides): 403;
- a service's ValidationError: 400 with the messages by field (`non_field_errors` for the others);
- an edit at an old version: 409 with the current record when the version came in the body, 412 when it
  came as If-Match; an edit with no version at all: 428;
- a spreadsheet import confirmed on a preview that is no longer the job's latest: 409 (lib/jobs.StalePreview);
- a body over API_MAX_BODY_BYTES: 413; too many calls for one token: 429.
"""
