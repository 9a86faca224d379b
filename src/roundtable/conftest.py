"""Fixtures shared by every app's tests: the users by role, named as STYLE.md names them."""

from __future__ import annotations

import pytest

from roundtable.accounts.choices import Role


def pytest_configure(config: pytest.Config) -> None:  # noqa: ARG001 - pytest's hook
    from roundtable.core.testing import prepare_test_run

    prepare_test_run()


def what_only_migrations_make() -> dict[str, list[str]]:
    """The SQL of the objects migrations make that no model declares, by database
    vendor, taken from the migrations themselves: the SQLite full-text index of the
    meetings' records (meetings migration 0002), and on PostgreSQL the GIN indexes of
    the words of those records (meetings migration 0010).
    `tests/test_migrations.py` fails when a migration makes something missing here."""
    from importlib import import_module

    search_index = import_module("roundtable.meetings.migrations.0002_mout_search_index")
    gin_indexes = import_module("roundtable.meetings.migrations.0010_search_gin_indexes")
    return {"sqlite": [search_index.CREATE], "postgresql": gin_indexes.CREATE}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, built from the models
    (`core.testing.build_test_databases_from_models`), with what only migrations make."""
    from roundtable.core.testing import add_what_only_migrations_make

    with django_db_blocker.unblock():
        add_what_only_migrations_make(what_only_migrations_make())


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Every test starts with no page kept from another (core.cache)."""
    from roundtable.core.testing import clear_cache

    clear_cache()


@pytest.fixture
def partnership(db):
    from roundtable.partnership.tests.factories import PartnershipFactory

    return PartnershipFactory(name="Ealing Local Strategic Partnership", slug="ealing")


@pytest.fixture
def other_partnership(db):
    from roundtable.partnership.tests.factories import PartnershipFactory

    return PartnershipFactory(name="Warwick Partnership", slug="warwick")


@pytest.fixture
def council(partnership):
    from roundtable.partnership.tests.factories import OrganisationFactory

    return OrganisationFactory(partnership=partnership, name="Ealing Council", short_name="LBE")


@pytest.fixture
def police(partnership):
    from roundtable.partnership.tests.factories import OrganisationFactory

    return OrganisationFactory(
        partnership=partnership, name="Metropolitan Police Service", short_name="MPS"
    )


@pytest.fixture
def administrator(partnership):
    from roundtable.partnership.tests.factories import UserFactory

    return UserFactory(username="admin", role=Role.ADMINISTRATOR, partnership=partnership)


@pytest.fixture
def officer(partnership, council):
    """An organisation editor for Ealing Council."""
    from roundtable.partnership.tests.factories import UserFactory

    return UserFactory(
        username="officer", role=Role.EDITOR, partnership=partnership, organisation=council
    )


@pytest.fixture
def board_member(partnership):
    from roundtable.partnership.tests.factories import UserFactory

    return UserFactory(username="member", role=Role.MEMBER, partnership=partnership)


@pytest.fixture
def other_partnership_officer(other_partnership):
    from roundtable.partnership.tests.factories import OrganisationFactory, UserFactory

    org = OrganisationFactory(partnership=other_partnership, name="Warwick District Council")
    return UserFactory(
        username="warwick", role=Role.ADMINISTRATOR, partnership=other_partnership, organisation=org
    )


@pytest.fixture
def superuser(db):
    """A superuser of no partnership (sees and may change every partnership's records)."""
    from roundtable.partnership.tests.factories import UserFactory

    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def session(client, partnership):
    """A client looking at the Ealing partnership."""
    client.get("/", {"partnership": partnership.slug})
    return client


@pytest.fixture
def client():
    """Django's test client, following an old address to its partnership's page."""
    from roundtable.core.testing import AddressClient

    return AddressClient()
