"""The fixed lists of the assets app."""

from __future__ import annotations

from django.db import models


class Tenure(models.TextChoices):
    FREEHOLD = "freehold", "Freehold"
    LEASEHOLD = "leasehold", "Leasehold"


class Condition(models.TextChoices):
    """The usual four-grade condition survey scale."""

    A = "A", "A: good, operating as intended"
    B = "B", "B: satisfactory, minor deterioration"
    C = "C", "C: poor, major defects"
    D = "D", "D: bad, life expired or at risk of failure"


class Plan(models.TextChoices):
    """What a partner plans for a building: the board pack's co-location
    opportunities arise "as and when partner agencies are looking to make decisions
    on property disposals and acquisitions"."""

    DISPOSAL = "disposal", "Planned for disposal"
    ACQUISITION = "acquisition", "Planned acquisition"
    REVIEW = "review", "Under review"
