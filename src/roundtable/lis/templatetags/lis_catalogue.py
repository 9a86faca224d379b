"""What the catalogue's pages offer the visitor, decided by `lis.permissions`:
`{% catalogue_actions as actions %}` on the catalogue (add an entry, import
statistics), `{% dataset_actions dataset as actions %}` on a dataset's page (edit,
history, import into it). Templates only read the booleans."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from roundtable.lis import permissions
from roundtable.partnership.middleware import current_partnership

if TYPE_CHECKING:
    from roundtable.lis.models import Dataset

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_actions(context: dict[str, Any]) -> permissions.CatalogueActions:
    request = context["request"]
    return permissions.catalogue_actions(request.user, current_partnership(request))


@register.simple_tag(takes_context=True)
def dataset_actions(context: dict[str, Any], dataset: Dataset) -> permissions.CatalogueActions:
    return permissions.dataset_actions(context["request"].user, dataset)
