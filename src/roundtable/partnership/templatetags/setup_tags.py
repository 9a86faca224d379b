"""`{% import_templates "organisations" "units" as templates %}`: the template files an
import page offers, from the registry in `partnership.checklist`."""

from __future__ import annotations

from django import template

from roundtable.partnership.checklist import ImportTemplate, import_template

register = template.Library()


@register.simple_tag
def import_templates(*kinds: str) -> list[ImportTemplate]:
    found = (import_template(f"{kind}.csv") for kind in kinds)
    return [t for t in found if t is not None]
