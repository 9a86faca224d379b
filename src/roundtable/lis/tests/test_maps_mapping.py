"""How the map colours areas (`lis.mapping`): pure functions, no database."""

from __future__ import annotations

import pytest

from roundtable.lis.mapping import AreaFigure, classify, format_figure, table_order


def _area(code: str, value: float | None, low: float | None, high: float | None) -> AreaFigure:
    return AreaFigure(code, f"Area {code}", value, low, high)


AREAS = [
    _area("A", 30.0, 25.0, 35.0),  # wholly above a benchmark of 20
    _area("B", 21.0, 15.0, 27.0),  # contains it
    _area("C", 10.0, 8.0, 12.0),  # wholly below
]


def _keys(polarity: str, benchmark: float | None = 20.0) -> dict[str, str]:
    return {a.code: a.key for a in classify(AREAS, polarity, benchmark).areas}


def test_higher_is_better_makes_an_interval_above_the_benchmark_better():
    assert _keys("higher") == {"A": "better", "B": "similar", "C": "worse"}


def test_lower_is_better_turns_the_same_intervals_round():
    assert _keys("lower") == {"A": "worse", "B": "similar", "C": "better"}


def test_no_benchmark_compares_nothing():
    classes = classify(AREAS, "higher", None)
    assert {a.key for a in classes.areas} == {"not-compared"}
    assert [a.label for a in classes.areas] == ["Not compared"] * 3


def test_an_area_without_limits_is_not_compared():
    classes = classify([_area("D", 50.0, None, None)], "higher", 20.0)
    assert classes.areas[0].key == "not-compared"
    assert classes.areas[0].text == "50.0"


def test_no_judgement_colours_by_quintile():
    figures = [_area(str(n), float(n), None, None) for n in range(1, 11)]
    classes = classify(figures, "none", 5.0)
    assert classes.method == "quintiles"
    assert [a.key for a in classes.areas] == [
        "q1", "q1", "q2", "q2", "q3", "q3", "q4", "q4", "q5", "q5"
    ]  # fmt: skip
    assert [e.key for e in classes.legend][:5] == ["q1", "q2", "q3", "q4", "q5"]
    assert classes.legend[0].label.startswith("Quintile 1 (lowest): up to")


def test_a_suppressed_area_carries_no_figure_and_does_not_move_the_breaks():
    shown = [_area(str(n), float(n), None, None) for n in range(1, 11)]
    suppressed = AreaFigure("S", "Secret", None, None, None, True, "Suppressed: 1 to 4")
    with_it = classify([*shown, suppressed], "none", None)
    assert with_it.breaks == classify(shown, "none", None).breaks
    area = with_it.areas[-1]
    assert (area.key, area.value, area.lower_95, area.upper_95) == ("suppressed", None, None, None)
    assert area.text == "Suppressed: 1 to 4"
    assert ("suppressed", "Suppressed", 1) in [(e.key, e.label, e.areas) for e in with_it.legend]


def test_display_text_gives_value_and_interval_to_the_indicators_decimals():
    classes = classify([_area("A", 1234.5678, 1000.0, 1500.25)], "higher", 20.0, decimals=2)
    assert classes.areas[0].text == "1,234.57 (95% confidence interval 1,000.00 to 1,500.25)"


def test_a_proportion_is_shown_as_a_percentage():
    assert format_figure(12.345, 1, "%") == "12.3%"
    assert format_figure(None, 1) == ""


def test_the_legend_counts_areas_per_class():
    legend = classify(AREAS, "higher", 20.0).legend
    assert [(e.key, e.areas) for e in legend] == [
        ("better", 1), ("similar", 1), ("worse", 1), ("not-compared", 0)
    ]  # fmt: skip


# The table's order (`table_order`).


def _ordered(order: str) -> list[str]:
    figures = [
        AreaFigure("E01000003", "Ealing 002A", 30.0, None, None),
        AreaFigure("E01000001", "ealing 010B", None, None, None, True, "Suppressed: 1 to 4"),
        AreaFigure("E01000002", "Ealing 001A", 12.5, None, None),
        AreaFigure("E01000004", "Ealing 003C", None, None, None),  # no data
        AreaFigure("E01000005", "Ealing 001B", 30.0, None, None),
    ]
    return [a.code[-1] for a in table_order(classify(figures, "none", None).areas, order)]


def test_the_table_keeps_the_maps_order_unless_asked():
    assert _ordered("") == ["3", "1", "2", "4", "5"]


def test_the_table_orders_by_name_whatever_the_case():
    assert _ordered("name") == ["2", "5", "3", "4", "1"]


def test_by_value_areas_without_a_figure_come_last_in_the_maps_order():
    # The suppressed area has no value to be placed by: it sits with "no data".
    assert _ordered("highest") == ["3", "5", "2", "1", "4"]
    assert _ordered("lowest") == ["2", "3", "5", "1", "4"]


def test_an_unknown_table_order_is_refused():
    with pytest.raises(ValueError, match="no table order “largest”"):
        _ordered("largest")
