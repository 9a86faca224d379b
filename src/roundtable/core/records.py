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
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User

M = TypeVar("M", bound=models.Model)


class Outcome(StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


def save_with_history(
    obj: M,
    actor: User | None,
    reason: str = "",
    *,
    validate: bool = False,
    update_fields: list[str] | None = None,
) -> M:
    """Save `obj`, recording `actor` (None for system jobs) and `reason` in its history.

    With `validate`, run the model's validation (fields and constraints) first, so a
    bad value is a ValidationError naming the field rather than a database error.
    With `update_fields`, write those fields only (the history entry is whole).
    """
    if validate:
        obj.full_clean()
    obj._history_user = actor  # read by django-simple-history
    if reason:
        obj._change_reason = reason
    with transaction.atomic():
        obj.save(update_fields=update_fields)
    return obj


def save_if_changed(
    obj: models.Model, actor: User | None, reason: str = "", *, validate: bool = False
) -> bool:
    """`save_with_history`, unless `obj` is already stored with these values: then
    nothing is written (no save, no history entry). One query reads the stored row.
    For services whose callers set every field (a demo loader or a form saved again
    as it was); automatic timestamps are not compared. Whether it saved.

    `actor` is noted on `obj` either way, so a history entry that a later change of
    its many-to-many links writes names them too."""
    obj._history_user = actor
    if obj.pk is not None:
        names = [f.attname for f in obj._meta.concrete_fields if not getattr(f, "auto_now", False)]
        stored = type(obj)._default_manager.filter(pk=obj.pk).values(*names).first()
        if stored is not None and all(getattr(obj, name) == stored[name] for name in names):
            return False
    save_with_history(obj, actor, reason, validate=validate)
    return True


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
    `field`, resolved once per field rather than once per value; None when the
    driver takes the value as it is."""
    if field.is_relation:
        target = field.target_field.attname
        return lambda v: getattr(v, target) if isinstance(v, models.Model) else v
    kind = field.get_internal_type()
    if kind in _PLAIN:
        return None
    if kind == "DecimalField":
        if (
            type(conn.ops).adapt_decimalfield_value
            is BaseDatabaseOperations.adapt_decimalfield_value
        ):
            return None  # the driver adapts Decimal itself
        digits, places = field.max_digits, field.decimal_places
        return lambda v: conn.ops.adapt_decimalfield_value(v, digits, places)
    if kind == "DateField":
        return conn.ops.adapt_datefield_value
    return lambda v: field.get_db_prep_save(v, conn)


def insert_with_history(
    model: type[models.Model], actor: User | None, rows: list[dict[str, Any]]
) -> int:
    """Insert many new records and their "created" history rows, fast.

    For imports that have already validated every value: no model instances,
    no per-row validation; one `executemany` (PostgreSQL: `COPY`) inserts the records and one
    `INSERT ... SELECT` copies them into their history table inside the database.
    The new records are told apart by id: no one else can write to the table
    until the transaction ends (SQLite holds its write lock from the first insert;
    PostgreSQL takes a table lock that still lets others read), so every record
    with an id from the first new one on is new. Fields a row leaves out take
    their defaults. Returns how many were inserted.
    """
    if not rows:
        return 0
    pk = model._meta.pk
    if not isinstance(pk, AutoFieldMixin):
        raise TypeError(f"{model.__name__} needs an automatic id to insert in bulk")
    conn = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    pairs = [(f.name, f.get_default()) for f in fields]
    values = [[row.get(name, default) for name, default in pairs] for row in rows]
    for index, model_field in enumerate(fields):
        adapt = _adapter(model_field, conn)
        if adapt is not None:
            for row in values:
                if row[index] is not None:
                    row[index] = adapt(row[index])
    quote = conn.ops.quote_name
    table = quote(model._meta.db_table)
    insert = (
        f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608 - names from the model, values as parameters
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    history = model.history.model
    columns = {f.name: f.column for f in model._meta.concrete_fields}
    extra = {
        "history_date": conn.ops.adapt_datetimefield_value(timezone.now()),
        "history_type": "+",
        "history_user": actor.pk if actor is not None else None,
        "history_change_reason": None,
    }
    targets, sources, params = [], [], []
    for copied in history._meta.concrete_fields:
        if copied.name == "history_id":
            continue
        targets.append(quote(copied.column))
        if copied.name in columns:
            sources.append(quote(columns[copied.name]))
        elif copied.name in extra:
            sources.append("%s")
            params.append(extra[copied.name])
        else:
            raise TypeError(f"{history.__name__}.{copied.name} has no value to copy in bulk")
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(insert, values[0])
        cursor.execute(f"SELECT MAX({quote(pk.column)}) FROM {table}")  # noqa: S608 - as above
        (first,) = cursor.fetchone()
        if conn.vendor == "postgresql":
            # COPY, PostgreSQL's bulk load, takes the rows as they are.
            names = ", ".join(quote(f.column) for f in fields)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in values[1:]:
                    copy.write_row(row)
        else:
            cursor.executemany(insert, values[1:])
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(targets)}) "  # noqa: S608 - as above
            f"SELECT {', '.join(sources)} FROM {table} WHERE {quote(pk.column)} >= %s",
            [*params, first],
        )
    return len(rows)


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def update_in_bulk(model: type[models.Model], objs: list[models.Model], names: list[str]) -> None:
    """Write the fields `names` of many changed records: one `UPDATE … WHERE id = %s`
    run for every record (`executemany`), faster than `bulk_update`'s CASE per
    field. No history: `history_in_bulk` writes it."""
    if not objs:
        return
    conn = connections[router.db_for_write(model)]
    quote = conn.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(pk.column)} = %s"  # noqa: S608 - names from the model, values as parameters
    values = [
        [*(f.get_db_prep_save(getattr(obj, f.attname), conn) for f in fields), obj.pk]
        for obj in objs
    ]
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        cursor.executemany(sql, values)


def history_in_bulk(
    model: type[models.Model],
    actor: User | None,
    changes: list[tuple[str, list[int]]],
    m2m_fields: tuple[str, ...] = (),
) -> None:
    """Write the history entries of many records as they now are in the database,
    inside it: for each (history type, ids) an `INSERT … SELECT` from the records'
    table (naming `actor`), then for each many-to-many field in `m2m_fields` one
    `INSERT … SELECT` copying the new entries' links (what django-simple-history
    keeps with `m2m_fields`). The new entries are told apart by id, as in
    `insert_with_history` (PostgreSQL: the history table is locked until the
    transaction ends)."""
    if not any(ids for _, ids in changes):
        return
    conn = connections[router.db_for_write(model)]
    quote = conn.ops.quote_name
    history = model.history.model
    table, copy = quote(model._meta.db_table), quote(history._meta.db_table)
    pk = model._meta.pk
    columns = {f.name: f.column for f in model._meta.concrete_fields}
    now = conn.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {copy} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"SELECT COALESCE(MAX(history_id), 0) FROM {copy}")  # noqa: S608 - names from the model
        (last,) = cursor.fetchone()
        for history_type, ids in changes:
            extra = {
                "history_date": now,
                "history_type": history_type,
                "history_user": actor.pk if actor is not None else None,
                "history_change_reason": None,
            }
            targets, sources, params = [], [], []
            for copied in history._meta.concrete_fields:
                if copied.name == "history_id":
                    continue
                targets.append(quote(copied.column))
                if copied.name in columns:
                    sources.append(quote(columns[copied.name]))
                else:
                    sources.append("%s")
                    params.append(extra[copied.name])
            for chunk in _chunks(ids):
                marks = ", ".join(["%s"] * len(chunk))
                where = f"{quote(pk.column)} IN ({marks})"
                cursor.execute(
                    f"INSERT INTO {copy} ({', '.join(targets)}) "  # noqa: S608 - names from the model, values as parameters
                    f"SELECT {', '.join(sources)} FROM {table} WHERE {where}",
                    [*params, *chunk],
                )
        for name in m2m_fields:
            field = model._meta.get_field(name)
            through = field.remote_field.through
            links = getattr(history, name).model
            own, other = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
            source = quote(through._meta.db_table)
            cursor.execute(
                f"INSERT INTO {quote(links._meta.db_table)} "  # noqa: S608 - names from the model, values as parameters
                f"(id, {own}, {other}, history_id) "
                f"SELECT t.id, t.{own}, t.{other}, h.history_id "
                f"FROM {source} t JOIN {copy} h ON h.{quote(pk.column)} = t.{own} "
                "WHERE h.history_id > %s",
                [last],
            )
