"""Training completion (DOMAIN.md §8.5): who must be trained, who is. Reads only."""

from dataclasses import dataclass

from django.db.models import Count, F, Q

from programs.models import Program

from .choices import Attendance, Audience
from .models import Trainee


@dataclass(frozen=True)
class AudienceCompletion:
    audience: str
    total: int
    trained: int
    target: int  # percent

    @property
    def label(self) -> str:
        return Audience(self.audience).label

    @property
    def pct(self) -> float:
        return round(100 * self.trained / self.total, 1) if self.total else 0.0

    @property
    def met(self) -> bool:
        return self.pct >= self.target


def completion_by_audience(program: Program, target: int) -> list[AudienceCompletion]:
    """One query: trainees per audience, and those who attended a course for their audience."""
    rows = (
        Trainee.objects.filter(program=program)
        .values("audience")
        .annotate(
            total=Count("pk", distinct=True),
            trained=Count(
                "pk",
                distinct=True,
                filter=Q(
                    enrolments__attendance=Attendance.ATTENDED,
                    enrolments__session__course__audience=F("audience"),
                ),
            ),
        )
        .order_by("audience")
    )
    return [AudienceCompletion(r["audience"], r["total"], r["trained"], target) for r in rows]
