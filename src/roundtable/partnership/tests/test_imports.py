from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from openpyxl import Workbook

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.imports import detect_kind, import_table
from roundtable.partnership.models import Body, Membership, Organisation, Person
from roundtable.partnership.tests.factories import BodyFactory, OrganisationFactory, PersonFactory

# The examples in messages are worked out from this day: the 16th of last month
# (2026-11-16), of next month for dates planned ahead (2027-01-16).
TODAY_FROZEN = datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC)


def table(text: str, name: str = "upload.csv"):
    return read_table(io.BytesIO(text.encode()), name)


def messages(excinfo: pytest.ExceptionInfo[ImportFailed]) -> list[str]:
    return [str(e) for e in excinfo.value.errors]


ORGS = """name,short_name,sector,type,parent
Ealing Council,LBE,public,Local authority,
Ealing CVS,CVS,Voluntary and community,Council for voluntary service,
Ealing Police,,public,Police,Metropolitan Police Service
Metropolitan Police Service,MPS,public,Police,
"""


@pytest.mark.django_db
def test_import_creates_organisations_with_parents_from_later_rows(partnership):
    summary = import_table("organisations", table(ORGS), partnership, None)
    assert summary.outcomes["created"] == 4
    police = Organisation.objects.get(name="Ealing Police")
    assert police.parent.short_name == "MPS"
    assert Organisation.objects.get(name="Ealing CVS").sector == "voluntary"


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(partnership):
    import_table("organisations", table(ORGS), partnership, None)
    history_before = Organisation.history.count()
    summary = import_table("organisations", table(ORGS), partnership, None)
    assert summary.outcomes["unchanged"] == 4
    assert Organisation.objects.count() == 4
    assert Organisation.history.count() == history_before


@pytest.mark.django_db
def test_import_rejects_whole_file_when_one_row_has_a_bad_sector(partnership):
    bad = ORGS + "Ealing Hospital,,hospital,NHS trust,\n"
    with pytest.raises(ImportFailed) as excinfo:
        import_table("organisations", table(bad), partnership, None)
    assert messages(excinfo) == [
        "Row 6, sector: 'hospital' is not one of: Public, Private, Voluntary and community, "
        "Faith, Business"
    ]
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_the_partner_column_marks_organisations_the_partnership_only_engages(partnership):
    text = """name,sector,partner
Ealing Council,public,yes
Experian,private,no
Ealing CVS,voluntary,
"""
    import_table("organisations", table(text), partnership, None)
    partners = dict(Organisation.objects.values_list("name", "is_partner"))
    assert partners == {"Ealing Council": True, "Experian": False, "Ealing CVS": True}


@pytest.mark.django_db
def test_a_file_without_the_partner_column_keeps_what_each_organisation_has(partnership):
    """Unticking "partner" on the page is not undone by importing the list again."""
    import_table("organisations", table(ORGS), partnership, None)
    Organisation.objects.filter(name="Ealing CVS").update(is_partner=False)
    summary = import_table("organisations", table(ORGS), partnership, None)
    assert summary.outcomes["unchanged"] == 4
    assert not Organisation.objects.get(name="Ealing CVS").is_partner


@pytest.mark.django_db
def test_a_partner_value_that_is_not_yes_or_no_is_refused(partnership):
    with pytest.raises(ImportFailed) as excinfo:
        import_table(
            "organisations", table("name,sector,partner\nA4e,private,maybe\n"), partnership, None
        )
    assert messages(excinfo) == ["Row 2, partner: 'maybe' is not yes or no; enter yes or no"]
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_import_reports_duplicate_names_with_the_first_row(partnership):
    with pytest.raises(ImportFailed) as excinfo:
        import_table(
            "organisations",
            table("name,sector\nEaling Council,public\nealing  council,public\n"),
            partnership,
            None,
        )
    assert messages(excinfo) == ["Row 3, name: this is a duplicate of row 2; keep one"]


@pytest.mark.django_db
def test_import_names_missing_and_unknown_columns(partnership):
    with pytest.raises(ImportFailed) as excinfo:
        import_table("organisations", table("title,sektor\nX,public\n"), partnership, None)
    found = messages(excinfo)
    assert "Row 1, name: this column is missing; add it to the header row" in found
    assert any(m.startswith("Row 1, sektor: unknown column") for m in found)


@pytest.mark.django_db
def test_import_of_an_empty_file_says_it_is_empty(partnership):
    with pytest.raises(ImportFailed) as excinfo:
        read_table(io.BytesIO(b""), "empty.csv")
    assert messages(excinfo) == ["empty.csv is empty: it has no header row"]


@pytest.mark.django_db
def test_import_of_headers_without_rows_is_refused(partnership):
    with pytest.raises(ImportFailed) as excinfo:
        import_table("organisations", table("name,sector\n"), partnership, None)
    assert messages(excinfo) == ["upload.csv has a header but no rows"]


@pytest.mark.django_db
def test_people_with_an_unknown_organisation_are_refused_naming_the_row(partnership, council):
    text = "honorific,given_name,family_name,job_title,organisation\n"
    text += "Cllr,Julian,Bell,Leader,Ealing Council\n"
    text += ",Andy,Roper,,Ealing CVS\n"
    with pytest.raises(ImportFailed) as excinfo:
        import_table("people", table(text), partnership, None)
    assert messages(excinfo) == [
        "Row 3, organisation: 'Ealing CVS' is not an organisation of Ealing Local Strategic "
        "Partnership; import it in organisations first, or check the spelling"
    ]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_people_with_a_bad_email_are_refused_naming_the_row_column_and_address(partnership):
    text = "given_name,family_name,email\nJulian,Bell,julian.bell@example.org\n"
    text += "Andy,Roper,andy.roper@example.org\nJo,Bloggs,jo.bloggs@\n"
    with pytest.raises(ImportFailed) as excinfo:
        import_table("people", table(text), partnership, None)
    assert messages(excinfo) == [
        "Row 4, email: 'jo.bloggs@' is not an email address; enter one like name@example.org"
    ]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_every_problem_of_a_people_file_is_named_at_once(partnership, council):
    text = "honorific,given_name,family_name,organisation,unit,email,phone\n"
    text += "Cllr,Julian,Bell,Ealing Council,,julian bell@example.org,\n"
    text += ",Jo,,,,jo@,\n"
    text += ",Andy,Roper,,Housing,,\n"
    text += f",Sam,Smith,Ealing CVS,,,{'0' * 41}\n"
    text += f"{'Dr' * 21},Ann,Lee,Ealing Council,Housing,ann.lee@example,\n"
    text += ",Julian,Bell,,,,\n"
    with pytest.raises(ImportFailed) as excinfo:
        import_table("people", table(text), partnership, None)
    assert messages(excinfo) == [
        "Row 2, email: 'julian bell@example.org' is not an email address; "
        "enter one like name@example.org",
        "Row 3, email: 'jo@' is not an email address; enter one like name@example.org",
        "Row 3, family_name: enter a value; it is required",
        "Row 4, unit: give the organisation the unit belongs to",
        "Row 5, organisation: 'Ealing CVS' is not an organisation of Ealing Local Strategic "
        "Partnership; import it in organisations first, or check the spelling",
        "Row 5, phone: use 40 characters or fewer (this has 41)",
        "Row 6, email: 'ann.lee@example' is not an email address; enter one like name@example.org",
        "Row 6, honorific: use 40 characters or fewer (this has 42)",
        "Row 6, unit: 'Housing' is not a unit of Ealing Council; import it in units first",
        "Row 7, family_name: this is a duplicate of row 2; keep one",
    ]


@pytest.mark.django_db
def test_bodies_with_dates_in_the_wrong_order_are_refused(partnership):
    text = "name,kind,start_date,end_date\n"
    text += "Joint Assets Project Group,project_board,2011-10-24,2011-01-01\n"
    with pytest.raises(ImportFailed) as excinfo:
        import_table("bodies", table(text), partnership, None)
    assert messages(excinfo) == [
        "Row 2, end_date: the end date must be the same as or after the start date"
    ]


@pytest.mark.django_db
def test_bodies_accept_uk_dates_and_link_parents(partnership):
    text = (
        "name,short_name,kind,parent,end_date\n"
        "Delivery Management Group,DMG,network,LSP Executive Board,24/10/2011\n"
        "LSP Executive Board,,Executive board,,\n"
    )
    import_table("bodies", table(text), partnership, None)
    dmg = Body.objects.get(short_name="DMG")
    assert dmg.parent.name == "LSP Executive Board"
    assert dmg.end_date.isoformat() == "2011-10-24"
    assert dmg.slug == "ealing-delivery-management-group"


@pytest.mark.django_db
def test_a_new_bodys_slug_does_not_repeat_the_partnerships_name(partnership):
    text = "name,kind\nEaling Youth Forum,network\nSafer Ealing Partnership,theme_partnership\n"
    import_table("bodies", table(text), partnership, None)
    assert set(Body.objects.values_list("slug", flat=True)) == {
        "ealing-youth-forum",
        "ealing-safer-ealing-partnership",
    }


@pytest.mark.django_db
def test_reimporting_a_body_without_a_slug_keeps_the_slug_it_has(partnership):
    # Made before slugs stopped repeating the partnership's name: it is in bookmarks.
    BodyFactory(
        partnership=partnership, name="Ealing Youth Forum", slug="ealing-ealing-youth-forum"
    )
    text = "name,kind,description\nEaling Youth Forum,network,Young people's forum\n"
    import_table("bodies", table(text), partnership, None)
    assert Body.objects.get().slug == "ealing-ealing-youth-forum"


@time_machine.travel(TODAY_FROZEN, tick=False)
@pytest.mark.django_db
def test_a_bad_date_is_named_with_an_example(partnership):
    text = "name,kind,start_date\nBoard,executive_board,next tuesday\n"
    with pytest.raises(ImportFailed) as excinfo:
        import_table("bodies", table(text), partnership, None)
    assert messages(excinfo) == [
        "Row 2, start_date: 'next tuesday' is not a date; enter a date like 2026-11-16"
    ]


@pytest.mark.django_db
def test_memberships_import_from_xlsx(partnership, council):
    person = PersonFactory(
        partnership=partnership, organisation=council, given_name="Julian", family_name="Bell"
    )
    BodyFactory(partnership=partnership, name="LSP Executive Board", slug="ealing-exec")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Person", "Body", "Role", "Organisation", "Title", "Start date"])
    sheet.append(["Julian Bell", "LSP Executive Board", "Chair", "Ealing Council", "Leader", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    xlsx = read_table(buffer, "memberships.xlsx")
    assert detect_kind(xlsx) == "memberships"
    import_table("memberships", xlsx, partnership, None)
    membership = Membership.objects.get()
    assert (membership.person, membership.role, membership.title) == (person, "chair", "Leader")


@pytest.mark.django_db
def test_memberships_of_unknown_people_and_bodies_are_all_reported(partnership):
    text = "person,body,role\nNobody Atall,No Such Board,chair\n"
    with pytest.raises(ImportFailed) as excinfo:
        import_table("memberships", table(text), partnership, None)
    found = messages(excinfo)
    assert len(found) == 2
    assert found[0].startswith("Row 2, body: 'No Such Board' is not a body")
    assert found[1].startswith("Row 2, person: 'Nobody Atall' is not a person")


@pytest.mark.django_db
def test_import_does_not_see_another_partnerships_organisations(partnership, other_partnership):
    OrganisationFactory(partnership=other_partnership, name="Warwick District Council")
    text = "family_name,organisation\nHall,Warwick District Council\n"
    with pytest.raises(ImportFailed):
        import_table("people", table(text), partnership, None)


def test_a_file_that_is_not_csv_or_xlsx_is_refused():
    with pytest.raises(ImportFailed) as excinfo:
        read_table(io.BytesIO(b"%PDF-1.4"), "minutes.pdf")
    assert messages(excinfo) == ["minutes.pdf: upload a CSV or XLSX file (got '.pdf')"]


def test_a_broken_workbook_is_reported_not_raised():
    with pytest.raises(ImportFailed) as excinfo:
        read_table(io.BytesIO(b"not a zip at all"), "people.xlsx")
    assert messages(excinfo)[0].startswith("people.xlsx could not be read as an Excel workbook")
