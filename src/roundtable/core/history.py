"""The History tab: who changed a record, when, and what it was before and after.

Every app's history view is a one-liner over `render_history`, after its own
access helper has checked the user may see the record's history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from roundtable.core.permissions import Action, require

CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: Any
    who: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    subject: str = ""  # which part of the record, on a page of several ("Action: ...")


def _display(record: Any, field_name: str, value: Any) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    if isinstance(model_field, models.ManyToManyField):
        return _display_many(model_field, value or [])
    if value in (None, ""):
        return "(blank)"
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value} (deleted)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)


def _display_many(model_field: models.ManyToManyField, rows: list[dict[str, Any]]) -> str:
    """simple-history gives m2m values as through-table rows; show the related records."""
    target = model_field.m2m_reverse_field_name()
    ids = [row[target] for row in rows if target in row]
    related = model_field.related_model._default_manager.in_bulk(ids)
    names = sorted(str(related[i]) if i in related else f"#{i} (deleted)" for i in ids)
    return ", ".join(names) or "(none)"


def history_entries(obj: models.Model) -> list[HistoryEntry]:
    """The record's history, newest first, each with its field-by-field changes."""
    return entries_of(obj.history.select_related("history_user__person"))


def entries_of(history: Iterable[Any], subject: str = "") -> list[HistoryEntry]:
    """The entries of one record's historical rows (read with their `history_user`;
    the record may since have been deleted), newest first, each named `subject`."""
    records = sorted(history, key=lambda r: (r.history_date, r.pk), reverse=True)
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[FieldChange] = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                label = str(record.instance_type._meta.get_field(change.field).verbose_name)
                changes.append(
                    FieldChange(
                        label=label[:1].upper() + label[1:],
                        old=_display(record, change.field, change.old),
                        new=_display(record, change.field, change.new),
                    )
                )
        user = record.history_user
        who = user.display_name if user else "System (import or command)"
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=who,
                kind=CHANGE_TYPES.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
                subject=subject,
            )
        )
    return entries


def render_history(
    request: HttpRequest,
    obj: models.Model,
    *,
    title: str,
    back_url: str,
    tabs: str = "",
    entries: Callable[[], list[HistoryEntry]] | None = None,
) -> HttpResponse:
    """Render the History tab for `obj`: for signed-in users of its own partnership
    (`can(user, Action.VIEW_HISTORY, obj)`), after the app's access helper has
    checked they may see the record itself. `entries` gives a record's history with
    its parts' (read only once the user may see it); by default, `obj`'s own."""
    require(request.user, Action.VIEW_HISTORY, obj)
    rows = entries() if entries is not None else history_entries(obj)
    return render(
        request,
        "core/history.html",
        {"object": obj, "title": title, "back_url": back_url, "entries": rows},
    )
