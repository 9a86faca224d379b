"""The import contract: roundtable performance import-indicators / import-values."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.models import Organisation
from roundtable.performance.imports import import_indicators, import_values
from roundtable.performance.models import Indicator, IndicatorValue
from roundtable.performance.services import approve_all_figures

pytestmark = pytest.mark.django_db

INDICATORS = """code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance,highlight
NI 123,Stopping Smoking,Health,Higher is better,Quarterly,count,no,NHS Ealing,5%,no
NI 155,Number of affordable homes delivered (gross),High Quality of Life,higher,monthly,count,no,Ealing Council,10,yes
NI 62,Stability of placements of looked after children,Safety,lower is better,monthly,%,yes,Ealing Council,0.5,no
"""


def table(text: str, name: str = "file.csv"):
    return read_table(io.BytesIO(text.encode()), name)


def messages(excinfo) -> list[str]:
    return [str(e) for e in excinfo.value.errors]


@pytest.fixture
def indicators(partnership, council):
    import_indicators(table(INDICATORS), partnership, None)
    return {i.code: i for i in Indicator.objects.all()}


def test_indicators_import_reads_every_spelling_of_the_contract(indicators, partnership):
    smoking = indicators["NI 123"]
    assert (smoking.polarity, smoking.frequency, smoking.aggregation) == (
        "higher",
        "quarterly",
        "sum",
    )
    assert (smoking.tolerance_kind, smoking.tolerance) == ("percent", Decimal(5))
    placements = indicators["NI 62"]
    assert (placements.polarity, placements.cumulative, placements.aggregation) == (
        "lower",
        True,
        "latest",
    )
    assert (placements.tolerance_kind, placements.tolerance) == ("absolute", Decimal("0.5"))
    assert indicators["NI 155"].highlight


def test_an_unknown_lead_agency_is_created(indicators, partnership):
    nhs = Organisation.objects.get(partnership=partnership, name="NHS Ealing")
    assert indicators["NI 123"].lead_agency == nhs


def test_reimporting_indicators_changes_nothing(indicators, partnership):
    summary = import_indicators(table(INDICATORS), partnership, None)
    assert summary.outcomes["unchanged"] == 3


def test_bad_indicator_rows_are_all_reported_and_nothing_is_saved(partnership):
    text = (
        "code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance\n"
        "NI 1,One,Health,sideways,fortnightly,count,maybe,,5 percent\n"
        "NI 1,Again,Health,higher,annual," + "x" * 41 + ",no,,\n"
    )
    with pytest.raises(ImportFailed) as excinfo:
        import_indicators(table(text), partnership, None)
    found = messages(excinfo)
    assert any(m.startswith("Row 2, polarity: 'sideways'") for m in found)
    assert any(m.startswith("Row 2, frequency: 'fortnightly'") for m in found)
    assert any(m.startswith("Row 2, cumulative: 'maybe'") for m in found)
    assert any(m.startswith("Row 2, tolerance:") for m in found)
    assert any(m.startswith("Row 3, unit:") and "longer than 40" in m for m in found)
    assert "Row 3, code: this is a duplicate of row 2; keep one" in found
    assert not Indicator.objects.exists()


VALUES = """code,period,actual,target,estimated,note
NI 123,2010/11,1732,,,
NI 123,2011/12 Q1,481,,,
NI 123,2011/12 Q2,421 (est),420,,
NI 123,2011/12,,1964,,
NI 155,2011-07,76,,,
NI 155,2011/12 Q2,144,133,,
"""


def test_values_import_understands_estimates_and_year_end_targets(indicators, partnership):
    summary = import_values(table(VALUES), partnership, None)
    assert summary.outcomes["created"] == 6
    q2 = IndicatorValue.objects.get(indicator=indicators["NI 123"], period="2011/12 Q2")
    assert (q2.actual, q2.estimated, q2.target) == (Decimal(421), True, Decimal(420))
    year = IndicatorValue.objects.get(indicator=indicators["NI 123"], period="2011/12")
    assert (year.actual, year.target) == (None, Decimal(1964))


def test_a_year_row_with_only_a_target_keeps_the_years_actual(indicators, partnership):
    import_values(
        table("code,period,actual,target,estimated,note\nNI 123,2011/12,1900,,,\n"),
        partnership,
        None,
    )
    import_values(
        table("code,period,actual,target,estimated,note\nNI 123,2011/12,,1964,,\n"),
        partnership,
        None,
    )
    year = IndicatorValue.objects.get(indicator=indicators["NI 123"], period="2011/12")
    assert (year.actual, year.target) == (Decimal(1900), Decimal(1964))


def test_to_be_confirmed_is_missing_never_zero(indicators, partnership):
    import_values(
        table("code,period,actual,target,estimated,note\nNI 123,2011/12 Q1,TBC,420,,\n"),
        partnership,
        None,
    )
    assert IndicatorValue.objects.get().actual is None


def test_bad_value_rows_are_all_reported_in_one_run_and_nothing_is_saved(indicators, partnership):
    text = (
        "code,period,actual,target,estimated,note\n"
        "NI 999,2011/12 Q1,1,,,\n"
        "NI 123,2011/12 Q5,1,,,\n"
        "NI 123,2011-07,1,,,\n"
        "NI 123,2011/12 Q1,lots,,,\n"
        "NI 123,2011/12 Q2,1,,,\n"
        "NI 123,2011/12 Q2,2,,,\n"
    )
    with pytest.raises(ImportFailed) as excinfo:
        import_values(table(text), partnership, None)
    found = messages(excinfo)
    assert found[0].startswith("Row 2, code: 'NI 999' is not an indicator")
    assert found[1].startswith("Row 3, period: '2011/12 Q5' is not a period")
    assert found[2].startswith("Row 4, period: '2011-07' is shorter than NI 123's frequency")
    assert found[3].startswith("Row 5, actual: 'lots'")
    assert found[4] == "Row 7, period: this is a duplicate of row 6; keep one"
    assert not IndicatorValue.objects.exists()


def test_a_percentage_tolerance_on_a_zero_target_is_an_import_error(indicators, partnership):
    text = "code,period,actual,target,estimated,note\nNI 123,2011/12 Q1,3,0,,\n"
    with pytest.raises(ImportFailed) as excinfo:
        import_values(table(text), partnership, None)
    assert messages(excinfo)[0].startswith(
        "Row 2, target: A tolerance of 5% cannot apply to a target of 0"
    )


def test_approved_figures_are_locked_against_changes_but_not_reimports(indicators, partnership):
    import_values(table(VALUES), partnership, None)
    approve_all_figures(partnership)
    assert import_values(table(VALUES), partnership, None).outcomes["unchanged"] == 6
    changed = VALUES.replace("421 (est)", "423")
    with pytest.raises(ImportFailed) as excinfo:
        import_values(table(changed), partnership, None)
    assert messages(excinfo) == [
        "Row 4, period: NHS Ealing's figures for 2011/12 Q2 are approved and locked; "
        "re-open them with a reason before changing them"
    ]


def test_a_numerator_and_denominator_give_the_actual(indicators, partnership):
    text = "code,period,actual,target,estimated,note,numerator,denominator\nNI 62,2011-07,,,,,3,8\n"
    import_values(table(text), partnership, None)
    value = IndicatorValue.objects.get()
    assert (value.numerator, value.denominator, value.actual) == (
        Decimal(3),
        Decimal(8),
        Decimal("37.5"),
    )


def test_half_a_fraction_is_an_error(indicators, partnership):
    text = "code,period,actual,target,estimated,note,numerator,denominator\nNI 62,2011-07,,,,,3,\n"
    with pytest.raises(ImportFailed) as excinfo:
        import_values(table(text), partnership, None)
    assert messages(excinfo) == [
        "Row 2, denominator: give both the numerator and the denominator, or neither"
    ]


def test_an_unknown_responsible_officer_is_named(partnership):
    text = (
        INDICATORS.splitlines()[0]
        + ",responsible_officer\n"
        + INDICATORS.splitlines()[1]
        + ",Nobody Here\n"
    )
    with pytest.raises(ImportFailed) as excinfo:
        import_indicators(table(text), partnership, None)
    assert messages(excinfo)[0].startswith(
        "Row 2, responsible_officer: 'Nobody Here' is not a person"
    )


def test_imported_figures_have_a_created_history_naming_who(indicators, partnership, administrator):
    import_values(table(VALUES), partnership, administrator)
    q2 = IndicatorValue.objects.get(indicator=indicators["NI 123"], period="2011/12 Q2")
    (created,) = q2.history.all()
    assert (created.history_type, created.history_user, created.actual) == (
        "+",
        administrator,
        Decimal(421),
    )
    assert (created.period_start.isoformat(), created.organisation_id) == (
        "2011-07-01",
        q2.organisation_id,
    )


def test_a_changed_figure_is_saved_with_its_previous_value_in_the_history(
    indicators, partnership, administrator
):
    import_values(table(VALUES), partnership, None)
    summary = import_values(table(VALUES.replace("421 (est)", "423")), partnership, administrator)
    assert (summary.outcomes["changed"], summary.outcomes["unchanged"]) == (1, 5)
    q2 = IndicatorValue.objects.get(indicator=indicators["NI 123"], period="2011/12 Q2")
    latest, first = q2.history.all()
    assert (first.actual, first.estimated, latest.actual, latest.estimated) == (
        421,
        True,
        423,
        False,
    )
    assert latest.history_user == administrator


def test_a_second_import_writes_history_for_its_new_figures_only(
    indicators, partnership, administrator
):
    import_values(table(VALUES), partnership, None)
    more = VALUES + "NI 123,2011/12 Q3,430,420,,\nNI 155,2011-10,5,6,,\n"
    summary = import_values(table(more), partnership, administrator)
    assert (summary.outcomes["created"], summary.outcomes["unchanged"]) == (2, 6)
    history = IndicatorValue.history.model.objects
    assert history.count() == IndicatorValue.objects.count() == 8
    new = history.filter(history_user=administrator).order_by("period")
    assert [(h.indicator.code, h.period, h.actual, h.history_type) for h in new] == [
        ("NI 155", "2011-10", Decimal(5), "+"),
        ("NI 123", "2011/12 Q3", Decimal(430), "+"),
    ]
    assert {h.id for h in new} == set(
        IndicatorValue.objects.filter(period__in=["2011-10", "2011/12 Q3"]).values_list(
            "id", flat=True
        )
    )


def test_each_problem_is_reported_on_every_row_it_occurs(indicators, partnership):
    # Problems are worked out once per distinct text, but each row gets its own.
    text = (
        "code,period,actual,target,estimated,note\n"
        "NI 999,2011/12 Q1,lots,,,\n"
        "NI 999,2011/12 Q2,lots,,maybe,\n"
        "NI 123,2011-07,1,,maybe,\n"
        "NI 123,2011-08,1,,,\n"
    )
    with pytest.raises(ImportFailed) as excinfo:
        import_values(table(text), partnership, None)
    found = messages(excinfo)
    assert [m.split(":")[0] for m in found] == [
        "Row 2, actual",
        "Row 2, code",
        "Row 3, actual",
        "Row 3, code",
        "Row 3, estimated",
        "Row 4, estimated",
        "Row 4, period",
        "Row 5, period",
    ]
    assert found[-1].startswith("Row 5, period: '2011-08' is shorter than NI 123's frequency")


def test_notes_keep_tabs_newlines_and_backslashes(indicators, partnership):
    # The bulk path (COPY on PostgreSQL) must not mangle text it escapes.
    note = 'Line one\twith a tab\nline two with a \\ and "quotes"'
    text = VALUES + 'NI 155,2011-08,7,,,"' + note.replace('"', '""') + '"\n'
    import_values(table(text), partnership, None)
    value = IndicatorValue.objects.get(period="2011-08")
    assert (value.note, value.history.get().note) == (note, note)
