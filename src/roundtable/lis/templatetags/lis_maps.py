"""`{% dataset_map_indicators dataset as indicators %}`: a published dataset's
indicators, for the links to their maps on the dataset's page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from roundtable.lis import maps

if TYPE_CHECKING:
    from roundtable.lis.models import Dataset
    from roundtable.performance.models import Indicator

register = template.Library()


@register.simple_tag
def dataset_map_indicators(dataset: Dataset) -> list[Indicator]:
    return maps.dataset_indicators(dataset)
