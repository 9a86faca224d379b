from __future__ import annotations

from django.apps import AppConfig


class PersonalConfig(AppConfig):
    name = "roundtable.personal"
    label = "personal"
    verbose_name = "My Roundtable"
