"""The whole demo load gives Ealing its commitments, agreed at the January meeting."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from roundtable.demo.testing import load_demo_for_test
from roundtable.projects.demo_commitments import COVENANT, OBJECTIVES
from roundtable.projects.models_commitments import Commitment

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo_for_test()
        yield
        call_command("flush", interactive=False, verbosity=0)


def test_ealings_objectives_are_agreed_at_the_lsp_executive_of_16_january_2012(demo):
    objectives = Commitment.objects.filter(partnership__slug="ealing").exclude(title=COVENANT)
    assert objectives.count() == len(OBJECTIVES)
    for objective in objectives.select_related("agreed_at__body"):
        assert objective.agreed_at.body.short_name == "LSP Executive"
        assert objective.agreed_at.start.date() == datetime.date(2012, 1, 16)
        assert [str(p) for p in objective.leads.all()] == ["Ann Griffiths"]


def test_only_ealing_has_commitments(demo):
    assert set(Commitment.objects.values_list("partnership__slug", flat=True)) == {"ealing"}
