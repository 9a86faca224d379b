"""Choices stored on recommendation records. Their values are the ones the import
files, exports and the API use; `rules.py` works on the same values."""

from __future__ import annotations

from django.db import models


class Response(models.TextChoices):
    AGREE = "agree", "Agree"
    WORK_IN_PROGRESS = "work_in_progress", "Work in progress"
    CONSIDER = "consider", "Consider in more detail"
    NOTE = "note", "Note"
    REJECT = "reject", "Reject"
    NONE = "none", "No response yet"


class ResponseState(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    PUBLISHED = "published", "Published"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    SUPERSEDED = "superseded", "Superseded"


class Rag(models.TextChoices):
    NONE = "", "Not rated"
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class AuthorKind(models.TextChoices):
    COMMISSION = "commission", "Independent commission"
    SCRUTINY = "scrutiny", "Scrutiny committee"
    AUDITOR = "auditor", "Auditor"
    INSPECTORATE = "inspectorate", "Inspectorate"
    WORKSHOP = "workshop", "Partnership workshop or review"
    OTHER = "other", "Other"


STATUS_COLOURS = {
    Status.NOT_STARTED: "grey",
    Status.IN_PROGRESS: "turquoise",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "yellow",
    Status.OFF_TRACK: "red",
    Status.COMPLETE: "blue",
    Status.SUPERSEDED: "purple",
}
RESPONSE_COLOURS = {
    Response.AGREE: "green",
    Response.WORK_IN_PROGRESS: "turquoise",
    Response.CONSIDER: "yellow",
    Response.NOTE: "blue",
    Response.REJECT: "red",
    Response.NONE: "grey",
}
RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green", Rag.NONE: "grey"}
