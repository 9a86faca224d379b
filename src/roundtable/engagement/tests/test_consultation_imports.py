"""`roundtable engagement import-consultations`: the contract and its errors."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from roundtable.engagement.models import Consultation
from roundtable.geography.tests.factories import AreaFactory, CustomAreaFactory

pytestmark = pytest.mark.django_db
HEADER = "title,lead_organisation,opens,closes,status,audience,areas,url,method\n"


def _run(tmp_path, rows, header=HEADER):
    path = tmp_path / "consultations.csv"
    path.write_text(header + rows, encoding="utf-8")
    call_command("engagement_import_consultations", str(path), partnership="ealing")


def _fails(tmp_path, rows, header=HEADER) -> str:
    with pytest.raises(CommandError) as caught:
        _run(tmp_path, rows, header)
    assert not Consultation.objects.exists()
    return str(caught.value)


@pytest.fixture
def ward(partnership):
    return AreaFactory(code="E05013521", name="Southall Broadway")


def test_imports_audience_and_areas_then_reimport_updates(tmp_path, council, police, ward):
    custom = CustomAreaFactory(partnership=council.partnership, code="ealing-southall")
    row = (
        "Southall town centre,Ealing Council,2026-03-02,2026-04-26,open,"
        "Residents;businesses;Metropolitan Police Service;Market traders,"
        "E05013521;ealing-southall,https://example.org/s,Online survey\n"
    )
    _run(tmp_path, row)
    c = Consultation.objects.get()
    assert c.audience_list == ["residents", "businesses"]
    assert c.group_list == ["Market traders"]
    assert list(c.organisations.all()) == [police]
    assert set(c.areas.all()) == {ward, custom}
    written = c.history.count()
    _run(tmp_path, row)
    assert Consultation.objects.get().history.count() == written  # unchanged
    _run(tmp_path, row.replace(",open,", ",closed,"))
    assert Consultation.objects.count() == 1
    assert Consultation.objects.get().status == "closed"


def test_only_the_required_columns_are_needed(tmp_path, council):
    _run(
        tmp_path,
        "Libraries,LBE,2026-05-01,2026-06-01,Planned\n",
        header="title,lead_organisation,opens,closes,status\n",
    )
    assert Consultation.objects.get().status == "planned"


def test_areas_by_name(tmp_path, council, ward):
    _run(tmp_path, "Broadway,Ealing Council,2026-03-02,2026-03-09,open,,southall broadway,,\n")
    assert list(Consultation.objects.get().areas.all()) == [ward]


def test_every_problem_names_its_row_and_column_and_nothing_is_written(tmp_path, council, ward):
    AreaFactory(code="E05999998", name="Twin")
    AreaFactory(code="E05999999", name="Twin")
    message = _fails(
        tmp_path,
        "Good one,Ealing Council,2026-03-02,2026-04-26,open,,,,\n"
        "Backwards,Ealing Council,2026-05-02,2026-04-26,open,,,,\n"
        "Odd status,Ealing Council,2026-03-02,2026-04-26,abandoned,,,,\n"
        "Nobody,Acme Ltd,2026-03-02,2026-04-26,open,,,,\n"
        "Nowhere,Ealing Council,2026-03-02,2026-04-26,open,,Atlantis;Twin,,\n"
        "Bad link,Ealing Council,2026-03-02,2026-04-26,open,,,javascript:alert(1),\n",
    )
    assert "Row 3, closes: the closing date (26 April 2026) must be on or after" in message
    assert "Row 4, status: 'abandoned' is not one of" in message
    assert "Row 5, lead_organisation: no organisation 'Acme Ltd'" in message
    assert "Row 6, areas: no area 'Atlantis'" in message
    assert "Row 6, areas: 'Twin' names 2 areas (E05999998, E05999999); use its code" in message
    assert "Row 7, url: 'javascript:alert(1)' is not a web address" in message
    assert "Row 2" not in message


def test_missing_columns_are_named(tmp_path, council):
    message = _fails(
        tmp_path, "x,Ealing Council,2026-03-02\n", header="title,lead_organisation,opens\n"
    )
    assert "closes" in message
    assert "status" in message


def test_dates_are_kept_as_given(tmp_path, council):
    _run(tmp_path, "Dates,Ealing Council,2026-03-02,2026-03-02,open,,,,\n")
    c = Consultation.objects.get()
    assert (c.opens, c.closes) == (datetime.date(2026, 3, 2), datetime.date(2026, 3, 2))
