"""Choices stored on performance records. Their values are the ones the import
files and the API use; `rules.py` has the matching pure enums."""

from __future__ import annotations

from django.db import models


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NONE = "none", "No judgement"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    FOUR_MONTHLY = "4-monthly", "4-monthly"
    ANNUAL = "annual", "Annual"


class Aggregation(models.TextChoices):
    SUM = "sum", "Sum of the shorter periods (counts)"
    LATEST = "latest", "Latest value (snapshots and year-to-date measures)"
    MEAN = "mean", "Mean of the shorter periods (averages)"


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "%", "Percentage"
    RATE_10K = "rate per 10,000", "Rate per 10,000"
    RATE_1K = "rate per 1,000", "Rate per 1,000"
    POUNDS = "£", "Pounds (£)"
    DAYS = "days", "Days"
    YEARS = "years", "Years"


class ToleranceKind(models.TextChoices):
    ABSOLUTE = "absolute", "In the indicator's unit"
    PERCENT = "percent", "Percentage of the target"


class Lifecycle(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


class PolicyChoice(models.TextChoices):
    TOLERANCE_BAND = "tolerance_band", "Tolerance band"
    AMBER_IF_IMPROVING = "amber_if_improving", "Amber when off target but improving on last year"
    AMBER_IF_FORECAST = (
        "amber_if_forecast",
        "Amber when off target but the forecast meets the year-end target",
    )


class JudgeAgainst(models.TextChoices):
    PERIOD_TARGET = "period", "The period's target"
    YEAR_END_TARGET = "year_end", "The year-end target"


class SubmissionState(models.TextChoices):
    DRAFT = "draft", "Not yet submitted"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for changes"


class MissingReason(models.TextChoices):
    NOT_YET_AVAILABLE = "not_yet_available", "Data not yet available"
    NOT_COLLECTED = "not_collected", "Not collected this period"
    OTHER = "other", "Other"


class IssueKind(models.TextChoices):
    SOURCE_STOPPED = "source_stopped", "Data source stopped"
    DEFINITION_CHANGED = "definition_changed", "Definition changed"
    NO_DATA = "no_data", "No data available"
    REPLACED = "replaced", "Indicator replaced"


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


class ValueType(models.TextChoices):
    """What kind of statistic an indicator's values are (the LIS computes confidence
    intervals by it); blank for indicators that predate it."""

    COUNT = "count", "Count"
    PROPORTION = "proportion", "Proportion (shown as %)"
    RATE = "rate", "Rate (per the multiplier)"
    MEAN = "mean", "Mean"
    RATIO = "ratio", "Ratio"
    OTHER = "other", "Other"
