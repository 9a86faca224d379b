from __future__ import annotations

from django.db import models


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class MinutesStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Circulated to members"
    APPROVED = "approved", "Approved"


#: The meetings list's `?minutes=` filter: meetings held whose minutes are not yet
#: approved (`MeetingQuerySet.minutes_not_approved`).
MINUTES_NOT_APPROVED = "not-approved"


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"
    VERBAL_UPDATE = "verbal_update", "Verbal update"


class RestrictionCategory(models.TextChoices):
    """Why an item is not open to the public.

    The first seven are the categories of exempt information in Schedule 12A to
    the Local Government Act 1972, which councils' committees already use; the
    last is for partners' own confidential business.
    """

    INDIVIDUAL = "individual", "Information relating to an individual"
    IDENTITY = "identity", "Information likely to reveal the identity of an individual"
    FINANCIAL = "financial", "Financial or business affairs of a particular person or body"
    LABOUR_RELATIONS = "labour_relations", "Consultations or negotiations on labour relations"
    LEGAL_PRIVILEGE = "legal_privilege", "Legal professional privilege"
    NOTICES_ORDERS = "notices_orders", "Notices, orders or directions to be given or made"
    CRIME = "crime", "Prevention, investigation or prosecution of crime"
    PARTNER_CONFIDENTIAL = "partner_confidential", "Confidential to the partners"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Capacity(models.TextChoices):
    """In what capacity someone is at a meeting."""

    MEMBER = "member", "Member"
    SUBSTITUTE = "substitute", "Substitute"
    IN_ATTENDANCE = "in_attendance", "Also attending"


class DecisionType(models.TextChoices):
    AGREED = "agreed", "Agreed"
    NOTED = "noted", "Noted"
    ENDORSED = "endorsed", "Endorsed"
    APPROVED = "approved", "Approved"
    DEFERRED = "deferred", "Deferred"
    REJECTED = "rejected", "Rejected"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


# Statuses in which an action is still owed, so it is carried to the next
# meeting as a matter arising and can become overdue.
OUTSTANDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Repeat(models.TextChoices):
    """How a series of meetings repeats."""

    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY_BY_WEEKDAY = "monthly_weekday", "Monthly, on the same weekday of the month"
    QUARTERLY_BY_WEEKDAY = "quarterly_weekday", "Every three months, on the same weekday"
