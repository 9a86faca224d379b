"""Factories of the co-location opportunities: each builds a valid record with no
arguments. (The assets' own factories are in `factories.py`.)"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from roundtable.assets.models_colocation import Opportunity
from roundtable.partnership.tests.factories import PartnershipFactory


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Share building {n}")
    within_m = 500
    utilisation_below = Decimal("50.0")
    lease_months = 12
    found_on = datetime.date(2026, 3, 31)
    saving = Decimal("250000.00")

    @factory.post_generation
    def assets(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.assets.set(extracted)
            if self.vacate_id is None:
                self.vacate = extracted[0]
                self.save(update_fields=["vacate"])
