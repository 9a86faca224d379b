"""The fixed lists of the engagement app: modes, contact methods and the quadrants."""

from __future__ import annotations

from django.db import models


class Mode(models.TextChoices):
    """How the partnership engages a stakeholder (Westminster, 2019)."""

    COMMISSIONING = "commissioning", "Commissioning"
    GRANT = "grant", "Grant or service level agreement"
    STRATEGIC_PLANNING = "strategic_planning", "Strategic planning"
    NETWORK = "network", "Network or forum"
    CONSULTATION = "consultation", "Consultation"
    LOBBYING = "lobbying", "Lobbying"
    RESIDENT_ENGAGEMENT = "resident_engagement", "Resident engagement"
    INFORMATION_SHARING = "information_sharing", "Information sharing"


class Method(models.TextChoices):
    """How a contact was (or will be) made."""

    MEETING = "meeting", "Meeting"
    CALL = "call", "Call"
    EMAIL = "email", "Email"
    EVENT = "event", "Event"
    LETTER = "letter", "Letter"
    CONSULTATION_RESPONSE = "consultation_response", "Consultation response"
    FUNDING_REQUEST = "funding_request", "Funding request"
    VISIT = "visit", "Visit"


class Audience(models.TextChoices):
    """The kinds of people a consultation is for (more than one may apply)."""

    RESIDENTS = "residents", "Residents"
    YOUNG_PEOPLE = "young_people", "Young people"
    OLDER_PEOPLE = "older_people", "Older people"
    BUSINESSES = "businesses", "Businesses"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary and community sector"
    FAITH_GROUPS = "faith_groups", "Faith groups"
    PARTNERS = "partners", "Partner organisations"
    STAFF = "staff", "Staff"


class ConsultationStatus(models.TextChoices):
    """Where a consultation is: planned ones are internal until they open."""

    PLANNED = "planned", "Planned"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    RESULTS_PUBLISHED = "results_published", "Results published"
