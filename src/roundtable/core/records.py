"""Saving records so that their history says who changed them, and only when they changed.

Every app's services use these, so imports and commands that run twice write
nothing the second time, and every history entry names the acting user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

if TYPE_CHECKING:
    from roundtable.accounts.models import User

M = TypeVar("M", bound=models.Model)


class Outcome(StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


def save_with_history(obj: M, actor: User | None, reason: str = "", *, validate: bool = False) -> M:
    """Save `obj`, recording `actor` (None for system jobs) and `reason` in its history.

    With `validate`, run the model's validation (fields and constraints) first, so a
    bad value is a ValidationError naming the field rather than a database error.
    """
    if validate:
        obj.full_clean()
    obj._history_user = actor  # read by django-simple-history
    if reason:
        obj._change_reason = reason
    with transaction.atomic():
        obj.save()
    return obj


def assign_changed(obj: models.Model, fields: dict[str, Any]) -> bool:
    """Set the fields whose values differ; whether anything changed.

    Foreign keys are compared by id, so checking an unchanged record never loads
    its related records.
    """
    changed = False
    for name, value in fields.items():
        field = obj._meta.get_field(name)
        if field.many_to_one:
            current = getattr(obj, field.attname)
            wanted = value.pk if isinstance(value, models.Model) else value
        else:
            current, wanted = getattr(obj, name), value
        if current != wanted:
            setattr(obj, name, value)
            changed = True
    return changed


def upsert(
    model: type[M],
    actor: User | None,
    lookup: dict[str, Any],
    fields: dict[str, Any],
    *,
    validate: bool = False,
) -> tuple[M, Outcome]:
    """Create the record matching `lookup`, or update it only where `fields` differ.

    A record whose values already match is left alone: no save, no history entry.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **fields)
        save_with_history(obj, actor, validate=validate)
        return obj, Outcome.CREATED
    if assign_changed(obj, fields):
        save_with_history(obj, actor, validate=validate)
        return obj, Outcome.CHANGED
    return obj, Outcome.UNCHANGED


@dataclass
class Upserted:
    """What `upsert_many` did, row by row, or why it did nothing."""

    objects: list[Any] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    errors: dict[int, ValidationError] = field(default_factory=dict)


def _key(model: type[models.Model], values: dict[str, Any]) -> tuple[Any, ...]:
    parts = []
    for name in sorted(values):
        value = values[name]
        parts.append((name, value.pk if isinstance(value, models.Model) else value))
    return tuple(parts)


def _existing_key(obj: models.Model, names: list[str]) -> tuple[Any, ...]:
    return tuple((name, getattr(obj, obj._meta.get_field(name).attname)) for name in sorted(names))


def upsert_many(
    model: type[M],
    actor: User | None,
    rows: list[tuple[dict[str, Any], dict[str, Any]]],
    *,
    scope: dict[str, Any],
) -> Upserted:
    """`upsert` for many rows at once, for imports: one query finds the existing
    records within `scope`, new records are created in bulk with their history,
    and only records whose values differ are saved.

    Every row's fields are validated first (`clean_fields`); if any fails, the
    errors come back by row index and nothing is written. Uniqueness is the
    caller's to check (imports report duplicates by row before calling this).
    """
    result = Upserted()
    if not rows:
        return result
    names = sorted(rows[0][0])
    # Related records come from the caller's own lookups, so skip the query per
    # foreign key that clean_fields would make to check each one exists.
    relations = [f.name for f in model._meta.fields if f.is_relation]
    existing = {_existing_key(obj, names): obj for obj in model._default_manager.filter(**scope)}
    to_create: list[M] = []
    to_save: list[M] = []
    for index, (lookup, fields) in enumerate(rows):
        obj = existing.get(_key(model, lookup))
        if obj is None:
            obj = model(**lookup, **fields)
            to_create.append(obj)
            outcome = Outcome.CREATED
        elif assign_changed(obj, fields):
            to_save.append(obj)
            outcome = Outcome.CHANGED
        else:
            outcome = Outcome.UNCHANGED
        if outcome is not Outcome.UNCHANGED:
            try:
                obj.clean_fields(exclude=relations)
                obj.clean()
            except ValidationError as error:
                result.errors[index] = error
        result.objects.append(obj)
        result.outcomes.append(outcome)
    if result.errors:
        return result
    with transaction.atomic():
        created = bulk_create_with_history(to_create, model, batch_size=500, default_user=actor)
        for obj in to_save:
            save_with_history(obj, actor)
    by_identity = {id(obj): new for obj, new in zip(to_create, created, strict=True)}
    result.objects = [by_identity.get(id(obj), obj) for obj in result.objects]
    return result


_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _adapter(field: models.Field, conn: Any) -> Any:
    """A function turning a Python value into what the database driver takes for
    `field`, resolved once per field rather than once per value."""
    if field.is_relation:
        field = field.target_field
    kind = field.get_internal_type()

    def related(value: Any) -> Any:
        return value.pk if isinstance(value, models.Model) else value

    if kind in _PLAIN:
        return related
    if kind == "DecimalField":
        digits, places = field.max_digits, field.decimal_places
        return lambda v: conn.ops.adapt_decimalfield_value(v, digits, places)
    if kind == "DateField":
        return conn.ops.adapt_datefield_value
    return lambda v: field.get_db_prep_save(related(v), conn)


def insert_with_history(
    model: type[models.Model],
    actor: User | None,
    rows: list[dict[str, Any]],
    *,
    key: tuple[str, ...],
    scope: dict[str, Any],
) -> int:
    """Insert many new records and their "created" history rows, fast.

    For imports that have already validated every value: no model instances,
    no per-row validation, two `executemany` statements and one query for the new
    ids (found by `key`, the fields that identify a record within `scope`).
    Fields a row leaves out take their defaults. Returns how many were inserted.
    """
    if not rows:
        return 0
    conn = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    adapters = [(f.name, _adapter(f, conn)) for f in fields]
    defaults = {f.name: f.get_default() for f in fields}
    quote = conn.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [[adapt(row.get(name, defaults[name])) for name, adapt in adapters] for row in rows]
    history = model.history.model
    history_fields = [f for f in history._meta.concrete_fields if f.name != "history_id"]
    history_adapters = [(f.name, _adapter(f, conn)) for f in history_fields]
    now = timezone.now()
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608 - names from the model, values as parameters
            values,
        )
        attnames = [model._meta.get_field(name).attname for name in key]
        ids = {
            tuple(found[:-1]): found[-1]
            for found in model._default_manager.filter(**scope).values_list(*attnames, "pk")
        }
        extra = {
            "history_date": now,
            "history_type": "+",
            "history_user": actor.pk if actor is not None else None,
            "history_change_reason": None,
        }
        history_rows = []
        for row in rows:
            wanted = tuple(
                row[name].pk if isinstance(row[name], models.Model) else row[name] for name in key
            )
            full = {**defaults, **row, **extra, "id": ids[wanted]}
            history_rows.append([adapt(full.get(name)) for name, adapt in history_adapters])
        cursor.executemany(
            f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 - as above
            f"({', '.join(quote(f.column) for f in history_fields)}) "
            f"VALUES ({', '.join(['%s'] * len(history_fields))})",
            history_rows,
        )
    return len(rows)
