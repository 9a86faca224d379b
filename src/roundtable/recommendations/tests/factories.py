"""Factories: each builds a valid record with no arguments."""

from __future__ import annotations

import datetime

import factory

from roundtable.partnership.tests.factories import PartnershipFactory
from roundtable.recommendations.models import ProgressUpdate, Recommendation, Review, Section


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Review {n}")
    is_published = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"Section {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    review = factory.SubFactory(ReviewFactory)
    partnership = factory.SelfAttribute("review.partnership")
    number = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"The council should do thing {n}.")
    response = "agree"
    outline_response = "We agree and will report on progress."
    response_state = "published"


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    recommendation = factory.SubFactory(RecommendationFactory)
    partnership = factory.SelfAttribute("recommendation.partnership")
    # A fixed day, not Faker's random one (1970 to today): a random date could be the
    # very date a test says a page must not show, or make an update due or overdue.
    date = datetime.date(2011, 11, 14)
    status = "on_track"
    narrative = "Work has started."
