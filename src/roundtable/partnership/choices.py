from __future__ import annotations

from django.db import models


class Sector(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVATE = "private", "Private"
    VOLUNTARY = "voluntary", "Voluntary and community"
    FAITH = "faith", "Faith"
    BUSINESS = "business", "Business"


class BodyKind(models.TextChoices):
    EXECUTIVE_BOARD = "executive_board", "Executive board"
    STAKEHOLDER_FORUM = "stakeholder_forum", "Stakeholder advisory forum"
    THEME_PARTNERSHIP = "theme_partnership", "Theme partnership"
    ASSOCIATE_THEME_GROUP = "associate_theme_group", "Associate theme group"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"
    PROJECT_BOARD = "project_board", "Project board"
    NETWORK = "network", "Network"
    # A body outside the partnership on which it is represented (Warwick's seat on the
    # County LSP's Public Service Board): its representatives report back.
    OUTSIDE_BODY = "outside_body", "Outside body"


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    OFFICER = "officer", "Officer in attendance"
    SECRETARIAT = "secretariat", "Secretariat"
    THEME_LEAD = "theme_lead", "Theme lead"
    COMMUNITY_REP = "community_rep", "Community representative"
    SUBSTITUTE = "substitute", "Substitute"


# Roles whose seat gives access: `core.permissions.sits_on` counts a current
# membership in any role, so its holder reads the body's restricted and draft
# papers (and a secretariat seat runs its meetings). Seats in these roles are
# granted, changed and ended only by the partnership's administrators and the
# body's secretariat; organisation editors may record seats in the other roles
# only, and today there are none (#10).
ROLES_WITH_ACCESS: frozenset[str] = frozenset(MembershipRole.values)

# The order in which roles are listed on a body page.
ROLE_ORDER = [
    MembershipRole.CHAIR,
    MembershipRole.VICE_CHAIR,
    MembershipRole.MEMBER,
    MembershipRole.THEME_LEAD,
    MembershipRole.COMMUNITY_REP,
    MembershipRole.SUBSTITUTE,
    MembershipRole.OFFICER,
    MembershipRole.SECRETARIAT,
]

TOR_SECTIONS: list[tuple[str, str]] = [
    ("purpose", "Purpose"),
    ("membership", "Membership"),
    ("remit", "Remit"),
    ("role", "Role"),
    ("meeting_frequency", "Meets"),
    ("tasks", "Tasks"),
    ("members_role", "Members' role"),
    ("communication", "Communication"),
    ("connectivity", "Connectivity"),
]

# The order in which bodies are listed on the structure chart.
KIND_ORDER = [
    BodyKind.EXECUTIVE_BOARD,
    BodyKind.STAKEHOLDER_FORUM,
    BodyKind.THEME_PARTNERSHIP,
    BodyKind.ASSOCIATE_THEME_GROUP,
    BodyKind.TASK_AND_FINISH,
    BodyKind.PROJECT_BOARD,
    BodyKind.NETWORK,
    BodyKind.OUTSIDE_BODY,
]

# The sections' field names, in order.
TOR_FIELDS: tuple[str, ...] = tuple(name for name, _ in TOR_SECTIONS)
