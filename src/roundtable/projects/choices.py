"""The fixed lists of the projects app."""

from __future__ import annotations

from django.db import models


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"


class Rag(models.TextChoices):
    """The red, amber or green a project update gives the project."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class RiskBand(models.TextChoices):
    """A risk's band from its score (likelihood × impact), see `rules.risk_band`."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
