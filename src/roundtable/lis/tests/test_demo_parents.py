"""The demo's profiles compare an area with its region and England: their figures come
from the committed sums of the real wheels (lis/data/parent_areas.csv)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.services import write_local_authority
from roundtable.geography.sources import Sources, read_local_authority
from roundtable.lis import opendata
from roundtable.lis.demo import load_demo_statistics
from roundtable.lis.models import Observation
from roundtable.partnership.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
EALING = "E09000009"
LONDON = "E12000007"
ENGLAND = "E92000001"


@pytest.fixture(scope="module")
def ealing_data():
    return read_local_authority(Sources.mini(), EALING)


@pytest.fixture
def ealing(ealing_data):
    report = write_local_authority(ealing_data)
    partnership = PartnershipFactory(slug="ealing", area=report.local_authority)
    load_demo_statistics(partnership)
    return partnership


def committed(indicator: str, area: str) -> dict[str, str]:
    return next(
        row
        for row in opendata.read_parent_rows()
        if row["indicator"] == indicator and row["area_code"] == area and not row.get("age")
    )


def profile_csv(client, partnership, code: str) -> dict[str, dict[str, str]]:
    address = under(partnership, reverse("lis:area", args=[code]))
    response = client.get(address, {"download": "csv"})
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return {row["indicator"]: row for row in rows}


def test_ealing_is_shown_beside_london_and_england(client, ealing):
    rows = profile_csv(client, ealing, EALING)
    residents = rows["CEN-RES"]
    assert float(residents["parent_value"]) == float(committed("CEN-RES", LONDON)["value"])
    assert float(residents["england_value"]) == 53012456
    density = rows["CEN-DENS"]
    assert (float(density["parent_value"]), float(density["england_value"])) == (52, 4.1)
    assert float(rows["POP-MYE"]["parent_value"]) == 8945309


def test_ealing_stroke_rate_is_judged_against_england_with_the_summed_rate(client, ealing):
    stroke = profile_csv(client, ealing, EALING)["STROKE-ADM"]
    london, england = committed("STROKE-ADM", LONDON), committed("STROKE-ADM", ENGLAND)
    assert float(stroke["parent_value"]) == pytest.approx(
        int(london["count"]) / int(london["denominator"]) * 100_000
    )
    assert float(stroke["england_value"]) == pytest.approx(
        int(england["count"]) / int(england["denominator"]) * 100_000
    )
    assert stroke["benchmark"] == "England"
    assert stroke["compared_95"] in ("Better", "Similar", "Worse")
    assert stroke["compared_99_8"] in ("Better", "Similar", "Worse")


def test_the_profile_page_shows_london_and_england_with_nothing_missing(client, ealing):
    page = client.get(under(ealing, reverse("lis:area", args=[EALING]))).content.decode()
    assert "8,173,941" in page  # London's residents
    assert "53,012,456" in page  # England's
    assert page.count("Not available") == 0


def test_an_lsoa_is_compared_with_england(client, ealing):
    lsoa = Observation.objects.filter(
        dataset__partnership=ealing, area__area_type="lsoa", indicator__code="STROKE-ADM"
    )
    code = lsoa.filter(suppressed=False).values_list("area__code", flat=True).first()
    stroke = profile_csv(client, ealing, code)["STROKE-ADM"]
    assert stroke["benchmark"] == "England"
    assert stroke["compared_95"] in ("Better", "Similar", "Worse")
    assert float(profile_csv(client, ealing, code)["CEN-RES"]["england_value"]) == 53012456


def test_the_loaded_figures_are_the_committed_files(ealing):
    loaded = Observation.objects.filter(
        dataset__partnership=ealing, area__code__in=[LONDON, ENGLAND]
    ).values_list("indicator__code", "area__code", "age", "value", "count", "denominator", "note")
    wanted = [r for r in opendata.read_parent_rows() if r["area_code"] in (LONDON, ENGLAND)]
    assert len(loaded) == len(wanted) == 2 * (3 + 1 + 92)
    found = {(code, area, age): rest for code, area, age, *rest in loaded}
    for row in wanted:
        value, count, denominator, note = found[
            row["indicator"], row["area_code"], row.get("age", "")
        ]
        if "count" in row:
            assert (count, denominator) == (float(row["count"]), float(row["denominator"]))
        else:
            assert value == float(row["value"])
        assert note == row.get("note", "")


def test_only_the_places_own_region_and_country_are_published(ealing):
    # The West Midlands and England are loaded with Warwick; Ealing's LIS does not
    # publish the West Midlands.
    write_local_authority(read_local_authority(Sources.mini(), "E07000222"))
    load_demo_statistics(ealing)
    areas = set(
        Observation.objects.filter(
            dataset__partnership=ealing, area__area_type__in=["region", "country"]
        ).values_list("area__code", flat=True)
    )
    assert areas == {LONDON, ENGLAND}  # not the West Midlands, nor Wales


def test_ealings_neighbours_page_finds_real_neighbours_among_englands_authorities(client, ealing):
    """Every indicator of the demo's neighbours page led to "no statistical neighbours"
    (each partnership published its own authority only); now England's authorities
    are its comparators (lis/data/local_authorities.csv)."""
    address = under(ealing, reverse("lis:area-neighbours", args=[EALING]))
    response = client.get(address, {"indicator": ["CEN-DENS", "STROKE-ADM"], "n": "5"})
    assert response.status_code == 200
    group = response.context["group"]
    found = [area.code for area, _ in group.neighbours]
    assert len(found) == 5
    assert EALING not in found
    assert all(code.startswith(("E06", "E07", "E08", "E09")) for code in found)
    assert group.left_out == 1  # Isles of Scilly: no stroke figure
    assert "Profile of Ealing compared with these neighbours" in response.content.decode()
    # ... and a map of them: every neighbour has a boundary now (lis/data's shipped
    # local authorities), so the map draws them all.
    assert response.context["map_query"] == (
        "indicator=CEN-DENS&area_type=local_authority&compare=neighbours&area=E09000009"
        "&by=CEN-DENS&by=STROKE-ADM&n=5"
    )
    assert "Map of Ealing and these neighbours" in response.content.decode()
    # The profile compared with them sums their stroke counts and person-years.
    profile = client.get(
        under(ealing, reverse("lis:area", args=[EALING])),
        {"benchmark": "neighbours", "by": ["CEN-DENS", "STROKE-ADM"], "n": "5", "download": "csv"},
    )
    rows = csv.DictReader(io.StringIO(profile.content.decode("utf-8-sig")))
    stroke = next(row for row in rows if row["indicator"] == "STROKE-ADM")
    assert stroke["benchmark_value"]
