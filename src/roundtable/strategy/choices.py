"""Choices for strategies, events and the status of a priority's wording."""

from __future__ import annotations

from django.db import models


class StrategyKind(models.TextChoices):
    COMMUNITY_STRATEGY = "community_strategy", "Sustainable community strategy"
    LOCAL_AREA_AGREEMENT = "local_area_agreement", "Local area agreement"
    PARTNERSHIP_PRIORITIES = "partnership_priorities", "Partnership priorities"
    OTHER = "other", "Other strategy or plan"


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed"
    ADOPTED = "adopted", "Adopted"
    SUPERSEDED = "superseded", "Superseded"


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    BOARD_MEETING = "board_meeting", "Board meeting"
    DEVELOPMENT_DAY = "development_day", "Development day"
    CONSULTATION = "consultation", "Consultation"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"
    OTHER = "other", "Other"


class RevisionStatus(models.TextChoices):
    """What happened to a priority's wording at a revision."""

    DRAFT = "draft", "Draft"
    REFINED = "refined", "Refined"
    AGREED = "agreed", "Agreed"
    MERGED = "merged", "Merged"
    DELETED = "deleted", "Deleted"
    NEW = "new", "New"


# GOV.UK tag colour for each status (govuk-tag--<colour>).
STATUS_COLOURS: dict[str, str] = {
    RevisionStatus.DRAFT: "grey",
    RevisionStatus.REFINED: "blue",
    RevisionStatus.AGREED: "green",
    RevisionStatus.MERGED: "purple",
    RevisionStatus.DELETED: "red",
    RevisionStatus.NEW: "turquoise",
}
