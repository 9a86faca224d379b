"""The catalogue entry pages: adding, editing and the history of an entry, who may
reach them, the form's errors, and what a change does to the published figures."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtable.core.dates import example_date_text
from roundtable.core.testing import under
from roundtable.lis.catalogue_forms import initial_for
from roundtable.lis.models import Dataset
from roundtable.lis.queries import catalogue
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory
from roundtable.partnership.tests.factories import OrganisationFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

ADD = "lis:dataset-add"


def url(partnership, name, dataset=None, **kwargs):
    args = [dataset.slug] if dataset is not None else []
    return under(partnership, reverse(name, args=args, **kwargs))


def form_data(dataset=None, **changes):
    """What the form posts: the entry as stored (or a new one), with `changes`."""
    data = {"title": "Household survey", "licence": "OGL-UK-3.0", "published": "published"}
    data["suppress_below"] = "5"
    if dataset is not None:
        data = {key: value for key, value in initial_for(dataset).items() if value is not None}
        data["suppress_below"] = str(dataset.suppress_below)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def dataset(partnership, council):
    return DatasetFactory(partnership=partnership, publisher=council, slug="survey", title="Survey")


@pytest.fixture
def held(partnership):
    return DatasetFactory(
        partnership=partnership,
        slug="held",
        title="Held survey",
        published=False,
        holder="Ealing Council",
        how_to_ask="Email the research team",
    )


# Who may reach the pages -----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, partnership, dataset):
    for address in (url(partnership, ADD), url(partnership, "lis:dataset-edit", dataset)):
        response = client.get(address)
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response["Location"]


def test_a_held_entry_is_not_admitted_to_exist_for_anonymous_visitors(client, partnership, held):
    assert client.get(url(partnership, "lis:dataset-edit", held)).status_code == 404


def test_a_board_member_may_neither_add_nor_edit(client, partnership, dataset, board_member):
    client.force_login(board_member)
    assert client.get(url(partnership, ADD)).status_code == 403
    assert client.get(url(partnership, "lis:dataset-edit", dataset)).status_code == 403
    assert (
        client.post(
            url(partnership, "lis:dataset-edit", dataset), form_data(dataset, title="X")
        ).status_code
        == 403
    )
    assert Dataset.objects.get(pk=dataset.pk).title == "Survey"


def test_an_organisation_editor_may_not_edit_another_organisations_entry(
    client, partnership, officer, police
):
    theirs = DatasetFactory(partnership=partnership, publisher=police)
    client.force_login(officer)
    assert client.get(url(partnership, "lis:dataset-edit", theirs)).status_code == 403


def test_an_administrator_of_another_partnership_gets_404_for_a_held_entry_and_403_otherwise(
    client, partnership, dataset, held, other_partnership_officer
):
    client.force_login(other_partnership_officer)
    assert client.get(url(partnership, "lis:dataset-edit", held)).status_code == 404
    assert client.get(url(partnership, "lis:dataset-history", held)).status_code == 404
    assert client.get(url(partnership, "lis:dataset-edit", dataset)).status_code == 403
    assert client.get(url(partnership, "lis:dataset-history", dataset)).status_code == 403


def test_a_superuser_edits_any_entry(client, partnership, held, superuser):
    client.force_login(superuser)
    response = client.post(url(partnership, "lis:dataset-edit", held), form_data(held, title="New"))
    assert response.status_code == 302
    assert Dataset.objects.get(pk=held.pk).title == "New"


# Adding ----------------------------------------------------------------------------------


def test_administrator_adds_an_entry_and_sees_it_with_a_success_banner(
    client, partnership, administrator, council
):
    client.force_login(administrator)
    data = form_data(publisher=str(council.pk), themes="Health, Safety\nhealth")
    response = client.post(url(partnership, ADD), data, follow=True)
    dataset = Dataset.objects.get()
    assert (dataset.slug, dataset.themes, dataset.publisher) == (
        "household-survey",
        ["Health", "Safety"],
        council,
    )
    assert response.redirect_chain[-1][0].endswith(f"/lis/datasets/{dataset.slug}/")
    assert "govuk-notification-banner--success" in response.content.decode()
    assert "“Household survey” is in the catalogue" in response.content.decode()


def test_an_organisation_editor_may_add_an_entry_for_their_own_organisation_only(
    client, partnership, officer, council, police
):
    client.force_login(officer)
    page = client.get(url(partnership, ADD)).content.decode()
    assert council.name in page
    assert police.name not in page
    response = client.post(url(partnership, ADD), form_data(publisher=str(police.pk)))
    assert response.status_code == 400
    assert "Select a publisher from the list" in response.content.decode()
    assert not Dataset.objects.exists()
    response = client.post(url(partnership, ADD), form_data(publisher=str(council.pk)))
    assert response.status_code == 302
    assert Dataset.objects.get().publisher == council


def test_errors_name_their_fields_and_keep_what_was_typed(client, partnership, administrator):
    client.force_login(administrator)
    data = form_data(
        title="",
        description="Typed with care",
        licence="Open Government Licence",
        suppress_below="1001",
        next_update_due="31/02/2013",
    )
    response = client.post(url(partnership, ADD), data)
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter the title",
        "Licence must be an SPDX identifier, like OGL-UK-3.0 or CC-BY-4.0",
        "Suppress counts below must be a whole number from 0 to 1000",
        f"Next update due must be a real date, like {example_date_text(timezone.localdate())}",
    ):
        assert message in page
    assert "Typed with care" in page
    assert 'value="1001"' in page
    assert "govuk-error-summary" in page


def test_a_short_name_another_dataset_has_is_refused(client, partnership, administrator, dataset):
    client.force_login(administrator)
    response = client.post(url(partnership, ADD), form_data(slug="survey"))
    assert response.status_code == 400
    assert "Short name “survey” is already used by another dataset" in response.content.decode()


def test_the_reserved_short_name_add_is_refused(client, partnership, administrator):
    client.force_login(administrator)
    response = client.post(url(partnership, ADD), form_data(slug="add"))
    assert response.status_code == 400
    assert "Short name cannot be “add”" in response.content.decode()
    assert not Dataset.objects.exists()


def test_a_held_entry_without_its_holder_is_refused_naming_the_fields(
    client, partnership, administrator
):
    client.force_login(administrator)
    response = client.post(url(partnership, ADD), form_data(published="held", holder=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter who holds the dataset" in page
    assert "Enter how to ask for the dataset" in page
    # The held part of the form stays open, as it was chosen.
    assert 'class="govuk-radios__conditional" id="conditional-held"' in page


# Editing ---------------------------------------------------------------------------------


def test_the_slug_is_shown_but_not_editable(client, partnership, administrator, dataset):
    client.force_login(administrator)
    page = client.get(url(partnership, "lis:dataset-edit", dataset)).content.decode()
    assert "<code>survey</code>" in page
    assert 'name="slug"' not in page
    client.post(url(partnership, "lis:dataset-edit", dataset), form_data(dataset, slug="other"))
    assert Dataset.objects.filter(slug="survey").exists()


def test_history_names_who_changed_the_entry(client, partnership, officer, dataset):
    client.force_login(officer)
    data = form_data(dataset, title="Survey 2012")
    assert client.post(url(partnership, "lis:dataset-edit", dataset), data).status_code == 302
    page = client.get(url(partnership, "lis:dataset-history", dataset)).content.decode()
    assert (officer.get_full_name() or officer.username) in page
    assert "Survey 2012" in page


def test_saving_unchanged_writes_no_history(client, partnership, administrator, dataset):
    client.force_login(administrator)
    address = url(partnership, "lis:dataset-edit", dataset)
    client.post(address, form_data(dataset))
    count = dataset.history.count()
    response = client.post(address, form_data(Dataset.objects.get(pk=dataset.pk)))
    assert response.status_code == 302
    assert dataset.history.count() == count


def test_an_organisation_editor_may_not_move_their_entry_to_another_organisation(
    client, partnership, officer, dataset, police
):
    client.force_login(officer)
    data = form_data(dataset, publisher=str(police.pk))
    response = client.post(url(partnership, "lis:dataset-edit", dataset), data)
    assert response.status_code == 400
    assert Dataset.objects.get(pk=dataset.pk).publisher_id == dataset.publisher_id


# What a change does to the published figures ---------------------------------------------


@pytest.fixture
def counts(partnership, dataset):
    indicator = IndicatorFactory(
        partnership=partnership,
        code="RES",
        value_type="count",
        in_report=False,
        on_lis=True,
        is_public=True,
    )
    ObservationFactory(dataset=dataset, indicator=indicator, count=7, value=7)
    return indicator


def published_counts(client):
    client.logout()
    body = client.get("/api/v1/lis/observations", {"indicator": "RES"}).json()
    return [item["count"] for item in body["items"]]


def test_raising_the_threshold_hides_a_published_count_and_lowering_shows_it(
    client, partnership, administrator, dataset, counts
):
    assert published_counts(client) == [7]
    address = url(partnership, "lis:dataset-edit", dataset)
    client.force_login(administrator)
    client.post(address, form_data(dataset, suppress_below="10"))
    assert published_counts(client) == [None]
    client.force_login(administrator)
    lowered = form_data(Dataset.objects.get(pk=dataset.pk), suppress_below="5")
    first = client.post(address, lowered)
    # Lowering it may publish what is hidden: shown first, saved once posted again.
    assert first.status_code == 200
    assert "may publish some of the 1 figures suppressed now" in first.content.decode()
    assert Dataset.objects.get(pk=dataset.pk).suppress_below == 10
    assert published_counts(client) == [None]
    client.force_login(administrator)
    again = client.post(address, {**lowered, "confirm": first.context["form"].data["confirm"]})
    assert again.status_code == 302
    assert published_counts(client) == [7]


def test_publishing_a_held_dataset_is_confirmed_before_its_figures_open(
    client, partnership, administrator, dataset, counts
):
    Dataset.objects.filter(pk=dataset.pk).update(
        published=False, holder="Ealing Council", how_to_ask="Email us"
    )
    dataset.refresh_from_db()
    address = url(partnership, "lis:dataset-edit", dataset)
    client.force_login(administrator)
    data = form_data(dataset, published="published")
    first = client.post(address, data)
    page = first.content.decode()
    assert first.status_code == 200
    assert "Publishing this entry opens its 1 statistics to everyone" in page
    assert "Save and publish" in page
    assert published_counts(client) == []
    client.force_login(administrator)
    # A confirmation of another change (a stale page) does not confirm this one.
    stale = client.post(address, {**data, "confirm": "something else"})
    assert stale.status_code == 200
    assert not Dataset.objects.get(pk=dataset.pk).published
    again = client.post(address, {**data, "confirm": first.context["form"].data["confirm"]})
    assert again.status_code == 302
    assert published_counts(client) == [7]


def test_a_change_that_publishes_nothing_new_is_saved_at_once(
    client, partnership, administrator, dataset, counts
):
    client.force_login(administrator)
    address = url(partnership, "lis:dataset-edit", dataset)
    assert client.post(address, form_data(dataset, title="Survey 2011")).status_code == 302
    assert client.post(address, form_data(dataset, suppress_below="3")).status_code == 302
    assert Dataset.objects.get(pk=dataset.pk).suppress_below == 3


def test_holding_a_published_dataset_takes_its_figures_off_the_apis(
    client, partnership, administrator, dataset, counts
):
    assert client.get("/api/3/action/package_list").json()["result"] == ["survey"]
    client.force_login(administrator)
    data = form_data(dataset, published="held", holder="Ealing Council", how_to_ask="Email us")
    assert client.post(url(partnership, "lis:dataset-edit", dataset), data).status_code == 302
    assert published_counts(client) == []
    assert client.get("/api/3/action/package_list").json()["result"] == []


# Finding the pages -----------------------------------------------------------------------


def test_a_held_entrys_card_says_who_holds_it_instead_of_a_licence(
    client, partnership, officer, held
):
    """What a held dataset is shared under is agreed on request: its card in the
    catalogue names who holds it rather than the default licence."""
    client.force_login(officer)
    page = client.get(url(partnership, "lis:catalogue")).content.decode()
    card = page[page.index("Held survey") :]
    assert "Held by</dt>" in card
    assert "Ealing Council" in card
    assert "OGL-UK-3.0" not in card


def test_a_held_entry_is_not_counted_under_a_licence(client, partnership, officer, dataset, held):
    visible = Dataset.objects.visible_to(officer)
    licences = {f.name: f.options for f in catalogue(visible, "", {}).facets}["licence"]
    assert [(value, count) for value, _, count, _ in licences] == [("OGL-UK-3.0", 1)]
    listed = catalogue(visible, "", {"licence": ["OGL-UK-3.0"]}).datasets
    assert [d.slug for d in listed] == ["survey"]
    assert {d.slug for d in catalogue(visible, "", {}).datasets} == {"survey", "held"}


def test_a_held_entry_held_by_its_publisher_names_it_once(client, partnership, officer, held):
    held.publisher = OrganisationFactory(partnership=partnership, name="Ealing Research Unit")
    held.holder = "Ealing Research Unit"
    held.save()
    client.force_login(officer)
    page = client.get(url(partnership, "lis:catalogue")).content.decode()
    card = page[page.index("Held survey") :]
    assert card.count("Ealing Research Unit") == 1
    assert "Publisher</dt>" in card
    assert "Held by a partner, not published" in card


def test_the_catalogue_offers_adding_to_editors_and_importing_to_administrators(
    client, partnership, administrator, officer, board_member
):
    address = url(partnership, "lis:catalogue")
    expected = {administrator: (True, True), officer: (True, False), board_member: (False, False)}
    for user, (add, import_) in expected.items():
        client.force_login(user)
        page = client.get(address).content.decode()
        assert ("Add a catalogue entry" in page) is add
        assert ("Import statistics from a spreadsheet" in page) is import_


def test_the_dataset_page_offers_editing_history_and_import_to_its_administrator(
    client, partnership, administrator, dataset
):
    client.force_login(administrator)
    page = client.get(url(partnership, "lis:dataset-detail", dataset)).content.decode()
    assert "Edit this entry" in page
    assert reverse("lis:dataset-history", args=[dataset.slug]) in page
    assert f"{reverse('lis:import')}?dataset=survey" in page
    form = client.get(url(partnership, "lis:import"), {"dataset": "survey"}).content.decode()
    assert 'value="survey"' in form


def test_the_dataset_page_offers_nothing_to_change_to_the_public(client, partnership, dataset):
    page = client.get(url(partnership, "lis:dataset-detail", dataset)).content.decode()
    assert "Edit this entry" not in page
    assert "Import statistics" not in page


# An entry as a resident reads it ---------------------------------------------------------


def test_an_entry_without_themes_says_not_given_like_its_other_blanks(client, partnership, dataset):
    page = client.get(url(partnership, "lis:dataset-detail", dataset)).content.decode()
    themes = page.split(">Themes</dt>", 1)[1].split("</dd>", 1)[0]
    assert "Not given" in themes
    assert "None" not in themes


def test_an_entry_with_no_partner_named_as_publisher_is_published_by_the_partnership(
    client, partnership, dataset
):
    """The partnership's own performance indicators (`performance_feed`) name no
    partner organisation: their page said "Publisher: Not given" of the partnership's
    own figures."""
    dataset.publisher = None
    dataset.save()
    page = client.get(url(partnership, "lis:dataset-detail", dataset)).content.decode()
    publisher = page.split(">Publisher</dt>", 1)[1].split("</dd>", 1)[0]
    assert partnership.name in publisher
    assert "Not given" not in publisher


def test_an_entry_with_no_figures_yet_offers_no_empty_downloads(client, partnership, dataset):
    page = client.get(url(partnership, "lis:dataset-detail", dataset)).content.decode()
    assert "No statistics have been imported into this dataset yet" in page
    assert "0 observations" not in page
    assert "Choose these" not in page  # no filters over nothing
    assert reverse("lis:dataset-export", args=[dataset.slug, "csv"]) not in page


def test_an_entry_with_figures_offers_its_downloads(client, partnership, dataset, places):
    indicator = IndicatorFactory(partnership=partnership, code="SURV", on_lis=True)
    ObservationFactory(dataset=dataset, indicator=indicator, area=places["ealing"], value=4.0)
    page = client.get(url(partnership, "lis:dataset-detail", dataset)).content.decode()
    assert "1 observation." in page
    assert "Choose these" in page
    assert "No statistics have been imported" not in page


def test_the_next_update_is_due_on_a_date_in_words(client, partnership, administrator, council):
    client.force_login(administrator)
    response = client.post(
        url(partnership, ADD),
        form_data(publisher=str(council.pk), next_update_due="16 January 2027"),
    )
    assert response.status_code == 302
    assert Dataset.objects.get().next_update_due == datetime.date(2027, 1, 16)
