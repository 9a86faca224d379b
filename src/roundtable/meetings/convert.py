"""Word and OpenDocument papers turned into PDF for the board pack, by LibreOffice.

`soffice --headless --convert-to pdf` runs once for all of a pack's documents, in
a temporary directory with its own LibreOffice profile (so two packs made at once
do not fight over one profile's lock) and a time limit. A document LibreOffice
cannot convert comes back as None; no LibreOffice at all, or one that fails or
runs out of time, raises `ConversionError`. The pack then lists the paper with its
address instead, so a conversion never breaks the pack.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess  # noqa: S404 - runs LibreOffice, with no shell and our own file names
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

# The types converted, with the extension LibreOffice needs to recognise the file.
CONVERTIBLE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
# Seconds for one LibreOffice run: starting it takes a few, each document about one.
TIMEOUT = 120


class ConversionError(Exception):
    """LibreOffice is missing, failed, or took longer than `TIMEOUT`."""


def soffice() -> str | None:
    """The LibreOffice program's path, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_available() -> bool:
    return soffice() is not None


def to_pdf(documents: list[tuple[str, bytes]], *, timeout: int = TIMEOUT) -> list[bytes | None]:
    """Each (extension, contents) document as PDF bytes, in order; None for a
    document LibreOffice could not convert."""
    if not documents:
        return []
    program = soffice()
    if program is None:
        raise ConversionError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="roundtable-pack-") as work:
        folder = Path(work)
        (folder / "in").mkdir()
        inputs = []
        for index, (extension, content) in enumerate(documents):
            path = folder / "in" / f"paper{index}{extension}"
            path.write_bytes(content)
            inputs.append(path)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            *map(str, inputs),
        ]
        _run(command, folder, timeout)
        results: list[bytes | None] = []
        for path in inputs:
            output = folder / "out" / f"{path.stem}.pdf"
            results.append(output.read_bytes() if output.is_file() else None)
        return results


def _run(command: list[str], folder: Path, timeout: int) -> None:
    """Run LibreOffice in its own process group, so that on a timeout the program
    and the helpers it starts are all stopped."""
    environment = {**os.environ, "HOME": str(folder)}
    with subprocess.Popen(  # noqa: S603 - a fixed program and our own file names, no shell
        command,
        cwd=folder,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as process:
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionError(f"LibreOffice took longer than {timeout} seconds") from None
    if process.returncode != 0:
        logger.warning("LibreOffice failed (%s): %s", process.returncode, errors[-500:])
        raise ConversionError(f"LibreOffice stopped with status {process.returncode}")
