"""Secondary suppression across imports: a total in one file and its parts in
another, either way round, hide what would give a small count away; a re-import
shows a cell again only when no rule still hides it; and no output gives a
suppressed count away."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import polars as pl
import pytest
import time_machine
from django.urls import reverse

from roundtable.core.testing import found_in, under
from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory, LocalAuthorityFactory
from roundtable.lis import exports, import_suppression
from roundtable.lis.import_suppression import resuppress_stored
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.tests.factories import LsoaFactory
from roundtable.lis.tests.test_exports import every_text
from roundtable.lis.tests.test_imports import run, write
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

VALUE = "indicator,area_code,period,value"
# The secondary cell's count: 153,088 (the MSOA) - 98,765 - 2 would give the 2 away.
SECRETS = ("54321", "54,321", "54321.0")


@pytest.fixture
def msoa(partnership) -> SimpleNamespace:
    """A count indicator and an MSOA of three LSOAs, in a borough of `partnership`."""
    IndicatorFactory(
        partnership=partnership,
        code="C1",
        name="Residents",
        value_type="count",
        polarity="none",
        in_report=False,
        on_lis=True,
    )
    borough = LocalAuthorityFactory(code="E09000009", name="Ealing")
    middle = AreaFactory(
        code="E02000001", name="Ealing 001", area_type=AreaType.MSOA, parent=borough
    )
    lsoas = [
        LsoaFactory(code=f"E0100000{i}", name=f"Ealing 001{letter}", parent=middle)
        for i, letter in ((1, "A"), (2, "B"), (3, "C"))
    ]
    return SimpleNamespace(partnership=partnership, middle=middle, lsoas=lsoas)


def _suppressed() -> dict[tuple[str, str, str], bool]:
    rows = Observation.objects.values_list("area__code", "period", "sex", "suppressed")
    return {(code, period, sex): hidden for code, period, sex, hidden in rows}


def _total(tmp_path, partnership, total: int = 153088, period: str = "2011"):
    run(write(tmp_path, VALUE, f"C1,E02000001,{period},{total}", name="total.csv"), partnership)


def _parts(tmp_path, partnership, counts=(2, 54321, 98765), period: str = "2011"):
    lines = [f"C1,E0100000{i},{period},{n}" for i, n in enumerate(counts, start=1)]
    run(write(tmp_path, VALUE, *lines, name="parts.csv"), partnership)


def test_a_total_imported_earlier_hides_the_part_that_would_give_a_small_count_away(tmp_path, msoa):
    _total(tmp_path, msoa.partnership)
    _parts(tmp_path, msoa.partnership)
    assert _suppressed() == {
        ("E02000001", "2011", ""): False,
        ("E01000001", "2011", ""): True,  # 2 people
        ("E01000002", "2011", ""): True,  # the smallest other part of the total
        ("E01000003", "2011", ""): False,
    }


def test_a_total_imported_later_hides_a_part_imported_earlier(tmp_path, msoa):
    _parts(tmp_path, msoa.partnership)
    assert not _suppressed()[("E01000002", "2011", "")]  # no total yet: nothing to hide
    _total(tmp_path, msoa.partnership)
    assert _suppressed() == {
        ("E02000001", "2011", ""): False,
        ("E01000001", "2011", ""): True,
        ("E01000002", "2011", ""): True,
        ("E01000003", "2011", ""): False,
    }


def test_a_breakdowns_total_imported_earlier_hides_the_other_part(tmp_path, msoa):
    run(write(tmp_path, VALUE, "C1,E01000001,2011,43", name="persons.csv"), msoa.partnership)
    run(
        write(tmp_path, VALUE + ",sex", "C1,E01000001,2011,3,Female", "C1,E01000001,2011,40,Male"),
        msoa.partnership,
    )
    assert _suppressed() == {
        ("E01000001", "2011", ""): False,
        ("E01000001", "2011", "Female"): True,
        ("E01000001", "2011", "Male"): True,  # 43 - 40 would give the 3 away
    }


def test_a_reimport_above_the_threshold_shows_the_cells_again(tmp_path, msoa):
    _total(tmp_path, msoa.partnership)
    _parts(tmp_path, msoa.partnership)
    run(write(tmp_path, VALUE, "C1,E01000001,2011,12", name="fix.csv"), msoa.partnership)
    assert set(_suppressed().values()) == {False}


def test_a_reimport_above_the_threshold_keeps_hidden_what_a_rule_still_hides(tmp_path, msoa):
    """Two small parts: raising one leaves the other alone in its total, so the
    raised one (now the smallest other part) must stay hidden."""
    _total(tmp_path, msoa.partnership, total=98770)
    _parts(tmp_path, msoa.partnership, counts=(2, 3, 98765))
    run(write(tmp_path, VALUE, "C1,E01000001,2011,12", name="fix.csv"), msoa.partnership)
    assert _suppressed() == {
        ("E02000001", "2011", ""): False,
        ("E01000001", "2011", ""): True,  # 12, but 98,770 - 98,765 - 12 would give the 3
        ("E01000002", "2011", ""): True,  # 3 people
        ("E01000003", "2011", ""): False,
    }


def test_an_import_that_raises_the_threshold_hides_the_datasets_other_cells_too(tmp_path, msoa):
    """`--suppress-below` concerns every cell of the dataset, not only the file's: a
    count of 7 imported under the default threshold (5) is hidden once an import of
    another period makes it 10, and shown again when one makes it 5."""
    first = write(tmp_path, VALUE, "C1,E01000001,2011,7", "C1,E01000002,2011,60", name="a.csv")
    run(first, msoa.partnership)
    assert not any(_suppressed().values())
    later = write(tmp_path, VALUE, "C1,E01000001,2012,70", name="b.csv")
    run(later, msoa.partnership, suppress_below=10)
    assert _suppressed() == {
        ("E01000001", "2011", ""): True,
        ("E01000002", "2011", ""): False,
        ("E01000001", "2012", ""): False,
    }
    run(later, msoa.partnership, suppress_below=5)
    assert not any(_suppressed().values())


def test_only_the_indicators_and_periods_imported_are_worked_out_again(tmp_path, msoa):
    _total(tmp_path, msoa.partnership, period="2012")
    _parts(tmp_path, msoa.partnership, period="2012")
    # Hidden by hand (as an older release might have been): another period is not
    # this import's to change.
    Observation.objects.filter(period="2012", area__code="E01000003").update(suppressed=True)
    _parts(tmp_path, msoa.partnership, counts=(20, 30, 40))
    suppressed = _suppressed()
    assert suppressed[("E01000003", "2012", "")]
    assert not any(hidden for (_, period, _), hidden in suppressed.items() if period == "2011")


def test_a_new_dataset_keeps_the_files_own_suppression_without_reading_it_back(
    tmp_path, msoa, monkeypatch
):
    """Into a dataset with no cells the stored cells are the file's: its suppression,
    worked out over the whole file, is not worked out again from the table (a
    million-row import's second read); nor is it after a re-import that changed no
    cell; a re-import that changed one still is."""
    worked_out_again = []
    real = import_suppression.resuppress_stored

    def spy(dataset, written):
        worked_out_again.append(dataset.slug)
        return real(dataset, written)

    monkeypatch.setattr(import_suppression, "resuppress_stored", spy)
    lines = ["C1,E02000001,2011,153088", "C1,E01000001,2011,2", "C1,E01000002,2011,54321"]
    path = write(tmp_path, VALUE, *lines, "C1,E01000003,2011,98765")
    run(path, msoa.partnership)
    assert worked_out_again == []
    hidden = {
        ("E02000001", "2011", ""): False,
        ("E01000001", "2011", ""): True,
        ("E01000002", "2011", ""): True,
        ("E01000003", "2011", ""): False,
    }
    assert _suppressed() == hidden
    run(path, msoa.partnership)
    assert worked_out_again == []
    assert _suppressed() == hidden
    changed = write(tmp_path, VALUE, *lines, "C1,E01000003,2011,98766")
    run(changed, msoa.partnership)
    assert worked_out_again == ["census"]
    assert _suppressed() == hidden


@pytest.mark.parametrize("lsoas", [2, 20])
def test_working_suppression_out_again_takes_the_same_queries_however_many_cells(
    msoa, django_assert_num_queries, lsoas
):
    dataset = Dataset.objects.create(partnership=msoa.partnership, slug="counts", title="Counts")
    indicator = msoa.partnership.indicators.get(code="C1")
    areas = [LsoaFactory(parent=msoa.middle) for _ in range(lsoas)]
    for n, area in enumerate([msoa.middle, *areas]):
        Observation.objects.create(
            dataset=dataset,
            indicator=indicator,
            area=area,
            period="2011",
            period_start="2011-01-01",
            period_end="2011-12-31",
            value={0: 1000, 1: 2}.get(n, 10 + n),
        )
    written = pl.DataFrame({"indicator_id": [indicator.pk], "period": ["2011"]})
    # any small count, the cells, their areas' parents, the one update
    with django_assert_num_queries(4):
        changed = resuppress_stored(dataset, written)
    assert changed == 2  # the 2, and the smallest other part of the total (12)
    # Nothing small: one update shows every cell again.
    Observation.objects.filter(dataset=dataset).update(value=500)
    with django_assert_num_queries(2):
        assert resuppress_stored(dataset, written) == 2


def test_an_import_records_when_the_datasets_statistics_changed(tmp_path, msoa):
    when = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    with time_machine.travel(when, tick=False):
        _parts(tmp_path, msoa.partnership)
    assert Dataset.objects.get().data_updated == when


# Nothing leaves ---------------------------------------------------------------------------


def _outputs(client, partnership, dataset: Dataset) -> dict[str, bytes]:
    """Every public output that shows the LSOAs' counts."""
    slug = dataset.slug
    found = {
        "rest": client.get("/api/v1/lis/observations", {"indicator": "C1"}),
        "rest-within": client.get(
            "/api/v1/lis/observations", {"indicator": "C1", "within": "E02000001"}
        ),
        "ckan": client.get(
            "/api/3/action/datastore_search", {"resource_id": f"{slug}-observations"}
        ),
        "fingertips": client.get(
            "/fingertips/api/all_data/csv/by_profile_id",
            {"profile_id": dataset.pk, "child_area_type_id": 10001, "parent_area_type_id": 3},
        ),
        "map": client.get(
            reverse("lis:map-data"),
            {"indicator": "C1", "area_type": "lsoa", "within": "E02000001"},
        ),
        "profile": client.get(under(partnership, reverse("lis:area", args=["E01000002"]))),
        "rug": client.get(
            under(partnership, reverse("lis:area-overview", args=["E02000001"])),
            {"area_type": "lsoa", "download": "csv"},
        ),
    }
    for fmt in exports.FORMATS:
        address = under(partnership, reverse("lis:dataset-export", args=[slug, fmt]))
        found[f"export-{fmt}"] = client.get(address)
    for name, response in found.items():
        assert response.status_code == 200, name
    # Searching the DataStore for the hidden count finds nothing (the answer repeats
    # the query, so it is not searched for the number).
    search = {"resource_id": f"{slug}-observations", "q": "54321"}
    assert client.get("/api/3/action/datastore_search", search).json()["result"]["total"] == 0
    return {name: response.content for name, response in found.items()}


@pytest.mark.parametrize("total_first", [True, False])
def test_no_output_gives_away_a_count_suppressed_across_two_files(
    client, tmp_path, msoa, total_first
):
    if total_first:
        _total(tmp_path, msoa.partnership)
        _parts(tmp_path, msoa.partnership)
    else:
        _parts(tmp_path, msoa.partnership)
        _total(tmp_path, msoa.partnership)
    dataset = Dataset.objects.get()
    outputs = _outputs(client, msoa.partnership, dataset)
    for name, content in outputs.items():
        assert not found_in(every_text(content), *SECRETS), name
    # The published cells are there: the searches looked at the right data.
    assert "98765" in every_text(outputs["export-csv"])
    assert "153088" in every_text(outputs["fingertips"]) or "153088" in every_text(outputs["rest"])
