"""Reusable reads: area lists with their filters, parent chains, postcode lookup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from roundtable.geography import rules
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area, Postcode

# Official areas nest at most four deep: LSOA -> MSOA -> LA -> region -> country.
ANCESTOR_PATH = "parent__parent__parent__parent"
# LSOA → MSOA → local authority → region → country: enough levels for any area.
DEPTH = 5


class PostcodeNotFound(ValueError):  # noqa: N818 - reads as a sentence: raise PostcodeNotFound
    """A well-formed postcode that is not in any loaded local authority."""


def filter_areas(
    queryset: QuerySet[Area],
    *,
    area_type: str = "",
    q: str = "",
    parent: Area | None = None,
) -> QuerySet[Area]:
    """The filters shared by the Places page and GET /api/v1/areas."""
    if area_type:
        queryset = queryset.filter(area_type=area_type)
    if parent is not None:
        queryset = queryset.filter(parent=parent)
    if q:
        queryset = queryset.filter(Q(name__icontains=q.strip()) | Q(code__iexact=q.strip()))
    return queryset


def local_authorities(q: str = "") -> QuerySet[Area]:
    """The loaded local authorities whose name contains `q` (or whose code is `q`),
    by name: where a partnership's place is chosen from."""
    queryset = Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY).order_by("name", "code")
    return filter_areas(queryset, q=q)


def area_list(**filters: object) -> QuerySet[Area]:
    """Areas with their parent, ordered by type then name."""
    queryset = Area.objects.select_related("parent").order_by("area_type", "name", "code")
    return filter_areas(queryset, **filters)  # type: ignore[arg-type]


def in_place(
    queryset: QuerySet[Area], place_id: int | None, partnership_id: int | None
) -> QuerySet[Area]:
    """A partnership's places: its own area with everything in it (wards, MSOAs,
    LSOAs) and above it, and the custom areas it defined; never another
    partnership's custom areas. With no area set, every official area."""
    custom = Q(partnership_id=partnership_id) if partnership_id else Q(pk__in=[])
    official = Q(partnership__isnull=True)
    if place_id is None:
        return queryset.filter(official | custom)
    chain = [a.pk for a in ancestors(Area.objects.select_related(ANCESTOR_PATH).get(pk=place_id))]
    inside = (
        Q(pk=place_id) | Q(pk__in=chain) | Q(parent_id=place_id) | Q(parent__parent_id=place_id)
    )
    return queryset.filter((official & inside) | custom)


def ancestors(area: Area) -> list[Area]:
    """The parent chain, top first (England, London, Ealing), without querying
    when the area was fetched with `select_related(ANCESTOR_PATH)`."""
    chain: list[Area] = []
    current = area.parent
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def descendants(base_sql: str, params: list[object]) -> RawSQL:
    """The ids of the areas `base_sql` selects (as `id, 1`) and every area below them,
    to DEPTH levels, as one recursive subquery. (An OR of one IN-subquery per level
    made PostgreSQL's planner run for most of an hour on a demo's areas.)"""
    table = Area._meta.db_table
    sql = (
        f"WITH RECURSIVE inside(id, depth) AS ({base_sql} UNION ALL "  # noqa: S608 - names from models
        f"SELECT a.id, inside.depth + 1 FROM {table} a JOIN inside ON a.parent_id = inside.id "
        f"WHERE inside.depth < {DEPTH}) SELECT id FROM inside"
    )
    return RawSQL(sql, params)  # noqa: S611 - fixed SQL; values are parameters


def within(area: Area, path: str = "") -> Q:
    """Rows whose area (at `path`, e.g. "area__") lies inside `area` at any depth:
    one recursive subquery, so no list of ids however many areas there are.

    Inside a custom area means one of its component areas or inside one of them
    (a custom area of two MSOAs holds those MSOAs and their LSOAs)."""
    if area.area_type == AreaType.CUSTOM:
        through = Area.components.through._meta.db_table
        base = f"SELECT to_area_id, 1 FROM {through} WHERE from_area_id = %s"  # noqa: S608
    else:
        base = f"SELECT id, 1 FROM {Area._meta.db_table} WHERE parent_id = %s"  # noqa: S608
    return Q(**{f"{path}pk__in": descendants(base, [area.pk])})


def shown_on_page_of(area: Area) -> QuerySet[Area]:
    """The areas whose records a place's page lists (`sections.py`): the place
    itself, every area inside it at any depth (`within`: a project in a ward shows
    on its borough's page), and the custom areas that include one of those (a named
    group of places, such as a partnership's "reassurance wards", targets each of
    them). Not the areas it lies in: a borough-wide priority is not listed on each
    ward's page. A subquery for the sections' own query, never a list of ids."""
    here = Q(pk=area.pk) | within(area)
    groups = Area.objects.filter(
        area_type=AreaType.CUSTOM, components__in=Area.objects.filter(here)
    ).values("pk")
    return Area.objects.filter(here | Q(pk__in=groups)).values("pk")


@dataclass
class ChildGroup:
    area_type: str
    label: str
    areas: list[Area] = field(default_factory=list)


def children_by_type(area: Area) -> list[ChildGroup]:
    """The area's children grouped by type, in the order of AreaType."""
    labels = dict(AreaType.choices)
    groups: dict[str, ChildGroup] = {}
    for child in area.children.order_by("name", "code"):
        groups.setdefault(
            child.area_type, ChildGroup(child.area_type, labels.get(child.area_type, ""))
        ).areas.append(child)
    order = [value for value, _ in AreaType.choices]
    return sorted(groups.values(), key=lambda g: order.index(g.area_type))


def custom_areas_containing(areas: Iterable[Area]) -> QuerySet[Area]:
    """Custom areas that include any of these areas as a component."""
    return (
        Area.objects.filter(area_type=AreaType.CUSTOM, components__in=list(areas))
        .select_related("partnership")
        .distinct()
        .order_by("name")
    )


def lookup_postcode(raw: str) -> Postcode:
    """The Postcode row for a typed postcode. ValueError if it is not a postcode;
    PostcodeNotFound if it is not in a loaded local authority."""
    postcode = rules.normalise_postcode(raw)
    found = (
        Postcode.objects.select_related("local_authority", "ward", "msoa", "lsoa")
        .filter(postcode=postcode)
        .first()
    )
    if found is None:
        raise PostcodeNotFound(
            f"We do not know {postcode}: it is not in a local authority loaded here, "
            "or it is no longer in use"
        )
    return found


@dataclass(frozen=True)
class WardOverlap:
    """The LSOAs and MSOAs a ward's postcodes are in, each with how many of the
    ward's postcodes it holds, most first. Wards (current) and LSOAs and MSOAs (2011)
    come from different years and do not nest, so the postcode lookup is the only
    link between them that is recorded: nothing here is estimated."""

    ward: Area
    postcodes: int
    lsoas: list[tuple[Area, int]]
    msoas: list[tuple[Area, int]]


def ward_overlaps(wards: Sequence[Area]) -> list[WardOverlap]:
    """Each ward's `WardOverlap`, in the order given (two queries, however many
    wards: the postcodes counted by ward, LSOA and MSOA, then those areas)."""
    rows = (
        Postcode.objects.filter(ward__in=list(wards))
        .order_by()
        .values("ward_id", "lsoa_id", "msoa_id")
        .annotate(n=Count("pk"))
    )
    totals: dict[int, int] = {}
    lsoas: dict[int, dict[int, int]] = {}
    msoas: dict[int, dict[int, int]] = {}
    for row in rows:
        ward = row["ward_id"]
        totals[ward] = totals.get(ward, 0) + row["n"]
        for counts, area in ((lsoas, row["lsoa_id"]), (msoas, row["msoa_id"])):
            if area is not None:
                held = counts.setdefault(ward, {})
                held[area] = held.get(area, 0) + row["n"]
    ids = {a for counts in (*lsoas.values(), *msoas.values()) for a in counts}
    areas = Area.objects.in_bulk(list(ids)) if ids else {}

    def named(counts: dict[int, int]) -> list[tuple[Area, int]]:
        return [(areas[i], n) for i, n in rules.most_postcodes_first(counts) if i in areas]

    return [
        WardOverlap(
            ward,
            totals.get(ward.pk, 0),
            named(lsoas.get(ward.pk, {})),
            named(msoas.get(ward.pk, {})),
        )
        for ward in wards
    ]
