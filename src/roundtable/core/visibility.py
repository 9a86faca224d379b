"""Who may see each record, declared once, next to its model: default deny.

Every concrete model of a Roundtable app says who may see it, in one of two ways:

- **It holds hidden state** (restricted, draft, unpublished, internal to a
  partnership, private to a user, or a child of such a record): its default
  manager's queryset has `visible_to(user)`, the one filter every output starts
  from (pages, partials, search, the API, feeds, exports, counts, sort orders),
  and the model has `is_visible_to(user)`, the object check. The object check
  must agree with the queryset, so write it as the queryset narrowed to the object::

      class Paper(models.Model):
          ...
          objects = PaperQuerySet.as_manager()
          is_visible_to = visible_through_queryset

- **It holds none**: it says so, and why, with `public`::

      class Body(models.Model):
          ...
          visibility = public("Boards and groups are published on the structure chart.")

  A public model that has a field looking like hidden state (`status` with a
  "draft" choice, say) names it in `despite`, with the reason saying why the
  field hides nothing.

`core/tests/test_visibility_declared.py` walks every model and fails, naming it,
when a model declares neither, declares `public` while holding a field that
signals hidden state, or declares `public` while belonging to (deleted with) a
record that has `visible_to`: a child is visible only where its parent is. The
rules, one line per model, are in docs/accounts.md, "Who may see each record".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db import models


@dataclass(frozen=True)
class Public:
    """The declaration that anyone, signed in or not, may see every row of a model."""

    reason: str
    despite: tuple[str, ...] = ()


def public(reason: str, *, despite: Iterable[str] = ()) -> Public:
    """Declare a model public: `reason` says why anyone may see it; `despite` names
    fields that look like hidden state but are not (each must exist)."""
    if not reason.strip():
        raise ValueError("Say why anyone may see this model's records")
    return Public(reason, tuple(despite))


def visible_through_queryset(obj: models.Model, user: Any) -> bool:
    """`is_visible_to` for a model whose queryset has `visible_to(user)`: the
    queryset narrowed to this object, so the object check and every list agree."""
    manager = type(obj)._default_manager
    return manager.visible_to(user).filter(pk=obj.pk).exists()


def declaration(model: type[models.Model]) -> Public | str | None:
    """What `model` declares: its `Public`, "visible_to", or None when it declares neither
    (or only half of the queryset method and the object check)."""
    marker = model.__dict__.get("visibility")
    if isinstance(marker, Public):
        return marker
    queryset = type(model._default_manager.get_queryset())
    if callable(getattr(queryset, "visible_to", None)) and callable(
        getattr(model, "is_visible_to", None)
    ):
        return "visible_to"
    return None
