"""The one upload-size rule: every upload path calls `read_upload` (or `check_upload_size`), and
`RefuseOversizedUploads` turns a request away from its Content-Length before its body is read."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # spreadsheets: workbooks and CSV files
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024  # checklist evidence files, the largest upload accepted anywhere
# Room for the form's other fields and the multipart boundaries around the file.
REQUEST_OVERHEAD_BYTES = 256 * 1024


class UploadTooLarge(ValueError):
    """The upload is over the limit; the message says by how much, in words for the user."""


def too_large_message(size: int, *, limit: int = MAX_UPLOAD_BYTES) -> str:
    return f"The file is {size / 1_048_576:.1f} MB; the limit is {limit // 1_048_576} MB."


def check_upload_size(size: int | None, *, limit: int = MAX_UPLOAD_BYTES) -> None:
    if size is not None and size > limit:
        raise UploadTooLarge(too_large_message(size, limit=limit))


def read_upload(upload, *, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The uploaded file's bytes. Never reads more than one byte past the limit, whatever size it claims."""
    check_upload_size(upload.size, limit=limit)
    data = upload.read(limit + 1)
    check_upload_size(len(data), limit=limit)
    return data


class RefuseOversizedUploads:
    """413 for a request whose declared body is larger than any upload we accept, before it is read.

    The cap is the largest file accepted anywhere; each path's own limit (5 MB for spreadsheets) is checked
    by `read_upload` in the view, which also meets a request without Content-Length (chunked).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_EVIDENCE_BYTES + REQUEST_OVERHEAD_BYTES:
            limit = MAX_EVIDENCE_BYTES // 1_048_576
            message = f"The upload is {length / 1_048_576:.1f} MB; no file over {limit} MB is accepted."
            html = render_to_string("413.html", {"message": message}, request=request)
            return HttpResponse(html, status=413)
        return self.get_response(request)


def attachment_name(name: str, *, default: str = "evidence") -> str:
    """An uploaded file's name made safe to send back in Content-Disposition (letters, digits and dashes)."""
    stem, dot, extension = name.rpartition(".")
    return f"{slugify(stem) or default}.{slugify(extension)}" if dot else slugify(name) or default
