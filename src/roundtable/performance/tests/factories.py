from __future__ import annotations

import factory

from roundtable.partnership.tests.factories import OrganisationFactory, PartnershipFactory
from roundtable.performance.models import Indicator, IndicatorValue
from roundtable.performance.periods import parse_period


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    partnership = factory.SubFactory(PartnershipFactory)
    lead_agency = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..partnership")
    )
    code = factory.Sequence(lambda n: f"NI {100 + n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    theme = "Health"
    polarity = "higher"
    frequency = "quarterly"
    aggregation = "sum"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2011/12 Q1"
    period_start = factory.LazyAttribute(lambda o: parse_period(o.period).start)
    period_end = factory.LazyAttribute(lambda o: parse_period(o.period).end)
    partnership = factory.SelfAttribute("indicator.partnership")
    organisation = factory.SelfAttribute("indicator.lead_agency")
