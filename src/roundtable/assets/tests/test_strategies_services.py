"""Saving partners' asset strategies and assets' plans: who may, and what is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.accounts.choices import Role
from roundtable.assets import services
from roundtable.assets.models_strategies import AssetStrategy
from roundtable.assets.services_strategies import save_strategy
from roundtable.assets.tests.factories import AssetFactory
from roundtable.assets.tests.factories_strategies import AssetStrategyFactory
from roundtable.partnership.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _save(actor, partnership, organisation, strategy=None, **values):
    values = {"title": "Property Strategy", "published": "2010", **values}
    return save_strategy(
        actor,
        strategy or AssetStrategy(),
        partnership=partnership,
        organisation=organisation,
        **values,
    )


def test_an_editor_adds_a_strategy_of_their_own_organisation(officer, partnership, council):
    saved = _save(officer, partnership, council, key_aims="  Seek opportunities.\n• Share. ")
    assert (saved.year_from, saved.year_to) == (2010, 2010)
    assert saved.key_aims == "Seek opportunities.\n• Share."
    [entry] = saved.history.all()
    assert entry.history_user == officer


def test_a_doubtful_year_is_kept_as_written_with_no_years(administrator, partnership, police):
    saved = _save(administrator, partnership, police, published="2007?")
    assert saved.published == "2007?"
    assert (saved.year_from, saved.year_to) == (None, None)


def test_years_given_are_kept(administrator, partnership, police):
    saved = _save(administrator, partnership, police, published="2007?", year_from=2007)
    assert (saved.year_from, saved.year_to) == (2007, None)


def test_an_editor_cannot_add_or_change_another_organisations_strategy(
    officer, partnership, council, police
):
    with pytest.raises(PermissionDenied):
        _save(officer, partnership, police)
    theirs = AssetStrategyFactory(partnership=partnership, organisation=police)
    with pytest.raises(PermissionDenied):
        _save(officer, partnership, police, strategy=theirs)
    # Nor move it to their own organisation.
    with pytest.raises(PermissionDenied):
        _save(officer, partnership, council, strategy=theirs)


@pytest.mark.parametrize("role", [Role.MEMBER, None])
def test_members_and_the_public_change_nothing(role, partnership, council):
    actor = UserFactory(role=role, partnership=partnership) if role else None
    with pytest.raises(PermissionDenied):
        _save(actor, partnership, council)
    assert not AssetStrategy.objects.exists()


def test_an_administrator_of_another_partnership_changes_nothing(
    other_partnership_officer, partnership, council
):
    with pytest.raises(PermissionDenied):
        _save(other_partnership_officer, partnership, council)


def test_an_administrator_changes_any_and_history_keeps_what_it_was(
    administrator, partnership, police
):
    strategy = AssetStrategyFactory(partnership=partnership, organisation=police)
    _save(administrator, partnership, police, strategy=strategy, title="MPA/MPS Estate Strategy")
    latest = strategy.history.first()
    assert latest.history_user == administrator
    assert latest.title == "MPA/MPS Estate Strategy"


def test_saving_the_same_values_writes_nothing(administrator, partnership, police):
    strategy = _save(administrator, partnership, police)
    _save(administrator, partnership, police, strategy=strategy)
    assert strategy.history.count() == 1


def test_refusals_name_their_fields(administrator, partnership, police, other_partnership):
    from roundtable.partnership.tests.factories import OrganisationFactory

    with pytest.raises(ValidationError) as raised:
        _save(
            administrator,
            partnership,
            police,
            title="",
            published="2014-2010",
            last_reviewed=datetime.date(2999, 1, 1),
        )
    assert set(raised.value.error_dict) == {"title", "year_to", "last_reviewed"}
    elsewhere = OrganisationFactory(partnership=other_partnership)
    with pytest.raises(ValidationError) as raised:
        _save(administrator, partnership, elsewhere, check=False)
    assert set(raised.value.error_dict) == {"organisation"}


def test_no_published_strategy_needs_no_title(administrator, partnership, police):
    saved = _save(
        administrator, partnership, police, title="", published="", no_published_strategy=True
    )
    assert str(saved) == "Metropolitan Police Service: no published strategy"


# -- An asset's plan -------------------------------------------------------


def _asset_values(asset):
    return {
        "partnership": asset.partnership,
        "owner": asset.owner,
        "name": asset.name,
        "postcode": asset.postcode,
        "current_use": asset.current_use,
        "tenure": asset.tenure,
    }


def test_an_editor_marks_their_asset_for_disposal(officer, partnership, council, postcodes):
    asset = AssetFactory(partnership=partnership, owner=council, postcode="W5 2HL")
    services.save_asset(
        officer,
        asset,
        **_asset_values(asset),
        plan="disposal",
        plan_expected=datetime.date(2027, 3, 31),
        plan_note=" Services move to Perceval House ",
    )
    asset.refresh_from_db()
    assert (asset.plan, asset.plan_expected, asset.plan_note) == (
        "disposal",
        datetime.date(2027, 3, 31),
        "Services move to Perceval House",
    )
    assert asset.history.first().plan == "disposal"


def test_a_plan_date_without_a_plan_is_refused(officer, partnership, council, postcodes):
    asset = AssetFactory(partnership=partnership, owner=council, postcode="W5 2HL")
    with pytest.raises(ValidationError) as raised:
        services.save_asset(
            officer, asset, **_asset_values(asset), plan_expected=datetime.date(2027, 3, 31)
        )
    assert list(raised.value.error_dict) == ["plan"]


def test_an_editor_cannot_mark_another_organisations_asset(officer, partnership, police, postcodes):
    asset = AssetFactory(partnership=partnership, owner=police, postcode="W5 2HL")
    with pytest.raises(PermissionDenied):
        services.save_asset(officer, asset, **_asset_values(asset), plan="disposal")
