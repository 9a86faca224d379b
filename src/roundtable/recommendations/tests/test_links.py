"""What a recommendation concerns: priorities, indicators and bodies, shown as far as
the reader may see them, edited by administrators, in the API, export and import."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.tests.factories import BodyFactory, UnitFactory
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.recommendations import rules, services
from roundtable.recommendations.imports import import_recommendations
from roundtable.recommendations.models import Recommendation
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory
from roundtable.strategy.tests.factories import PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db

HEADER = "review,section,number,recommendation,response,outline_response,lead,supporting"


@pytest.fixture
def targets(partnership):
    strategy = StrategyFactory(partnership=partnership, title="Sustainable Community Strategy")
    return {
        "priority": PriorityFactory(strategy=strategy, ref="H1", wording="More affordable homes"),
        "public": IndicatorFactory(partnership=partnership, code="NI 154", name="Net new homes"),
        "private": IndicatorFactory(
            partnership=partnership, code="L 7", name="Secret housing measure", is_public=False
        ),
        "body": BodyFactory(partnership=partnership, name="Housing Board", short_name="HB"),
    }


@pytest.fixture
def rec(partnership, council, targets):
    review = ReviewFactory(partnership=partnership, title="Housing Review")
    rec = RecommendationFactory(review=review, number="1", order=1, lead_organisation=council)
    services.set_links(
        None,
        rec,
        priorities=[targets["priority"]],
        indicators=[targets["public"], targets["private"]],
        bodies=[targets["body"]],
    )
    return rec


def login(client, user):
    client.force_login(user)
    client.get("/", {"partnership": user.partnership.slug})
    return client


def test_split_refs_uses_semicolons_only():
    assert rules.split_refs(" H1 ;Crime, disorder and drugs; H1;; ") == [
        "H1",
        "Crime, disorder and drugs",
    ]
    assert rules.ref_key("NI  154") == rules.ref_key("ni 154")


def test_set_links_keeps_history(rec, administrator, targets):
    services.set_links(administrator, rec, priorities=[], indicators=[], bodies=[targets["body"]])
    assert list(rec.priorities.all()) == []
    assert list(rec.bodies.all()) == [targets["body"]]
    assert rec.history.first().history_change_reason == "Links changed"


def test_set_links_refuses_another_partnerships_records(rec, other_partnership):
    stranger = BodyFactory(partnership=other_partnership, name="Warwick Board")
    with pytest.raises(ValidationError, match="bodies"):
        services.set_links(None, rec, priorities=[], indicators=[], bodies=[stranger])


def test_public_page_shows_public_links_only(session, rec):
    page = session.get(rec.get_absolute_url()).content.decode()
    assert "H1: More affordable homes" in page
    assert "NI 154 Net new homes" in page
    assert "Housing Board" in page
    assert "Secret housing measure" not in page
    assert "L 7" not in page
    assert "Edit what it concerns" not in page


def test_partnership_people_see_every_link(client, board_member, rec):
    page = login(client, board_member).get(rec.get_absolute_url()).content.decode()
    assert "L 7 Secret housing measure" in page


def test_administrator_edits_the_links(client, administrator, rec, targets):
    login(client, administrator)
    url = f"/recommendations/{rec.pk}/links/"
    assert "Edit what it concerns" in client.get(rec.get_absolute_url()).content.decode()
    form = client.get(url)
    assert form.status_code == 200
    assert "Net new homes" in form.content.decode()
    # By theme, one details component each, as an agenda item's: not one long list.
    assert '<details class="govuk-details' in form.content.decode()
    response = client.post(url, {"indicators": [targets["private"].pk]})
    assert response.status_code == 302
    assert list(rec.indicators.all()) == [targets["private"]]
    assert list(rec.priorities.all()) == []


def test_a_choice_from_another_partnership_is_a_form_error(
    client, administrator, rec, other_partnership
):
    stranger = BodyFactory(partnership=other_partnership)
    response = login(client, administrator).post(
        f"/recommendations/{rec.pk}/links/", {"bodies": [stranger.pk]}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert rec.bodies.count() == 1


@pytest.mark.parametrize("who", ["officer", "board_member"])
def test_others_cannot_edit_the_links(client, rec, request, who):
    login(client, request.getfixturevalue(who))
    assert client.get(f"/recommendations/{rec.pk}/links/").status_code == 403
    assert client.post(f"/recommendations/{rec.pk}/links/", {}).status_code == 403
    assert rec.bodies.count() == 1


def test_anonymous_visitor_cannot_edit_the_links(session, rec):
    response = session.post(f"/recommendations/{rec.pk}/links/", {})
    assert response.status_code in {302, 403}
    assert rec.bodies.count() == 1


def test_api_detail_lists_links_hiding_private_indicators_from_the_public(client, rec):
    public = client.get(f"/api/v1/recommendations/{rec.pk}").json()
    assert [p["ref"] for p in public["priorities"]] == ["H1"]
    assert [i["code"] for i in public["indicators"]] == ["NI 154"]
    assert [b["name"] for b in public["bodies"]] == ["Housing Board"]


def test_api_detail_shows_private_indicators_to_the_partnership(client, board_member, rec):
    client.force_login(board_member)
    data = client.get(f"/api/v1/recommendations/{rec.pk}").json()
    assert [i["code"] for i in data["indicators"]] == ["L 7", "NI 154"]


def test_json_export_has_the_links_as_extra_fields(rec, capsysbinary):
    call_command("recommendations_export", "--format", "json")
    row = json.loads(capsysbinary.readouterr().out)[0]
    assert row["priorities"] == ["H1"]
    assert row["indicators"] == ["L 7", "NI 154"]
    assert row["bodies"] == ["Housing Board"]
    # The contract's fields are still there.
    assert row["text"]
    assert row["lead"] == "Ealing Council"


def test_public_export_leaves_out_private_indicators(rec, capsysbinary):
    call_command("recommendations_export", "--format", "json", "--public")
    assert json.loads(capsysbinary.readouterr().out)[0]["indicators"] == ["NI 154"]


def table(header: str, *rows: str):
    return read_table(io.BytesIO("\n".join([header, *rows]).encode()), "tracker.csv")


@pytest.fixture
def units(council):
    UnitFactory(organisation=council, name="GPH")


def test_import_reads_the_optional_link_columns(partnership, units, targets):
    import_recommendations(
        table(
            HEADER + ",priorities,indicators,bodies",
            "Housing Review,,1,Build,agree,,GPH,,more affordable homes,ni  154; L 7,HB",
        ),
        partnership,
        None,
    )
    rec = Recommendation.objects.get()
    assert list(rec.priorities.all()) == [targets["priority"]]
    assert set(rec.indicators.all()) == {targets["public"], targets["private"]}
    assert list(rec.bodies.all()) == [targets["body"]]


def test_import_without_the_columns_leaves_links_alone(partnership, units, rec, targets):
    summary = import_recommendations(
        table(HEADER, "Housing Review,,1,Build,agree,,GPH,"), partnership, None
    )
    assert rec.bodies.count() == 1
    assert rec.indicators.count() == 2
    assert summary.created == 0


def test_a_blank_link_cell_clears_the_links(partnership, units, rec):
    import_recommendations(
        table(HEADER + ",bodies", "Housing Review,,1,Build,agree,,GPH,,"), partnership, None
    )
    assert rec.bodies.count() == 0
    assert rec.indicators.count() == 2


def test_unknown_links_are_errors_naming_row_column_and_value(partnership, units, targets):
    with pytest.raises(ImportFailed) as failed:
        import_recommendations(
            table(
                HEADER + ",priorities,indicators,bodies",
                "Housing Review,,1,Build,agree,,GPH,,H1,NI 154,HB",
                "Housing Review,,2,Reuse,agree,,GPH,,H9,NI 999,Nowhere Board",
            ),
            partnership,
            None,
        )
    errors = [str(e) for e in failed.value.errors]
    assert any("Row 3" in e and "priorities" in e and "'H9'" in e for e in errors), errors
    assert any("Row 3" in e and "indicators" in e and "'NI 999'" in e for e in errors), errors
    assert any("Row 3" in e and "bodies" in e and "'Nowhere Board'" in e for e in errors), errors
    assert not Recommendation.objects.exists()


def test_another_partnerships_records_are_unknown(partnership, units, other_partnership):
    BodyFactory(partnership=other_partnership, name="Warwick Board")
    with pytest.raises(ImportFailed, match="Warwick Board"):
        import_recommendations(
            table(HEADER + ",bodies", "Housing Review,,1,Build,agree,,GPH,,Warwick Board"),
            partnership,
            None,
        )


def test_csv_export_with_links_reimports_unchanged(rec, units, tmp_path, capsys):
    out = tmp_path / "out.csv"
    call_command("recommendations_export", "--format", "csv", "--output", str(out))
    assert out.read_text().splitlines()[0].endswith(",priorities,indicators,bodies")
    call_command("recommendations_import", str(out))
    assert "(0 new, 0 changed, 1 unchanged)" in capsys.readouterr().out
    assert rec.indicators.count() == 2
