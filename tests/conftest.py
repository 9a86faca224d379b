"""Fixtures for the cross-app tests: the same client as the apps' tests."""

from __future__ import annotations

import pytest

# The same test databases as the apps' tests: built from the models, with what only
# migrations make (`roundtable/conftest.py`).
from roundtable.conftest import django_db_setup  # noqa: F401


def pytest_configure(config: pytest.Config) -> None:  # noqa: ARG001 - pytest's hook
    from roundtable.core.testing import prepare_test_run

    prepare_test_run()


# The slowest files first. `make test` spreads the suite over processes a file at a
# time (pytest-xdist's `--dist loadfile`), in collection order: these, collected last
# (after `src/`), kept one process busy for minutes after the other had finished
# (the leak matrix's searches take 4 to 6 minutes by themselves).
SLOWEST_FIRST = (
    "tests/leakmatrix/test_leak_matrix_searches.py",
    "tests/leakmatrix/test_leak_matrix.py",
    "tests/test_migrations.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::")[0]
        return SLOWEST_FIRST.index(path) if path in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)  # stable: every other test keeps its place


# The leak matrix's closing lines (tests/leakmatrix/tally.py): when the suite runs in
# several processes (pytest-xdist), each worker hands its tally to the one that prints.
def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.leakmatrix import tally

    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["leak_matrix"] = tally.state()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # noqa: ARG001 - pytest-xdist's hook
    from tests.leakmatrix import tally

    state = getattr(node, "workeroutput", {}).get("leak_matrix")
    if state:
        tally.merge(state)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    from tests.leakmatrix import tally

    lines = tally.summary()
    if lines:
        terminalreporter.section("leak matrix")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Every test starts with no page kept from another (core.cache)."""
    from roundtable.core.testing import clear_cache

    clear_cache()


@pytest.fixture
def client():
    """Django's test client, following an old address to its partnership's page."""
    from roundtable.core.testing import AddressClient

    return AddressClient()
