"""Administrators create and edit reviews and their sections on the web."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from roundtable.core.dates import example_date_text
from roundtable.recommendations import rules, services
from roundtable.recommendations.models import Review, Section
from roundtable.recommendations.tests.factories import (
    RecommendationFactory,
    ReviewFactory,
    SectionFactory,
)
from roundtable.strategy.tests.factories import StrategyFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    client.get("/", {"partnership": user.partnership.slug})
    return client


@pytest.fixture
def theme(partnership):
    strategy = StrategyFactory(partnership=partnership, title="Sustainable Community Strategy")
    return ThemeFactory(strategy=strategy, name="Housing")


@pytest.fixture
def review(partnership):
    return ReviewFactory(partnership=partnership, title="Housing Review")


def form_data(**changes):
    data = {
        "title": "Fairness and Equality",
        "author": "Future of Westminster Commission",
        "author_kind": "commission",
        "commissioned_by": "Westminster City Council",
        "published_on": "2013-03-27",
        "url": "https://example.org/review.pdf",
        "document": "review.pdf",
        "summary": "",
        "update_every_months": "6",
    }
    data.update(changes)
    return data


def test_parent_makes_a_loop():
    parents = {1: None, 2: 1, 3: 2}
    assert rules.parent_makes_a_loop(1, 3, parents)
    assert rules.parent_makes_a_loop(2, 2, parents)
    assert not rules.parent_makes_a_loop(3, 1, parents)
    assert not rules.parent_makes_a_loop(None, 1, parents)


def test_administrator_adds_a_review_with_parent_and_themes(
    client, administrator, partnership, review, theme
):
    login(client, administrator)
    assert "Add a review" in client.get("/recommendations/reviews/").content.decode()
    assert client.get("/recommendations/reviews/new/").status_code == 200
    response = client.post(
        "/recommendations/reviews/new/",
        form_data(parent=review.pk, themes=[theme.pk], is_published="on"),
    )
    assert response.status_code == 302
    made = Review.objects.get(title="Fairness and Equality")
    assert made.partnership == partnership
    assert made.author_kind == "commission"
    assert made.published_on == datetime.date(2013, 3, 27)
    assert made.parent == review
    assert list(made.themes.all()) == [theme]
    assert made.is_published
    assert made.update_every_months == 6
    assert made.history.first().history_user == administrator


def test_review_form_errors_are_govuk(client, administrator, review):
    login(client, administrator)
    response = client.post(
        "/recommendations/reviews/new/",
        form_data(title="housing review", published_on="27th", url="nope", update_every_months="0"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "<title>Error:" in page
    assert "already has a review with this title" in page
    assert (
        f"Date published must be a real date, like {example_date_text(timezone.localdate(), past=True)}"
        in page
    )
    assert "starting https://" in page
    assert "Enter at least 1 month" in page
    assert Review.objects.count() == 1


def test_a_review_cannot_be_part_of_its_own_part(client, administrator, review):
    part = ReviewFactory(partnership=review.partnership, title="Part", parent=review)
    response = login(client, administrator).post(
        f"/recommendations/reviews/{review.pk}/edit/",
        form_data(title="Housing Review", parent=part.pk),
    )
    assert response.status_code == 400
    assert "cannot be part of itself" in response.content.decode()
    review.refresh_from_db()
    assert review.parent is None


def test_editing_the_interval_moves_due_dates(client, administrator, review):
    review.published_on = datetime.date(2024, 1, 1)
    review.save()
    rec = RecommendationFactory(review=review)
    services.refresh_due_dates(review)
    rec.refresh_from_db()
    assert rec.next_update_due == datetime.date(2024, 4, 1)
    response = login(client, administrator).post(
        f"/recommendations/reviews/{review.pk}/edit/",
        form_data(title="Housing Review", published_on="2024-01-01", update_every_months="1"),
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.next_update_due == datetime.date(2024, 2, 1)


def test_save_review_refuses_another_partnerships_theme(review, other_partnership):
    stranger = ThemeFactory(strategy=StrategyFactory(partnership=other_partnership))
    with pytest.raises(ValidationError, match="themes"):
        services.save_review(None, review, {"themes": [stranger]})


@pytest.mark.parametrize("who", ["officer", "board_member"])
def test_others_cannot_add_or_edit_reviews(client, review, request, who):
    login(client, request.getfixturevalue(who))
    assert client.get("/recommendations/reviews/new/").status_code == 403
    assert client.post("/recommendations/reviews/new/", form_data()).status_code == 403
    url = f"/recommendations/reviews/{review.pk}/edit/"
    assert client.post(url, form_data(title="Renamed")).status_code == 403
    assert client.post(f"/recommendations/reviews/{review.pk}/sections/new/", {}).status_code == 403
    assert "Add a review" not in client.get("/recommendations/reviews/").content.decode()
    review.refresh_from_db()
    assert review.title == "Housing Review"
    assert Review.objects.count() == 1


def test_the_public_cannot_add_reviews(session, review):
    response = session.post("/recommendations/reviews/new/", form_data())
    assert response.status_code in {302, 403}
    assert Review.objects.count() == 1


def test_another_partnerships_administrator_cannot_edit(client, review, other_partnership):
    from roundtable.accounts.choices import Role
    from roundtable.partnership.tests.factories import UserFactory

    stranger = UserFactory(
        username="warwick-admin", role=Role.ADMINISTRATOR, partnership=other_partnership
    )
    client.force_login(stranger)
    response = client.post(f"/recommendations/reviews/{review.pk}/edit/", form_data(title="X"))
    assert response.status_code in {403, 404}
    review.refresh_from_db()
    assert review.title == "Housing Review"


def test_administrator_adds_and_edits_sections(client, administrator, review):
    SectionFactory(review=review, title="Supply", order=1)
    login(client, administrator)
    add = f"/recommendations/reviews/{review.pk}/sections/new/"
    assert 'value="2"' in client.get(add).content.decode()
    assert client.post(add, {"title": "Supporting Communities", "order": "2"}).status_code == 302
    section = Section.objects.get(title="Supporting Communities")
    assert section.review == review
    duplicate = client.post(add, {"title": "supply", "order": "3"})
    assert duplicate.status_code == 400
    assert "already has a section with this title" in duplicate.content.decode()
    edit = f"/recommendations/sections/{section.pk}/edit/"
    assert client.post(edit, {"title": "Communities", "order": "0"}).status_code == 302
    section.refresh_from_db()
    assert (section.title, section.order) == ("Communities", 0)
    blank = client.post(edit, {"title": "", "order": "x"})
    assert "Enter the section&#x27;s title" in blank.content.decode()


def test_officer_cannot_edit_a_section(client, officer, review):
    section = SectionFactory(review=review, title="Supply")
    response = login(client, officer).post(
        f"/recommendations/sections/{section.pk}/edit/", {"title": "Hacked", "order": "1"}
    )
    assert response.status_code == 403
    section.refresh_from_db()
    assert section.title == "Supply"


def test_themes_set_on_the_web_make_the_tracker_filter_work(
    client, administrator, session, partnership, review, theme
):
    other = ReviewFactory(partnership=partnership, title="Transport Review")
    RecommendationFactory(review=review, text="Build more homes")
    RecommendationFactory(review=other, text="Fix the buses")
    login(client, administrator).post(
        f"/recommendations/reviews/{review.pk}/edit/",
        form_data(title="Housing Review", themes=[theme.pk], is_published="on"),
    )
    client.logout()
    page = session.get("/recommendations/", {"theme": theme.pk}).content.decode()
    assert "Build more homes" in page
    assert "Fix the buses" not in page
    # The theme is offered in the filter now that a review has it.
    assert f'value="{theme.pk}"' in session.get("/recommendations/").content.decode()


def test_a_review_is_published_on_a_date_in_words(client, administrator, review):
    response = login(client, administrator).post(
        f"/recommendations/reviews/{review.pk}/edit/",
        form_data(title="Housing Review", published_on="1 January 2024", update_every_months="1"),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.published_on == datetime.date(2024, 1, 1)
