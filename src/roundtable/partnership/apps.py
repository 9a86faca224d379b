from __future__ import annotations

from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "roundtable.partnership"
    label = "partnership"
    verbose_name = "Partnership structure"
