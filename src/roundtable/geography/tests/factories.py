"""Factories for geography tests: small official hierarchies and custom areas."""

from __future__ import annotations

import factory

from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area, Postcode


class AreaFactory(factory.django.DjangoModelFactory):
    """An official ward in a made-up sequence of GSS codes."""

    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E05{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Ward {n}")
    area_type = AreaType.WARD


class LocalAuthorityFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"E09{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Borough {n}")
    area_type = AreaType.LOCAL_AUTHORITY


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A minimal partnership (the partnership app's own factories may replace this)."""

    class Meta:
        model = "partnership.Partnership"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class CustomAreaFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"custom-{n}")
    name = factory.Sequence(lambda n: f"Custom area {n}")
    area_type = AreaType.CUSTOM
    partnership = factory.SubFactory(PartnershipFactory)


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode

    postcode = factory.Sequence(lambda n: f"W5 {n % 10}AA")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
