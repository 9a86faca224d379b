"""`save_if_changed`: a record saved again as it is writes nothing."""

from __future__ import annotations

import pytest

from roundtable.core.records import save_if_changed
from roundtable.partnership.models import Organisation
from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_record_saved_again_as_it_is_writes_no_history(council, officer):
    before = council.history.count()
    found = Organisation.objects.get(pk=council.pk)
    found.name = "Ealing Council"

    assert save_if_changed(found, officer) is False
    assert council.history.count() == before


def test_a_changed_record_is_saved_with_history_naming_who(council, officer):
    found = Organisation.objects.get(pk=council.pk)
    found.name = "London Borough of Ealing"

    assert save_if_changed(found, officer, "Renamed") is True
    entry = council.history.first()
    assert (entry.name, entry.history_user, entry.history_change_reason) == (
        "London Borough of Ealing",
        officer,
        "Renamed",
    )


def test_a_new_record_is_saved(partnership, officer):
    organisation = OrganisationFactory.build(partnership=partnership, name="New Partner")
    assert save_if_changed(organisation, officer) is True
    assert organisation.history.get().history_user == officer
