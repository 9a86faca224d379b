"""The observations API's lean answer (`observations_sql`) is the ORM's and ninja's,
byte for byte: same fields, order and values, same visibility, same suppression."""

from __future__ import annotations

import json

import pytest
from ninja.responses import NinjaJSONEncoder

from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import (
    AreaFactory,
    CustomAreaFactory,
    LocalAuthorityFactory,
)
from roundtable.lis import observations_sql, queries
from roundtable.lis.schemas import ObservationPage
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.partnership.tests.factories import PartnershipFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/lis/observations"
# Values whose JSON spelling is easy to get wrong: repeating, tiny, huge, whole.
AWKWARD = [0.1 + 0.2, 1 / 3, 1e-05, 1e16, 123.0, -0.5, 2.5e-07, 987654.321]


@pytest.fixture
def world(partnership):
    """A borough of two MSOAs of LSOAs, one LSOA elsewhere, a custom area; a
    published dataset with awkward values, nulls, notes, breakdowns, two periods
    and suppressed cells; a held dataset; the same code in another partnership."""
    borough = LocalAuthorityFactory(code="E09000009", name="Ealing")
    msoas = [
        AreaFactory(code=f"E0200000{i}", name=f"Ealing 00{i}", area_type=AreaType.MSOA)
        for i in (1, 2)
    ]
    for msoa in msoas:
        msoa.parent = borough
        msoa.save()
    lsoas = [
        LsoaFactory(code=f"E0100000{i}", name=f"Ealing 00{i}A", parent=msoas[i % 2])
        for i in range(1, 7)
    ]
    elsewhere = LsoaFactory(code="E01099999", name="Brent 001A — “quoted”")
    pair = CustomAreaFactory(code="ealing-pair", name="The pair", partnership=partnership)
    pair.components.set(msoas[:1])
    stroke = IndicatorFactory(partnership=partnership, code="STR1", value_type="rate", on_lis=True)
    published = DatasetFactory(partnership=partnership, slug="stroke", suppress_below=5)
    for n, area in enumerate([*lsoas, elsewhere]):
        for period in ("2011", "2012"):
            ObservationFactory(
                dataset=published,
                indicator=stroke,
                area=area,
                period=period,
                value=AWKWARD[n % len(AWKWARD)] if n != 3 else None,
                count=None if n == 4 else 20 + n,
                denominator=1000,
                lower_ci_95=AWKWARD[(n + 1) % len(AWKWARD)],
                upper_ci_95=None,
                ci_method="Byar's method" if n % 2 else "",
                note="Provisional \u2018figure\u2019" if n == 2 else "",
                suppressed=n == 5 and period == "2011",
            )
    for sex, age in (("Female", ""), ("Male", "65+")):
        ObservationFactory(
            dataset=published, indicator=stroke, area=lsoas[0], sex=sex, age=age, value=55.5
        )
    ObservationFactory(
        dataset=published, indicator=stroke, area=lsoas[1], category="Decile 1", value=7.25
    )
    held = DatasetFactory(partnership=partnership, slug="held", published=False)
    ObservationFactory(dataset=held, indicator=stroke, area=lsoas[2], period="2013", value=77.0)
    other = PartnershipFactory(slug="warwick")
    theirs = IndicatorFactory(partnership=other, code="str1", on_lis=True)
    ObservationFactory(
        dataset=DatasetFactory(partnership=other), indicator=theirs, area=lsoas[0], value=3.0
    )
    return {"borough": borough, "msoa": msoas[0], "lsoa": lsoas[0], "pair": pair}


def _reference(chosen: queries.ObservationFilter, limit: int, offset: int) -> bytes:
    """The answer as the ORM, the response schema and ninja's renderer made it."""
    rows = queries.public_observations(chosen)
    page = list(rows.values(*queries.OBSERVATION_FIELDS)[offset : offset + limit])
    data = {"count": rows.count(), "items": [queries.public_observation(r) for r in page]}
    dumped = ObservationPage.model_validate(data).model_dump()
    return json.dumps(dumped, cls=NinjaJSONEncoder).encode()


def _ids(code: str, partnership: str = "") -> list[int]:
    found = queries.lis_indicators(partnership).filter(code__iexact=code)
    return list(found.values_list("pk", flat=True))


def _cases(world) -> list[tuple[dict, int, int]]:
    return [
        ({}, 1000, 0),
        ({}, 3, 0),
        ({}, 3, 3),
        ({}, 5, 100),
        ({"period": "2011"}, 1000, 0),
        ({"area_type": "lsoa", "inside": world["borough"], "period": "2011"}, 1000, 0),
        ({"area_type": "lsoa", "inside": world["borough"]}, 4, 2),
        ({"inside": world["msoa"]}, 1000, 0),
        ({"inside": world["pair"], "period": "2012"}, 1000, 0),
        ({"area_type": "msoa"}, 1000, 0),
        ({"area": world["lsoa"]}, 1000, 0),
        ({"sex": "Female"}, 1000, 0),
        ({"sex": "Male", "age": "65+"}, 1000, 0),
        ({"category": "Decile 1"}, 1000, 0),
        ({"period": "2013"}, 1000, 0),  # only in the held dataset
    ]


def test_the_lean_answer_is_the_orm_and_schema_answer_byte_for_byte(world):
    for code, partnership in (("STR1", "ealing"), ("str1", "")):
        indicators = _ids(code, partnership)
        assert observations_sql.indicator_ids(code, partnership) == indicators
        for chosen, limit, offset in _cases(world):
            shape = queries.ObservationFilter(indicators=indicators, **chosen)
            lean = observations_sql.observations_response(shape, limit, offset)
            assert lean.content == _reference(shape, limit, offset), (chosen, limit, offset)
            assert lean["Content-Type"] == "application/json; charset=utf-8"


def test_the_endpoint_answers_as_the_schema_would(client, world):
    query = {"indicator": "STR1", "within": "E09000009", "area_type": "lsoa", "period": "2011"}
    response = client.get(API, query)
    chosen = queries.ObservationFilter(
        indicators=_ids("STR1"), area_type="lsoa", inside=world["borough"], period="2011"
    )
    assert response.content == _reference(chosen, 1000, 0)
    body = response.json()
    assert body["count"] == 7  # six LSOAs of Ealing, and Warwick's str1 for one
    suppressed = next(i for i in body["items"] if i["area_code"] == "E01000006")
    assert suppressed == {
        **dict.fromkeys(queries.FIGURES),
        "indicator": "STR1",
        "area_code": "E01000006",
        "area_name": "Ealing 006A",
        "period": "2011",
        "ci_method": None,
        "note": queries.suppression_note(5),
    }


def test_suppressed_figures_and_held_datasets_never_leave(client, world):
    response = client.get(API, {"indicator": "STR1", "partnership": "ealing"})
    (secret,) = [i for i in response.json()["items"] if i["note"] and "Suppressed" in i["note"]]
    assert (secret["area_code"], secret["period"]) == ("E01000006", "2011")
    assert secret["value"] is secret["count"] is secret["lower_ci_95"] is None
    # the published 2012 cell of the same LSOA keeps its figures
    body = client.get(API, {"indicator": "STR1", "area": "E01000006", "period": "2012"}).json()
    assert body["items"][0]["count"] == 25.0
    assert client.get(API, {"indicator": "STR1", "period": "2013"}).json() == {
        "count": 0,
        "items": [],
    }


def test_an_unknown_code_is_none_and_a_code_is_never_a_pattern(world):
    assert observations_sql.area_by_code("E0%") is None
    assert observations_sql.indicator_ids("STR%", "") == []
    assert observations_sql.indicator_ids("ST_1", "") == []
    assert observations_sql.indicator_ids("STR1", "nowhere") == []
    found = observations_sql.area_by_code("E09000009")
    assert (found.pk, found.code, found.area_type) == (
        world["borough"].pk,
        "E09000009",
        "local_authority",
    )


def test_a_statement_without_its_stand_in_is_refused():
    from roundtable.geography.models import Area

    stand_ins = observations_sql.StandIns()
    stand_ins.text("code")
    with pytest.raises(observations_sql.StatementError, match="code"):
        observations_sql.compile_statement(stand_ins, Area.objects.filter(code="E09000009"))


@pytest.mark.parametrize("areas", [2, 20])
def test_a_borough_s_lsoas_take_the_same_queries_whatever_their_number(
    client, partnership, areas, django_assert_num_queries
):
    borough = LocalAuthorityFactory(code="E09000009")
    dataset = DatasetFactory(partnership=partnership)
    indicator = IndicatorFactory(partnership=partnership, code="MORE", on_lis=True)
    for _ in range(areas):
        ObservationFactory(dataset=dataset, indicator=indicator, area=LsoaFactory(parent=borough))
    query = {"indicator": "MORE", "area_type": "lsoa", "within": "E09000009", "period": "2011"}
    # the indicator's id, the borough, the page (shorter than the limit: its own count)
    with django_assert_num_queries(3):
        body = client.get(API, query).json()
    assert (body["count"], len(body["items"])) == (areas, areas)
    # and the count, for a page that is not all there is
    with django_assert_num_queries(4):
        body = client.get(API, {**query, "limit": 1, "offset": 1}).json()
    assert (body["count"], len(body["items"])) == (areas, 1)
