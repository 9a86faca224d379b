"""`roundtable assets colocation`: the contract's JSON keys, CSV columns, defaults
and errors."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command

from roundtable.assets.tests.factories import AssetFactory
from roundtable.cli import project_commands, translate
from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 31)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 31, 12, 0), tick=False):
        yield


@pytest.fixture
def register(partnership, council, police):
    """A council building under-used, a police station 111 m north with a lease ending
    in ten months, a clinic 333 m north (not public), and one with no location."""
    hall = AssetFactory(
        partnership=partnership,
        owner=council,
        name="Perceval House",
        postcode="W5 2HL",
        latitude=51.5,
        utilisation=Decimal("35.5"),
        operating_cost=Decimal("400000.00"),
    )
    station = AssetFactory(
        partnership=partnership,
        owner=police,
        name="Ealing Police Station",
        postcode="W5 5JY",
        latitude=51.501,
        utilisation=None,
        lease_end=datetime.date(2027, 1, 31),
        operating_cost=Decimal("90000.00"),
    )
    clinic = AssetFactory(
        partnership=partnership,
        owner=OrganisationFactory(partnership=partnership, name="NHS Ealing"),
        name="Mattock Lane Clinic",
        postcode="W5 5BQ",
        latitude=51.503,
        utilisation=Decimal("80"),
        is_public=False,
    )
    AssetFactory(partnership=partnership, owner=police, latitude=None, longitude=None)
    return hall, station, clinic


def _run(tmp_path, fmt, *args):
    out = tmp_path / f"groups.{fmt}"
    call_command("assets_colocation", "--format", fmt, "--output", str(out), *args)
    return out.read_text(encoding="utf-8")


def test_json_gives_each_group_with_the_contracts_fields(tmp_path, register):
    groups = json.loads(_run(tmp_path, "json"))
    assert groups == [
        {
            "assets": [
                {
                    "name": "Perceval House",
                    "owner": "Ealing Council",
                    "postcode": "W5 2HL",
                    "utilisation": 35.5,
                    "lease_end": None,
                },
                {
                    "name": "Ealing Police Station",
                    "owner": "Metropolitan Police Service",
                    "postcode": "W5 5JY",
                    "utilisation": None,
                    "lease_end": "2027-01-31",
                },
                {
                    "name": "Mattock Lane Clinic",
                    "owner": "NHS Ealing",
                    "postcode": "W5 5BQ",
                    "utilisation": 80.0,
                    "lease_end": None,
                },
            ],
            "max_distance_m": 333.6,
            "owners": ["Ealing Council", "Metropolitan Police Service", "NHS Ealing"],
            "operating_cost": 400000.0,
        }
    ]


def test_the_options_narrow_the_groups(tmp_path, register):
    near = json.loads(_run(tmp_path, "json", "--within-m", "200"))
    assert [[a["name"] for a in g["assets"]] for g in near] == [
        ["Perceval House", "Ealing Police Station"]
    ]
    # Not under-used below 30%: only the police lease (within 12 months) is a candidate.
    leases = json.loads(_run(tmp_path, "json", "--within-m", "200", "--utilisation-below", "30"))
    assert leases[0]["operating_cost"] == 90000.0
    assert leases[0]["assets"][0]["name"] == "Ealing Police Station"
    # The lease ends ten months on: not within 9 months.
    none = _run(tmp_path, "json", "--utilisation-below", "30", "--lease-ends-within-months", "9")
    assert json.loads(none) == []
    # Counted from another day, it is.
    later = _run(
        tmp_path,
        "json",
        "--utilisation-below",
        "30",
        "--lease-ends-within-months",
        "9",
        "--on",
        "2026-05-01",
    )
    assert len(json.loads(later)) == 1


def test_csv_has_one_row_per_asset_numbered_by_group(tmp_path, register, partnership, council):
    AssetFactory(
        partnership=partnership,
        owner=council,
        name="Acton Town Hall",
        latitude=51.6,
        utilisation=Decimal(10),
        operating_cost=None,
    )
    AssetFactory(partnership=partnership, name="Acton Library", latitude=51.6005)
    rows = list(csv.reader(io.StringIO(_run(tmp_path, "csv"))))
    assert rows[0] == [
        "group",
        "name",
        "owner",
        "postcode",
        "utilisation",
        "lease_end",
        "max_distance_m",
        "owners",
        "operating_cost",
    ]
    assert [r[:2] for r in rows[1:]] == [
        ["1", "Perceval House"],
        ["1", "Ealing Police Station"],
        ["1", "Mattock Lane Clinic"],
        ["2", "Acton Town Hall"],
        ["2", "Acton Library"],
    ]
    assert rows[1][4:] == [
        "35.5",
        "",
        "333.6",
        "Ealing Council; Metropolitan Police Service; NHS Ealing",
        "400000.0",
    ]
    assert rows[4][8] == ""  # no cost known


def test_the_summary_goes_to_standard_error_with_an_output_file(tmp_path, register):
    out = tmp_path / "g.json"
    stderr = io.StringIO()
    call_command("assets_colocation", "--format", "json", "--output", str(out), stderr=stderr)
    assert stderr.getvalue().strip() == (
        f"Wrote 1 group of 4 assets within 500 m to {out}; 1 with no location left out"
    )


def test_without_an_output_file_the_groups_go_to_standard_output(register, capfd):
    call_command("assets_colocation", "--format", "csv")
    assert capfd.readouterr().out.startswith("group,name,owner,postcode,")


def test_another_partnerships_assets_are_never_read(
    tmp_path, register, other_partnership, partnership
):
    AssetFactory(
        partnership=other_partnership,
        owner=OrganisationFactory(partnership=other_partnership, name="Warwick Council"),
        name="Riverside House",
        latitude=51.5001,
        utilisation=Decimal(5),
    )
    groups = json.loads(_run(tmp_path, "json", "--partnership", "ealing"))
    assert "Riverside House" not in json.dumps(groups)
    assert json.loads(_run(tmp_path, "json", "--partnership", "warwick")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--within-m", "far"], "--within-m: enter a whole number, like 500 (not far)"),
        (["--within-m", "0"], "--within-m: enter a number of metres from 1 to 5,000"),
        (["--within-m", "9000"], "--within-m: enter a number of metres from 1 to 5,000"),
        (["--utilisation-below", "half"], "--utilisation-below: enter a percentage from 0 to 100"),
        (["--utilisation-below", "120"], "--utilisation-below: enter a percentage from 0 to 100"),
        (["--utilisation-below", "NaN"], "--utilisation-below: enter a percentage from 0 to 100"),
        (["--lease-ends-within-months", "-1"], "--lease-ends-within-months: enter a whole number"),
        (["--lease-ends-within-months", "200"], "from 0 to 120"),
        (["--on", "31/03/2026"], "--on: enter a date like 2026-02-16 (not 31/03/2026)"),
        (["--partnership", "nowhere"], "No partnership 'nowhere' (known: ealing)"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(tmp_path, register, args, message):
    with pytest.raises(CommandError) as raised:
        _run(tmp_path, "json", *args)
    assert message in str(raised.value)
    assert not (tmp_path / "groups.json").exists()


def test_a_percent_sign_is_accepted(tmp_path, register):
    assert json.loads(_run(tmp_path, "json", "--utilisation-below", "40%"))


def test_roundtable_assets_colocation_is_dispatched():
    groups = project_commands()
    assert "colocation" in groups["assets"]
    assert translate(["assets", "colocation", "--format", "json"], groups) == [
        "assets_colocation",
        "--format",
        "json",
    ]


@pytest.mark.parametrize("n", [2, 20])
def test_the_command_uses_constant_queries(
    tmp_path, partnership, council, police, django_assert_num_queries, n
):
    for i in range(n):
        AssetFactory(
            partnership=partnership, owner=council, latitude=51.5 + i / 100, utilisation=Decimal(10)
        )
        AssetFactory(partnership=partnership, owner=police, latitude=51.5001 + i / 100)
    # the partnership (the only one), the assets (one query)
    with django_assert_num_queries(2):
        groups = json.loads(_run(tmp_path, "json"))
    assert len(groups) == n
