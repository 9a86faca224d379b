from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    """What a signed-in user may do. Anonymous visitors are the public."""

    ADMINISTRATOR = "administrator", "Partnership administrator"
    EDITOR = "editor", "Organisation editor"
    MEMBER = "member", "Board member"
