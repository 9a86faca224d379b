"""Pure rules for geography: postcodes, GSS codes, names from the source files.

No Django imports here; these functions are tested without the database. The
area types returned are the values of `roundtable.geography.choices.AreaType`.
"""

from __future__ import annotations

import re
from typing import Literal

OfficialType = Literal["country", "region", "local_authority", "ward", "msoa", "lsoa"]

POSTCODE_EXAMPLE = "W5 2HL"
_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)[0-9][A-Z]{2}$")

# The first three characters of a GSS code say what kind of area it is.
GSS_PREFIXES: dict[str, OfficialType] = {
    # Countries
    "E92": "country",
    "W92": "country",
    "S92": "country",
    "N92": "country",
    # English regions
    "E12": "region",
    # Local authorities: unitary, non-metropolitan district, metropolitan district,
    # London borough (England); unitary (Wales); council area (Scotland); district (NI).
    "E06": "local_authority",
    "E07": "local_authority",
    "E08": "local_authority",
    "E09": "local_authority",
    "W06": "local_authority",
    "S12": "local_authority",
    "N09": "local_authority",
    # Electoral wards and divisions
    "E05": "ward",
    "W05": "ward",
    "S13": "ward",
    "N08": "ward",
    # Middle and lower layer super output areas (England and Wales)
    "E02": "msoa",
    "W02": "msoa",
    "E01": "lsoa",
    "W01": "lsoa",
}
_GSS = re.compile(r"^[A-Z][0-9]{8}$")

COUNTRIES: dict[str, tuple[str, str]] = {
    "E": ("E92000001", "England"),
    "W": ("W92000004", "Wales"),
    "S": ("S92000003", "Scotland"),
    "N": ("N92000002", "Northern Ireland"),
}

_CUSTOM_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")


def normalise_postcode(value: str) -> str:
    """'w52hl' -> 'W5 2HL'. Raises ValueError with a message a person can act on."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not compact:
        raise ValueError(f"Enter a postcode, like {POSTCODE_EXAMPLE}")
    if not _POSTCODE.match(compact):
        raise ValueError(
            f"'{value.strip()}' is not a full UK postcode; enter one like {POSTCODE_EXAMPLE}"
        )
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_area(postcode: str) -> str:
    """The postcode area, the letters at the start: 'UB1 1AA' -> 'UB', 'W1A 1AA' -> 'W'."""
    match = re.match(r"[A-Z]+", (postcode or "").strip().upper())
    return match.group(0) if match else ""


def gss_area_type(code: str) -> OfficialType:
    """The type of official area a GSS code names: 'E05013520' -> 'ward'.

    Raises ValueError if the code is not a GSS code or names a kind of area
    Roundtable does not hold.
    """
    code = validate_gss_format(code)
    try:
        return GSS_PREFIXES[code[:3]]
    except KeyError:
        raise ValueError(
            f"{code} is not the code of a country, region, local authority, ward, MSOA or LSOA "
            f"(codes for those start with {', '.join(sorted(GSS_PREFIXES))})"
        ) from None


def validate_gss_format(code: str) -> str:
    """Return the code in capitals if it looks like a GSS code (a letter and 8 digits)."""
    cleaned = (code or "").strip().upper()
    if not _GSS.match(cleaned):
        raise ValueError(
            f"'{(code or '').strip()}' is not a GSS code; a GSS code is a letter and "
            "8 digits, like E05013520"
        )
    return cleaned


def is_gss_code(code: str) -> bool:
    return bool(_GSS.match((code or "").strip().upper()))


def validate_local_authority_code(code: str) -> str:
    """Return the code if it names a local authority (E09000009), else ValueError."""
    cleaned = validate_gss_format(code)
    if GSS_PREFIXES.get(cleaned[:3]) != "local_authority":
        raise ValueError(
            f"{cleaned} is not a local authority code; local authority codes start with "
            "E06, E07, E08 or E09 (for example E09000009 for Ealing)"
        )
    return cleaned


def country_for(code: str) -> tuple[str, str]:
    """The (code, name) of the country an area is in, from its code's first letter."""
    try:
        return COUNTRIES[code[:1].upper()]
    except KeyError:
        raise ValueError(f"{code} does not start with E, W, S or N") from None


def validate_custom_code(code: str) -> str:
    """Custom area codes are short lower-case slugs, never GSS codes."""
    cleaned = (code or "").strip()
    if is_gss_code(cleaned):
        raise ValueError(
            f"{cleaned} is a GSS code; give a custom area a code of its own, like ealing-southall"
        )
    if not _CUSTOM_CODE.match(cleaned):
        raise ValueError(
            f"'{cleaned}' is not a usable code; use 2 to 60 lower-case letters, digits and "
            "hyphens, like ealing-southall"
        )
    return cleaned


def split_components(value: str) -> list[str]:
    """'E05013537; E05013538,e05013539' -> ['E05013537', 'E05013538', 'E05013539'].

    GSS codes are put in capitals; order is kept and repeats are dropped.
    """
    codes: list[str] = []
    for part in re.split(r"[;,]", value or ""):
        code = part.strip()
        code = code.upper() if is_gss_code(code) else code
        if code and code not in codes:
            codes.append(code)
    return codes


def ward_display_name(codelist_name: str) -> str:
    """Code-Point Open code list names end in 'Ward' or 'ED': drop the suffix."""
    name = (codelist_name or "").strip()
    for suffix in (" Ward", " ED", " Division"):
        if name.endswith(suffix):
            return name[: -len(suffix)].strip()
    return name


_LOWER_WORDS = {"and", "of", "the"}


def region_display_name(census_name: str) -> str:
    """'YORKSHIRE AND THE HUMBER' -> 'Yorkshire and The Humber' (the ONS spelling)."""
    words = (census_name or "").strip().lower().split()
    titled = [
        w if (i > 0 and w in _LOWER_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    ]
    name = " ".join(titled)
    return name.replace("and the Humber", "and The Humber")


def parse_count(value: str) -> int | None:
    """'1,563' -> 1563; blank -> None. Raises ValueError for anything else."""
    cleaned = (value or "").replace(",", "").strip()
    if not cleaned:
        return None
    number = int(cleaned)
    if number < 0:
        raise ValueError(f"{value} is negative")
    return number


def progress_bar(label: str, done: int, total: int, width: int = 30) -> str:
    """'Postcodes [#######-----------] 2,100/6,511' for a terminal."""
    total = max(total, 0)
    fraction = 1.0 if total == 0 else min(max(done / total, 0.0), 1.0)
    filled = round(fraction * width)
    return f"{label} [{'#' * filled}{'-' * (width - filled)}] {done:,}/{total:,}"


def most_postcodes_first(counts: dict[int, int]) -> list[tuple[int, int]]:
    """(area id, postcodes) pairs, the area holding most of a ward's postcodes first
    (ties by id, so the order is stable): how the small areas a ward's postcodes are
    in are listed, best fitting first."""
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
