"""What other apps place on an agenda item: shown under the item on the meeting
page and printed in the board pack, like the performance report an item takes.

`meetings` sits below the apps that put things on an agenda (a project's update to
the board, say), so it never imports them. Instead each registers a provider in its
`AppConfig.ready()`::

    from roundtable.meetings import attachments
    attachments.register(updates_on_items)

A provider takes the reader (the user, or the public for a public pack) and the
ids of the agenda items being shown, and returns an `Attachment` for each record
it places on one of them, **read through its own `visible_to(reader)`**: the
meeting page and the pack show whatever providers return, so a provider that did
not filter would leak. One query per provider, whatever the number of items.

The board pack prints each attachment on a page of its own after the item's papers
(its `html`, escaped by the provider), with its address; the meeting page links to
it under the item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Attachment:
    """One record on an agenda item: `title` for the agenda and the pack's bookmarks,
    `url` its page (a path), `html` what the pack prints (safe, escaped HTML)."""

    item_id: int
    title: str
    url: str
    html: SafeString


Provider = Callable[[Any, list[int]], Iterable[Attachment]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider (once, however often `ready()` runs)."""
    if provider not in _providers:
        _providers.append(provider)


def attachments_for(reader: Any, item_ids: Iterable[int]) -> dict[int, list[Attachment]]:
    """Every provider's attachments to these items, as `reader` may see them."""
    ids = list(item_ids)
    found: dict[int, list[Attachment]] = {}
    if not ids:
        return found
    for provider in _providers:
        for attachment in provider(reader, ids):
            found.setdefault(attachment.item_id, []).append(attachment)
    return found
