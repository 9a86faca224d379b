"""Template context about the partnership being looked at."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import lazy

from roundtable.partnership.addresses import equivalent_path


def _change_url(path_info: str) -> str:
    here = equivalent_path(path_info)
    chooser = reverse("partnership:partnership-list")
    return f"{chooser}?{urlencode({'next': here})}" if here != "/" else chooser


def addresses(request: HttpRequest) -> dict[str, object]:
    """`change_partnership_url`: the partnership chooser, told which page to keep
    (worked out only when a template shows it)."""
    return {"change_partnership_url": lazy(_change_url, str)(request.path_info)}
