"""Records of higher apps that link to a recommendation, shown on its page.

`recommendations` sits below the apps whose records serve a recommendation (the
projects that carry it out), so it never imports them. Instead each registers a
provider in its `AppConfig.ready()`::

    from roundtable.recommendations import related
    related.register(projects_for)

A provider takes the viewer and the recommendation and returns a `Related` for each
record that links to it, **read through its own `visible_to(user)`** (the page
shows whatever providers return). One query per provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Related:
    """A linked record: `kind` heads its group ("Projects"), `label` and `url` the link,
    `note` a few words after it (its lead, its status)."""

    kind: str
    label: str
    url: str
    note: str = ""


Provider = Callable[[Any, Any], Iterable[Related]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider (once, however often `ready()` runs)."""
    if provider not in _providers:
        _providers.append(provider)


def related_to(user: Any, recommendation: Any) -> dict[str, list[Related]]:
    """Every provider's records linked to the recommendation, grouped by kind."""
    found: dict[str, list[Related]] = {}
    for provider in _providers:
        for record in provider(user, recommendation):
            found.setdefault(record.kind, []).append(record)
    return found
