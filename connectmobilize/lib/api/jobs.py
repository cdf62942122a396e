"""What the API's spreadsheet jobs share (the RACI and operating-model imports and exports): the job as a client
polls it, a problem of a sheet by its cell, and the multipart upload. Each app's views call its own services,
which run the one job pipeline (connectmobilize/lib/jobs.py)."""

import re

from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ..models import JobStatus

__all__ = ["CellProblemSerializer", "JobPage", "JobSerializer", "MultipartUpload", "by_cell"]


class JobSerializer(serializers.Serializer):
    """What every background job shows while a client polls it (the page's progress bar)."""

    id = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=JobStatus.choices, read_only=True)
    progress = serializers.IntegerField(read_only=True, help_text="Percent done.")
    progress_note = serializers.CharField(read_only=True, help_text='e.g. "1,200 of 5,000 rows read".')
    error = serializers.CharField(
        read_only=True, help_text="Why it failed, or (ready) why the preview must be seen again; in words."
    )
    created_by = serializers.CharField(source="created_by.username", read_only=True, allow_null=True, default=None)
    created_at = serializers.DateTimeField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)


class CellProblemSerializer(serializers.Serializer):
    cell = serializers.CharField(allow_blank=True, help_text='Where, as the sheet names it (e.g. "Sheet1!C2").')
    message = serializers.CharField()


_AT_CELL = re.compile(r"^(?P<cell>[^\n]*?![A-Z]{1,3}\d+(?:[–-][A-Z]{0,3}\d+)?): (?P<message>.*)$", re.DOTALL)


def by_cell(lines: list[str]) -> list[dict[str, str]]:
    """The parsers' "Sheet1!C2: message" lines as {cell, message} (cell "" for a line about no one cell)."""
    found = [(_AT_CELL.match(line), line) for line in lines]
    return [{"cell": m["cell"], "message": m["message"]} if m else {"cell": "", "message": line} for m, line in found]


class JobPage:
    """Answers shared by the import and export jobs: 202 with the job after a step is queued. An import's
    `confirm` on a preview that is no longer the latest is 409 (the schema documents it for that action)."""

    stale_preview_action = "confirm"

    def job_answer(self, job, *, status: int = 200) -> Response:
        return Response(self.get_serializer(job).data, status=status)  # type: ignore[attr-defined]


class MultipartUpload:
    """The upload (`upload_action`) is multipart (a file; JSON is read only to say the file is missing); every
    other call is JSON."""

    upload_action = "create"

    def get_parsers(self):
        method = getattr(getattr(self, "request", None), "method", None)  # None while the schema is generated
        action = getattr(self, "action_map", {}).get(method.lower()) if method else getattr(self, "action", None)
        if action == self.upload_action:
            return [MultiPartParser(), *super().get_parsers()]
        return super().get_parsers()
