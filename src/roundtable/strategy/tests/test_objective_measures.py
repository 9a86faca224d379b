"""How an objective is measured, in words (the MEASURES column of Ealing's equality
objectives paper): written on the objective's form or in the objectives file's
`measures` column, and shown under the objective."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from roundtable.strategy import services
from roundtable.strategy.importers import import_strategy_files
from roundtable.strategy.models import Objective
from roundtable.strategy.tests.factories import (
    ApproachFactory,
    ObjectiveFactory,
    PartnershipFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
SEED = Path("/work/shared/seeds/ealing-lsp-executive-board-pack-2012.txt")
HATE_CRIME = (
    "Reported rates of hate crime, complaints, grievances, disciplinary action and "
    "other incidents of discrimination"
)


def test_an_administrator_says_how_an_objective_is_measured(client, partnership, administrator):
    priority = PriorityFactory(strategy=StrategyFactory(partnership=partnership))
    objective = ObjectiveFactory(priority=priority, text="Fewer burglaries", order=1)
    client.force_login(administrator)
    url = reverse("strategy:objective-edit", args=[objective.pk])
    assert "How it is measured (optional)" in client.get(url).content.decode()
    post = {"text": "Fewer burglaries", "order": 1, "measures": f"{HATE_CRIME}\nSurvey results"}
    assert client.post(url, post).status_code == 302
    objective.refresh_from_db()
    assert objective.measures == f"{HATE_CRIME}\nSurvey results"
    assert objective.history.latest().history_user == administrator
    html = client.get(priority.get_absolute_url()).content.decode()
    assert f"How it is measured:</span><br>{HATE_CRIME}<br>Survey results" in html


def test_an_objective_added_with_its_measures_shows_them_on_the_strategy_page(
    client, partnership, administrator
):
    strategy = StrategyFactory(partnership=partnership)
    value = ApproachFactory(strategy=strategy, name="Equality and fairness")
    services.add_objective(
        administrator,
        approach=value,
        text="Foster good relations",
        measures="Perception indicators",
    )
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert "How it is measured:</span><br>Perception indicators" in html


def test_the_objectives_file_reads_measures_and_a_file_without_them_keeps_them(tmp_path):
    partnership = PartnershipFactory(slug="ealing")
    (tmp_path / "strategy-strategies.csv").write_text("slug,title\nscs,Community Strategy\n")
    (tmp_path / "strategy-values.csv").write_text("strategy,value\nscs,Equality and fairness\n")
    objectives = tmp_path / "strategy-objectives.csv"
    objectives.write_text(
        "strategy,value,objective,measures\n"
        f'scs,Equality and fairness,Eliminate discrimination,"{HATE_CRIME}\nSurvey"\n'
    )
    import_strategy_files(tmp_path, partnership)
    assert Objective.objects.get().measures == f"{HATE_CRIME}\nSurvey"
    objectives.write_text(
        "strategy,value,objective\nscs,Equality and fairness,Eliminate discrimination\n"
    )
    summary = import_strategy_files(tmp_path, partnership)
    assert Objective.objects.get().measures == f"{HATE_CRIME}\nSurvey"
    assert not summary.changed_anything


@pytest.mark.skipif(not SEED.exists(), reason="the seed papers are not on this machine")
def test_the_demos_equality_objectives_say_how_they_are_measured_in_the_papers_words():
    partnership = PartnershipFactory(slug="ealing")
    import_strategy_files(DATA / "ealing", partnership)
    measured = Objective.objects.exclude(measures="").select_related("approach")
    assert measured.count() == 5
    assert {o.approach.name for o in measured} == {"Equality and fairness"}
    seed = " ".join(SEED.read_text().split())
    for objective in measured:
        for line in objective.measures.splitlines():
            assert " ".join(line.split()) in seed, line
