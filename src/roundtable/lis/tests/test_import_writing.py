"""How `roundtable lis import` writes: staged through a file of its own on SQLite,
COPY on PostgreSQL, and still all or nothing when the write itself fails.

Staging only happens outside a transaction the caller opened, so the tests of it
run without pytest-django's wrapping transaction (`transaction=True`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.db import connection

from roundtable.lis import import_writes, intervals
from roundtable.lis.imports import DatasetOptions, import_observations
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.tests.factories import LsoaFactory
from roundtable.performance.tests.factories import IndicatorFactory

HEADER = "indicator,area_code,period,count,denominator,sex"


class WriteFailed(Exception):
    pass


@pytest.fixture
def library(partnership):
    """A rate per 100,000 and three LSOAs."""
    IndicatorFactory(
        partnership=partnership,
        code="R1",
        value_type="rate",
        multiplier=100_000,
        in_report=False,
        on_lis=True,
    )
    for n in range(1, 4):
        LsoaFactory(code=f"E0100000{n}", name=f"Ealing 00{n}A")
    return partnership


@pytest.fixture
def staged(monkeypatch):
    """Stage every file, however small, and remember the staging folders made."""
    monkeypatch.setattr(import_writes, "STAGE_FROM", 1)
    folders: list[Path] = []
    make = tempfile.mkdtemp

    def mkdtemp(*args, **kwargs) -> str:
        folder = make(*args, **kwargs)
        folders.append(Path(folder))
        return folder

    monkeypatch.setattr(import_writes.tempfile, "mkdtemp", mkdtemp)
    return folders


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "stats.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def run(path: Path, partnership, **kwargs) -> str:
    return import_observations(path, partnership, DatasetOptions(slug="census"), **kwargs)


def cells() -> dict[tuple[str, str], tuple[float, float, float]]:
    return {
        (area, sex): (value, count, denominator)
        for area, sex, value, count, denominator in Observation.objects.values_list(
            "area__code", "sex", "value", "count", "denominator"
        )
    }


def attached_stages() -> list[str]:
    connection.ensure_connection()
    names = [row[1] for row in connection.connection.execute("PRAGMA database_list")]
    return [name for name in names if name.startswith(import_writes.STAGE_PREFIX)]


@pytest.mark.django_db(transaction=True)
def test_a_staged_import_writes_every_row_with_its_numbers(tmp_path, library, staged):
    summary = run(
        write(
            tmp_path,
            "R1,E01000001,2011,30,20000,Female",
            "R1,E01000002,2011,40,10000,",
            "R1,E01000003,2011/12,50,50000,Male",
        ),
        library,
    )
    assert summary == "3 observations of 1 indicator into census"
    assert cells() == {
        ("E01000001", "Female"): (pytest.approx(150.0), 30, 20000),
        ("E01000002", ""): (pytest.approx(400.0), 40, 10000),
        ("E01000003", "Male"): (pytest.approx(100.0), 50, 50000),
    }
    row = Observation.objects.get(area__code="E01000003")
    assert (row.period, str(row.period_start), str(row.period_end)) == (
        "2011/12",
        "2011-04-01",
        "2012-03-31",
    )
    assert row.ci_method == "Byar's method"
    assert row.lower_ci_95 is not None
    assert row.suppressed is False
    if connection.vendor == "sqlite":
        assert staged, "the rows went through a staging file"
    assert all(not folder.exists() for folder in staged)


@pytest.mark.django_db(transaction=True)
def test_a_staged_reimport_replaces_the_same_cells_and_keeps_the_others(tmp_path, library, staged):
    run(write(tmp_path, "R1,E01000001,2011,30,20000,", "R1,E01000002,2011,40,10000,"), library)
    run(write(tmp_path, "R1,E01000001,2011,60,20000,", "R1,E01000003,2011,5,10000,"), library)
    assert cells() == {
        ("E01000001", ""): (pytest.approx(300.0), 60, 20000),
        ("E01000002", ""): (pytest.approx(400.0), 40, 10000),
        ("E01000003", ""): (pytest.approx(50.0), 5, 10000),
    }
    assert Observation.objects.get(area__code="E01000003").suppressed is False


def row_versions() -> dict[str, object]:
    """Each cell's row version: PostgreSQL's xmin (a new one for every rewrite of the
    row); on SQLite, where there is none, the row's id and figures."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT o.id, o.xmin::text FROM {Observation._meta.db_table} o"  # noqa: S608
            )
            return dict(cursor.fetchall())
    return {str(pk): rest for pk, *rest in Observation.objects.values_list("pk", "value", "note")}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stage_from", [1, 1_000], ids=["staged", "unstaged"])
def test_importing_the_same_file_again_rewrites_nothing_and_says_so(
    tmp_path, library, staged, monkeypatch, stage_from
):
    monkeypatch.setattr(import_writes, "STAGE_FROM", stage_from)
    path = write(tmp_path, "R1,E01000001,2011,30,20000,", "R1,E01000002,2011,2,10000,")
    run(path, library)
    before, updated = row_versions(), Dataset.objects.get(slug="census").data_updated
    summary = run(path, library)
    assert summary == "2 observations of 1 indicator into census (0 new or changed, 2 unchanged)"
    assert row_versions() == before
    # Nothing new for Fingertips' "New data" either.
    assert Dataset.objects.get(slug="census").data_updated == updated
    assert Observation.objects.get(area__code="E01000002").suppressed is True


@pytest.mark.django_db(transaction=True)
def test_a_reimport_counts_the_cells_it_changed(tmp_path, library, staged):
    run(write(tmp_path, "R1,E01000001,2011,30,20000,", "R1,E01000002,2011,40,10000,"), library)
    updated = Dataset.objects.get(slug="census").data_updated
    summary = run(
        write(
            tmp_path,
            "R1,E01000001,2011,30,20000,",
            "R1,E01000002,2011,41,10000,",
            "R1,E01000003,2011,50,10000,",
        ),
        library,
    )
    assert summary == "3 observations of 1 indicator into census (2 new or changed, 1 unchanged)"
    assert cells()[("E01000002", "")] == (pytest.approx(410.0), 41, 10000)
    assert Dataset.objects.get(slug="census").data_updated > updated


@pytest.mark.django_db(transaction=True)
def test_a_note_alone_is_a_change(tmp_path, library, staged):
    path = tmp_path / "noted.csv"
    path.write_text(
        "indicator,area_code,period,count,denominator,note\nR1,E01000001,2011,30,20000,\n"
    )
    run(path, library)
    path.write_text(
        "indicator,area_code,period,count,denominator,note\nR1,E01000001,2011,30,20000,Provisional\n"
    )
    assert run(path, library) == "1 observation of 1 indicator into census"
    assert Observation.objects.get().note == "Provisional"


def fail_while_writing(done: int, total: int) -> None:
    """A progress bar that breaks once rows have gone in: the write fails half way."""
    raise WriteFailed(f"{done} of {total}")


@pytest.mark.django_db(transaction=True)
def test_a_write_that_fails_half_way_leaves_nothing_and_no_staging(tmp_path, library, staged):
    path = write(tmp_path, "R1,E01000001,2011,30,20000,", "R1,E01000002,2011,40,10000,")
    with pytest.raises(WriteFailed):
        run(path, library, progress=fail_while_writing)
    assert not Observation.objects.exists()
    assert not Dataset.objects.filter(slug="census").exists()
    assert all(not folder.exists() for folder in staged)


@pytest.mark.django_db(transaction=True)
def test_a_reimport_that_fails_half_way_keeps_the_cells_as_they_were(tmp_path, library, staged):
    run(write(tmp_path, "R1,E01000001,2011,30,20000,"), library)
    path = write(tmp_path, "R1,E01000001,2011,60,20000,", "R1,E01000002,2011,40,10000,")
    with pytest.raises(WriteFailed):
        run(path, library, progress=fail_while_writing)
    assert cells() == {("E01000001", ""): (pytest.approx(150.0), 30, 20000)}
    assert all(not folder.exists() for folder in staged)


@pytest.mark.django_db(transaction=True)
def test_the_staging_file_is_detached_after_an_import_and_after_a_failure(
    tmp_path, library, staged
):
    if connection.vendor != "sqlite":
        pytest.skip("staging files are SQLite's")
    run(write(tmp_path, "R1,E01000001,2011,30,20000,"), library)
    assert attached_stages() == []
    with pytest.raises(WriteFailed):
        run(write(tmp_path, "R1,E01000002,2011,40,10000,"), library, progress=fail_while_writing)
    assert attached_stages() == []
    assert len(staged) == 2
    assert all(not folder.exists() for folder in staged)
    assert list(Observation.objects.values_list("area__code", flat=True)) == ["E01000001"]


@pytest.mark.django_db
def test_an_import_inside_the_callers_transaction_writes_without_staging(tmp_path, library, staged):
    # SQLite cannot detach a file read inside a transaction until it ends (and
    # attaches at most 10): more imports than that in one transaction still work.
    for n in range(1, 13):
        run(write(tmp_path, f"R1,E01000001,2011,{n * 10},20000,"), library)
    assert staged == []
    if connection.vendor == "sqlite":
        assert attached_stages() == []
    assert cells() == {("E01000001", ""): (pytest.approx(600.0), 120, 20000)}


@pytest.mark.django_db
def test_limits_worked_out_for_whole_columns_match_the_rules_one_by_one(tmp_path, partnership):
    """Byar's method and Wilson score are worked out as column arithmetic; each row
    gets what `intervals.confidence_limits` gives it (exact Poisson under 10 too)."""
    for code, value_type, multiplier in (
        ("P1", "proportion", 1),
        ("R1", "rate", 100_000),
        ("C1", "count", 1),
    ):
        IndicatorFactory(
            partnership=partnership,
            code=code,
            value_type=value_type,
            multiplier=multiplier,
            in_report=False,
            on_lis=True,
        )
    LsoaFactory(code="E01000001", name="Ealing 001A")
    cases = [
        (count, denominator)
        for count in (0, 3, 9, 10, 11, 57, 950)
        for denominator in (950, 40_000)
    ]
    lines = [
        f"{code},E01000001,{2000 + n},{count},{denominator}"
        for code in ("P1", "R1", "C1")
        for n, (count, denominator) in enumerate(cases)
    ]
    path = tmp_path / "grid.csv"
    path.write_text("\n".join(["indicator,area_code,period,count,denominator", *lines]) + "\n")
    import_observations(path, partnership, DatasetOptions(slug="grid", suppress_below=0))
    multipliers = {"P1": 100, "R1": 100_000, "C1": 1}
    rows = Observation.objects.select_related("indicator")
    assert rows.count() == len(cases) * 3
    for row in rows:
        expected = intervals.confidence_limits(
            row.indicator.value_type,
            count=row.count,
            denominator=row.denominator,
            multiplier=multipliers[row.indicator.code],
        )
        assert row.ci_method == expected.method, row
        for name, want in (
            ("lower_ci_95", expected.lower_95),
            ("upper_ci_95", expected.upper_95),
            ("lower_ci_99_8", expected.lower_99_8),
            ("upper_ci_99_8", expected.upper_99_8),
        ):
            got = getattr(row, name)
            assert (got is None) == (want is None), (row, name)
            if want is not None:
                assert got == pytest.approx(want, rel=1e-12, abs=1e-12), (row, name)


@pytest.mark.django_db
def test_a_large_postgresql_import_renews_the_planners_statistics(tmp_path, library, monkeypatch):
    """Until autovacuum runs, a table just grown by a bulk load would be planned from
    old figures: an import of ANALYZE_FROM rows or more renews them at once."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    monkeypatch.setattr(import_writes, "ANALYZE_FROM", 3)

    def estimated_rows() -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s",
                [Observation._meta.db_table],
            )
            return cursor.fetchone()[0]

    assert estimated_rows() <= 0  # never analysed: -1 (0 before PostgreSQL 14)
    run(
        write(
            tmp_path,
            "R1,E01000001,2011,30,20000,",
            "R1,E01000002,2011,40,10000,",
            "R1,E01000003,2011,50,50000,",
        ),
        library,
    )
    assert estimated_rows() == 3
