"""Factories of partners' asset strategies: each builds a valid record with no arguments."""

from __future__ import annotations

import datetime

import factory

from roundtable.assets.models_strategies import AssetStrategy
from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory


class AssetStrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetStrategy

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )
    title = factory.Sequence(lambda n: f"Estate Strategy {n}")
    published = "2011-2020"
    year_from = 2011
    year_to = 2020
    key_aims = "Rationalisation of accommodation.\n• Seek opportunities to co-locate."
    last_reviewed = datetime.date(2012, 1, 16)
