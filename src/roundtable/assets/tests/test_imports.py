"""`roundtable assets import FILE --owner ORGANISATION`: the contract, every refusal
with its row and column, all-or-nothing, and re-importing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from roundtable.assets.models import Asset

pytestmark = pytest.mark.django_db
HEADER = "name,address,postcode,current_use,tenure"
FULL = (
    HEADER + ",public_access,landlord,lease_start,lease_end,capacity,utilisation,"
    "market_value,rateable_value,condition,operating_cost,notes,public"
)


def _file(tmp_path, text, name="assets.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(path, owner="Ealing Council", *extra):
    out = io.StringIO()
    call_command(
        "assets_import", path, "--owner", owner, "--partnership", "ealing", *extra, stdout=out
    )
    return out.getvalue()


def _refused(path, owner="Ealing Council"):
    with pytest.raises(CommandError) as caught:
        _run(path, owner)
    return str(caught.value)


def test_a_partners_return_is_imported_and_located(tmp_path, partnership, council, postcodes):
    path = _file(
        tmp_path,
        FULL + "\n"
        "Perceval House,14-16 Uxbridge Road,w52hl,Offices,Freehold,Open 9 to 5,,,,1200,65%,"
        '"£25,000,000",£1.2m,B,"£2,500,000",Main civic offices,yes\n'
        "Acton Town Hall,Winchester Street,W3 6NE,Civic centre,leasehold,,Acme Estates,"
        "2010-04-01,2027-03-31,300,41,£50k,,,£350k,,no\n",
    )
    output = _run(path)
    assert "Imported 2 assets (2 new, 0 updated, 0 unchanged) of Ealing Council" in output
    perceval = Asset.objects.get(name="Perceval House")
    assert perceval.owner == council
    assert perceval.postcode == "W5 2HL"
    assert perceval.latitude == pytest.approx(51.5133, abs=0.001)
    assert perceval.market_value == Decimal("25000000")
    assert perceval.rateable_value == Decimal("1200000")
    assert perceval.operating_cost == Decimal("2500000")
    assert perceval.utilisation == Decimal("65")
    assert perceval.condition == "B"
    assert perceval.is_public
    acton = Asset.objects.get(name="Acton Town Hall")
    assert acton.lease_end == datetime.date(2027, 3, 31)
    assert acton.market_value == Decimal("50000")
    assert not acton.is_public


def test_only_the_required_columns_are_needed(tmp_path, partnership, council, postcodes):
    _run(_file(tmp_path, HEADER + "\nPerceval House,,W5 2HL,Offices,freehold\n"))
    assert Asset.objects.get().address == ""


def test_reimporting_updates_and_leaves_the_rest(tmp_path, partnership, council, postcodes):
    _run(
        _file(
            tmp_path,
            HEADER + ",capacity\nPerceval House,,W5 2HL,Offices,freehold,100\n"
            "Acton Town Hall,,W3 6NE,Civic,freehold,50\n",
        )
    )
    output = _run(
        _file(
            tmp_path,
            HEADER + ",capacity\nperceval house,,W5 2HL,Offices,freehold,120\n"
            "Acton Town Hall,,W3 6NE,Civic,freehold,50\n",
        )
    )
    assert "(0 new, 1 updated, 1 unchanged)" in output
    assert Asset.objects.count() == 2
    assert Asset.objects.get(name__iexact="Perceval House").capacity == 120


def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(
    tmp_path, partnership, council, postcodes
):
    path = _file(
        tmp_path,
        FULL + "\n"
        "Good Building,,W5 2HL,Offices,freehold,,,,,,,,,,,,\n"
        "Unknown,,W5 1XX,Offices,freehold,,,,,,,,,,,,\n"
        "Full,,W3 6NE,Offices,freehold,,,,,,120%,,,,,,\n"
        "Negative,,W3 6NE,Offices,freehold,,,,,,,-£500,,,,,\n"
        "Backwards,,W3 6NE,Offices,leasehold,,,2012-01-01,2011-01-01,,,,,,,,\n"
        'Comma,,W3 6NE,Offices,freehold,,,,,,,"1,25",,,,,\n'
        "Dots,,W3 6NE,Offices,freehold,,,,,,,,50.000,,,,\n"
        "Rented,,W3 6NE,Offices,rented,,,,,,,,,E,,,\n"
        "Nowhere,,Ealing,Offices,freehold,,,,,,,,,,,,\n",
    )
    message = _refused(path)
    assert message.startswith("Nothing was imported.")
    assert "Row 3, postcode: W5 1XX is not in the postcode data" in message
    assert "Row 4, utilisation: '120%' is over 100%" in message
    assert "Row 5, market_value: '-£500' is negative" in message
    assert "Row 6, lease_end: the lease ends (1 January 2011) before it starts" in message
    assert "Row 7, market_value: '1,25' could be read two ways" in message
    assert "Row 8, rateable_value: '50.000' could be read two ways" in message
    assert "Row 9, tenure: 'rented' is not one of: Freehold, Leasehold" in message
    assert "Row 9, condition: 'E' is not a condition grade" in message
    assert "Row 10, postcode: 'Ealing' is not a full UK postcode" in message
    assert not Asset.objects.exists()


def test_a_terminated_postcode_is_refused(tmp_path, partnership, council, postcodes):
    # Terminated postcodes are not loaded (geography keeps live ones only).
    message = _refused(_file(tmp_path, HEADER + "\nOld Depot,,UB1 9ZZ,Depot,freehold\n"))
    assert "Row 2, postcode: UB1 9ZZ is not in the postcode data" in message
    assert "no longer in use (terminated)" in message


def test_an_owner_not_of_the_partnership_is_refused(
    tmp_path, partnership, other_partnership, postcodes
):
    from roundtable.partnership.tests.factories import OrganisationFactory

    OrganisationFactory(partnership=other_partnership, name="Warwick District Council")
    path = _file(tmp_path, HEADER + "\nPerceval House,,W5 2HL,Offices,freehold\n")
    message = _refused(path, owner="Warwick District Council")
    assert "owner: 'Warwick District Council' is not an organisation of Ealing" in message
    assert not Asset.objects.exists()


def test_the_owner_may_be_named_by_its_short_name(tmp_path, partnership, council, postcodes):
    _run(_file(tmp_path, HEADER + "\nPerceval House,,W5 2HL,Offices,freehold\n"), "lbe")
    assert Asset.objects.get().owner == council


def test_a_missing_column_and_an_unknown_one_are_named(tmp_path, partnership, council, postcodes):
    message = _refused(
        _file(tmp_path, "name,postcode,current_use,tenure,colour\nX,W5 2HL,Offices,freehold,red\n")
    )
    assert "Row 1, address: this column is missing" in message
    assert "colour" in message


def test_a_name_twice_in_one_file_is_refused(tmp_path, partnership, council, postcodes):
    message = _refused(
        _file(
            tmp_path,
            HEADER + "\nPerceval House,,W5 2HL,Offices,freehold\n"
            "PERCEVAL HOUSE,,W5 2HL,Offices,freehold\n",
        )
    )
    assert "Row 3" in message
    assert not Asset.objects.exists()


def test_one_partners_bad_file_does_not_block_anothers(
    tmp_path, partnership, council, police, postcodes
):
    with pytest.raises(CommandError):
        _run(_file(tmp_path, HEADER + "\nPerceval House,,W5 1XX,Offices,freehold\n"))
    _run(
        _file(
            tmp_path,
            HEADER + "\nSouthall Police Station,67 High Street,UB1 3HG,Police station,freehold\n",
            "police.csv",
        ),
        "MPS",
    )
    assert list(Asset.objects.values_list("name", flat=True)) == ["Southall Police Station"]


def test_xlsx_percent_cells_are_refused_as_ambiguous_and_numbers_read(
    tmp_path, partnership, council, postcodes
):
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["name", "address", "postcode", "current_use", "tenure", "utilisation", "operating_cost"]
    )
    sheet.append(["Perceval House", "", "W5 2HL", "Offices", "Freehold", 0.65, 2500000])
    path = tmp_path / "assets.xlsx"
    book.save(path)
    message = _refused(str(path))
    assert "Row 2, utilisation: '0.65' could be 65% or 0.65%" in message
    sheet["F2"] = "65%"
    book.save(path)
    _run(str(path))
    assert Asset.objects.get().operating_cost == Decimal("2500000")


def test_the_roundtable_command_dispatches_assets_import():
    from roundtable.cli import project_commands

    assert "import" in project_commands()["assets"]


def test_reimporting_keeps_an_assets_plan(tmp_path, partnership, council, postcodes):
    """The import's columns have no plans: a return imported again does not clear the
    disposal a partner marked on the page."""
    _run(_file(tmp_path, HEADER + ",capacity\nPerceval House,,W5 2HL,Offices,freehold,100\n"))
    Asset.objects.update(
        plan="disposal", plan_expected=datetime.date(2027, 3, 31), plan_note="Moving out"
    )
    output = _run(
        _file(tmp_path, HEADER + ",capacity\nPerceval House,,W5 2HL,Offices,freehold,120\n")
    )
    assert "1 updated" in output
    asset = Asset.objects.get()
    assert (asset.capacity, asset.plan, asset.plan_expected, asset.plan_note) == (
        120,
        "disposal",
        datetime.date(2027, 3, 31),
        "Moving out",
    )
