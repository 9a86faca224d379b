"""The map's data (`/lis/map/data.json`) and page (`/lis/map/`): classes against the
benchmark, polarity, quintiles, suppression and held data kept out, errors named."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.tests.factories import AreaFactory, LocalAuthorityFactory
from roundtable.lis import maps, views_maps
from roundtable.lis.boundary_store import default_store
from roundtable.lis.models import Observation
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

SECRET_VALUE = "987654.125"
SECRET_CI = "876.0625"
HELD_VALUE = "4242.4242"


@pytest.fixture
def borough(db):
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    return LocalAuthorityFactory(code="E09000009", name="Ealing", parent=england)


@pytest.fixture
def stroke(partnership, borough):
    """Stroke admissions (lower is better) for four Ealing LSOAs in 2011: one worse,
    one similar, one better than Ealing's 100, and one suppressed; England is 200.
    A held dataset has a figure for 2011 too."""
    lsoas = [LsoaFactory(code=f"E0100000{i}", name=f"Ealing 00{i}A") for i in range(1, 5)]
    for lsoa in lsoas:
        lsoa.parent = AreaFactory(
            code=lsoa.code.replace("E01", "E02"), area_type=AreaType.MSOA, parent=borough
        )
        lsoa.save()
    indicator = IndicatorFactory(
        partnership=partnership,
        code="STR1",
        name="Stroke admissions",
        polarity="lower",
        value_type="rate",
        in_report=False,
        on_lis=True,
        decimals=1,
    )
    published = DatasetFactory(partnership=partnership, slug="stroke", title="Stroke")
    for area, (value, low, high) in zip(
        lsoas[:3], [(150, 130, 170), (100, 80, 120), (50, 40, 60)], strict=True
    ):
        ObservationFactory(
            dataset=published,
            indicator=indicator,
            area=area,
            value=value,
            lower_ci_95=low,
            upper_ci_95=high,
        )
    ObservationFactory(
        dataset=published,
        indicator=indicator,
        area=lsoas[3],
        value=float(SECRET_VALUE),
        count=3,
        lower_ci_95=float(SECRET_CI),
        upper_ci_95=float(SECRET_CI) + 1,
        suppressed=True,
    )
    ObservationFactory(dataset=published, indicator=indicator, area=borough, value=100.0)
    england = borough.parent
    ObservationFactory(dataset=published, indicator=indicator, area=england, value=200.0)
    held = DatasetFactory(partnership=partnership, slug="held", published=False)
    ObservationFactory(
        dataset=held, indicator=indicator, area=lsoas[0], value=float(HELD_VALUE), note="HELD"
    )
    return indicator


def _data(client, headers: dict[str, str] | None = None, **params):
    query = {"indicator": "STR1", "area_type": "lsoa", "within": "E09000009", **params}
    return client.get(reverse("lis:map-data"), query, headers=headers or {})


def test_areas_are_compared_with_their_parent_respecting_polarity(client, stroke):
    body = _data(client, period="2011").json()
    assert body["method"] == "significance"
    assert body["benchmark"]["area_code"] == "E09000009"
    classes = {code: area["class"] for code, area in body["areas"].items()}
    assert classes == {
        "E01000001": "worse",
        "E01000002": "similar",
        "E01000003": "better",
        "E01000004": "suppressed",
    }
    first = body["areas"]["E01000001"]
    assert first["text"] == "150.0 (95% confidence interval 130.0 to 170.0)"
    assert body["labels"]["worse"] == "Worse"
    assert body["profile_url"].endswith("/lis/areas/{code}/")


def test_england_is_the_benchmark_when_the_parent_has_no_figure(client, stroke, borough):
    stroke.observations.filter(area=borough).delete()
    body = _data(client, period="2011").json()
    assert body["benchmark"]["area_code"] == "E92000001"
    # Against England's 200 (lower is better), every interval below it is better.
    assert body["areas"]["E01000001"]["class"] == "better"


def test_suppressed_figures_never_reach_the_map_data(client, stroke):
    response = _data(client, period="2011")
    content = response.content.decode()
    assert SECRET_VALUE not in content
    assert SECRET_CI not in content
    assert "987654" not in content
    area = response.json()["areas"]["E01000004"]
    assert area["value"] is None
    assert area["lower_ci_95"] is None
    assert area["text"].startswith("Suppressed to protect confidentiality")


def test_a_held_datasets_figures_are_not_on_the_map_even_for_its_partnership(
    client, stroke, administrator
):
    client.force_login(administrator)
    content = _data(client).content.decode()
    assert HELD_VALUE not in content
    assert "HELD" not in content


def test_an_indicator_with_no_judgement_is_coloured_by_quintile(client, stroke):
    stroke.polarity = "none"
    stroke.save()
    body = _data(client).json()
    assert body["method"] == "quintiles"
    assert {a["class"] for a in body["areas"].values()} <= {
        "q1", "q2", "q3", "q4", "q5", "suppressed"
    }  # fmt: skip


def test_a_count_is_coloured_by_quintile_whatever_its_polarity(client, stroke):
    stroke.value_type = "count"
    stroke.save()
    assert stroke.polarity in ("higher", "lower")
    assert _data(client).json()["method"] == "quintiles"


def test_a_browser_that_takes_gzip_gets_the_same_data_gzipped(client, stroke):
    zipped = _data(client, {"Accept-Encoding": "gzip"}, period="2011")
    assert zipped["Content-Encoding"] == "gzip"
    plain = _data(client, period="2011")  # a kept plain answer suits any browser; never a gzip
    assert not plain.has_header("Content-Encoding")
    assert gzip.decompress(zipped.content) == plain.content


def test_a_write_redraws_the_map(client, stroke):
    assert _data(client, period="2011").json()["method"] == "significance"
    stroke.polarity = "none"
    stroke.save()
    assert _data(client, period="2011").json()["method"] == "quintiles"


def test_the_table_lists_at_most_its_limit_and_says_so(client, stroke, monkeypatch):
    from roundtable.lis import views_maps

    monkeypatch.setattr(views_maps, "TABLE_ROWS", 2)
    response = client.get(reverse("lis:map"), {"indicator": "STR1", "within": "E09000009"})
    content = response.content.decode()
    assert "The table lists the first 2 of 4 areas" in content
    assert content.count('<tr class="govuk-table__row" data-area=') == 2


def _table_codes(content: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row" data-area="(\w+)"', content)


@pytest.mark.parametrize(
    ("order", "codes"),
    [
        ("", ["E01000001", "E01000002", "E01000003", "E01000004"]),
        ("name", ["E01000002", "E01000003", "E01000004", "E01000001"]),
        # The suppressed area has no value to be placed by: it comes last either way.
        ("highest", ["E01000001", "E01000002", "E01000003", "E01000004"]),
        ("lowest", ["E01000003", "E01000002", "E01000001", "E01000004"]),
    ],
)
def test_the_table_and_its_download_are_in_the_order_chosen(client, stroke, order, codes):
    Area.objects.filter(code="E01000001").update(name="Southall 001A")
    query = {"indicator": "STR1", "within": "E09000009", "order": order}
    response = client.get(reverse("lis:map"), query)
    assert response.status_code == 200
    assert _table_codes(response.content.decode()) == codes
    assert f'<option value="{order}" selected>' in response.content.decode()
    download = client.get(reverse("lis:map"), query | {"download": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == codes


def test_an_unknown_table_order_is_named(client, stroke):
    response = client.get(reverse("lis:map"), {"indicator": "STR1", "order": "biggest"})
    assert response.status_code == 400
    assert "order: there is no table order \u201cbiggest\u201d" in response.content.decode()
    assert 'href="#map-order"' in response.content.decode()


def test_the_latest_period_is_shown_when_none_is_named(client, stroke):
    body = _data(client).json()
    assert body["period"] == "2011"
    assert body["periods"] == ["2011"]


def test_the_map_opens_at_the_newest_period_with_published_figures_for_its_areas(
    client, stroke, borough
):
    """A newer period with a suppressed LSOA only, or figures for the borough only,
    does not open the LSOA map on an empty period; it is still offered."""
    dataset = stroke.observations.first().dataset
    secret = Observation.objects.get(area__code="E01000004", period="2011")
    ObservationFactory(
        dataset=dataset, indicator=stroke, area=secret.area, period="2012", value=1.0,
        count=2, suppressed=True,
    )  # fmt: skip
    ObservationFactory(dataset=dataset, indicator=stroke, area=borough, period="2013", value=90.0)
    body = _data(client).json()
    assert body["period"] == "2011"
    assert body["periods"] == ["2013", "2012", "2011"]
    assert _data(client, area_type="local_authority", within="").json()["period"] == "2013"
    page = client.get(reverse("lis:map"), {"indicator": "STR1", "within": "E09000009"})
    assert page.context["period"] == "2011"


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"indicator": "NOPE"}, 404, "No indicator on the LIS has the code NOPE"),
        ({"within": "E09999999"}, 404, "No area has the code E09999999"),
        ({"indicator": ""}, 400, "indicator"),
        ({"area_type": "ward"}, 400, "area_type: ward is not one of"),
        ({"period": "last year"}, 400, "period: "),
    ],
)
def test_bad_parameters_are_named(client, stroke, params, status, words):
    response = _data(client, **params)
    assert response.status_code == status
    assert words in response.json()["detail"]
    if status == 400:
        assert response.json()["parameter"] == next(iter(params))


def test_an_indicator_not_on_the_lis_is_not_found(client, stroke):
    stroke.on_lis = False
    stroke.save()
    assert _data(client).status_code == 404


@pytest.mark.parametrize("name", ["lis:map-data", "lis:map"])
def test_queries_do_not_grow_with_the_number_of_areas(
    client, partnership, other_partnership, borough, name
):
    indicator = IndicatorFactory(partnership=partnership, code="Q1", in_report=False, on_lis=True)
    dataset = DatasetFactory(partnership=partnership)
    elsewhere = DatasetFactory(partnership=other_partnership)
    url = reverse(name) + "?indicator=Q1&area_type=lsoa&within=E09000009"
    counts = []
    for added in (2, 18):  # 2 rows, then 20
        for n in range(added):
            ObservationFactory(
                dataset=dataset,
                indicator=indicator,
                area=LsoaFactory(parent=AreaFactory(area_type=AreaType.MSOA, parent=borough)),
                value=float(n),
            )
            # Other partnerships' places, which "Inside" does not offer, however many.
            place = LocalAuthorityFactory(parent=borough.parent)
            ObservationFactory(dataset=elsewhere, area=place, value=float(n))
        with CaptureQueriesContext(connection) as captured:
            page = client.get(under(partnership, url))
        assert page.status_code == 200
        counts.append(len(captured))
        if name == "lis:map":
            assert [a.code for a in page.context["parents"]] == ["E92000001", "E09000009"]
            assert [t for t, _, _ in page.context["area_types"]] == ["lsoa"]
            assert [c.indicator.code for c in page.context["nearest_by"]] == ["Q1"]
    assert counts[0] == counts[1]


def test_a_period_the_indicator_has_none_of_opens_its_own_and_says_so(client, stroke):
    """Without the script, changing the indicator and pressing "Show map" sends the
    period of the indicator shown before (a census's 2001 for stroke admissions). The
    period list cannot show it, so the map showed an empty 2001 under a list reading
    2011; it now shows the indicator's own period and says why."""
    query = {"indicator": "STR1", "area_type": "lsoa", "within": "E09000009", "period": "2001"}
    content = client.get(reverse("lis:map"), query).content.decode()
    assert "Stroke admissions has no figures for 2001, so the map shows 2011." in content
    assert "150.0 (95% confidence interval 130.0 to 170.0)" in content
    assert '<option value="2011" selected>' in content
    assert "No published figures for these areas" not in content


def test_a_period_of_the_indicators_own_is_kept_even_with_no_figures_here(client, stroke):
    query = {"indicator": "STR1", "area_type": "lsoa", "within": "E09000009", "period": "2011"}
    content = client.get(reverse("lis:map"), query).content.decode()
    assert 'id="map-period-moved"' not in content


def test_the_page_works_without_javascript(client, stroke):
    response = client.get(
        reverse("lis:map"),
        {"indicator": "STR1", "area_type": "lsoa", "within": "E09000009", "period": "2011"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Map: Stroke admissions" in content
    assert 'href="/ealing/lis/areas/E01000001/"' in content
    assert "150.0 (95% confidence interval 130.0 to 170.0)" in content
    assert "Compared with Ealing" in content
    assert "Suppressed to protect confidentiality" in content
    assert SECRET_VALUE not in content
    assert HELD_VALUE not in content
    assert 'src="/static/lis/map.js"' in content
    # Without JavaScript "Show map" sends the indicator too: its list, across the
    # page above the form's column so long names are read whole, is one of the form's.
    assert 'id="map-indicator" name="indicator" form="map-form">' in content
    assert content.index('id="map-indicator"') < content.index('<form method="get"')
    # The table of every area comes open (only the script folds it, on a phone),
    # after the map, under a summary that names it.
    figures = content.split('<details class="govuk-details lis-map-figures" id="map-figures" open>')
    assert len(figures) == 2
    assert content.index('id="lis-map"') < content.index('id="map-figures"')
    assert 'id="map-table"' in figures[1].split("</details>", 1)[0]
    assert "Figures for each area as a table" in figures[1]


def _borough_only(partnership, borough, name="A borough-only figure"):
    """An indicator (first by name) whose only published figure is the borough's."""
    indicator = IndicatorFactory(
        partnership=partnership, code="BORO", name=name, in_report=False, on_lis=True
    )
    dataset = DatasetFactory(partnership=partnership, slug="boro")
    ObservationFactory(dataset=dataset, indicator=indicator, area=borough, value=12.0)
    return indicator


def test_the_map_opens_on_an_indicator_with_figures_for_its_areas(
    client, partnership, borough, stroke
):
    """The demo's map opened on a performance indicator kept for Ealing only: an
    empty map of LSOAs. It now opens on the first indicator with LSOA figures."""
    _borough_only(partnership, borough)
    partnership.area = borough
    partnership.save()
    response = client.get(under(partnership, reverse("lis:map")))
    assert response.status_code == 200
    assert response.context["indicator"] == stroke
    assert response.context["area_type"] == "lsoa"


def test_an_indicator_kept_for_boroughs_opens_on_the_boroughs_around_the_place(
    client, partnership, borough, stroke
):
    indicator = _borough_only(partnership, borough)
    partnership.area = borough
    partnership.save()
    response = client.get(under(partnership, reverse("lis:map")), {"indicator": "BORO"})
    assert response.context["indicator"] == indicator
    assert response.context["area_type"] == "local_authority"
    assert response.context["inside"] == borough.parent
    assert "12" in response.content.decode()
    # A chosen area type is kept, even when it has no figures.
    chosen = client.get(
        under(partnership, reverse("lis:map")), {"indicator": "BORO", "area_type": "lsoa"}
    )
    assert chosen.context["area_type"] == "lsoa"
    assert chosen.context["inside"] == borough
    # Local authorities chosen by name open on those around the place too, not on the
    # none inside it; an "Inside" chosen by name is kept.
    named = client.get(
        under(partnership, reverse("lis:map")),
        {"indicator": "BORO", "area_type": "local_authority"},
    )
    assert named.context["inside"] == borough.parent
    assert [a.code for a in named.context["data"].classes.areas] == [borough.code]
    kept = client.get(
        under(partnership, reverse("lis:map")),
        {"indicator": "BORO", "area_type": "local_authority", "within": borough.code},
    )
    assert kept.context["inside"] == borough


def test_an_empty_map_names_the_area_types_the_indicator_has_figures_for(
    client, partnership, borough, stroke
):
    _borough_only(partnership, borough)
    body = _data(client, indicator="BORO").json()
    assert body["areas"] == {}
    assert body["area_types_with_figures"] == ["local_authority"]
    assert body["summary"] == (
        "A borough-only figure has no published figures for lower layer super output areas "
        "(LSOAs) in Ealing in 2011. It has figures for local authorities: choose them in "
        "\u201cAreas\u201d."
    )
    # A map with areas names none; nor does an empty map of a type that has figures.
    assert _data(client).json()["area_types_with_figures"] == []
    other_year = _data(client, period="2019").json()
    assert other_year["area_types_with_figures"] == ["lsoa", "local_authority"]
    assert other_year["summary"].endswith(
        "Choose another period, or another area in \u201cInside\u201d."
    )


def test_an_empty_map_page_links_to_the_map_that_has_figures(client, partnership, borough):
    _borough_only(partnership, borough)
    response = client.get(
        under(partnership, reverse("lis:map")),
        {"indicator": "BORO", "area_type": "lsoa", "within": "E09000009"},
    )
    assert response.context["instead"] == [
        (
            "Show the map of local authorities in England",
            "?indicator=BORO&area_type=local_authority&within=E92000001",
        )
    ]
    assert "Show the map of local authorities in England" in response.content.decode()
    # The suggestion opens a map with the figure.
    shown = client.get(under(partnership, reverse("lis:map")) + response.context["instead"][0][1])
    assert [a.code for a in shown.context["data"].classes.areas] == ["E09000009"]
    assert shown.context["instead"] == []


def _suppressed_below_the_borough(partnership, borough):
    """An indicator (first by name) whose figures for an LSOA and its MSOA are both
    suppressed: only the borough's is published."""
    indicator = IndicatorFactory(
        partnership=partnership, code="SMALL", name="A small count", in_report=False, on_lis=True
    )
    dataset = DatasetFactory(partnership=partnership, slug="small")
    ObservationFactory(dataset=dataset, indicator=indicator, area=borough, value=40.0, count=40)
    lsoa = Area.objects.get(code="E01000001")
    for area in (lsoa, lsoa.parent):
        ObservationFactory(
            dataset=dataset, indicator=indicator, area=area, value=3.0, count=3, suppressed=True
        )
    return indicator


def test_a_type_of_area_with_only_suppressed_figures_has_no_figures_for_the_map(
    partnership, borough, stroke
):
    small = _suppressed_below_the_borough(partnership, borough)
    types = maps.figure_area_types(partnership)
    assert types[small.pk] == ("local_authority",)
    assert types[stroke.pk] == ("lsoa", "local_authority")
    assert maps.figure_area_types(partnership, small) == {small.pk: ("local_authority",)}


def test_an_indicator_opens_on_the_type_of_area_areas_offers_not_a_suppressed_one(
    client, partnership, borough, stroke
):
    """The map opened an indicator on the smallest type of area with any figure,
    suppressed ones too: LSOAs, all grey, though "Areas" offers no type for
    suppressed figures alone. It opens on the type "Areas" offers by the same rule."""
    _suppressed_below_the_borough(partnership, borough)
    partnership.area = borough
    partnership.save()
    response = client.get(under(partnership, reverse("lis:map")), {"indicator": "SMALL"})
    assert response.context["area_type"] == "local_authority"
    assert response.context["inside"] == borough.parent
    assert [t for t, _, _ in response.context["area_types"]] == ["lsoa", "local_authority"]
    # With no indicator asked for, the map of LSOAs opens on one with published LSOA
    # figures, not the first by name, whose LSOA figure is suppressed.
    opened = client.get(under(partnership, reverse("lis:map")))
    assert opened.context["indicator"] == stroke
    assert opened.context["area_type"] == "lsoa"


def test_an_empty_map_offers_no_type_of_area_with_only_suppressed_figures(
    client, partnership, borough, stroke
):
    """What the script moves an empty map to (`area_types_with_figures`, its first)
    is what "Areas" offers: not LSOAs nor MSOAs, whose figures are all suppressed."""
    _suppressed_below_the_borough(partnership, borough)
    body = _data(client, indicator="SMALL", period="2010").json()
    assert body["areas"] == {}
    assert body["area_types_with_figures"] == ["local_authority"]
    assert body["summary"].endswith(
        "It has figures for local authorities: choose them in \u201cAreas\u201d."
    )
    page = client.get(under(partnership, reverse("lis:map")), {"indicator": "SMALL"})
    offered = [t for t, _, _ in page.context["area_types"]]
    assert set(body["area_types_with_figures"]) <= set(offered)
    assert "msoa" not in offered


def test_an_indicator_whose_only_figures_are_suppressed_is_not_offered(
    client, partnership, borough, stroke
):
    """The map listed an indicator whose only published figures are suppressed:
    choosing it drew an all-grey map. It offers those with a figure that is not
    suppressed, by the rule "Areas" offers by (`figure_area_types`)."""
    tiny = IndicatorFactory(
        partnership=partnership, code="TINY", name="A tiny count", in_report=False, on_lis=True
    )
    dataset = DatasetFactory(partnership=partnership, slug="tiny")
    lsoa = Area.objects.get(code="E01000001")
    for area in (lsoa, lsoa.parent, borough):
        ObservationFactory(
            dataset=dataset, indicator=tiny, area=area, value=3.0, count=3, suppressed=True
        )
    assert maps.map_indicators(partnership) == [stroke]
    page = client.get(under(partnership, reverse("lis:map")))
    assert page.context["indicators"] == [stroke]
    assert 'value="TINY"' not in page.content.decode()
    asked = client.get(under(partnership, reverse("lis:map")), {"indicator": "TINY"})
    assert asked.status_code == 400
    assert "there is no indicator \u201cTINY\u201d with figures to map" in asked.content.decode()
    # One figure not suppressed (an LSOA's), and it is offered, first by name.
    other = Area.objects.get(code="E01000002")
    ObservationFactory(dataset=dataset, indicator=tiny, area=other, value=30.0, count=30)
    assert maps.map_indicators(partnership) == [tiny, stroke]
    page = client.get(under(partnership, reverse("lis:map")), {"indicator": "TINY"})
    assert page.status_code == 200
    assert page.context["indicators"] == [tiny, stroke]
    assert '<option value="TINY" selected>A tiny count (TINY)</option>' in page.content.decode()


def test_the_page_names_a_bad_choice(client, stroke):
    response = client.get(reverse("lis:map"), {"indicator": "NOPE"})
    assert response.status_code == 400
    assert (
        "indicator: there is no indicator \u201cNOPE\u201d with figures to map; choose one "
        "from the list" in response.content.decode()
    )
    assert "<title>Error: Map" in response.content.decode()
    assert "<title>Error:" not in client.get(reverse("lis:map")).content.decode()


def test_my_area_finds_the_lsoa_of_a_postcode(client, stroke):
    from roundtable.geography.models import Area
    from roundtable.geography.tests.factories import PostcodeFactory

    lsoa = Area.objects.get(code="E01000001")
    PostcodeFactory(postcode="W5 2HL", lsoa=lsoa)
    response = client.get(
        reverse("lis:map"), {"indicator": "STR1", "within": "E09000009", "postcode": "w52hl"}
    )
    content = response.content.decode()
    assert 'W5 2HL is in <a class="govuk-link" href="/ealing/lis/areas/E01000001/">' in content
    unit = stroke.unit_label  # after the figure, as the summary names it
    assert f"Ealing 001A</a>: 150.0 {unit} (95% confidence interval 130.0 to 170.0) (Worse)" in (
        content
    )


def test_my_area_names_an_unknown_postcode(client, stroke):
    response = client.get(reverse("lis:map"), {"indicator": "STR1", "postcode": "hello"})
    assert "is not a full UK postcode" in response.content.decode()


def test_the_catalogue_links_to_the_map(client, stroke):
    assert 'href="/ealing/lis/map/"' in client.get(reverse("lis:catalogue")).content.decode()


def test_a_published_dataset_links_to_its_indicators_maps(client, stroke):
    content = client.get(reverse("lis:dataset-detail", args=["stroke"])).content.decode()
    assert 'href="/ealing/lis/map/?indicator=STR1">Map of Stroke admissions</a>' in content


def test_a_held_dataset_has_no_map_link(client, stroke, administrator):
    client.force_login(administrator)
    content = client.get(reverse("lis:dataset-detail", args=["held"])).content.decode()
    assert "Map of" not in content


def _block(content: str, block_id: str) -> dict | None:
    found = re.search(
        rf'<script type="application/json" id="{block_id}">(.*?)</script>', content, re.S
    )
    return json.loads(found.group(1)) if found else None


def _map_page(client):
    return client.get(
        reverse("lis:map"),
        {"indicator": "STR1", "area_type": "lsoa", "within": "E09000009", "period": "2011"},
    )


def test_a_boroughs_map_comes_with_its_data_and_boundaries_in_the_page(
    client, stroke, settings, tmp_path
):
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    default_store().build([AreaType.LSOA], [12])
    content = _map_page(client).content.decode()
    assert _block(content, "lis-map-first-data") == _data(client, period="2011").json()
    boundaries = client.get(
        reverse("lis:boundaries", args=["lsoa"]), {"within": "E09000009", "zoom": 12}
    )
    assert _block(content, "lis-map-first-boundaries") == boundaries.json()
    assert 'rel="preload"' not in content  # nothing to fetch before it is drawn
    assert SECRET_VALUE not in content


def test_a_map_whose_boundaries_are_not_built_yet_fetches_them_packed(
    client, stroke, settings, tmp_path
):
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    content = _map_page(client).content.decode()
    assert _block(content, "lis-map-first-data") is None
    assert _block(content, "lis-map-first-boundaries") is None
    assert not (tmp_path / "boundaries").exists()  # the page never waits on a build
    preloads = re.findall(r'<link rel="preload" as="fetch" crossorigin href="([^"]+)">', content)
    assert len(preloads) == 2
    assert "format=packed" in unescape(preloads[1])


def test_a_map_of_more_areas_than_a_borough_fetches_its_data(
    client, stroke, settings, tmp_path, monkeypatch
):
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    default_store().build([AreaType.LSOA], [12])
    monkeypatch.setattr(views_maps, "EMBED_AREAS", 3)  # the map has 4 areas
    content = _map_page(client).content.decode()
    assert _block(content, "lis-map-first-data") is None
    assert content.count('rel="preload"') == 2


def test_a_data_block_cannot_end_its_script_or_open_markup():
    body = json.dumps({"name": "Ealing </script><!-- & <b>"}).encode()
    block = views_maps.data_block(body)
    assert "<" not in block
    assert ">" not in block
    assert "&" not in block
    assert json.loads(block) == {"name": "Ealing </script><!-- & <b>"}
