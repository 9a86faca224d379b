"""Reads for the CKAN Action API (`ckan.py`): the public catalogue as CKAN's plain dicts.

Open data only, whoever calls: every read starts from `queries.public_datasets()`
or `Observation.objects.visible_to(AnonymousUser())`, so a held dataset does not
exist here, and a suppressed cell's figures are `null` with the suppression note
wherever a record is read, filtered, sorted or searched (`_public_figures`).

How the catalogue maps to CKAN:

- a published dataset is a **package**: `name` its slug, `id` its id as a string;
- its publisher (a partner organisation) is its **organization**: `name` the
  organisation's slug, or `<partnership>-<slug>` for a second publisher with a
  slug already taken;
- its themes are its **groups** (`name` the theme slugified) and its **tags**;
- each download is a **resource** with a stable id: `<slug>-csv` (the CSV of its
  observations) and `<slug>-observations` (the same rows in the DataStore,
  `datastore_active`, read by `datastore_search`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, F, FloatField, Q, Value, When
from django.utils.text import slugify

from roundtable.geography.choices import area_type_label
from roundtable.lis import queries
from roundtable.lis.models import Observation
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet

    from roundtable.lis.models import Dataset

CSV_SUFFIX = "-csv"
DATASTORE_SUFFIX = "-observations"

LICENCES = {
    "OGL-UK-3.0": (
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    "OGL-UK-2.0": (
        "Open Government Licence v2.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/",
    ),
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": (
        "Creative Commons CCZero",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "ODbL-1.0": (
        "Open Data Commons Open Database License (ODbL)",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
}


class CkanError(Exception):
    """A request CKAN would refuse; `ckan.py` answers it with CKAN's error object."""


class NotFound(CkanError):
    pass


class Invalid(CkanError):
    """A malformed parameter: `field` names it, the message says how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def licence_title(licence: str) -> str:
    return LICENCES.get(licence, (licence, ""))[0]


# The catalogue --------------------------------------------------------------------


@dataclass
class Catalogue:
    """Every public package with its organization and groups, built from one query."""

    packages: list[dict[str, Any]]
    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)

    def package(self, id_or_name: str) -> dict[str, Any]:
        for wanted in ("name", "id"):
            for package in self.packages:
                if package[wanted] == id_or_name:
                    return package
        raise NotFound(f'Dataset "{id_or_name}" was not found')

    def organization(self, id_or_name: str) -> dict[str, Any]:
        for org in self.organizations.values():
            if id_or_name in (org["name"], org["id"]):
                return org
        raise NotFound(f'Organization "{id_or_name}" was not found')

    def group(self, id_or_name: str) -> dict[str, Any]:
        if id_or_name in self.groups:
            return self.groups[id_or_name]
        raise NotFound(f'Group "{id_or_name}" was not found')

    def tags(self) -> list[str]:
        return sorted({tag["name"] for p in self.packages for tag in p["tags"]}, key=str.lower)


def _organization_names(datasets: list[Dataset]) -> dict[int, str]:
    """Each publisher's CKAN name: its slug, or `<partnership>-<slug>` when an
    earlier publisher (by id) of another partnership has the slug."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    publishers = {d.publisher.pk: d for d in datasets if d.publisher is not None}
    for pk in sorted(publishers):
        org = publishers[pk].publisher
        name = (
            org.slug if org.slug not in taken else f"{publishers[pk].partnership.slug}-{org.slug}"
        )
        taken.add(name)
        names[pk] = name
    return names


def _organization(dataset: Dataset, name: str, address: Callable[[str], str]) -> dict[str, Any]:
    org = dataset.publisher
    return {
        "id": str(org.pk),
        "name": name,
        "title": org.name,
        "display_name": org.name,
        "description": org.description,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "image_display_url": "",
        "created": None,
        "url": address(
            partnership_reverse(org.partnership, "partnership:organisation-detail", [org.pk])
        ),
        "package_count": 0,
    }


def _group(theme: str) -> dict[str, Any]:
    name = slugify(theme)
    return {
        "id": name,
        "name": name,
        "title": theme,
        "display_name": theme,
        "description": "",
        "type": "group",
        "is_organization": False,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "image_display_url": "",
        "package_count": 0,
    }


def _resources(dataset: Dataset, address: Callable[[str], str]) -> list[dict[str, Any]]:
    common = {
        "package_id": str(dataset.pk),
        "created": dataset.created.isoformat(),
        "last_modified": dataset.updated.isoformat(),
        "metadata_modified": dataset.updated.isoformat(),
        "state": "active",
        "url_type": None,
        "size": None,
        "hash": "",
        "mimetype_inner": None,
        "cache_url": None,
    }
    csv = address(partnership_reverse(dataset.partnership, "lis:dataset-download", [dataset.slug]))
    return [
        {
            **common,
            "id": dataset.slug + CSV_SUFFIX,
            "name": f"{dataset.title} (CSV)",
            "description": "Every observation of the dataset, suppressed cells without figures.",
            "format": "CSV",
            "mimetype": "text/csv",
            "url": csv,
            "datastore_active": False,
            "position": 0,
        },
        {
            **common,
            "id": dataset.slug + DATASTORE_SUFFIX,
            "name": f"{dataset.title} (observations)",
            "description": "The observations in the DataStore: read them with datastore_search.",
            "format": "CSV",
            "mimetype": "text/csv",
            "url": csv,
            "url_type": "datastore",
            "datastore_active": True,
            "position": 1,
        },
    ]


def _package(
    dataset: Dataset,
    organization: dict[str, Any] | None,
    address: Callable[[str], str],
) -> dict[str, Any]:
    themes = list(dict.fromkeys(dataset.themes))
    tags = [
        {"id": t, "name": t, "display_name": t, "state": "active", "vocabulary_id": None}
        for t in themes
    ]
    groups = [
        {k: g[k] for k in ("id", "name", "title", "display_name", "description")}
        | {"image_display_url": ""}
        for g in map(_group, themes)
    ]
    resources = _resources(dataset, address)
    extras = [
        ("source", dataset.source),
        ("update_frequency", dataset.update_frequency),
        ("next_update_due", dataset.next_update_due.isoformat() if dataset.next_update_due else ""),
        ("area_types", ", ".join(area_type_label(a) for a in dataset.area_types)),
        ("time_covered", dataset.time_covered),
        ("partnership", dataset.partnership.slug),
    ]
    title, licence_url = LICENCES.get(dataset.licence, (dataset.licence, ""))
    org_summary = (
        {k: v for k, v in organization.items() if k not in ("package_count", "display_name")}
        if organization
        else None
    )
    return {
        "id": str(dataset.pk),
        "name": dataset.slug,
        "title": dataset.title,
        "notes": dataset.description,
        "type": "dataset",
        "state": "active",
        "private": False,
        "isopen": dataset.licence in LICENCES,
        "license_id": dataset.licence,
        "license_title": title,
        "license_url": licence_url,
        "author": dataset.publisher.name if dataset.publisher else "",
        "author_email": None,
        "maintainer": dataset.contact,
        "maintainer_email": None,
        "version": None,
        "url": address(
            partnership_reverse(dataset.partnership, "lis:dataset-detail", [dataset.slug])
        ),
        "metadata_created": dataset.created.isoformat(),
        "metadata_modified": dataset.updated.isoformat(),
        "owner_org": organization["id"] if organization else None,
        "organization": org_summary,
        "groups": groups,
        "tags": tags,
        "num_tags": len(tags),
        "extras": [{"key": k, "value": v} for k, v in extras],
        "resources": resources,
        "num_resources": len(resources),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


def catalogue(address: Callable[[str], str]) -> Catalogue:
    """The public catalogue; `address` makes a path absolute (`build_absolute_uri`)."""
    datasets = list(
        queries.public_datasets().select_related("publisher__partnership").order_by("slug")
    )
    names = _organization_names(datasets)
    found = Catalogue(packages=[])
    for dataset in datasets:
        org = None
        if dataset.publisher is not None:
            org = found.organizations.setdefault(
                names[dataset.publisher.pk],
                _organization(dataset, names[dataset.publisher.pk], address),
            )
            org["package_count"] += 1
        for theme in dict.fromkeys(dataset.themes):
            group = found.groups.setdefault(slugify(theme), _group(theme))
            group["package_count"] += 1
        found.packages.append(_package(dataset, org, address))
    return found


def resource(found: Catalogue, resource_id: str) -> dict[str, Any]:
    for package in found.packages:
        for res in package["resources"]:
            if res["id"] == resource_id:
                return res
    raise NotFound(f'Resource "{resource_id}" was not found')


# package_search ----------------------------------------------------------------------

SEARCH_KEYS = {
    "name": lambda p: [p["name"]],
    "id": lambda p: [p["id"]],
    "title": lambda p: [p["title"]],
    "organization": lambda p: [p["organization"]["name"]] if p["organization"] else [],
    "owner_org": lambda p: [p["owner_org"]] if p["owner_org"] else [],
    "tags": lambda p: [t["name"] for t in p["tags"]],
    "groups": lambda p: [g["name"] for g in p["groups"]],
    "res_format": lambda p: [r["format"] for r in p["resources"]],
    "license_id": lambda p: [p["license_id"]],
    # What CKAN's own pages and harvesters add to every search: true of every package.
    "dataset_type": lambda p: [p["type"]],
    "state": lambda p: [p["state"]],
    "capacity": lambda p: ["public"],
}
SORTS = {
    "name": lambda p: p["name"],
    "title": lambda p: p["title"].lower(),
    "title_string": lambda p: p["title"].lower(),
    "metadata_created": lambda p: p["metadata_created"],
    "metadata_modified": lambda p: p["metadata_modified"],
    "score": None,
}
DEFAULT_SORT = "score desc, metadata_modified desc"


def search_terms(text: str, parameter: str) -> list[tuple[str, str]]:
    """`organization:ealing-council tags:"Public health" AND words` as (key, value)
    pairs; a plain word has the key "". Raises Invalid for an unknown key."""
    terms = []
    tokens = _tokens(text, parameter)
    for token in tokens:
        if token in ("AND", "&&", "*:*"):
            continue
        key, colon, value = token.partition(":")
        if not colon or key == "" or '"' in key:
            terms.append(("", token.strip('"')))
            continue
        key = key.lstrip("+")
        if key not in SEARCH_KEYS:
            raise Invalid(
                parameter,
                f"{key} is not a field you can search; use one of {', '.join(SEARCH_KEYS)}",
            )
        terms.append((key, value.strip('"')))
    return terms


def _tokens(text: str, parameter: str) -> list[str]:
    tokens, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
            current += char
        elif char.isspace() and not quoted:
            if current:
                tokens.append(current)
            current = ""
        else:
            current += char
    if quoted:
        raise Invalid(parameter, "a quotation mark is not closed; close it or take it out")
    if current:
        tokens.append(current)
    return tokens


def _matches(package: dict[str, Any], key: str, value: str) -> bool:
    if key:
        return any(v.lower() == value.lower() for v in SEARCH_KEYS[key](package))
    text = " ".join(
        [
            package["name"],
            package["title"],
            package["notes"],
            package["organization"]["title"] if package["organization"] else "",
            *(t["name"] for t in package["tags"]),
            *(e["value"] for e in package["extras"]),
        ]
    ).lower()
    return value.lower() in text


def sort_key(sort: str) -> list[tuple[str, bool]]:
    """`"title asc, metadata_modified desc"` as (field, descending) pairs."""
    keys = []
    for part in sort.split(","):
        words = part.split()
        if not words:
            continue
        name, direction = words[0], (words[1].lower() if len(words) > 1 else "asc")
        if name not in SORTS or direction not in ("asc", "desc") or len(words) > 2:
            raise Invalid(
                "sort",
                f"cannot sort by “{part.strip()}”; write a field ({', '.join(SORTS)}) "
                "then asc or desc, like “title asc”",
            )
        keys.append((name, direction == "desc"))
    return keys


@dataclass(frozen=True)
class PackageSearch:
    q: str = ""
    fq: str = ""
    rows: int = 10
    start: int = 0
    sort: str = DEFAULT_SORT
    facet_fields: list[str] = field(default_factory=list)
    facet_limit: int = 50


def search_packages(found: Catalogue, search: PackageSearch) -> dict[str, Any]:
    terms = search_terms(search.q, "q") + search_terms(search.fq, "fq")
    order = sort_key(search.sort or DEFAULT_SORT)
    for name in search.facet_fields:
        if name not in SEARCH_KEYS:
            raise Invalid(
                "facet.field",
                f"{name} is not a facet; use one of {', '.join(SEARCH_KEYS)}",
            )
    results = [p for p in found.packages if all(_matches(p, k, v) for k, v in terms)]
    results.sort(key=lambda p: p["name"])
    for name, descending in reversed(order):
        if SORTS[name] is not None:  # every result scores the same: keep the order
            results.sort(key=SORTS[name], reverse=descending)
    facets: dict[str, dict[str, int]] = {}
    search_facets: dict[str, dict[str, Any]] = {}
    for name in search.facet_fields:
        counts: dict[str, int] = {}
        titles: dict[str, str] = {}
        for package in results:
            for value in dict.fromkeys(SEARCH_KEYS[name](package)):
                counts[value] = counts.get(value, 0) + 1
                titles[value] = _facet_title(found, name, value)
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if search.facet_limit >= 0:
            top = top[: search.facet_limit]
        facets[name] = dict(top)
        search_facets[name] = {
            "title": name,
            "items": [
                {"name": value, "display_name": titles[value], "count": n} for value, n in top
            ],
        }
    return {
        "count": len(results),
        "results": results[search.start : search.start + search.rows],
        "facets": facets,
        "search_facets": search_facets,
        "sort": search.sort or DEFAULT_SORT,
    }


def _facet_title(found: Catalogue, facet: str, value: str) -> str:
    if facet == "organization" and value in found.organizations:
        return found.organizations[value]["title"]
    if facet == "groups" and value in found.groups:
        return found.groups[value]["title"]
    if facet == "license_id":
        return licence_title(value)
    return value


# datastore_search ------------------------------------------------------------------

TEXT_FIELDS = ("indicator", "area_code", "area_name", "period", "sex", "age", "category")
FIELD_TYPES = {
    "_id": "int",
    **dict.fromkeys(TEXT_FIELDS, "text"),
    **dict.fromkeys(queries.FIGURES, "numeric"),
    "ci_method": "text",
    "note": "text",
}
COLUMNS = {
    "_id": "pk",
    "indicator": "indicator__code",
    "area_code": "area__code",
    "area_name": "area__name",
    "period": "period",
    "sex": "sex",
    "age": "age",
    "category": "category",
    **{name: f"public_{name}" for name in queries.FIGURES},
    "ci_method": "public_ci_method",
    "note": "public_note",
}


@dataclass(frozen=True)
class DatastoreSearch:
    resource_id: str
    filters: dict[str, Any] = field(default_factory=dict)
    q: str | dict[str, str] = ""
    fields: list[str] = field(default_factory=list)
    sort: str = ""
    limit: int = 100
    offset: int = 0
    include_total: bool = True


def datastore_dataset(resource_id: str) -> Dataset:
    """The published dataset whose DataStore resource is `resource_id`."""
    slug = resource_id.removesuffix(DATASTORE_SUFFIX)
    dataset = None
    if resource_id.endswith(DATASTORE_SUFFIX):
        dataset = queries.public_datasets().filter(slug=slug).first()
    if dataset is None:
        raise NotFound(f'Resource "{resource_id}" was not found')
    return dataset


def _public_figures(dataset: Dataset) -> QuerySet[Observation]:
    """The dataset's observations with their published figures as `public_<name>`:
    null for a suppressed cell, whose note is the suppression note. Every filter,
    sort and search reads these, never the stored figures."""
    hidden = Q(suppressed=True)
    note = queries.suppression_note(dataset.suppress_below)
    return (
        Observation.objects.visible_to(AnonymousUser())
        .filter(dataset=dataset)
        .annotate(
            **{
                f"public_{name}": Case(
                    When(hidden, then=Value(None, output_field=FloatField())),
                    default=F(name),
                    output_field=FloatField(),
                )
                for name in queries.FIGURES
            },
            public_ci_method=Case(When(hidden, then=Value("")), default=F("ci_method")),
            public_note=Case(When(hidden, then=Value(note)), default=F("note")),
        )
    )


def _number(value: Any) -> float | None:
    """A finite number, from a number or its text; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _filter(rows: QuerySet[Observation], filters: dict[str, Any]) -> QuerySet[Observation]:
    for name, wanted in filters.items():
        if name not in COLUMNS:
            raise Invalid(
                "filters",
                f"{name} is not a field of this resource; use one of {', '.join(COLUMNS)}",
            )
        values = wanted if isinstance(wanted, list) else [wanted]
        if FIELD_TYPES[name] == "text":
            if not all(isinstance(v, str | int | float) for v in values):
                raise Invalid("filters", f"{name}: give a value or a list of values")
            rows = rows.filter(**{f"{COLUMNS[name]}__in": [str(v) for v in values]})
            continue
        numbers = [_number(v) for v in values]
        if None in numbers:
            raise Invalid("filters", f"{name}: give a number, like 12.5, or a list of numbers")
        if FIELD_TYPES[name] == "int":
            if not all(n.is_integer() and 0 < n < 2**63 for n in numbers):
                raise Invalid("filters", f"{name}: give a record's _id, like 12")
            rows = rows.filter(pk__in=[int(n) for n in numbers])
        else:
            rows = rows.filter(**{f"{COLUMNS[name]}__in": numbers})
    return rows


def _search(rows: QuerySet[Observation], q: str | dict[str, str]) -> QuerySet[Observation]:
    """Every word of `q` in some published field (a number: equal to a published
    figure); `q` as an object searches the fields it names."""
    if isinstance(q, dict):
        pairs = []
        for name, text in q.items():
            if name not in COLUMNS:
                raise Invalid("q", f"{name} is not a field of this resource")
            pairs += [(name, word) for word in str(text).split()]
    else:
        pairs = [(None, word) for word in q.split()]
    for name, word in pairs:
        names = [name] if name else [n for n in COLUMNS if n != "_id"]
        found = Q()
        number = _number(word)
        for column in names:
            if FIELD_TYPES[column] == "text":
                found |= Q(**{f"{COLUMNS[column]}__icontains": word})
            elif number is not None:
                found |= Q(**{COLUMNS[column]: number})
        rows = rows.filter(found) if found else rows.none()
    return rows


def _order(sort: str) -> list[Any]:
    order = []
    for part in sort.split(","):
        words = part.split()
        if not words:
            continue
        name = words[0].strip('"')
        direction = words[1].lower() if len(words) > 1 else "asc"
        if name not in COLUMNS or direction not in ("asc", "desc") or len(words) > 2:
            raise Invalid(
                "sort",
                f"cannot sort by “{part.strip()}”; write a field of this resource "
                "then asc or desc, like “value desc”",
            )
        columns = ["period_start", "period_end"] if name == "period" else [COLUMNS[name]]
        for column in columns:
            expression = F(column)
            order.append(
                expression.desc(nulls_last=True)
                if direction == "desc"
                else expression.asc(nulls_last=True)
            )
    return [*order, F("pk").asc()]


def datastore_search(search: DatastoreSearch, path: str) -> dict[str, Any]:
    """CKAN's datastore_search over a dataset's public observations; `path` is the
    action's own address, for `_links`."""
    for name in search.fields:
        if name not in COLUMNS:
            raise Invalid(
                "fields", f"{name} is not a field of this resource; use one of {', '.join(COLUMNS)}"
            )
    order = _order(search.sort)
    dataset = datastore_dataset(search.resource_id)
    rows = _search(_filter(_public_figures(dataset), search.filters), search.q)
    chosen = search.fields or list(COLUMNS)
    page = list(
        rows.order_by(*order).values(*{COLUMNS[n] for n in chosen})[
            search.offset : search.offset + search.limit
        ]
    )
    records = [{name: row[COLUMNS[name]] for name in chosen} for row in page]
    result: dict[str, Any] = {
        "resource_id": search.resource_id,
        "fields": [{"id": name, "type": FIELD_TYPES[name]} for name in chosen],
        "records": records,
        "records_format": "objects",
        "limit": search.limit,
        "offset": search.offset,
        "include_total": search.include_total,
        "total_estimation_threshold": None,
        "_links": _links(search, path),
    }
    for name in ("filters", "q", "sort"):
        if getattr(search, name):
            result[name] = getattr(search, name)
    if search.include_total:
        short = search.offset == 0 and len(page) < search.limit
        result["total"] = len(page) if short else rows.count()
        result["total_was_estimated"] = False
    return result


def _links(search: DatastoreSearch, path: str) -> dict[str, str]:
    base = {"resource_id": search.resource_id}
    if search.limit != 100:
        base["limit"] = str(search.limit)
    for name in ("filters", "q"):
        value = getattr(search, name)
        if value:
            base[name] = value if isinstance(value, str) else json.dumps(value)
    if search.sort:
        base["sort"] = search.sort
    start = f"{path}?{urlencode(base)}"
    following = f"{path}?{urlencode({**base, 'offset': str(search.offset + search.limit)})}"
    return {"start": start, "next": following}
