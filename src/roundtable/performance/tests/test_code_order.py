"""Every list of indicators reads their codes as people do: "NI 45" before "NI 195 d",
"Local 3" before "Local 25", within each theme (`rules.in_code_order`)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from roundtable.performance.periods import parse_quarter
from roundtable.performance.queries import build_report, led_indicators, visible_indicators
from roundtable.performance.report import report_json
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

#: as the database sorts them, text by text; people read them the other way
TEXT_ORDER = ["Local 25", "Local 3", "NI 195 d", "NI 45"]
READ_ORDER = ["Local 3", "Local 25", "NI 45", "NI 195 d"]


@pytest.fixture
def indicators(partnership, council):
    made = [
        IndicatorFactory(partnership=partnership, lead_agency=council, code=code, theme="Safer")
        for code in TEXT_ORDER
    ]
    # another theme, before "Safer": themes keep their order, codes sort within each
    made.append(
        IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 9", theme="Health")
    )
    return made


def _in_order(text: str, codes: list[str]) -> list[str]:
    return sorted(codes, key=text.index)


def test_the_report_lists_indicators_by_theme_then_code_as_read(partnership, indicators):
    report = build_report(partnership, parse_quarter("2011/12 Q2"))
    assert [row.code for row in report.rows] == ["NI 9", *READ_ORDER]
    rows = report_json(report)
    assert [row["code"] for row in rows] == ["NI 9", *READ_ORDER]


def test_the_indicator_list_and_its_download_read_codes_in_order(session, partnership, indicators):
    assert [i.code for i in visible_indicators(partnership, internal=False)] == [
        "NI 9",
        *READ_ORDER,
    ]
    page = session.get(reverse("performance:indicator-list"))
    assert _in_order(page.text, READ_ORDER) == READ_ORDER
    download = session.get(reverse("performance:indicator-list-download", args=["csv"]))
    rows = csv.DictReader(io.StringIO(download.content.decode()))
    assert [row["Code"] for row in rows] == ["NI 9", *READ_ORDER]


def test_an_agencys_return_lists_its_indicators_in_code_order(client, officer, council, indicators):
    assert [i.code for i in led_indicators(council)] == ["NI 9", *READ_ORDER]
    client.force_login(officer)
    page = client.get(reverse("performance_entry:entry", args=[council.pk, "2011-12-Q2"]))
    assert page.status_code == 200
    assert _in_order(page.text, READ_ORDER) == READ_ORDER


def test_choosers_offer_indicators_in_code_order(partnership, indicators):
    from roundtable.meetings.forms import ItemForm
    from roundtable.performance.forms import DataIssueForm
    from roundtable.recommendations.forms import LinksForm

    def offered(field):
        """The codes offered, in order, through the groups of a chooser by theme."""
        flat = []
        for value, label in field.choices:
            flat += label if isinstance(label, list) else [(value, label)]
        return [value.instance.code for value, _ in flat if value]

    everything = [*READ_ORDER[:2], "NI 9", *READ_ORDER[2:]]
    issue = DataIssueForm(partnership=partnership)
    assert offered(issue.fields["indicator"]) == everything
    # Checkboxes come by theme (themes A to Z), by code within each.
    by_theme = ["NI 9", *READ_ORDER]
    links = LinksForm(partnership_id=partnership.pk)
    assert offered(links.fields["indicators"]) == by_theme
    item = ItemForm(partnership=partnership)
    assert offered(item.fields["related_indicators"]) == by_theme
    assert [name for name, _ in item.fields["related_indicators"].choices] == ["Health", "Safer"]
    # what is accepted does not depend on the order offered
    chosen = DataIssueForm({"indicator": indicators[3].pk}, partnership=partnership)
    chosen.is_valid()
    assert "indicator" not in chosen.errors
