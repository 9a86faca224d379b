"""Area profiles, compare, the tartan rug and statistical neighbours: pages and
downloads, what they show and to whom, and what they never show."""

from __future__ import annotations

import html
import io
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory
from roundtable.lis import comparisons, intervals, profiles, rules
from roundtable.lis.neighbours import NeighbourGroup
from roundtable.lis.tests.factories import DatasetFactory, LsoaFactory, ObservationFactory
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

SECRET_VALUE = 987654.125
SECRET_DENOMINATOR = 8765431


def observe(dataset, indicator, area, period="2011", count=300, denominator=1000, **extra):
    """An observation with the value and limits the import would work out."""
    if count is None:
        return ObservationFactory(
            dataset=dataset, indicator=indicator, area=area, period=period, **extra
        )
    kind = indicator.value_type or "proportion"
    scale = 100 if kind == "proportion" else indicator.multiplier
    limits = intervals.confidence_limits(
        kind, count=count, denominator=denominator, multiplier=scale
    )
    values = {
        "value": count / denominator * scale,
        "count": count,
        "denominator": denominator,
        "lower_ci_95": limits.lower_95,
        "upper_ci_95": limits.upper_95,
        "lower_ci_99_8": limits.lower_99_8,
        "upper_ci_99_8": limits.upper_99_8,
        "ci_method": limits.method or "",
    }
    return ObservationFactory(
        dataset=dataset,
        indicator=indicator,
        area=area,
        period=period,
        **{**values, **extra},
    )


@pytest.fixture
def dataset(partnership):
    return DatasetFactory(partnership=partnership, slug="health", title="Health")


@pytest.fixture
def smoking(partnership):
    return IndicatorFactory(
        partnership=partnership,
        code="SMK",
        name="Smoking prevalence",
        polarity="lower",
        value_type="proportion",
        multiplier=100,
        decimals=1,
        in_report=False,
        on_lis=True,
    )


def profile_of(client, partnership, code, **query):
    return client.get(under(partnership, reverse("lis:area", args=[code])), query)


def rows(response):
    return {r.indicator.code: r for r in response.context["profile"].rows}


# Significance and polarity -----------------------------------------------------


def test_profile_shows_worse_when_the_interval_is_above_england_and_lower_is_better(
    client, partnership, places, dataset, smoking
):
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)  # 30%
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)  # 20%
    response = profile_of(client, partnership, "E09000009")
    row = rows(response)["SMK"]
    assert row.comparison_95 == rules.Comparison.WORSE
    assert row.comparison_99_8 == rules.Comparison.WORSE
    page = response.content.decode()
    assert "Smoking prevalence" in page
    assert "30.0%" in page
    assert "20.0%" in page
    assert "Worse" in page


def test_profile_shows_better_for_the_same_figures_when_higher_is_better(
    client, partnership, places, dataset, smoking
):
    smoking.polarity = "higher"
    smoking.save()
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    row = rows(profile_of(client, partnership, "E09000009"))["SMK"]
    assert row.comparison_95 == rules.Comparison.BETTER


def test_profile_shows_higher_for_an_indicator_with_no_judgement(
    client, partnership, places, dataset, smoking
):
    smoking.polarity = "none"
    smoking.save()
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    row = rows(profile_of(client, partnership, "E09000009"))["SMK"]
    assert row.comparison_95 == rules.Comparison.HIGHER


def test_an_indicator_without_limits_says_why_and_is_not_compared(
    client, partnership, places, dataset
):
    residents = IndicatorFactory(
        partnership=partnership,
        code="RES",
        name="Usual residents",
        polarity="none",
        value_type="count",
        ci_method="None: a census figure, not a sample",
        in_report=False,
        on_lis=True,
    )
    for area, people in ((places["ealing"], 338449), (places["england"], 53012456)):
        ObservationFactory(
            dataset=dataset,
            indicator=residents,
            area=area,
            value=people,
            count=people,
            denominator=None,
        )
    response = profile_of(client, partnership, "E09000009")
    row = rows(response)["RES"]
    assert row.comparison_95 == row.comparison_99_8 == rules.Comparison.NOT_COMPARED
    page = response.content.decode()
    assert page.count("No confidence limits: a census figure, not a sample") == 2  # table, trend


def test_profile_can_differ_at_95_and_99_8_percent(client, partnership, places, dataset, smoking):
    # 23.1% of 1000: its 95% interval (20.6 to 25.8) is above 20%, its 99.8% one is not.
    observe(dataset, smoking, places["ealing"], count=231, denominator=1000)
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    row = rows(profile_of(client, partnership, "E09000009"))["SMK"]
    assert row.comparison_95 == rules.Comparison.WORSE
    assert row.comparison_99_8 == rules.Comparison.SIMILAR


def test_benchmark_control_compares_with_the_parent_area(
    client, partnership, places, dataset, smoking
):
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    observe(dataset, smoking, places["london"], count=31_000, denominator=100_000)
    response = profile_of(client, partnership, "E09000009", benchmark="parent")
    row = rows(response)["SMK"]
    assert row.benchmark.value == pytest.approx(31.0)
    assert row.comparison_95 == rules.Comparison.SIMILAR
    assert response.context["profile"].benchmark_label == "London"


def test_without_figures_for_england_the_profile_compares_with_the_parent_by_default(
    client, partnership, places, dataset, smoking
):
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    observe(dataset, smoking, places["london"], count=20_000, denominator=100_000)
    response = profile_of(client, partnership, "E09000009")
    assert response.context["profile"].benchmark_label == "London"
    assert rows(response)["SMK"].comparison_95 == rules.Comparison.WORSE
    # With England's figures, England is the default, as on Fingertips.
    observe(dataset, smoking, places["england"], count=300_000, denominator=1_000_000)
    response = profile_of(client, partnership, "E09000009")
    assert response.context["profile"].benchmark_label == "England"
    assert rows(response)["SMK"].comparison_95 == rules.Comparison.SIMILAR


def test_england_not_loaded_says_not_available_and_compares_nothing(
    client, partnership, dataset, smoking
):
    borough = AreaFactory(code="E09000002", name="Barking", area_type=AreaType.LOCAL_AUTHORITY)
    observe(dataset, smoking, borough, count=300, denominator=1000)
    response = profile_of(client, partnership, "E09000002", benchmark="england")
    row = rows(response)["SMK"]
    assert row.comparison_95 == rules.Comparison.NOT_COMPARED
    assert "Not available" in response.content.decode()


def test_profile_shows_breadcrumbs_children_and_the_spine_chart(
    client, partnership, places, dataset, smoking
):
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    observe(dataset, smoking, places["brent"], count=250, denominator=1000)
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    page = profile_of(client, partnership, "E09000009").content.decode()
    assert 'href="/ealing/lis/areas/E12000007/">London</a>' in page
    assert 'href="/ealing/lis/areas/E01001234/">Ealing 001A</a>' in page
    assert "<title>Spine chart: Smoking prevalence, 2011</title>" in page


def test_the_profile_keys_its_spine_charts_with_not_compared_hatched(
    client, partnership, places, dataset, smoking
):
    """A density with no confidence limits is drawn but not compared: its circle was
    plain white, with no key to say what it meant. It is hatched, and the key above
    the table names each mark drawn in words (its pictures hidden from screen
    readers), "Not compared" as the map's key does."""
    density = IndicatorFactory(
        partnership=partnership, code="DENS", name="Population density", polarity="none",
        value_type="rate", ci_method="None: a census figure, not a sample",
        in_report=False, on_lis=True,
    )  # fmt: skip
    for place, value in (("ealing", 60.9), ("brent", 70.0), ("england", 4.1)):
        ObservationFactory(dataset=dataset, indicator=density, area=places[place], value=value)
    observe(dataset, smoking, places["ealing"], count=100, denominator=1000)
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    response = profile_of(client, partnership, "E09000009")
    assert rows(response)["DENS"].comparison_95 == rules.Comparison.NOT_COMPARED
    page = response.content.decode()
    spine = page.split("<title>Spine chart: Population density, 2011</title>", 1)[1]
    spine = spine.split("</svg>", 1)[0]
    assert 'class="rt-spine-not-compared"' in spine
    key = page.split('id="spine-key"', 1)[1].split("</ul>", 1)[0]
    assert "The benchmark (the line in the middle)" in key
    assert "This area: better than the benchmark" in key
    assert "This area: not compared (hatched; the table says why)" in key
    assert "worse than" not in key  # only the marks drawn
    assert key.count('aria-hidden="true"') == key.count("<svg")


def test_a_profile_comparing_nothing_has_no_spine_key(
    client, partnership, places, dataset, smoking
):
    observe(dataset, smoking, places["ealing"], count=100, denominator=1000)
    page = profile_of(client, partnership, "E09000009", benchmark="england").content.decode()
    assert 'id="spine-key"' not in page


def test_profile_gives_the_recent_trend_over_five_years(
    client, partnership, places, dataset, smoking
):
    for n, year in enumerate(range(2011, 2016)):
        observe(dataset, smoking, places["ealing"], period=str(year), count=200 + 40 * n)
    response = profile_of(client, partnership, "E09000009")
    row = rows(response)["SMK"]
    assert row.trend == rules.Trend.INCREASING_WORSE
    assert [f.period for f in row.series] == ["2011", "2012", "2013", "2014", "2015"]
    assert "Increasing and getting worse" in response.content.decode()


def test_trend_is_not_calculated_over_a_gap_in_the_years(
    client, partnership, places, dataset, smoking
):
    for n, year in enumerate((2009, 2011, 2012, 2013, 2014)):
        observe(dataset, smoking, places["ealing"], period=str(year), count=200 + 40 * n)
    row = rows(profile_of(client, partnership, "E09000009"))["SMK"]
    assert row.trend == rules.Trend.CANNOT_BE_CALCULATED


def test_a_trend_over_a_gap_says_where_the_gap_is(client, partnership, places, dataset, smoking):
    for n, year in enumerate((2009, 2011, 2012, 2013, 2014)):
        observe(dataset, smoking, places["ealing"], period=str(year), count=200 + 40 * n)
    page = profile_of(client, partnership, "E09000009").content.decode()
    assert (
        "Cannot be calculated</strong>: the last five calendar years are not in a row: "
        "2011 comes after 2009" in page
    )


def test_a_short_series_says_its_trend_needs_five_periods(
    client, partnership, places, dataset, smoking
):
    for year in (2011, 2012):
        observe(dataset, smoking, places["ealing"], period=str(year))
    row = rows(profile_of(client, partnership, "E09000009"))["SMK"]
    assert row.line.reason == "it needs five calendar years in a row, and there are only 2"


MONTHS = ["2011-07", "2011-08", "2011-09", "2011-10", "2011-11", "2011-12"]


def test_the_trend_joins_periods_of_one_kind_only(client, partnership, places, dataset, smoking):
    """An annual figure and a quarter's among the months, sorted by start, made a
    sawtooth; the chart and the trend take the months, the latest figure's kind."""
    for n, month in enumerate(MONTHS):
        observe(dataset, smoking, places["ealing"], period=month, count=100 + 60 * n)
    observe(dataset, smoking, places["ealing"], period="2011/12", count=900)
    observe(dataset, smoking, places["ealing"], period="2011/12 Q2", count=20)
    response = profile_of(client, partnership, "E09000009")
    row = rows(response)["SMK"]
    assert [f.period for f in row.line.figures] == MONTHS
    assert row.line.left_out == 2
    assert len(row.series) == 8  # the table keeps every figure
    assert row.trend == rules.Trend.INCREASING_WORSE
    page = response.content.decode()
    assert (
        "The chart joins the 6 monthly figures, July 2011 to December 2011; the 2 figures "
        "for other kinds of period are in the table below." in page
    )
    # The table names the months too; the period's label stays in the files.
    assert '<td class="govuk-table__cell">September 2011</td>' in page
    assert ">2011-09<" not in page
    charts = trends_of(client, partnership, "E09000009").content.decode()
    assert charts.count("<circle") == 6
    assert ">Jul 2011</text>" in charts
    assert "6 months from July 2011 to December 2011" in charts


def test_year_to_date_figures_start_again_each_april_and_have_no_trend(
    client, partnership, places, dataset, smoking
):
    smoking.cumulative = True
    smoking.save()
    for n, month in enumerate(["2012-01", "2012-02", "2012-03", "2012-04", "2012-05"]):
        observe(dataset, smoking, places["ealing"], period=month, count=(n + 1) * 100 % 400)
    response = profile_of(client, partnership, "E09000009")
    row = rows(response)["SMK"]
    assert row.line.breaks == (3,)
    assert row.trend == rules.Trend.CANNOT_BE_CALCULATED
    assert row.line.reason == "the figures are year to date, so they start again each April"
    assert "the line starts again each April" in response.content.decode()
    charts = trends_of(client, partnership, "E09000009").content.decode()
    assert charts.count("<polyline") == 2


def test_a_counts_chart_leaves_out_englands_count_and_stays_above_zero(
    client, partnership, places, dataset, smoking
):
    """An LSOA's households against England's 22 million stretched the axis to
    "2.317e+07" and below zero; a count is drawn alone, on an axis from zero."""
    smoking.value_type = "count"
    smoking.ci_method = "None: a census figure, not a sample"
    smoking.save()
    lsoa = places["lsoas"][0]
    observe(dataset, smoking, lsoa, count=None, value=1_512.0)
    observe(dataset, smoking, places["england"], count=None, value=22_063_368.0)
    page = profile_of(client, partnership, lsoa.code).content.decode()
    assert "England&#x27;s count is not drawn: a count depends on an area&#x27;s size." in page
    # Nor is a spine chart set against England's count.
    assert "Spine chart:" not in page
    assert "No chart: a count depends on an area&#x27;s size" in page
    charts = trends_of(client, partnership, lsoa.code).content.decode()
    assert "stroke-dasharray" not in charts
    assert "e+" not in charts
    assert ">2,000</text>" in charts
    assert ">0</text>" in charts
    assert ">-" not in charts


def test_a_proportions_chart_draws_england_dashed_and_says_so(
    client, partnership, places, dataset, smoking
):
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    page = profile_of(client, partnership, "E09000009").content.decode()
    assert "The dashed line is England&#x27;s figure." in page
    charts = trends_of(client, partnership, "E09000009").content.decode()
    assert "stroke-dasharray" in charts
    assert "%</text>" in charts


def trends_of(client, partnership, code, **query):
    return client.get(under(partnership, reverse("lis:area-trends", args=[code])), query)


def test_trend_charts_come_after_the_page_one_per_indicator_in_its_slot(
    client, partnership, places, dataset, smoking
):
    for n, year in enumerate(range(2011, 2016)):
        observe(dataset, smoking, places["ealing"], period=str(year), count=200 + 40 * n)
        observe(dataset, smoking, places["london"], period=str(year), count=250)
    page = profile_of(client, partnership, "E09000009", benchmark="parent").content.decode()
    assert "<title>Trend: Smoking prevalence</title>" not in page
    assert 'data-trend-chart="SMK"' in page
    assert 'data-trends-url="/ealing/lis/areas/E09000009/trends/?benchmark=parent"' in page
    assert '<td class="govuk-table__cell">2015</td>' in page  # the figures stay on the page
    charts = trends_of(client, partnership, "E09000009", benchmark="parent").content.decode()
    assert charts.count("<svg") == 1
    assert charts.startswith('<div data-trend="SMK"><svg')
    assert "<title>Trend: Smoking prevalence</title>" in charts
    assert "recent trend: Increasing and getting worse." in charts


def test_trend_charts_refuse_what_the_profile_refuses(client, partnership, places, held):
    assert trends_of(client, partnership, "E09000009").content.decode().strip() == ""
    assert "held-note-canary" not in trends_of(client, partnership, "E09000009").content.decode()
    response = trends_of(client, partnership, "E09000009", benchmark="nearby")
    assert response.status_code == 400
    assert "benchmark: there is no benchmark \u201cnearby\u201d" in response.content.decode()
    assert trends_of(client, partnership, "E09999999").status_code == 404


def test_held_trend_charts_are_shown_to_the_partnerships_people(
    client, partnership, places, held, board_member
):
    client.force_login(board_member)
    charts = trends_of(client, partnership, "E09000009").content.decode()
    assert '<div data-trend="SMK">' in charts


# Who sees what -----------------------------------------------------------------


@pytest.fixture
def held(partnership, places, smoking):
    held = DatasetFactory(partnership=partnership, slug="held", published=False)
    observe(held, smoking, places["ealing"], period="2019", count=420, note="held-note-canary")
    return held


def test_held_dataset_is_invisible_to_the_public(client, partnership, places, held, smoking):
    response = profile_of(client, partnership, "E09000009")
    assert "held-note-canary" not in response.content.decode()
    assert "SMK" not in rows(response)


def test_held_dataset_is_invisible_to_another_partnership(
    client, partnership, places, held, other_partnership_officer
):
    client.force_login(other_partnership_officer)
    response = profile_of(client, partnership, "E09000009", download="csv")
    assert b"held-note-canary" not in response.content
    assert b"2019" not in response.content


def test_held_dataset_is_shown_to_its_partnerships_people(
    client, partnership, places, held, board_member
):
    client.force_login(board_member)
    response = profile_of(client, partnership, "E09000009")
    assert "held-note-canary" in response.content.decode()


def test_an_indicator_not_on_the_lis_is_left_out(client, partnership, places, dataset, smoking):
    smoking.on_lis = False
    smoking.save()
    observe(dataset, smoking, places["ealing"])
    assert rows(profile_of(client, partnership, "E09000009")) == {}


@pytest.fixture
def suppressed(partnership, places, dataset, smoking):
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    for lsoa in places["lsoas"]:
        observe(
            dataset,
            smoking,
            lsoa,
            count=3,
            denominator=SECRET_DENOMINATOR,
            value=SECRET_VALUE,
            lower_ci_95=876.0625,
            suppressed=True,
        )
    return places["lsoas"][0]


def xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "".join(book.read(name).decode() for name in book.namelist())


SECRETS = ("987654", "8765431", "876.06")


@pytest.mark.parametrize("download", ["", "csv", "xlsx"])
def test_suppressed_figures_never_appear_in_a_profile(client, partnership, suppressed, download):
    response = profile_of(client, partnership, suppressed.code, download=download)
    text = xlsx_text(response.content) if download == "xlsx" else response.content.decode()
    for secret in SECRETS:
        assert secret not in text
    assert "Suppressed to protect confidentiality" in text


@pytest.mark.parametrize("download", ["", "csv", "xlsx"])
def test_suppressed_figures_never_appear_in_the_rug(
    client, partnership, places, suppressed, download
):
    address = under(partnership, reverse("lis:area-overview", args=["E09000009"]))
    response = client.get(address, {"area_type": "lsoa", "download": download})
    assert response.status_code == 200
    text = xlsx_text(response.content) if download == "xlsx" else response.content.decode()
    for secret in SECRETS:
        assert secret not in text
    assert "Suppressed to protect confidentiality" in text


@pytest.mark.parametrize("download", ["", "csv", "xlsx"])
def test_suppressed_figures_never_appear_in_compare(client, partnership, suppressed, download):
    address = under(partnership, reverse("lis:area-compare"))
    query = {"area": [suppressed.code, "E09000009"], "download": download}
    response = client.get(address, query)
    text = xlsx_text(response.content) if download == "xlsx" else response.content.decode()
    for secret in SECRETS:
        assert secret not in text


def test_suppressed_figures_are_left_out_of_the_spine_range(
    client, partnership, places, suppressed, dataset, smoking
):
    observe(dataset, smoking, LsoaFactory(parent=places["ealing"]), count=100, denominator=1000)
    lsoa = LsoaFactory(parent=places["ealing"])
    observe(dataset, smoking, lsoa, count=150, denominator=1000)
    row = rows(profile_of(client, partnership, lsoa.code))["SMK"]
    # the two suppressed LSOAs' value (987654.125) is not the highest
    assert row.spread.highest == pytest.approx(15.0)
    assert row.spread.lowest == pytest.approx(10.0)


def test_the_spine_range_says_how_many_areas_it_covers(
    client, partnership, places, dataset, smoking
):
    observe(dataset, smoking, LsoaFactory(parent=places["ealing"]), count=100, denominator=1000)
    lsoa = LsoaFactory(parent=places["ealing"])
    observe(dataset, smoking, lsoa, count=150, denominator=1000)
    row = rows(profile_of(client, partnership, lsoa.code))["SMK"]
    assert (row.spread.count, row.spread.text) == (
        2,
        "the 2 areas of this type in Ealing with a figure",
    )


def test_an_area_alone_with_a_figure_has_no_spine_range(
    client, partnership, places, dataset, smoking
):
    """With no other area of its type to compare, a grey bar from its own value to
    its own value would say nothing: there is none, and the chart's words say none."""
    lsoa = LsoaFactory(parent=places["ealing"])
    observe(dataset, smoking, lsoa, count=150, denominator=1000)
    response = profile_of(client, partnership, lsoa.code)
    assert rows(response)["SMK"].spread is None
    assert "range from" not in response.content.decode()


# Bad addresses ------------------------------------------------------------------


def test_unknown_area_is_not_found(client, partnership, places):
    for name in ("lis:area", "lis:area-overview", "lis:area-neighbours"):
        response = client.get(under(partnership, reverse(name, args=["E09999999"])))
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "query", "says"),
    [
        ("lis:area-neighbours", {"indicator": "NOPE"}, "indicator: there is no indicator"),
        ("lis:area-neighbours", {"n": "0"}, "Enter a whole number from 1 to 50</a>"),
    ],
)
def test_malformed_choices_are_a_400_naming_the_parameter(
    client, partnership, places, dataset, smoking, name, query, says
):
    observe(dataset, smoking, places["ealing"])
    response = client.get(under(partnership, reverse(name, args=["E09000009"])), query)
    assert response.status_code == 400
    assert says in response.content.decode()


@pytest.mark.parametrize(
    ("name", "args", "query", "content"),
    [
        ("lis:area", ["E09000009"], {}, '<h1 class="govuk-heading-l">Ealing</h1>'),
        ("lis:area-overview", ["E09000009"], {}, "Ealing: overview of its areas</h1>"),
        ("lis:area-compare", [], {"area": ["E09000009", "E09000005"]}, "Compare areas</h1>"),
    ],
)
@pytest.mark.parametrize("typed", ["pdf", "CSV"])
def test_a_download_in_no_format_is_the_page_with_its_error(
    client, partnership, places, dataset, smoking, name, args, query, content, typed
):
    """A bad `download=` went to the general 400 page; it is the page itself, its
    figures shown, with the error in its summary and beside its download links."""
    for area in (places["ealing"], places["brent"], *places["lsoas"]):
        observe(dataset, smoking, area)
    address = under(partnership, reverse(name, args=args))
    response = client.get(address, {**query, "download": typed})
    page = download_error_page(response, typed, "")
    # The page is otherwise as it is without the download: its figures, and links
    # to download them in a format there is.
    assert content in page
    assert "Smoking prevalence" in page
    assert "30.0%" in page
    assert '<p class="govuk-body rt-downloads" id="downloads">Download this ' in page
    assert "download=csv" in response.context["links"]["csv"]
    good = client.get(address, {**query, "download": "csv"})
    assert good.status_code == 200
    assert good["Content-Type"].startswith("text/csv")
    plain = client.get(address, query)
    assert plain.status_code == 200
    assert "<title>Error: " not in plain.content.decode()
    assert "download-error" not in plain.content.decode()


def test_a_download_in_no_format_without_areas_to_compare_names_it_without_a_link(
    client, partnership, places
):
    """Compare areas without areas has no download links: the error is named, the
    form to add the first area shown, and nothing typed is lost."""
    address = under(partnership, reverse("lis:area-compare"))
    response = client.get(address, {"download": "pdf"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<li>download: \u201cpdf\u201d is not a format to download; choose csv or xlsx</li>" in (
        page
    )
    assert 'href="#downloads"' not in page
    assert "Add the first area" in page
    assert response.context["comparison"] is None


def error_summary(page: str) -> list[str]:
    """The items of the page's error summary, as drawn."""
    start = page.index("govuk-error-summary__list")
    summary = page[start : page.index("</ul>", start)]
    return [item.split("</li>")[0] for item in summary.split("<li>")[1:]]


def compare_of(client, partnership, **query):
    return client.get(under(partnership, reverse("lis:area-compare")), query)


@pytest.fixture
def obesity(partnership):
    return IndicatorFactory(
        partnership=partnership, code="OBE", name="Obesity", on_lis=True, in_report=False
    )


def test_compare_with_an_area_there_is_not_compares_the_others_and_names_it(
    client, partnership, places, dataset, smoking
):
    """Walk-through: an unknown area code in a comparison's address went to the
    general 400 page; the comparison of the other areas is shown, 400, the code named
    in the error summary, linked to "Add an area"."""
    for area in (places["ealing"], places["brent"]):
        observe(dataset, smoking, area)
    query = {"area": ["E09000009", "E09999999", "E09000005"]}
    response = compare_of(client, partnership, **query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem with this address" not in page
    assert "<title>Error: Compare areas" in page
    assert error_summary(page) == [
        '<a href="#compare-add">area: no area has the code E09999999, so it is not compared</a>'
    ]
    assert 'id="compare-add"' in page
    comparison = response.context["comparison"]
    assert [a.code for a in comparison.areas] == ["E09000009", "E09000005"]
    assert "Smoking prevalence" in page
    assert "30.0%" in page
    # The page's own links and form ask for the comparison shown.
    assert "E09999999" not in response.context["links"]["csv"]
    assert "area=E09000009&area=E09000005" in response.context["links"]["csv"]
    assert 'name="area" value="E09999999"' not in page
    assert all("E09999999" not in url for _, url in response.context["removals"])
    # Asked for as a download, it is the same page, not a file of other areas.
    download = compare_of(client, partnership, **query, download="csv")
    assert download.status_code == 400
    assert download["Content-Type"].startswith("text/html")
    assert "area: no area has the code E09999999" in download.content.decode()
    good = client.get(
        under(partnership, reverse("lis:area-compare")) + response.context["links"]["csv"]
    )
    assert good.status_code == 200
    assert good["Content-Type"].startswith("text/csv")
    assert "E09000005" in good.content.decode()


def test_compare_with_no_area_there_is_names_them_above_the_form(client, partnership, places):
    response = compare_of(client, partnership, area=["X1", "X2"])
    assert response.status_code == 400
    page = response.content.decode()
    assert error_summary(page) == [
        '<a href="#compare-add">area: no area has the codes X1 and X2, so they are not compared</a>'
    ]
    assert response.context["comparison"] is None
    assert "Add the first area" in page


def test_a_comparison_asked_for_as_a_download_without_areas_names_it_above_the_form(
    client, partnership, places
):
    response = compare_of(client, partnership, download="csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert error_summary(page) == [
        '<a href="#compare-add">area: add at least one area to compare before downloading '
        "the comparison</a>"
    ]
    assert "Add the first area" in page


def test_compare_with_an_indicator_there_is_not_shows_the_others_and_names_it(
    client, partnership, places, dataset, smoking, obesity
):
    for indicator in (smoking, obesity):
        observe(dataset, indicator, places["ealing"])
    query = {"area": "E09000009", "indicator": ["smk", "NOPE"]}
    response = compare_of(client, partnership, **query)
    assert response.status_code == 400
    page = response.content.decode()
    # The page has no field for the indicators: the error is named without a link.
    assert error_summary(page) == [
        "indicator: no indicator on the LIS has the code NOPE, so it is not shown"
    ]
    assert [r.indicator.code for r in response.context["comparison"].rows] == ["SMK"]
    assert "Obesity" not in page
    assert "indicator=SMK" in response.context["links"]["csv"]
    assert "NOPE" not in response.context["links"]["csv"]
    assert '<input type="hidden" name="indicator" value="SMK">' in page
    download = compare_of(client, partnership, **query, download="xlsx")
    assert download.status_code == 400
    assert download["Content-Type"].startswith("text/html")
    # With none of its indicators left, every indicator is shown.
    every = compare_of(client, partnership, area="E09000009", indicator="NOPE")
    assert every.status_code == 400
    assert [r.indicator.code for r in every.context["comparison"].rows] == ["OBE", "SMK"]


@pytest.mark.parametrize("download", ["", "csv"])
def test_an_indicator_the_reader_may_not_see_is_named_as_one_there_is_not(
    client, partnership, places, dataset, smoking, board_member, download
):
    """A private indicator's code in the address says no more than a code there is
    not: its name and figures stay hidden, on the page and in a download."""
    private = IndicatorFactory(
        partnership=partnership,
        code="PRV",
        name="Private canary",
        is_public=False,
        on_lis=True,
        in_report=False,
    )
    observe(dataset, smoking, places["ealing"])
    observe(dataset, private, places["ealing"], count=777, denominator=1000)
    query = {"area": "E09000009", "indicator": "PRV", "download": download}
    response = compare_of(client, partnership, **query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "indicator: no indicator on the LIS has the code PRV, so it is not shown" in page
    assert "Private canary" not in page
    assert "77.7" not in page
    assert [r.indicator.code for r in response.context["comparison"].rows] == ["SMK"]
    client.force_login(board_member)
    shown = compare_of(client, partnership, **query)
    assert shown.status_code == 200
    assert "Private canary" in shown.content.decode()  # on the page, or in the file


def test_a_held_figure_stays_hidden_on_a_comparison_with_an_error(
    client, partnership, places, held, board_member
):
    query = {"area": ["E09000009", "NOPE"]}
    response = compare_of(client, partnership, **query)
    assert response.status_code == 400
    assert "held-note-canary" not in response.content.decode()
    client.force_login(board_member)
    response = compare_of(client, partnership, **query)
    assert response.status_code == 400
    assert "held-note-canary" in response.content.decode()


def overview_of(client, partnership, **query):
    address = under(partnership, reverse("lis:area-overview", args=["E09000009"]))
    return client.get(address, query)


BAD_OVERVIEW_CHOICES = [
    (
        {"area_type": "street"},
        "#area_type",
        "area_type: there is no type of area \u201cstreet\u201d; choose one from \u201cAreas\u201d",
    ),
    (
        {"benchmark": "Wales", "area_type": "LSOA"},
        "#benchmark",
        "benchmark: there is no benchmark \u201cWales\u201d; choose the parent area or England",
    ),
    # One page of areas: no page links to link to.
    ({"page": "x"}, "", "page: there is no page \u201cx\u201d; the first page is shown"),
]


@pytest.mark.parametrize(("query", "href", "said"), BAD_OVERVIEW_CHOICES)
def test_an_overview_choice_it_cannot_use_is_named_and_the_overview_shown_with_the_default(
    client, partnership, places, dataset, smoking, query, href, said
):
    """Walk-through: a bad type of area or benchmark went to the general 400 page,
    and a bad page number was page 1 without a word; the overview is shown with the
    default, 400, the choice named in its error summary, linked to its field."""
    observe(dataset, smoking, places["ealing"], count=3000, denominator=10000)
    for lsoa in places["lsoas"]:
        observe(dataset, smoking, lsoa)
    response = overview_of(client, partnership, **query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem with this address" not in page
    assert "<title>Error: Ealing: overview of its areas" in page
    assert error_summary(page) == [f'<a href="{href}">{said}</a>' if href else said]
    if href:
        assert f'id="{href[1:]}"' in page
    # The overview is shown with the default choices.
    rug = response.context["rug"]
    assert (rug.area_type, rug.benchmark) == ("lsoa", "parent")
    assert [r.area.code for r in rug.rows] == ["E01001234", "E01001235"]
    assert "Ealing 001A" in page
    assert "30.0%" in page
    assert '<option value="lsoa" selected>' in page
    # Its download links ask for the overview shown, without the bad choice.
    bad = said.split(":")[0]
    assert f"{bad}=" not in response.context["links"]["csv"]
    # Asked for as a download, it is the same page, not a file of other choices.
    download = overview_of(client, partnership, **query, download="csv")
    assert download.status_code == 400
    assert download["Content-Type"].startswith("text/html")
    assert said in download.content.decode()
    good = client.get(
        under(partnership, reverse("lis:area-overview", args=["E09000009"]))
        + response.context["links"]["csv"]
    )
    assert good.status_code == 200
    assert good["Content-Type"].startswith("text/csv")


def test_an_overview_with_two_bad_choices_names_both(client, partnership, places):
    response = overview_of(client, partnership, area_type="street", benchmark="wales")
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert [item.split(":")[0] for item in summary] == [
        '<a href="#area_type">area_type',
        '<a href="#benchmark">benchmark',
    ]


@pytest.mark.parametrize("query", [{"benchmark": "wales"}, {"page": "0"}])
def test_a_held_figure_stays_hidden_on_an_overview_with_an_error(
    client, partnership, places, smoking, board_member, query
):
    held = DatasetFactory(partnership=partnership, slug="held-lsoas", published=False)
    for lsoa in places["lsoas"]:
        observe(held, smoking, lsoa, note="held-lsoa-canary")
    response = overview_of(client, partnership, area_type="lsoa", **query)
    assert response.status_code == 400
    assert "held-lsoa-canary" not in response.content.decode()
    assert response.context["rug"].rows == []
    client.force_login(board_member)
    response = overview_of(client, partnership, area_type="lsoa", **query)
    assert response.status_code == 400
    assert "held-lsoa-canary" in response.content.decode()


# Compare, rug, neighbours ---------------------------------------------------------


def test_compare_shows_each_area_against_england(client, partnership, places, dataset, smoking):
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    observe(dataset, smoking, places["brent"], count=150, denominator=1000)
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    response = client.get(
        under(partnership, reverse("lis:area-compare")), {"area": ["E09000009", "E09000005"]}
    )
    row = response.context["comparison"].rows[0]
    assert [(a.code, str(c)) for a, _, c in row.cells] == [
        ("E09000009", "Worse"),
        ("E09000005", "Better"),
    ]
    page = response.content.decode()
    assert "Brent" in page
    assert "Better" in page


def test_compare_download_keeps_the_chosen_indicator(client, partnership, places, dataset, smoking):
    other = IndicatorFactory(partnership=partnership, code="OBE", on_lis=True, in_report=False)
    observe(dataset, smoking, places["ealing"])
    observe(dataset, other, places["ealing"])
    response = client.get(
        under(partnership, reverse("lis:area-compare")),
        {"area": "E09000009", "indicator": "smk", "download": "csv"},
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("indicator,indicator_name,period,area_code")
    assert [line.split(",")[0] for line in lines[1:]] == ["SMK"]


def test_rug_shows_every_child_area_with_its_comparison_in_words(
    client, partnership, places, dataset, smoking
):
    first, second = places["lsoas"]
    observe(dataset, smoking, places["ealing"], count=3000, denominator=10000)
    observe(dataset, smoking, first, count=450, denominator=1000)
    observe(dataset, smoking, second, count=150, denominator=1000)
    address = under(partnership, reverse("lis:area-overview", args=["E09000009"]))
    response = client.get(address, {"area_type": "lsoa"})
    rug = response.context["rug"]
    assert [(r.area.code, str(r.cells[0][1])) for r in rug.rows] == [
        ("E01001234", "Worse"),
        ("E01001235", "Better"),
    ]
    page = response.content.decode()
    assert "Ealing 001A" in page
    assert "Worse" in page
    # Only the types of area inside Ealing are offered: no country or region.
    assert [value for value, _, _ in rug.area_types] == ["lsoa"]


@pytest.fixture
def boroughs(partnership, places, dataset, smoking):
    obesity = IndicatorFactory(
        partnership=partnership,
        code="OBE",
        name="Obesity",
        polarity="lower",
        value_type="rate",
        multiplier=1000,
        in_report=False,
        on_lis=True,
    )
    figures = {"ealing": (300, 50), "brent": (310, 52), "harrow": (100, 10)}
    for name, (smokers, obese) in figures.items():
        observe(dataset, smoking, places[name], count=smokers, denominator=1000)
        observe(dataset, obesity, places[name], count=obese, denominator=1000)
    return obesity


def test_neighbours_are_nearest_first_with_their_distance(client, partnership, places, boroughs):
    address = under(partnership, reverse("lis:area-neighbours", args=["E09000009"]))
    response = client.get(address, {"indicator": ["SMK", "OBE"], "n": "2"})
    group = response.context["group"]
    assert [a.code for a, _ in group.neighbours] == ["E09000005", "E09000015"]
    assert group.neighbours[0][1] < group.neighbours[1][1]
    page = response.content.decode()
    assert "Standardised Euclidean distance" in page
    assert "Obesity (OBE)" in page
    # `by=`, as the profile and the map name the same choice, asks the same.
    same = client.get(address, {"by": ["SMK", "OBE"], "n": "2"}).context["group"]
    assert [a.code for a, _ in same.neighbours] == ["E09000005", "E09000015"]


def test_profile_compares_with_the_neighbours_summed_counts(client, partnership, places, boroughs):
    response = profile_of(
        client, partnership, "E09000009", benchmark="neighbours", by=["SMK", "OBE"], n="2"
    )
    row = rows(response)["SMK"]
    # Brent 310/1000 and Harrow 100/1000: 410 of 2000 is 20.5%, not the mean of rates.
    assert row.neighbours.count == 410
    assert row.neighbours.value == pytest.approx(20.5)
    assert row.benchmark.value == pytest.approx(20.5)
    page = response.content.decode()
    assert "Statistical neighbours" in page  # the choice and the column
    # In a sentence, lower case: not "compared with Statistical neighbours".
    assert "Ealing compared with the statistical neighbours, latest period" in page
    assert "Compared with the statistical neighbours:" in page
    assert "with Statistical neighbours" not in page


def test_neighbours_group_figure_is_missing_when_a_neighbour_is_suppressed(
    client, partnership, places, boroughs, dataset, smoking
):
    observe(dataset, smoking, places["brent"], period="2012", count=3, suppressed=True)
    observe(dataset, smoking, places["harrow"], period="2012", count=100)
    observe(dataset, smoking, places["ealing"], period="2012", count=300)
    response = profile_of(
        client, partnership, "E09000009", benchmark="neighbours", by=["OBE"], n="2"
    )
    row = rows(response)["SMK"]
    assert row.period == "2012"
    assert row.neighbours.value is None
    assert row.comparison_95 == rules.Comparison.NOT_COMPARED


def test_neighbours_of_a_custom_area_are_none_rather_than_an_error(
    client, partnership, dataset, smoking
):
    custom = AreaFactory(
        code="ealing-southall", name="Southall", area_type=AreaType.CUSTOM, partnership=partnership
    )
    observe(dataset, smoking, custom)
    address = under(partnership, reverse("lis:area-neighbours", args=[custom.code]))
    response = client.get(address, {"indicator": "SMK"})
    assert response.status_code == 200
    assert response.context["group"].neighbours == []


def figures_for(partnership, areas, published=True):
    """A published (or held) figure for each of `areas`, so the chooser offers them."""
    dataset = DatasetFactory(partnership=partnership, published=published)
    indicator = IndicatorFactory(
        partnership=partnership, value_type="count", on_lis=True, in_report=False
    )
    for area in areas:
        ObservationFactory(dataset=dataset, indicator=indicator, area=area, value=1.0)
    return dataset


def test_area_chooser_lists_areas_by_type_and_searches(client, partnership, places):
    figures_for(partnership, [places["ealing"], places["brent"]])
    page = client.get(under(partnership, reverse("lis:areas")), {"q": "ealing"}).content.decode()
    assert "Local authority" in page
    assert 'href="/ealing/lis/areas/E09000009/"' in page
    assert "Brent" not in page


def test_area_chooser_lists_the_partnerships_place_and_its_areas(client, partnership, places):
    partnership.area = places["ealing"]
    partnership.save()
    figures_for(partnership, [places["lsoas"][0], places["brent"]])
    page = client.get(under(partnership, reverse("lis:areas"))).content.decode()
    assert 'href="/ealing/lis/areas/E09000009/"' in page  # it has areas with figures
    assert 'href="/ealing/lis/areas/E01001234/"' in page
    assert "E01001235" not in page  # an LSOA without figures
    assert "Brent" not in page


def test_area_chooser_offers_no_area_without_figures_here(
    client, partnership, places, other_partnership_officer
):
    """Another partnership's place, a ward without figures, an area whose only
    figure is suppressed or held are not offered: each would open an empty profile."""
    from roundtable.partnership.tests.factories import PartnershipFactory

    partnership.area = places["ealing"]
    partnership.save()
    ward = AreaFactory(
        code="E05000001", name="Acton Central", area_type=AreaType.WARD, parent=places["ealing"]
    )
    figures_for(partnership, [places["lsoas"][0]])
    figures_for(PartnershipFactory(slug="brent-lsp"), [places["brent"]])
    figures_for(partnership, [places["harrow"]], published=False)  # held
    suppressed = figures_for(partnership, [places["lsoas"][1]])
    suppressed.observations.update(value=None, suppressed=True)
    listed = client.get(under(partnership, reverse("lis:areas"))).content.decode()
    assert ward.code not in listed
    assert "Ward" not in listed
    assert "E01001235" not in listed
    for q in ("Brent", "Harrow", "E01001235"):
        page = client.get(under(partnership, reverse("lis:areas")), {"q": q}).content.decode()
        assert f"No area with figures here matches \u201c{q}\u201d" in page, q
    # The ward is named, with what stands for it (test_area_chooser_postcodes), but
    # never linked to a profile of its own.
    page = client.get(under(partnership, reverse("lis:areas")), {"q": "Acton"}).content.decode()
    assert "Acton Central" in page
    assert f'href="/ealing/lis/areas/{ward.code}/"' not in page
    client.force_login(other_partnership_officer)
    page = client.get(under(partnership, reverse("lis:areas")), {"q": "Harrow"}).content.decode()
    assert "E09000015" not in page


def test_area_chooser_offers_a_held_figures_area_to_the_partnerships_people(
    client, partnership, places, board_member
):
    figures_for(partnership, [places["harrow"]], published=False)
    client.force_login(board_member)
    page = client.get(under(partnership, reverse("lis:areas")), {"q": "Harrow"}).content.decode()
    assert 'href="/ealing/lis/areas/E09000015/"' in page


def test_a_long_list_of_one_area_type_does_not_hide_another(partnership, places):
    """The demo's 196 LSOAs once filled the chooser's 200 places, so 36 of Ealing's
    39 MSOAs could not be found."""
    partnership.area = places["ealing"]
    partnership.save()
    extra = LsoaFactory(code="E01001236", name="Ealing 001C", parent=places["ealing"])
    msoa = AreaFactory(
        code="E02000238", name="Ealing 001", area_type=AreaType.MSOA, parent=places["ealing"]
    )
    figures_for(partnership, [*places["lsoas"], extra, msoa])
    groups = {g.area_type: g for g in profiles.area_choices(AnonymousUser(), partnership, limit=2)}
    assert [a.code for a in groups[AreaType.MSOA].areas] == ["E02000238"]
    lsoas = groups[AreaType.LSOA]
    assert [a.code for a in lsoas.areas] == ["E01001234", "E01001235"]
    assert (lsoas.total, lsoas.cut) == (3, True)
    assert groups[AreaType.MSOA].cut is False


def test_area_chooser_says_when_it_lists_only_the_first_areas(client, partnership, places):
    partnership.area = places["ealing"]
    partnership.save()
    lsoas = [
        LsoaFactory(code=f"E0100130{n:02d}", name=f"Ealing 0{n:02d}Z", parent=places["ealing"])
        for n in range(14)
    ]
    figures_for(partnership, [*places["lsoas"], *lsoas])
    page = client.get(under(partnership, reverse("lis:areas"))).content.decode()
    assert "16 areas" in page
    assert "Show all 16" in page
    assert 'class="govuk-details"' in page


# Speed ---------------------------------------------------------------------------


@pytest.mark.parametrize("indicators", [2, 20])
def test_profile_query_count_does_not_grow_with_indicators(
    client, partnership, places, dataset, django_assert_num_queries, indicators
):
    for n in range(indicators):
        indicator = IndicatorFactory(
            partnership=partnership, code=f"I{n:02d}", value_type="proportion", on_lis=True
        )
        for year in (2011, 2012):
            observe(dataset, indicator, places["ealing"], period=str(year))
            observe(dataset, indicator, places["england"], period=str(year))
    address = under(partnership, reverse("lis:area", args=["E09000009"]))
    # partnership, area with its ancestors, LIS indicators, observations, spine
    # ranges, child areas
    with django_assert_num_queries(6):
        response = client.get(address)
    assert len(response.context["profile"].rows) == indicators
    trends = under(partnership, reverse("lis:area-trends", args=["E09000009"]))
    with django_assert_num_queries(6):
        response = client.get(trends)
    assert response.content.decode().count("<svg") == indicators


def test_profile_under_another_partnerships_address_shows_that_partnerships_statistics(
    client, partnership, other_partnership, places, dataset, smoking
):
    observe(dataset, smoking, places["ealing"])
    response = client.get(f"/{other_partnership.slug}/lis/areas/E09000009/")
    assert response.status_code == 200
    assert response.context["profile"].rows == []
    assert "Smoking prevalence" not in response.content.decode()


def test_a_count_is_never_compared_with_a_larger_areas_count(
    client, partnership, places, dataset, smoking
):
    smoking.value_type = "count"
    smoking.save()
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    observe(dataset, smoking, places["london"], count=20_000, denominator=100_000)
    row = rows(profile_of(client, partnership, "E09000009", benchmark="parent"))["SMK"]
    assert row.comparison_95 == rules.Comparison.NOT_COMPARED
    assert row.comparison_99_8 == rules.Comparison.NOT_COMPARED


# The tartan rug a page at a time --------------------------------------------------


def rug_of(client, partnership, **query):
    address = under(partnership, reverse("lis:area-overview", args=["E09000009"]))
    return client.get(address, {"area_type": "lsoa", **query})


def test_rug_shows_its_areas_a_page_at_a_time(
    client, partnership, places, dataset, smoking, monkeypatch
):
    monkeypatch.setattr(comparisons, "RUG_PAGE", 1)
    first, second = places["lsoas"]
    observe(dataset, smoking, places["ealing"], count=3000, denominator=10000)
    observe(dataset, smoking, first, count=450, denominator=1000)
    observe(dataset, smoking, second, count=150, denominator=1000)
    one = rug_of(client, partnership)
    assert [r.area.code for r in one.context["rug"].rows] == ["E01001234"]
    page = one.content.decode()
    assert "Areas 1 to 1 of 2" in page
    assert "area_type=lsoa&amp;page=2" in page
    two = rug_of(client, partnership, page="2")
    assert [(r.area.code, str(r.cells[0][1])) for r in two.context["rug"].rows] == [
        ("E01001235", "Better")
    ]
    assert "Areas 2 to 2 of 2" in two.content.decode()
    # A page past the last is the last.
    assert [r.area.code for r in rug_of(client, partnership, page="9").context["rug"].rows] == [
        "E01001235"
    ]
    # A page that is not a whole number from 1 is the first, and named, linked to the
    # pages' links, which leave it out.
    bad = rug_of(client, partnership, page="0", benchmark="wales")
    assert bad.status_code == 400
    assert [r.area.code for r in bad.context["rug"].rows] == ["E01001234"]
    page = bad.content.decode()
    assert '<a href="#pages">page: there is no page \u201c0\u201d; the first page is shown</a>' in (
        page
    )
    pages = page[page.index('<div id="pages">') :]
    assert pages.split(">", 1)[1].lstrip().startswith('<nav class="govuk-pagination"')
    assert 'href="?area_type=lsoa&amp;page=2"' in page
    assert "page=0" not in bad.context["links"]["csv"]


def test_rug_download_holds_every_area_whatever_the_page(
    client, partnership, places, dataset, smoking, monkeypatch
):
    monkeypatch.setattr(comparisons, "RUG_PAGE", 1)
    for lsoa in places["lsoas"]:
        observe(dataset, smoking, lsoa)
    response = rug_of(client, partnership, download="csv", page="2")
    assert "E01001234" in response.content.decode()
    assert "E01001235" in response.content.decode()


def test_rug_columns_take_each_indicators_latest_period_among_all_areas(
    client, partnership, places, dataset, smoking, monkeypatch
):
    # The latest period is the latest any area has, not only the areas on the page.
    monkeypatch.setattr(comparisons, "RUG_PAGE", 1)
    first, second = places["lsoas"]
    observe(dataset, smoking, first, period="2011")
    observe(dataset, smoking, second, period="2012")
    rug = rug_of(client, partnership).context["rug"]
    assert [c.period for c in rug.columns] == ["2012"]
    assert not rug.rows[0].cells[0][0].available


@pytest.mark.parametrize("areas", [2, 20])
def test_rug_query_count_does_not_grow_with_areas(
    client,
    partnership,
    other_partnership,
    places,
    dataset,
    smoking,
    django_assert_num_queries,
    areas,
):
    elsewhere = DatasetFactory(partnership=other_partnership)
    for n in range(areas):
        lsoa = LsoaFactory(code=f"E0100{n:04d}", name=f"Ealing {n:03d}X", parent=places["ealing"])
        observe(dataset, smoking, lsoa)
        # Left out, however many: another partnership's areas, wards with no figures.
        other = LsoaFactory(code=f"E0101{n:04d}", name=f"Other {n:03d}X", parent=places["ealing"])
        ObservationFactory(dataset=elsewhere, area=other)
        AreaFactory(code=f"E0500{n:04d}", area_type=AreaType.WARD, parent=places["ealing"])
    address = under(partnership, reverse("lis:area-overview", args=["E09000009"]))
    # partnership, area with its ancestors, LIS indicators, child areas (with
    # figures), latest periods, observations, the types of area inside it (with
    # figures)
    with django_assert_num_queries(7):
        response = client.get(address, {"area_type": "lsoa"})
    rug = response.context["rug"]
    assert len(rug.rows) == areas
    assert [value for value, _, _ in rug.area_types] == ["lsoa"]
    # Without a type: one more, the first type of child area with figures.
    with django_assert_num_queries(8):
        assert client.get(address).context["rug"].area_type == "lsoa"


def test_a_series_without_limits_has_no_empty_column_for_them(
    client, partnership, places, dataset, smoking
):
    residents = IndicatorFactory(
        partnership=partnership, code="RES", name="Residents", polarity="none",
        value_type="count", in_report=False, on_lis=True,
    )  # fmt: skip
    observe(dataset, smoking, places["ealing"])
    observe(dataset, residents, places["ealing"], count=None, value=338449.0)
    page = profile_of(client, partnership, "E09000009").content.decode()
    smoking_figures = page[page.index("Figures for Smoking prevalence") :]
    smoking_figures = smoking_figures[: smoking_figures.index("</table>")]
    assert "95% confidence interval</th>" in smoking_figures
    assert " to " in smoking_figures
    resident_figures = page[page.index("Figures for Residents") :]
    resident_figures = resident_figures[: resident_figures.index("</table>")]
    assert "95% confidence interval" not in resident_figures
    assert resident_figures.count("<td") == 2  # the period and the value


def download_error_page(response, typed: str, title: str) -> str:
    """The page a `download=` in no format (`typed`) gives: itself, 400, its title
    starting "Error: " and then `title`, the problem in the error summary (linked to
    the download links) and beside the links; returns the page."""
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "There is a problem with this address" not in page
    assert f"<title>Error: {title}" in page
    said = f"download: \u201c{typed}\u201d is not a format to download; choose csv or xlsx"
    assert f'<a href="#downloads">{said}</a>' in page
    assert (
        '<p class="govuk-error-message" id="download-error"><span class="govuk-visually-hidden">'
        f"Error:</span> {said}</p>" in page
    )
    return page


def test_the_neighbours_page_leads_with_plain_english_and_keeps_the_method(
    client, partnership, places, boroughs
):
    """It opened on "z-scores" and "standardised Euclidean distance": it says first,
    in plain words, what "nearest" means and how to use the list; the method is
    still named, in full, in a details component, and the variables shown."""
    address = under(partnership, reverse("lis:area-neighbours", args=["E09000009"]))
    page = client.get(address, {"indicator": ["SMK", "OBE"], "n": "2"}).content.decode()
    main = page.split("<main", 1)[1]
    plain = main.index("\u201cNearest\u201d means most alike, not next door")
    assert plain < main.index("z-scores")
    assert plain < main.index("Euclidean")
    assert "Use them to see whether Ealing\u2019s figures are unusual" in main
    details = main.split('<details class="govuk-details" id="method">', 1)[1]
    details = details.split("</details>", 1)[0]
    assert "standardised Euclidean distance" in details  # named in its summary
    assert html.escape(NeighbourGroup.method) in details
    assert "Variables: Smoking prevalence (SMK), Obesity (OBE)" in main
    assert main.index("Variables:") < main.index('<details class="govuk-details" id="method">')
