"""Importing one partner's assets from CSV or XLSX (`roundtable assets import`).

One owner per file, so one partner's incomplete return never blocks another's.
The importer checks every row first and collects every problem with its row and
column (`core.imports`); it writes nothing unless every row passes, inside one
`transaction.atomic()`, through `services.save_asset`. Re-importing a file
updates the owner's assets it names (an asset is its owner and name, any case);
assets the file does not name are left as they are.

Columns: `name,address,postcode,current_use,tenure`, plus optional
`public_access,landlord,lease_start,lease_end,capacity,utilisation,market_value,
rateable_value,condition,operating_cost,notes,public`. Money is read by
`rules.parse_money` ("£1,250,000", "£50k"; "1,25" and "50.000" are refused as
ambiguous), utilisation by `rules.parse_percent` ("65%" or "65").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from roundtable.assets import rules, services
from roundtable.assets.choices import Condition, Tenure
from roundtable.assets.models import Asset
from roundtable.core.imports import (
    ImportFailed,
    RowError,
    RowReader,
    Table,
    check_headers,
    duplicate_rows,
)
from roundtable.core.words import listed
from roundtable.partnership.models import Organisation

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

COLUMNS = ("name", "address", "postcode", "current_use", "tenure")
OPTIONAL = (
    "public_access",
    "landlord",
    "lease_start",
    "lease_end",
    "capacity",
    "utilisation",
    "market_value",
    "rateable_value",
    "condition",
    "operating_cost",
    "notes",
    "public",
)
MONEY = ("market_value", "rateable_value", "operating_cost")
YES = {"yes", "y", "true", "1", "public"}
NO = {"no", "n", "false", "0", "internal"}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        total = self.created + self.updated + self.unchanged
        return (
            f"{total} asset{'s' if total != 1 else ''} ({self.created} new, "
            f"{self.updated} updated, {self.unchanged} unchanged)"
        )


def find_owner(partnership: Partnership, name: str) -> Organisation:
    """The organisation of the partnership that `name` names (its name, short name
    or slug, any case); ImportFailed saying which organisations there are."""
    wanted = _key(name)
    found = [
        o
        for o in Organisation.objects.filter(partnership=partnership)
        if wanted and wanted in {_key(o.name), _key(o.short_name), _key(o.slug)}
    ]
    if len(found) == 1:
        return found[0]
    if found:
        names = listed(f"'{o.name}'" for o in found)
        message = f"'{name}' matches {names}; give the organisation's full name"
    else:
        message = (
            f"'{name}' is not an organisation of {partnership.name}; give the name of "
            "one of its organisations (see the partnership's organisations page), or "
            "add it there first"
        )
    raise ImportFailed([RowError(None, "owner", message)])


def _parsed(reader: RowReader, column: str, parse: Any) -> Any:
    try:
        return parse(reader.row.get(column))
    except ValueError as error:
        reader.error(column, str(error))
        return None


def _condition(reader: RowReader) -> str:
    value = reader.row.get("condition").strip()
    if not value:
        return ""
    letter = value[:1].upper()
    if letter in Condition.values and (len(value) == 1 or value[1:2] in (":", " ", ".")):
        return letter
    reader.error("condition", f"'{value}' is not a condition grade; enter A, B, C or D")
    return ""


def _public(reader: RowReader) -> bool | None:
    value = reader.row.get("public").casefold()
    if not value:
        return None
    if value in YES:
        return True
    if value in NO:
        return False
    reader.error("public", f"'{value}' is not yes or no; enter yes (anyone sees it) or no")
    return None


@dataclass
class _Planned:
    row: int
    fields: dict[str, Any]
    location: services.Location


def _plan(table: Table, errors: list[RowError]) -> list[_Planned]:
    known = services.known_postcodes([row.get("postcode") for row in table])
    planned = []
    for row in table:
        reader = RowReader(row, errors)
        fields: dict[str, Any] = {
            "name": reader.text("name", required=True, max_length=300),
            "address": reader.text("address", max_length=500),
            "current_use": reader.text("current_use", required=True, max_length=300),
            "tenure": reader.choice("tenure", Tenure.choices),
            "public_access": reader.text("public_access", max_length=300),
            "landlord": reader.text("landlord", max_length=300),
            "lease_start": reader.date("lease_start"),
            "lease_end": reader.date("lease_end", near_future=True),
            "capacity": _parsed(reader, "capacity", rules.parse_capacity),
            "utilisation": _parsed(reader, "utilisation", rules.parse_percent),
            "condition": _condition(reader),
            "notes": reader.text("notes"),
        }
        for column in MONEY:
            fields[column] = _parsed(reader, column, rules.parse_money)
        public = _public(reader)
        if public is not None:
            fields["is_public"] = public
        for column, message in rules.check_lease(
            fields["lease_start"], fields["lease_end"]
        ).items():
            reader.error(column, message.split(": ", 1)[1])
        location = None
        raw = row.get("postcode")
        if not raw:
            reader.error("postcode", "enter the postcode; it puts the asset on the map")
        else:
            try:
                location = services.locate(raw, known)
            except ValueError as error:
                reader.error("postcode", str(error))
        if location is not None:
            fields["postcode"] = location.postcode
            planned.append(_Planned(row.number, fields, location))
    return planned


def _snapshot(asset: Asset) -> tuple:
    return tuple(getattr(asset, name) for name in _FIELDS)


_FIELDS = (
    "name",
    "address",
    "postcode",
    "current_use",
    "tenure",
    "public_access",
    "landlord",
    "lease_start",
    "lease_end",
    "capacity",
    "utilisation",
    "condition",
    "notes",
    *MONEY,
)


def _wanted(fields: dict[str, Any]) -> tuple:
    cleaned = dict(fields)
    cleaned["name"] = " ".join(cleaned["name"].split())
    cleaned["address"] = " ".join(cleaned["address"].split())
    cleaned["current_use"] = " ".join(cleaned["current_use"].split())
    return tuple(cleaned[name] for name in _FIELDS)


def import_assets(
    table: Table,
    partnership: Partnership,
    owner: str,
    actor: User | None,
    *,
    is_illustrative: bool | None = None,
) -> Imported:
    """Check every row, then add or update every asset of `owner` the file names, or none."""
    errors = check_headers(table, COLUMNS, OPTIONAL)
    try:
        organisation = find_owner(partnership, owner)
    except ImportFailed as failure:
        raise ImportFailed(failure.errors + errors) from None
    if errors:
        raise ImportFailed(errors)
    errors += duplicate_rows(table, ["name"])
    planned = _plan(table, errors)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row or 0))
    existing = {
        _key(a.name): a for a in Asset.objects.filter(partnership=partnership, owner=organisation)
    }
    summary = Imported()
    with transaction.atomic():
        for p in planned:
            found = existing.get(_key(p.fields["name"]))
            same_flags = found is not None and (
                ("is_public" not in p.fields or found.is_public == p.fields["is_public"])
                and (is_illustrative is None or found.is_illustrative == is_illustrative)
            )
            if found is not None and same_flags and _snapshot(found) == _wanted(p.fields):
                summary.unchanged += 1
                continue
            services.save_asset(
                actor,
                found or Asset(),
                partnership=partnership,
                owner=organisation,
                location=p.location,
                is_illustrative=is_illustrative,
                check=False,
                **p.fields,
            )
            if found is None:
                summary.created += 1
            else:
                summary.updated += 1
    return summary
