"""`roundtable projects import` writes in bulk: a few queries whatever the file's
size, one history entry per added or changed project naming who imported it, and
nothing at all when the file changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.tests.factories import PartnershipFactory
from roundtable.performance.models import Indicator
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.projects import services
from roundtable.projects.imports import import_projects
from roundtable.projects.models import Project
from roundtable.strategy.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db

HEADER = "title,lead_organisation,status,start,end,priorities,indicators,published"


@pytest.fixture
def links(partnership):
    return {
        "priority": PriorityFactory(
            strategy__partnership=partnership, partnership=partnership, ref="1.2"
        ),
        "indicator": IndicatorFactory(partnership=partnership, code="NI 116"),
    }


def _table(lines: list[str]):
    text = "\n".join([HEADER, *lines]) + "\n"
    return read_table(io.BytesIO(text.encode()), "projects.csv")


def _rows(count: int, status: str = "active") -> list[str]:
    return [f"Project {n},LBE,{status},2011-04-01,2013-03-31,1.2,NI 116,yes" for n in range(count)]


def _history_rows() -> int:
    history = Project.history.model
    copies = [getattr(history, name).model for name in services.LINKS]
    return history.objects.count() + sum(copy.objects.count() for copy in copies)


def _queries(partnership, lines: list[str], actor=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_projects(_table(lines), partnership, actor)
    return len(queries.captured_queries)


def test_reimporting_an_unchanged_file_writes_nothing(partnership, council, links):
    import_projects(_table(_rows(3)), partnership, None)
    before = _history_rows()
    updated = {p.pk: p.updated_at for p in Project.objects.all()}

    summary = import_projects(_table(_rows(3)), partnership, None)

    assert str(summary) == "3 projects (0 new, 0 updated, 3 unchanged)"
    assert _history_rows() == before
    assert {p.pk: p.updated_at for p in Project.objects.all()} == updated


def test_a_new_project_has_one_history_entry_naming_the_importer_with_its_links(
    partnership, council, links, administrator
):
    import_projects(_table(_rows(1)), partnership, administrator)

    project = Project.objects.get()
    (entry,) = project.history.all()
    assert entry.history_type == "+"
    assert entry.history_user == administrator
    assert [p.priority for p in entry.priorities.all()] == [links["priority"]]
    assert [i.indicator for i in entry.indicators.all()] == [links["indicator"]]
    assert list(project.priorities.all()) == [links["priority"]]


def test_a_change_writes_one_history_entry_for_the_changed_project_only(
    partnership, council, links, administrator
):
    import_projects(_table(_rows(2)), partnership, None)
    lines = _rows(2)
    lines[1] = "Project 1,LBE,completed,2011-04-01,2013-03-31,,NI 116,yes"

    summary = import_projects(_table(lines), partnership, administrator)

    assert str(summary) == "2 projects (0 new, 1 updated, 1 unchanged)"
    changed = Project.objects.get(title="Project 1")
    assert changed.status == "completed"
    assert not changed.priorities.exists()
    assert list(changed.indicators.all()) == [links["indicator"]]
    latest = changed.history.first()
    assert (latest.history_type, latest.history_user) == ("~", administrator)
    assert latest.status == "completed"
    assert not latest.priorities.exists()
    assert [i.indicator for i in latest.indicators.all()] == [links["indicator"]]
    assert Project.objects.get(title="Project 0").history.count() == 1


def test_only_links_changing_is_a_change(partnership, council, links):
    import_projects(_table(_rows(1)), partnership, None)
    other = PriorityFactory(strategy__partnership=partnership, partnership=partnership, ref="2.1")

    summary = import_projects(
        _table(["Project 0,LBE,active,2011-04-01,2013-03-31,1.2;2.1,NI 116,yes"]), partnership, None
    )

    assert summary.updated == 1
    project = Project.objects.get()
    assert set(project.priorities.all()) == {links["priority"], other}
    assert project.history.count() == 2


@pytest.mark.parametrize("status", ["active", "completed"])
def test_the_import_makes_as_many_queries_for_20_projects_as_for_2(
    partnership, council, links, status
):
    # New projects, then the same file changed (status), then unchanged: each as
    # many queries for 20 rows as for 2 (the references, the existing projects and
    # their links, then one write per table).
    small = _queries(partnership, _rows(2))
    large = _queries(partnership, [f"Big {line}" for line in _rows(20)])
    assert small == large
    assert _queries(partnership, _rows(2, status)) == _queries(
        partnership, [f"Big {line}" for line in _rows(20, status)]
    )


def test_a_member_may_not_save_projects_in_bulk(partnership, council, board_member):
    row = services.ProjectRow(None, {"title": "X", "lead_organisation": council})
    with pytest.raises(PermissionDenied):
        services.save_projects(board_member, partnership, [row])
    assert not Project.objects.exists()


def test_an_administrator_may_save_projects_in_bulk(partnership, council, administrator):
    row = services.ProjectRow(None, {"title": "X", "lead_organisation": council})
    saved = services.save_projects(administrator, partnership, [row])
    assert [p.title for p in saved.created] == ["X"]
    assert saved.created[0].history.get().history_user == administrator


def _indicators_read(partnership, lines: list[str]) -> list[str]:
    """The codes of the indicators the import loads from the database."""
    read: list[str] = []

    def loaded(sender, instance, **kwargs):
        read.append(instance.code)

    post_init.connect(loaded, sender=Indicator)
    try:
        import_projects(_table(lines), partnership, None)
    finally:
        post_init.disconnect(loaded, sender=Indicator)
    return read


def test_the_import_reads_only_the_indicators_the_file_names(partnership, council, links):
    elsewhere = PartnershipFactory()
    IndicatorFactory.create_batch(20, partnership=elsewhere)
    IndicatorFactory.create_batch(5, partnership=partnership)
    line = "Parks,LBE,active,2011-04-01,2013-03-31,1.2,ni  116,yes"  # any case and spacing
    assert set(_indicators_read(partnership, [line])) == {"NI 116"}
    assert [i.code for i in Project.objects.get().indicators.all()] == ["NI 116"]


def test_another_partnerships_code_is_still_named_as_such(partnership, council, links):
    IndicatorFactory(partnership=PartnershipFactory(), code="W 1")
    line = "Parks,LBE,active,2011-04-01,2013-03-31,,W 1;NI 116,yes"
    with pytest.raises(ImportFailed) as caught:
        import_projects(_table([line]), partnership, None)
    (error,) = caught.value.errors
    assert (error.row, error.column) == (2, "indicators")
    assert "'W 1' is an indicator of another partnership" in error.message


def test_the_import_reads_the_files_indicators_in_one_query_for_20_codes_as_for_2(
    partnership, council, links
):
    # The references, the file's indicators (one query over their codes), the
    # existing projects and their links, then one write per table.
    codes = [i.code for i in IndicatorFactory.create_batch(20, partnership=partnership)]

    def lines(count: int, prefix: str) -> list[str]:
        return [
            f"{prefix} {n},LBE,active,2011-04-01,2013-03-31,1.2,{codes[n]},yes"
            for n in range(count)
        ]

    assert _queries(partnership, lines(2, "Small")) == _queries(partnership, lines(20, "Big"))
