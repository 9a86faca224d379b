from __future__ import annotations

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "roundtable.engagement"
    label = "engagement"
    verbose_name = "Stakeholder engagement"

    def ready(self) -> None:
        # Consultations, agreements and stakeholders in the site search.
        from roundtable.engagement.search import register_sections

        register_sections()
        # A body's page lists the consultations and agreements it owns; partnership
        # is a lower layer and never imports this app (`partnership.sections`).
        from roundtable.engagement.sections import owned_section
        from roundtable.partnership.sections import register_body_section

        register_body_section("engagement", owned_section)
        # A project's page lists the consultations serving it and (internally) the
        # contacts about it; a meeting's page the consultations linked to it. Both
        # apps are lower layers (`projects.page_sections`, `meetings.page_sections`).
        from roundtable.engagement.sections import meeting_section, project_section
        from roundtable.meetings.page_sections import register_meeting_section
        from roundtable.projects.page_sections import register_project_section

        register_project_section("engagement", project_section)
        register_meeting_section("engagement", meeting_section)
        # A priority's page lists the consultations naming it (`strategy.page_sections`).
        from roundtable.engagement.sections import priority_section
        from roundtable.strategy.page_sections import register_priority_section

        register_priority_section("engagement", priority_section)
        # A place's page lists the consultations about it (`geography.sections`).
        from roundtable.engagement.place_sections import consultations_section
        from roundtable.geography.sections import register_place_section

        register_place_section("engagement", consultations_section)
