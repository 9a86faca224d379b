"""Catalogue entries' writes: who may add and change them, what is checked, the
history they leave, and a changed suppression threshold."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.core.imports import ImportFailed
from roundtable.lis.catalogue_forms import split_themes
from roundtable.lis.catalogue_services import CatalogueEntry, create_dataset, update_dataset
from roundtable.lis.imports import DatasetOptions, dataset_for_import
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory
from roundtable.partnership.tests.factories import OrganisationFactory
from roundtable.performance.tests.factories import IndicatorFactory


@pytest.fixture
def entry(council):
    return CatalogueEntry(title="Household survey 2011", publisher=council)


@pytest.fixture
def held(council):
    return CatalogueEntry(
        title="Households at risk of poverty",
        publisher=council,
        published=False,
        holder="Experian",
        how_to_ask="Ask the council's research team.",
    )


def errors_of(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return caught.value.message_dict


# Themes, without the database ------------------------------------------------------------


def test_themes_are_split_on_lines_and_commas_trimmed_and_kept_once_in_order():
    assert split_themes(" Health ,Safety\n\nhealth\n  Prosperity  , High  quality of life ") == [
        "Health",
        "Safety",
        "Prosperity",
        "High quality of life",
    ]


# Adding ----------------------------------------------------------------------------------


def test_administrator_adds_an_entry_whose_slug_comes_from_its_title(
    partnership, administrator, entry
):
    dataset = create_dataset(administrator, partnership, entry)
    assert (dataset.slug, dataset.partnership, dataset.licence) == (
        "household-survey-2011",
        partnership,
        "OGL-UK-3.0",
    )
    created = dataset.history.get()
    assert (created.history_user, created.history_change_reason) == (administrator, "Created")


def test_a_title_whose_slug_is_taken_gets_the_next_free_number(partnership, administrator, entry):
    DatasetFactory(slug="household-survey-2011")
    assert create_dataset(administrator, partnership, entry).slug == "household-survey-2011-2"


def test_a_slug_another_partnership_has_taken_is_refused(
    partnership, other_partnership, administrator, entry
):
    DatasetFactory(partnership=other_partnership, slug="survey")
    with pytest.raises(ValidationError) as caught:
        create_dataset(administrator, partnership, entry, slug="survey")
    assert errors_of(caught) == {
        "slug": ["Short name “survey” is already used by another dataset; choose another"]
    }


@pytest.mark.parametrize("slug", ["add", "Survey", "survey 2011"])
def test_a_reserved_or_malformed_slug_is_refused(partnership, administrator, entry, slug):
    with pytest.raises(ValidationError) as caught:
        create_dataset(administrator, partnership, entry, slug=slug)
    assert list(errors_of(caught)) == ["slug"]
    assert not Dataset.objects.exists()


def test_an_import_may_not_take_the_reserved_slug(partnership):
    with pytest.raises(ImportFailed) as caught:
        dataset_for_import(partnership, DatasetOptions(slug="add"))
    assert [(e.column, e.message) for e in caught.value.errors] == [
        ("--dataset", "add is kept for an address; choose another")
    ]


def test_a_held_entry_needs_its_holder_and_how_to_ask(partnership, administrator, held):
    with pytest.raises(ValidationError) as caught:
        create_dataset(
            administrator, partnership, dataclasses.replace(held, holder=" ", how_to_ask="")
        )
    assert errors_of(caught) == {
        "holder": ["Enter who holds the dataset, for an entry held by a partner"],
        "how_to_ask": ["Enter how to ask for the dataset, for an entry held by a partner"],
    }


def test_a_published_entry_keeps_no_holder(partnership, administrator, held):
    dataset = create_dataset(administrator, partnership, dataclasses.replace(held, published=True))
    assert (dataset.holder, dataset.how_to_ask) == ("", "")


def test_a_wrong_licence_and_threshold_are_refused_by_field(partnership, administrator, entry):
    wrong = dataclasses.replace(entry, licence="Open Government Licence", suppress_below=1001)
    with pytest.raises(ValidationError) as caught:
        create_dataset(administrator, partnership, wrong)
    assert sorted(errors_of(caught)) == ["licence", "suppress_below"]


def test_a_publisher_of_another_partnership_is_refused(
    partnership, other_partnership, administrator, entry
):
    elsewhere = OrganisationFactory(partnership=other_partnership)
    with pytest.raises(ValidationError) as caught:
        create_dataset(administrator, partnership, dataclasses.replace(entry, publisher=elsewhere))
    assert list(errors_of(caught)) == ["publisher"]


def test_an_organisation_that_is_not_a_partner_may_hold_but_not_publish(
    partnership, administrator, held
):
    experian = OrganisationFactory(partnership=partnership, name="Experian", is_partner=False)
    with pytest.raises(ValidationError) as caught:
        create_dataset(
            administrator,
            partnership,
            dataclasses.replace(held, publisher=experian, published=True),
        )
    assert "Experian is not a partner" in errors_of(caught)["publisher"][0]
    assert create_dataset(administrator, partnership, dataclasses.replace(held, publisher=experian))


def test_an_organisation_editor_adds_an_entry_for_their_own_organisation(
    partnership, officer, entry
):
    assert create_dataset(officer, partnership, entry).history.get().history_user == officer


def test_an_organisation_editor_may_not_add_an_entry_for_another_organisation(
    partnership, officer, police, entry
):
    with pytest.raises(PermissionDenied):
        create_dataset(officer, partnership, dataclasses.replace(entry, publisher=police))
    with pytest.raises(PermissionDenied):
        create_dataset(officer, partnership, dataclasses.replace(entry, publisher=None))


@pytest.mark.parametrize("who", ["board_member", "other_partnership_officer"])
def test_others_may_not_add_an_entry(request, partnership, entry, who):
    with pytest.raises(PermissionDenied):
        create_dataset(request.getfixturevalue(who), partnership, entry)
    assert not Dataset.objects.exists()


def test_a_superuser_adds_an_entry_anywhere(partnership, superuser, entry):
    assert create_dataset(superuser, partnership, entry).partnership == partnership


# Changing --------------------------------------------------------------------------------


@pytest.fixture
def dataset(partnership, council):
    return DatasetFactory(partnership=partnership, publisher=council, slug="survey", title="Survey")


def test_changing_an_entry_names_who_in_its_history(dataset, officer, entry):
    update_dataset(officer, dataset, dataclasses.replace(entry, title="Survey 2012"))
    dataset.refresh_from_db()
    assert (dataset.title, dataset.slug) == ("Survey 2012", "survey")
    latest = dataset.history.first()
    assert (latest.history_type, latest.history_user) == ("~", officer)


def test_saving_an_entry_as_it_is_writes_nothing(dataset, administrator, entry):
    same = dataclasses.replace(entry, title="Survey")
    update_dataset(administrator, dataset, same)  # the factory's blank fields are filled in
    count = dataset.history.count()
    update_dataset(administrator, Dataset.objects.get(pk=dataset.pk), same)
    assert dataset.history.count() == count


def test_an_organisation_editor_may_not_give_their_entry_to_another_organisation(
    dataset, officer, police, entry
):
    with pytest.raises(PermissionDenied):
        update_dataset(officer, dataset, dataclasses.replace(entry, publisher=police))
    assert Dataset.objects.get(pk=dataset.pk).publisher_id == dataset.publisher_id


def test_an_organisation_editor_may_not_change_another_organisations_entry(
    partnership, officer, police, entry
):
    other = DatasetFactory(partnership=partnership, publisher=police)
    with pytest.raises(PermissionDenied):
        update_dataset(officer, other, dataclasses.replace(entry, publisher=police))


@pytest.mark.parametrize("who", ["board_member", "other_partnership_officer"])
def test_others_may_not_change_an_entry(request, dataset, entry, who):
    with pytest.raises(PermissionDenied):
        update_dataset(request.getfixturevalue(who), dataset, entry)


def test_administrator_may_give_an_entry_to_another_organisation(
    dataset, administrator, police, entry
):
    update_dataset(administrator, dataset, dataclasses.replace(entry, publisher=police))
    assert Dataset.objects.get(pk=dataset.pk).publisher == police


# The suppression threshold ---------------------------------------------------------------


def test_a_new_threshold_works_out_every_stored_cells_suppression_again(
    partnership, dataset, administrator, entry
):
    indicator = IndicatorFactory(partnership=partnership, value_type="count", on_lis=True)
    small = ObservationFactory(dataset=dataset, indicator=indicator, count=7, value=7)
    ObservationFactory(dataset=dataset, indicator=indicator, count=70, value=70)
    update_dataset(administrator, dataset, dataclasses.replace(entry, suppress_below=10))
    assert set(Observation.objects.filter(suppressed=True).values_list("pk", flat=True)) == {
        small.pk
    }
    update_dataset(administrator, dataset, dataclasses.replace(entry, suppress_below=5))
    assert not Observation.objects.filter(suppressed=True).exists()
