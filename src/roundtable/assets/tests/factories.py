"""Factories: each builds a valid record with no arguments."""

from __future__ import annotations

from decimal import Decimal

import factory

from roundtable.assets.choices import Tenure
from roundtable.assets.models import Asset
from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    partnership = factory.SubFactory(PartnershipFactory)
    owner = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )
    name = factory.Sequence(lambda n: f"Building {n}")
    address = "14-16 Uxbridge Road, Ealing, London"
    postcode = "W5 2HL"
    latitude = 51.5129
    longitude = -0.3047
    current_use = "Offices"
    tenure = Tenure.FREEHOLD
    capacity = 120
    utilisation = Decimal("65.0")
    operating_cost = Decimal("250000.00")
