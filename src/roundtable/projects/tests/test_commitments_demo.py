"""Ealing's demo commitments: the equality objectives and the draft covenant."""

from __future__ import annotations

import csv
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from roundtable.demo.loader import DATA_DIR
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import OrganisationFactory, PersonFactory
from roundtable.performance.periods import parse_period
from roundtable.projects.demo_commitments import COVENANT, OBJECTIVES, load_demo_commitments
from roundtable.projects.models_commitments import Commitment
from roundtable.projects.queries_commitments import narrative_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def ealing(partnership):
    council = OrganisationFactory(partnership=partnership, name="Ealing Council", short_name="LBE")
    PersonFactory(
        partnership=partnership, organisation=council, given_name="Ann", family_name="Griffiths"
    )
    MeetingFactory(
        body__partnership=partnership,
        body__name="LSP Executive Board",
        body__slug="ealing-lsp-executive",
        start=timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0)),
    )
    return partnership


def test_the_demo_loads_again_without_duplicates(ealing):
    load_demo_commitments(ealing)
    load_demo_commitments(ealing)
    assert Commitment.objects.count() == len(OBJECTIVES) + 1
    assert all(c.actions.count() == 1 for c in Commitment.objects.exclude(title=COVENANT))


def test_the_objectives_are_public_agreed_at_the_january_meeting_labelled_illustrative(ealing):
    load_demo_commitments(ealing)
    public = Commitment.objects.visible_to(AnonymousUser())
    assert public.count() == len(OBJECTIVES)
    for objective in public:
        assert objective.agreed_at.start.date() == datetime.date(2012, 1, 16)
        assert objective.is_illustrative
        assert "Illustrative: that the LSP Executive agreed them" in objective.source
        assert [str(p) for p in objective.leads.all()] == ["Ann Griffiths"]


def test_each_objective_words_its_text_as_the_community_strategy_does(ealing):
    with (DATA_DIR / "ealing" / "strategy-objectives.csv").open(encoding="utf-8") as f:
        wording = [
            row[3] for row in csv.reader(f) if len(row) > 3 and row[2] == "Equality and fairness"
        ]
    assert [w for _, w, _ in OBJECTIVES] == wording


def test_the_covenant_is_an_internal_draft_with_no_signatories(ealing):
    load_demo_commitments(ealing)
    covenant = Commitment.objects.get(title=COVENANT)
    assert (covenant.kind, covenant.status, covenant.is_public) == (
        "covenant_pledge",
        "draft",
        False,
    )
    assert not covenant.signatories.exists()
    assert covenant.agreed_at is None
    assert '2.3 For "Name of Authority"' in covenant.text


def test_the_report_shows_the_objectives_under_one_narrative_as_the_pack_does(ealing):
    load_demo_commitments(ealing)
    [section] = narrative_sections(ealing.pk, parse_period("2011/12 Q2"), True)
    [row] = section.rows
    assert len(row.measures) == len(OBJECTIVES)
    assert row.narrative.startswith("Unlawful discrimination is addressed")
    assert row.as_at == datetime.date(2012, 1, 16)


def test_other_partnerships_get_no_commitments(other_partnership):
    OrganisationFactory(partnership=other_partnership, short_name="LBE")
    assert load_demo_commitments(other_partnership) == []
