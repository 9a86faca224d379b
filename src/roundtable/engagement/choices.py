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


class AgreementStatus(models.TextChoices):
    """Where an information-sharing agreement is: drafts are internal."""

    DRAFT = "draft", "Draft"
    IN_FORCE = "in_force", "In force"
    UNDER_REVIEW = "under_review", "Under review"
    ENDED = "ended", "Ended"


class LawfulBasis(models.TextChoices):
    """The lawful bases an information-sharing agreement may rest on: UK GDPR Article
    6(1) bases, Article 9(2) conditions for special category data, and the statutory
    gateways partnerships most often share under. `OTHER_GATEWAY` needs its name in
    `SharingAgreement.other_gateway`. The value's prefix (`art6_`, `art9_`,
    `gateway_`) is its group (`rules.basis_group`)."""

    ART6_A = "art6_a", "Article 6(1)(a): consent"
    ART6_B = "art6_b", "Article 6(1)(b): contract"
    ART6_C = "art6_c", "Article 6(1)(c): legal obligation"
    ART6_D = "art6_d", "Article 6(1)(d): vital interests"
    ART6_E = "art6_e", "Article 6(1)(e): public task"
    ART6_F = "art6_f", "Article 6(1)(f): legitimate interests"
    ART9_A = "art9_a", "Article 9(2)(a): explicit consent"
    ART9_B = "art9_b", "Article 9(2)(b): employment, social security and social protection"
    ART9_C = "art9_c", "Article 9(2)(c): vital interests"
    ART9_D = "art9_d", "Article 9(2)(d): not-for-profit bodies"
    ART9_E = "art9_e", "Article 9(2)(e): made public by the data subject"
    ART9_F = "art9_f", "Article 9(2)(f): legal claims or judicial acts"
    ART9_G = "art9_g", "Article 9(2)(g): reasons of substantial public interest"
    ART9_H = "art9_h", "Article 9(2)(h): health or social care"
    ART9_I = "art9_i", "Article 9(2)(i): public health"
    ART9_J = "art9_j", "Article 9(2)(j): archiving, research and statistics"
    CRIME_AND_DISORDER_115 = (
        "gateway_cda1998_s115",
        "Crime and Disorder Act 1998, section 115",
    )
    CHILDREN_ACT_10 = "gateway_ca2004_s10", "Children Act 2004, section 10"
    CHILDREN_ACT_11 = "gateway_ca2004_s11", "Children Act 2004, section 11"
    HEALTH_SOCIAL_CARE_251B = (
        "gateway_hsca2012_s251b",
        "Health and Social Care Act 2012, section 251B",
    )
    CARE_ACT_45 = "gateway_ca2014_s45", "Care Act 2014, section 45 (safeguarding adults boards)"
    DIGITAL_ECONOMY_PART5 = "gateway_dea2017_pt5", "Digital Economy Act 2017, Part 5"
    OTHER_GATEWAY = "gateway_other", "Another statutory gateway (name it)"
