"""What an area's profile is compared with, and what the pages say when there is
nothing to compare with: the statistical neighbours' figure of an indicator that does
not add up, an area with no neighbours, England (the top of the hierarchy), and the
neighbours form sent with no indicator (found by a browser crawl of the demo) or a
number of neighbours it cannot use (found by a walk-through)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from django.http import QueryDict
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.geography.models import Area
from roundtable.lis import neighbours, rules
from roundtable.lis.profile_figures import BadParameter
from roundtable.lis.profiles import AreaProfile, ProfileChoices, asked_choices
from roundtable.lis.tests.factories import DatasetFactory, ObservationFactory
from roundtable.lis.tests.test_profiles import download_error_page, observe, profile_of, rows
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def indicator(partnership, code, value_type, **extra):
    fields = {
        "name": f"Indicator {code}",
        "polarity": "lower",
        "multiplier": 100_000,
        "decimals": 1,
        "in_report": False,
        "on_lis": True,
        **extra,
    }
    return IndicatorFactory(partnership=partnership, code=code, value_type=value_type, **fields)


@pytest.fixture
def dataset(partnership):
    return DatasetFactory(partnership=partnership, slug="health", title="Health")


def neighbours_page(client, partnership, code, **query):
    address = under(partnership, reverse("lis:area-neighbours", args=[code]))
    return client.get(address, query)


@pytest.fixture
def kinds(partnership, places, dataset):
    """Ealing, Brent and Harrow with a rate (nearest by), and an indicator of every
    kind that does not add up: a density ("other"), a mean, a ratio, a count and one
    that does not say its kind (a performance indicator put on the LIS)."""
    rate = indicator(partnership, "ADM", "rate")
    for name, count in (("ealing", 300), ("brent", 310), ("harrow", 100)):
        observe(dataset, rate, places[name], count=count, denominator=100_000)
    for code, kind in (
        ("DEN", "other"),
        ("AGE", "mean"),
        ("RAT", "ratio"),
        ("RES", "count"),
        ("NI1", ""),
    ):
        made = indicator(partnership, code, kind, polarity="none")
        for name in ("ealing", "brent", "harrow"):
            ObservationFactory(
                dataset=dataset,
                indicator=made,
                area=places[name],
                value=41.7,
                count=None,
                denominator=None,
            )
    return rate


# 1. The neighbours' figure of an indicator that does not add up -------------------


def test_the_neighbours_figure_says_in_words_why_a_kind_does_not_add_up(
    client, partnership, places, kinds
):
    response = profile_of(client, partnership, "E09000009", benchmark="neighbours", by="ADM", n="2")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not summed for" not in page
    found = rows(response)
    says = {code: found[code].neighbours.value_text for code in found}
    assert says["ADM"] == "205.0"  # 410 of 200,000 per 100,000: it adds up
    assert says["DEN"] == (
        "Not available: figures of this kind cannot be added up across areas "
        "(only rates and proportions can)"
    )
    assert says["AGE"] == "Not available: averages cannot be added up across areas"
    assert says["RAT"] == "Not available: ratios cannot be added up across areas"
    assert says["RES"].startswith("Not available: a count depends on an area's size")
    assert says["NI1"].startswith(
        "Not available: the indicator does not say what kind of figure it is"
    )
    assert says["DEN"] in page


def test_the_neighbours_figure_says_how_many_neighbours_have_no_counts(
    client, partnership, places, kinds, dataset
):
    # A rate published without counts and denominators, for one neighbour or all.
    values = indicator(partnership, "VAL", "rate")
    for name, value in (("ealing", 12.0), ("brent", 11.0)):
        ObservationFactory(
            dataset=dataset,
            indicator=values,
            area=places[name],
            value=value,
            count=None,
            denominator=None,
        )
    observe(dataset, values, places["harrow"], count=30, denominator=100_000)
    response = profile_of(client, partnership, "E09000009", benchmark="neighbours", by="ADM", n="2")
    row = rows(response)["VAL"]
    assert row.neighbours.value_text == (
        "Not available: 1 of the 2 neighbours has no published count and denominator"
    )
    assert row.comparison_95 == rules.Comparison.NOT_COMPARED
    assert "member area" not in response.content.decode()


# 2. An area with no statistical neighbours -----------------------------------------


@pytest.fixture
def alone(partnership, places, dataset):
    """Figures for Ealing only, as each demo partnership holds for its own borough."""
    rate = indicator(partnership, "ADM", "rate")
    observe(dataset, rate, places["ealing"], count=300, denominator=100_000)
    observe(dataset, rate, places["england"], count=20_000, denominator=10_000_000)
    return rate


def test_the_neighbours_page_with_none_offers_no_profile_or_downloads(
    client, partnership, places, alone
):
    response = neighbours_page(client, partnership, "E09000009", indicator="ADM", n="5")
    assert response.status_code == 200
    page = response.content.decode()
    assert "compared with these neighbours" not in page
    assert "download=csv" not in page
    assert "download=xlsx" not in page
    assert (
        "Ealing has no statistical neighbours on these indicators: no other local "
        "authority has a published figure for Indicator ADM." in page
    )


def test_the_neighbours_page_with_none_leads_to_the_indicators_others_have(
    client, partnership, places, alone, dataset
):
    """Found walking the demo: every indicator only the borough had led to "no
    statistical neighbours", and nothing said which would work."""
    shared = indicator(partnership, "DEN", "other", name="Density")
    observe(dataset, shared, places["ealing"], count=None, value=60.9)
    observe(dataset, shared, places["brent"], count=None, value=71.9)
    response = neighbours_page(client, partnership, "E09000009", indicator="ADM")
    page = response.content.decode()
    assert "no other local authority has a published figure for Indicator ADM" in page
    lead = under(partnership, reverse("lis:area-neighbours", args=["E09000009"]))
    assert (
        'Other areas of this type have figures for Density (DEN): <a class="govuk-link" '
        f'href="{lead}?indicator=DEN&amp;n=10">find Ealing’s statistical neighbours by '
        "it</a>." in page
    )
    # The form offers the shared indicator first, and says which only Ealing has.
    assert page.index('value="DEN"') < page.index('value="ADM"')
    assert "Only Ealing has figures for these here" in page
    followed = neighbours_page(client, partnership, "E09000009", indicator="DEN")
    assert [a.code for a, _ in followed.context["group"].neighbours] == ["E09000005"]


def test_the_neighbours_page_says_when_no_indicator_can_find_neighbours(
    client, partnership, places, alone
):
    page = neighbours_page(client, partnership, "E09000009", indicator="ADM").content.decode()
    assert (
        "No other area of this type has a published figure for any indicator Ealing has "
        "here, so it has no statistical neighbours on this LIS." in page
    )


def test_the_profile_compared_with_no_neighbours_says_there_are_none_and_why(
    client, partnership, places, alone
):
    response = profile_of(client, partnership, "E09000009", benchmark="neighbours", by="ADM", n="5")
    assert response.status_code == 200
    page = response.content.decode()
    assert "the 0 areas" not in page
    assert "member areas" not in page
    assert (
        "There are no statistical neighbours to compare Ealing with: no other local "
        "authority has a published figure for Indicator ADM." in page
    )
    assert "Ealing compared with" not in page
    assert "Compared (95%)" not in page
    assert "<title>Spine chart" not in page
    profile = response.context["profile"]
    assert not profile.compared
    assert rows(response)["ADM"].comparison_95 == rules.Comparison.NOT_COMPARED
    # The choice stays as asked, so the form shows it.
    assert '<option value="neighbours" selected>' in page


def test_neighbours_left_out_for_a_missing_value_are_counted_in_the_reason(
    client, partnership, places, alone, dataset
):
    other = indicator(partnership, "OTH", "rate")
    observe(dataset, other, places["ealing"], count=10, denominator=1000)
    observe(dataset, alone, places["brent"], count=10, denominator=1000)  # ADM, not OTH
    response = neighbours_page(client, partnership, "E09000009", indicator=["ADM", "OTH"])
    page = response.content.decode()
    assert (
        "no other local authority has a published figure for every one of Indicator ADM "
        "and Indicator OTH (1 has some of them, not all)." in page
    )


def test_the_map_of_an_area_with_no_neighbours_says_so(client, partnership, places, alone):
    query = {
        "indicator": "ADM",
        "area_type": "local_authority",
        "compare": "neighbours",
        "area": "E09000009",
        "by": "ADM",
    }
    data = client.get(under(partnership, reverse("lis:map-data")), query).json()
    assert data["group"] == ["E09000009"]
    assert data["summary"] == (
        "Ealing has no statistical neighbours over Indicator ADM, so it is not compared: "
        "no other local authority has a published figure for Indicator ADM. "
        "Unit: count per 100,000."
    )


# 3. England, the top of the hierarchy ----------------------------------------------


@pytest.fixture
def england_figures(partnership, places, dataset):
    smoking = indicator(partnership, "SMK", "proportion", multiplier=100)
    observe(dataset, smoking, places["england"], count=200_000, denominator=1_000_000)
    observe(dataset, smoking, places["london"], count=25_000, denominator=100_000)
    observe(dataset, smoking, places["ealing"], count=300, denominator=1000)
    return smoking


@pytest.mark.parametrize("benchmark", ["", "england", "parent"])
def test_englands_profile_shows_its_figures_without_comparing_them_with_itself(
    client, partnership, places, england_figures, benchmark
):
    query = {"benchmark": benchmark} if benchmark else {}
    response = profile_of(client, partnership, "E92000001", **query)
    assert response.status_code == 200
    page = response.content.decode()
    profile = response.context["profile"]
    assert profile.benchmark == ""
    assert not profile.compared
    assert profile.choices == ()
    row = rows(response)["SMK"]
    assert row.comparison_95 == rules.Comparison.NOT_COMPARED
    assert row.comparison_99_8 == rules.Comparison.NOT_COMPARED
    assert "England compared with" not in page
    assert "compared with England, latest period" not in page
    assert "Parent area" not in page
    assert "Similar" not in page
    assert 'for="benchmark">Compare with<' not in page  # nothing to choose
    assert "<title>Spine chart" not in page
    assert '--s">England, latest period</caption>' in page
    assert "England’s figures are shown on their own" in page
    assert "20.0%" in page


def test_england_compared_with_its_neighbours_can_be_shown_on_its_own_again(
    client, partnership, places, england_figures
):
    response = profile_of(client, partnership, "E92000001", benchmark="neighbours", by="SMK")
    profile = response.context["profile"]
    assert profile.benchmark == "neighbours"
    assert [(key, label) for key, label, _ in profile.choices] == [
        ("", "No comparison"),
        ("neighbours", "Statistical neighbours"),
    ]
    assert "There are no statistical neighbours to compare England with: no other country" in (
        response.content.decode()
    )


def test_englands_download_names_no_benchmark(client, partnership, places, england_figures):
    response = profile_of(client, partnership, "E92000001", download="csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = dict(zip(header, lines[1].split(","), strict=False))
    assert cells["benchmark"] == ""
    assert cells["compared_95"] == "Not compared"


@pytest.mark.parametrize("benchmark", ["", "england", "parent"])
def test_a_regions_profile_is_compared_with_england_its_parent_offered_once(
    client, partnership, places, england_figures, benchmark
):
    query = {"benchmark": benchmark} if benchmark else {}
    response = profile_of(client, partnership, "E12000007", **query)
    profile = response.context["profile"]
    assert profile.benchmark == "england"
    assert profile.compared
    assert [(key, label) for key, label, _ in profile.choices] == [("england", "England")]
    page = response.content.decode()
    assert "London compared with England, latest period" in page
    assert page.count('numeric">England</th>') == 1  # one England column, not two
    assert rows(response)["SMK"].comparison_95 == rules.Comparison.WORSE  # 25% against 20%


# 4. The neighbours form sent with no indicator ticked ------------------------------


def test_the_neighbours_form_sent_with_no_indicator_says_choose_one(
    client, partnership, places, alone
):
    response = neighbours_page(client, partnership, "E09000009", n="10")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Ealing: statistical neighbours" in page
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#indicator-1">Choose at least one indicator to find neighbours by</a>' in page
    assert 'class="govuk-form-group govuk-form-group--error"' in page
    assert (
        '<p class="govuk-error-message" id="indicator-error"><span class="govuk-visually-hidden">'
        "Error:</span> Choose at least one indicator to find neighbours by</p>" in page
    )
    assert response.context["group"] is None


@pytest.mark.parametrize("typed", ["abc", "0", "500", "2.5", "-3"])
def test_a_bad_how_many_neighbours_is_named_on_the_field_not_a_400_page(
    client, partnership, places, alone, typed
):
    """Walk-through: a bad "How many neighbours" went to the general 400 page; it is
    the form again, the error summary and the field naming the range."""
    response = neighbours_page(client, partnership, "E09000009", indicator="ADM", n=typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem with this address" not in page  # not the general 400 page
    assert "<title>Error: Ealing: statistical neighbours" in page
    assert '<a href="#n">Enter a whole number from 1 to 50</a>' in page
    assert (
        '<p class="govuk-error-message" id="n-error"><span class="govuk-visually-hidden">'
        "Error:</span> Enter a whole number from 1 to 50</p>" in page
    )
    # What was typed is shown again to be put right; the indicator stays ticked.
    assert f'id="n" name="n" type="text" inputmode="numeric" value="{typed}" ' in page
    assert 'aria-describedby="n-error"' in page
    assert 'value="ADM" checked' in page
    assert "Choose at least one indicator" not in page
    assert response.context["group"] is None


def test_no_indicator_and_a_bad_number_are_both_named(client, partnership, places, alone):
    response = neighbours_page(client, partnership, "E09000009", n="many")
    assert response.status_code == 400
    page = response.content.decode()
    start = page.index("govuk-error-summary__list")
    summary = page[start : page.index("</ul>", start)]
    assert '<a href="#indicator-1">Choose at least one indicator' in summary
    assert '<a href="#n">Enter a whole number from 1 to 50</a>' in summary
    assert page.count("govuk-form-group--error") == 2


def test_a_download_with_a_bad_number_is_the_form_with_its_error(
    client, partnership, places, alone
):
    response = neighbours_page(
        client, partnership, "E09000009", indicator="ADM", n="0", download="csv"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert '<a href="#n">Enter a whole number from 1 to 50</a>' in response.content.decode()


@pytest.mark.parametrize("parameter", ["indicator", "by"])
@pytest.mark.parametrize("typed", ["NOPE", "DEN"])
def test_an_indicator_the_area_has_no_figure_for_is_named_on_the_field_not_a_400_page(
    client, partnership, places, alone, parameter, typed
):
    """An unknown code, or one without a figure for the area (DEN is Brent's only),
    went to the general 400 page; it is the form again, naming the parameter."""
    made = indicator(partnership, "DEN", "other", polarity="none")
    ObservationFactory(
        dataset=alone.observations.first().dataset, indicator=made, area=places["brent"]
    )
    response = neighbours_page(
        client, partnership, "E09000009", **{parameter: ["ADM", typed]}, n="5"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem with this address" not in page
    assert "<title>Error: Ealing: statistical neighbours" in page
    said = (
        f"{parameter}: there is no indicator “{typed}” with a published figure for "
        "Ealing; tick the indicators to find neighbours by"
    )
    assert f'<a href="#indicator-1">{said}</a>' in page
    assert (
        '<p class="govuk-error-message" id="indicator-error"><span class="govuk-visually-hidden">'
        f"Error:</span> {said}</p>" in page
    )
    # The rest of the form is as it was sent; nothing is found until it can be used.
    assert 'value="ADM" checked' in page
    assert 'inputmode="numeric" value="5"' in page
    assert response.context["group"] is None
    # Asked for as a download, it is the same page, not a file.
    download = neighbours_page(
        client, partnership, "E09000009", **{parameter: typed}, download="csv"
    )
    assert download.status_code == 400
    assert download["Content-Type"].startswith("text/html")
    assert said in download.content.decode()


def test_an_indicator_held_from_the_reader_reads_as_unknown(
    client, partnership, places, alone, board_member
):
    """A held dataset's indicator is named as any code the area has no figure for,
    for those who may not see it; its partnership's people find neighbours by it."""
    held = DatasetFactory(partnership=partnership, published=False)
    secret = indicator(partnership, "HLD", "rate")
    for name, count in (("ealing", 30), ("brent", 31), ("harrow", 10)):
        observe(held, secret, places[name], count=count, denominator=100_000)
    public = neighbours_page(client, partnership, "E09000009", indicator="HLD")
    assert public.status_code == 400
    assert "there is no indicator “HLD” with a published figure for Ealing" in (
        public.content.decode()
    )
    assert "Indicator HLD" not in public.content.decode()
    client.force_login(board_member)
    member = neighbours_page(client, partnership, "E09000009", indicator="hld")
    assert member.status_code == 200
    assert member.context["codes"] == ["HLD"]  # as the form offers it, so it is ticked
    assert 'value="HLD" checked' in member.content.decode()
    assert member.context["group"].neighbours


@pytest.mark.parametrize("typed", ["pdf", "CSV", "xls"])
def test_a_download_in_no_format_is_the_page_with_its_error(
    client, partnership, places, kinds, typed
):
    """A bad `download=` went to the general 400 page; it is the page with the
    neighbours found and the error on its download links."""
    response = neighbours_page(
        client, partnership, "E09000009", indicator="ADM", n="2", download=typed
    )
    page = download_error_page(response, typed, "Ealing: statistical neighbours")
    assert '<p class="govuk-body rt-downloads" id="downloads">Download this list as' in page
    assert [a.code for a, _ in response.context["group"].neighbours] == ["E09000005", "E09000015"]
    # Its links download the neighbours in a format there is.
    assert "download=csv" in response.context["links"]["csv"]
    good = neighbours_page(client, partnership, "E09000009", indicator="ADM", n="2", download="csv")
    assert good.status_code == 200
    assert good["Content-Type"].startswith("text/csv")


def test_a_download_in_no_format_without_neighbours_names_it_without_a_link(
    client, partnership, places, alone
):
    response = neighbours_page(client, partnership, "E09000009", indicator="ADM", download="pdf")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<li>download: “pdf” is not a format to download; choose csv or xlsx</li>" in page
    assert 'href="#downloads"' not in page


@pytest.mark.parametrize("typed", ["abc", "0", "51"])
def test_the_profiles_trend_charts_refuse_a_bad_number_of_neighbours_naming_n(
    client, partnership, places, alone, typed
):
    """The trend charts come from the profile page, with its choices put right; asked
    for with a bad number, they are a plain 400 naming `n` and the range."""
    address = under(partnership, reverse("lis:area-trends", args=["E09000009"]))
    response = client.get(address, {"benchmark": "neighbours", "by": "ADM", "n": typed})
    assert response.status_code == 400
    assert (
        f"n: there is no number of neighbours \u201c{typed}\u201d; enter a whole number from 1 "
        "to 50" in response.content.decode()
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [(None, (10, "")), ("", (10, "")), ("7", (7, "")), (" 50 ", (50, ""))]
    + [
        (bad, (10, "Enter a whole number from 1 to 50"))
        for bad in ("abc", "0", "51", "2.5", "+5", "1_0", "\u00b2")
    ],
)
def test_asked_n_reads_the_forms_number_or_its_error(typed, expected):
    query = QueryDict(mutable=True)
    if typed is not None:
        query["n"] = typed
    assert neighbours.asked_n(query) == expected


def test_parse_n_names_the_parameter_for_an_address():
    assert neighbours.parse_n("3") == 3
    with pytest.raises(BadParameter, match="^n: enter a whole number from 1 to 50 for how many"):
        neighbours.parse_n("500")


def test_the_neighbours_form_before_it_is_sent_has_no_error(client, partnership, places, alone):
    response = neighbours_page(client, partnership, "E09000009")
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" not in page
    assert "<title>Ealing: statistical neighbours" in page


@pytest.mark.parametrize(
    ("benchmark", "label", "words", "whose"),
    [
        (
            "neighbours",
            "Statistical neighbours",
            "the statistical neighbours",
            "the statistical neighbours'",
        ),
        ("england", "England", "England", "England's"),
        ("parent", "London", "London", "London's"),
    ],
)
def test_the_benchmark_reads_in_a_sentence(benchmark, label, words, whose):
    profile = AreaProfile(
        area=Area(name="Ealing"),
        ancestors=[],
        children=[],
        england=None,
        benchmark=benchmark,
        benchmark_label=label,
        rows=[],
    )
    assert (profile.benchmark_words, profile.benchmarks_figure) == (words, whose)


# 5. A profile's address with a choice it cannot use --------------------------------

BAD_CHOICES = [
    (
        {"benchmark": "wales"},
        "#benchmark",
        "benchmark: there is no benchmark \u201cwales\u201d; choose England, the parent area "
        "or statistical neighbours",
        "parent",  # the default: England has no figures here
    ),
    (
        {"benchmark": "neighbours"},
        "#neighbours-link",
        "by: choose at least one indicator to find statistical neighbours",
        "parent",
    ),
    (
        {"benchmark": "neighbours", "by": "NOPE"},
        "#neighbours-link",
        "by: there is no indicator \u201cNOPE\u201d with a published figure for Ealing; tick "
        "the indicators to find neighbours by",
        "parent",
    ),
    (
        {"benchmark": "neighbours", "by": "ADM", "n": "ten"},
        "#neighbours-link",
        "n: there is no number of neighbours \u201cten\u201d; enter a whole number from 1 to 50",
        "neighbours",  # with the default number of them
    ),
    (
        {"benchmark": "england", "n": "0"},
        "#neighbours-link",
        "n: there is no number of neighbours \u201c0\u201d; enter a whole number from 1 to 50",
        "england",
    ),
    (  # a digit to `str.isdigit`, but not a number to `int`
        {"benchmark": "england", "n": "\u00b2"},
        "#neighbours-link",
        "n: there is no number of neighbours \u201c\u00b2\u201d; enter a whole number from 1 to 50",
        "england",
    ),
]


@pytest.mark.parametrize(("query", "href", "said", "shown"), BAD_CHOICES)
def test_a_profile_choice_it_cannot_use_is_named_and_the_profile_shown_with_the_default(
    client, partnership, places, kinds, query, href, said, shown
):
    """Walk-through: a bad benchmark, neighbours without indicators or a bad number of
    them went to the general 400 page; it is the profile, 400, the choice named in
    its error summary, linked to where it is put right, and the profile compared with
    the default instead."""
    response = profile_of(client, partnership, "E09000009", **query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem with this address" not in page  # not the general 400 page
    assert "<title>Error: Ealing: area profile" in page
    start = page.index("govuk-error-summary__list")
    summary = page[start : page.index("</ul>", start)]
    assert f'<li><a href="{href}">{said}</a></li>' in summary
    assert summary.count("<li>") == 1
    # The link's target is on the page.
    assert f'id="{href[1:]}"' in page
    # The profile is shown, compared with the default.
    assert '<h1 class="govuk-heading-l">Ealing</h1>' in page
    assert "Indicator ADM" in page
    profile = response.context["profile"]
    assert profile.benchmark == shown
    assert rows(response)["ADM"].area.available
    if shown == "neighbours":
        assert profile.group.n == 10
        assert 'name="n" value="10"' in page
    # Its trend charts and downloads ask for what it shows, without the bad choice.
    bad = said.split(":")[0]
    trends = parse_qs(response.context["trends_query"])
    assert bad not in trends
    assert trends.get("benchmark", []) in ([], [shown])
    assert "download=csv" in response.context["links"]["csv"]
    assert f"{bad}=" not in response.context["links"]["csv"]
    charts = client.get(
        under(partnership, reverse("lis:area-trends", args=["E09000009"]))
        + "?"
        + response.context["trends_query"]
    )
    assert charts.status_code == 200
    assert '<div data-trend="ADM">' in charts.content.decode()
    # Asked for as a download, it is the same page, not a file compared with another
    # benchmark.
    download = profile_of(client, partnership, "E09000009", **query, download="csv")
    assert download.status_code == 400
    assert download["Content-Type"].startswith("text/html")
    assert f'<a href="{href}">{said}</a>' in download.content.decode()
    # The page's own download link downloads the profile shown.
    good = client.get(
        under(partnership, reverse("lis:area", args=["E09000009"]))
        + response.context["links"]["csv"]
    )
    assert good.status_code == 200
    assert good["Content-Type"].startswith("text/csv")


def test_a_benchmark_in_capitals_is_the_benchmark(client, partnership, places, kinds):
    response = profile_of(client, partnership, "E09000009", benchmark="England")
    assert response.status_code == 200
    assert response.context["profile"].benchmark == "england"


def test_a_profile_with_two_bad_choices_names_both(client, partnership, places, kinds):
    response = profile_of(client, partnership, "E09000009", benchmark="wales", n="-1")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<a href="#benchmark">benchmark: there is no benchmark \u201cwales\u201d' in page
    assert '<a href="#neighbours-link">n: there is no number of neighbours \u201c-1\u201d' in page


def test_englands_bad_benchmark_is_named_without_a_link_when_it_has_no_choice(
    client, partnership, places, alone
):
    """England's own profile compares with nothing, and has no "Compare with" to
    link to."""
    response = profile_of(client, partnership, "E92000001", benchmark="wales")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="benchmark"' not in page
    assert "<li>benchmark: there is no benchmark \u201cwales\u201d" in page
    assert '<h1 class="govuk-heading-l">England</h1>' in page


def test_neighbours_chosen_after_another_benchmark_keep_their_indicators(
    client, partnership, places, kinds
):
    """The "Compare with" form carries the neighbours' indicators and number, so
    choosing "Statistical neighbours" after England finds them."""
    response = profile_of(client, partnership, "E09000009", benchmark="parent", by="ADM", n="2")
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<input type="hidden" name="by" value="ADM"><input type="hidden" name="n" value="2">'
        in (page)
    )
    assert '<option value="neighbours">Statistical neighbours</option>' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ProfileChoices()),
        ({"benchmark": " Parent "}, ProfileChoices("parent")),
        (
            {"benchmark": "neighbours", "by": ["ADM", "", "ADM"], "n": "5"},
            ProfileChoices("neighbours", ("ADM",), 5),
        ),
        ({"n": " 50 "}, ProfileChoices(n=50)),
    ],
)
def test_asked_choices_reads_the_profiles_address(query, expected):
    asked = QueryDict(mutable=True)
    for name, value in query.items():
        asked.setlist(name, value if isinstance(value, list) else [value])
    assert asked_choices(asked) == expected


@pytest.mark.parametrize(
    ("query", "errors", "left_out"),
    [
        ({"benchmark": "wales"}, ["benchmark"], ("benchmark",)),
        ({"benchmark": "neighbours"}, ["by"], ("benchmark", "by")),
        ({"n": "2.5"}, ["n"], ("n",)),
        ({"n": "51", "benchmark": "x"}, ["benchmark", "n"], ("benchmark", "n")),
    ],
)
def test_asked_choices_names_each_bad_choice_and_uses_the_default(query, errors, left_out):
    asked = QueryDict(mutable=True)
    for name, value in query.items():
        asked[name] = value
    choices = asked_choices(asked)
    assert list(choices.errors) == errors
    assert choices.left_out == left_out
    assert (choices.benchmark, choices.n) == ("", 10)
