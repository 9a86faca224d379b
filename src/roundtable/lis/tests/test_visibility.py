"""Who sees datasets and observations: published ones everyone, held ones their partnership."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from roundtable.lis.models import Dataset, Observation
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(partnership):
    return ObservationFactory(dataset=DatasetFactory(partnership=partnership, published=False))


@pytest.fixture
def published(partnership):
    return ObservationFactory(dataset=DatasetFactory(partnership=partnership))


def test_the_public_sees_published_datasets_and_their_observations_only(held, published):
    anonymous = AnonymousUser()
    assert list(Dataset.objects.visible_to(anonymous)) == [published.dataset]
    assert list(Observation.objects.visible_to(anonymous)) == [published]
    assert not held.dataset.is_visible_to(anonymous)
    assert not held.is_visible_to(anonymous)


def test_a_partnerships_people_see_its_held_datasets(held, published, board_member):
    assert set(Dataset.objects.visible_to(board_member)) == {held.dataset, published.dataset}
    assert held.is_visible_to(board_member)


def test_another_partnerships_people_do_not_see_held_datasets(
    held, published, other_partnership_officer
):
    assert list(Dataset.objects.visible_to(other_partnership_officer)) == [published.dataset]
    assert not held.is_visible_to(other_partnership_officer)
