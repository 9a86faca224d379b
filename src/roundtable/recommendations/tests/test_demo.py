"""The Westminster demo trackers load through the import, with the mapping kept beside them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from roundtable.core.imports import ImportFailed, read_table
from roundtable.demo.loader import DATA_DIR
from roundtable.demo.testing import load_demo_for_test
from roundtable.partnership.models import Organisation, Partnership
from roundtable.recommendations.imports import import_recommendations
from roundtable.recommendations.models import ProgressUpdate, Recommendation, Review

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo_for_test()
        yield
        call_command("flush", interactive=False, verbosity=0)


def westminster() -> Partnership:
    return Partnership.objects.get(slug="westminster")


def test_every_commission_recommendation_is_loaded(demo):
    counts = {
        review.title: review.recommendations.count()
        for review in Review.objects.filter(partnership=westminster())
    }
    assert counts["Future of Westminster Commission: overarching recommendations"] == 15
    assert counts["Energy and Green Transition Review"] == 31
    assert counts["Economy and Employment Review"] == 23
    assert counts["Fairness and Equality Review"] == 53
    assert counts["Housing Review"] == 0
    assert (
        counts[
            "Westminster City Partnership Summer Workshop 2007: improving the way the "
            "partnership works"
        ]
        == 34
    )


def test_messy_responses_are_read_through_the_mapping(demo):
    overarching = Recommendation.objects.filter(
        review__title="Future of Westminster Commission: overarching recommendations"
    )
    assert overarching.get(number="6").response == "work_in_progress"
    assert overarching.get(number="3").response == "agree"
    economy = Recommendation.objects.filter(review__title="Economy and Employment Review")
    assert economy.get(number="17").response == "consider"


def test_the_demo_tracker_fails_without_its_mapping(demo):
    path = DATA_DIR / "westminster" / "recommendations-tracker-1-commission.csv"
    council = Organisation.objects.get(partnership=westminster(), name="Westminster City Council")
    with pytest.raises(ImportFailed) as failed:
        import_recommendations(read_table(path), westminster(), None, organisation=council)
    values = {e.message.split("'")[1] for e in failed.value.errors}
    assert values == {"Work in progress Agree", "Mark in progress", "1 -", "-"}


def test_directorates_are_units_of_the_council(demo):
    rec = Recommendation.objects.get(
        review__title="Energy and Green Transition Review", number="11"
    )
    assert sorted(u.short_name for u in rec.lead_units.all()) == ["GPH", "I&C"]
    assert rec.lead_organisation.name == "Westminster City Council"
    first = Recommendation.objects.get(
        review__title="Future of Westminster Commission: overarching recommendations", number="1"
    )
    assert first.supported_by_all_units


def test_progress_updates_are_all_illustrative_and_published_responses_public(demo):
    assert ProgressUpdate.objects.count() == 6
    assert not ProgressUpdate.objects.filter(is_illustrative=False).exists()
    commission = Recommendation.objects.filter(review__parent__isnull=False)
    assert not commission.exclude(response_state="published").exists()


def test_loading_again_adds_nothing(demo):
    before = (Recommendation.history.count(), ProgressUpdate.objects.count())
    call_command("demo_load", stdout=io.StringIO())
    assert (Recommendation.history.count(), ProgressUpdate.objects.count()) == before
