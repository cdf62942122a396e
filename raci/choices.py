from django.db import models

# Lengths of an activity's texts: the page's form and the importer refuse longer ones, each naming the field or cell.
ACTIVITY_NAME_MAX = 300
ACTIVITY_GROUP_MAX = 120


class MatrixKind(models.TextChoices):
    RACI = "RACI", "RACI"
    RASCI = "RASCI", "RASCI (with Supportive)"


class MatrixPhase(models.TextChoices):
    PLAN = "plan", "Plan"
    IMPLEMENT = "implement", "Implement"
    SUPPORT = "support", "Support"
    DISCOVERY = "discovery_roadmap", "Discovery & roadmap"
    DESIGN = "design", "Design"
    BUILD = "build", "Build"
    TEST = "test", "Test"
    DEPLOY = "deploy", "Deploy"
    POST_GO_LIVE = "post_go_live_support", "Post go-live support"


class MatrixStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class Code(models.TextChoices):
    AR = "AR", "A/R – Accountable and Responsible"
    R = "R", "R – Responsible"
    A = "A", "A – Accountable"
    S = "S", "S – Supportive"
    C = "C", "C – Consulted"
    I = "I", "I – Informed"  # noqa: E741 - the letter people use
