"""A recommendation's page lists the projects that serve it, as the viewer may see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.projects.tests.factories import ProjectFactory
from roundtable.recommendations.tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_the_recommendation_page_lists_the_projects_serving_it(
    client, partnership, council, board_member
):
    recommendation = RecommendationFactory(
        review__partnership=partnership, review__is_published=True
    )
    shown = ProjectFactory(partnership=partnership, lead_organisation=council, title="Southall")
    hidden = ProjectFactory(
        partnership=partnership, lead_organisation=council, title="Quiet plan", is_published=False
    )
    shown.recommendations.set([recommendation])
    hidden.recommendations.set([recommendation])
    url = reverse("recommendations:recommendation-detail", args=[recommendation.pk])

    page = client.get(url).content.decode()

    assert '<h3 class="govuk-heading-s">Projects</h3>' in page
    assert f'href="/ealing/projects/{shown.pk}/">Southall</a>' in page
    assert "led by Ealing Council; Active" in page
    assert "Quiet plan" not in page
    client.force_login(board_member)
    assert "Quiet plan" in client.get(url).content.decode()
