"""The fixed lists of commitments (equality objectives, covenant pledges, charters)."""

from __future__ import annotations

from django.db import models


class CommitmentKind(models.TextChoices):
    EQUALITY_OBJECTIVE = "equality_objective", "Equality objective"
    COVENANT_PLEDGE = "covenant_pledge", "Covenant pledge"
    CHARTER = "charter", "Charter"
    COMPACT = "compact", "Compact"
    OTHER = "other", "Other commitment"


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    WITHDRAWN = "withdrawn", "Withdrawn"
