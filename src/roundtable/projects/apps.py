from __future__ import annotations

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "roundtable.projects"
    label = "projects"
    verbose_name = "Projects, money and commitments"
