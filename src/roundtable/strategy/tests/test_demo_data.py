"""The demo strategy files import cleanly through the user-facing importer, twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from roundtable.core.imports import read_table
from roundtable.strategy.importers import import_strategy_files, strategy_files
from roundtable.strategy.models import Priority, Strategy
from roundtable.strategy.rules import split_codes
from roundtable.strategy.tests.factories import AreaFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"


def areas_named_in(directory: Path) -> set[str]:
    codes: set[str] = set()
    for path in strategy_files(directory):
        table = read_table(path)
        for row in table:
            codes.update(split_codes(row.get("areas")))
    return codes


@pytest.mark.parametrize("slug", ["ealing", "warwick", "westminster"])
def test_demo_strategy_files_import_and_reimport_unchanged(slug: str) -> None:
    directory = DATA / slug
    partnership = PartnershipFactory(slug=slug)
    for code in areas_named_in(directory):
        AreaFactory(code=code)
    summary = import_strategy_files(directory, partnership)
    assert summary.counts["strategies"].created == 1
    assert Strategy.objects.filter(partnership=partnership).exists()
    again = import_strategy_files(directory, partnership)
    assert not again.changed_anything, str(again)


def test_westminster_demo_keeps_the_workshop_history() -> None:
    partnership = PartnershipFactory(slug="westminster")
    for code in areas_named_in(DATA / "westminster"):
        AreaFactory(code=code)
    import_strategy_files(DATA / "westminster", partnership)
    strategy = Strategy.objects.get(partnership=partnership)
    assert strategy.themes.count() == 7
    deleted = Priority.objects.get(strategy=strategy, ref="CC-5")
    assert deleted.status == "deleted"
    new = Priority.objects.get(strategy=strategy, ref="CC-6")
    assert new.status == "new"
    refined = Priority.objects.get(strategy=strategy, ref="CS-1")
    assert refined.wording.startswith("To increase community confidence")
    assert refined.revisions.first().wording.startswith("To increase feelings of public safety")
