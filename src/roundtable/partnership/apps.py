from __future__ import annotations

from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "roundtable.partnership"
    label = "partnership"
    verbose_name = "Partnership structure"

    def ready(self) -> None:
        # The role policy that `core.permissions.can` asks: core knows no app.
        from roundtable.core.permissions import register_policy
        from roundtable.partnership.access import role_policy

        register_policy(role_policy)
        # The setup checklist's first steps; strategy and performance add theirs.
        from roundtable.partnership.checklist import register_partnership_steps

        register_partnership_steps()
        # Organisations, boards and people in the site search.
        from roundtable.partnership.search import register_sections

        register_sections()
