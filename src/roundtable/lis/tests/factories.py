"""Factories for LIS tests: datasets and their observations."""

from __future__ import annotations

import factory

from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory
from roundtable.lis.models import Dataset, NeedsPage, Observation
from roundtable.lis.periods import parse_period
from roundtable.partnership.tests.factories import PartnershipFactory
from roundtable.performance.tests.factories import IndicatorFactory


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"dataset-{n}")
    title = factory.Sequence(lambda n: f"Dataset {n}")


class LsoaFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"E01{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Ealing {n:03d}A")
    area_type = AreaType.LSOA


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    dataset = factory.SubFactory(DatasetFactory)
    indicator = factory.SubFactory(
        IndicatorFactory,
        partnership=factory.SelfAttribute("..dataset.partnership"),
        in_report=False,
        on_lis=True,
    )
    area = factory.SubFactory(LsoaFactory)
    period = "2011"
    period_start = factory.LazyAttribute(lambda o: parse_period(o.period).start)
    period_end = factory.LazyAttribute(lambda o: parse_period(o.period).end)
    value = 12.5
    count = 25
    denominator = 200


class NeedsPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsPage

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"needs-page-{n}")
    title = factory.Sequence(lambda n: f"Needs page {n}")
    theme = "Health"
    body = "Some text."


def make_places() -> dict:
    """England > London > Ealing, Brent and Harrow, and two LSOAs of Ealing (real
    codes and names), as most LIS tests need them."""
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    london = AreaFactory(code="E12000007", name="London", area_type=AreaType.REGION, parent=england)
    boroughs = {
        key: AreaFactory(
            code=code, name=key.title(), area_type=AreaType.LOCAL_AUTHORITY, parent=london
        )
        for key, code in (("ealing", "E09000009"), ("brent", "E09000005"), ("harrow", "E09000015"))
    }
    lsoas = [
        LsoaFactory(code="E01001234", name="Ealing 001A", parent=boroughs["ealing"]),
        LsoaFactory(code="E01001235", name="Ealing 001B", parent=boroughs["ealing"]),
    ]
    return {"england": england, "london": london, **boroughs, "lsoas": lsoas}
