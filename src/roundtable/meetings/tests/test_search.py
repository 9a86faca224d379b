"""Search across agendas, papers, minutes, resolutions and actions, on SQLite (FTS5) and
PostgreSQL (full-text search): the same behaviour, and never a restricted word for
someone who may not see it."""

from __future__ import annotations

import pytest
from django.db import connection

from roundtable.core.testing import under
from roundtable.meetings import search, services
from roundtable.meetings.choices import AgendaStatus, MinutesStatus, RestrictionCategory
from roundtable.meetings.models import Meeting, Paper
from roundtable.meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from roundtable.meetings.tests.papers import build_agenda, pdf_with_text, upload
from roundtable.partnership.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index(settings, tmp_path):
    # Tests that flush the database (live server tests) leave the FTS table, which is
    # not a model, behind; start each test from the records that exist.
    settings.MEDIA_ROOT = tmp_path
    search.rebuild_index()


@pytest.fixture
def meeting(board):
    return build_agenda(board)


def titles(results):
    return {(r.kind, r.title) for r in results}


def test_it_uses_the_databases_own_full_text_search():
    assert search.uses_fts() is (connection.vendor == "sqlite")


def test_open_agenda_items_are_found_by_anyone(meeting, client):
    from django.contrib.auth.models import AnonymousUser

    found = search.search("performance report", AnonymousUser())

    assert ("item", "Quarterly performance report") in titles(found)


def test_words_are_stemmed(meeting):
    from django.contrib.auth.models import AnonymousUser

    assert titles(search.search("panel", AnonymousUser())) == {
        ("item", "Ward panels"),
        ("paper", "Ward panel plan"),
    }
    assert titles(search.search("communities", AnonymousUser())) == {
        ("item", "Community safety update")
    }


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_partnership_officer"])
def test_a_restricted_items_words_are_not_found_outside_the_board(request, meeting, who):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)

    assert search.search("Acton depot", user) == []


def test_members_find_restricted_items(meeting, member):
    found = search.search("Acton depot", member)

    assert titles(found) == {("item", "Estates disposal of Acton depot")}


def test_a_draft_agendas_items_are_not_found(board, secretary):
    draft = MeetingFactory(body=board)
    AgendaItemFactory(meeting=draft, title="Draft regeneration bid")

    assert search.search("regeneration", secretary) == []


def test_minutes_and_resolutions_are_found_once_approved(board, member):
    from django.contrib.auth.models import AnonymousUser

    meeting = MeetingFactory(body=board)
    later = MeetingFactory(body=board)
    item = services.add_agenda_item(None, meeting, title="Sustainable Community Strategy")
    services.save_item_minutes(None, item, "The board discussed the allotments waiting list.")
    services.add_resolution(None, item, text="That the Board endorse the allotments plan.")
    services.publish_agenda(None, meeting)
    anonymous = AnonymousUser()

    assert search.search("allotments", anonymous) == []
    assert {r.kind for r in search.search("allotments", member)} == set()
    services.circulate_minutes(None, meeting)
    assert {r.kind for r in search.search("allotments", member)} == {"minutes", "resolution"}
    services.approve_minutes(None, meeting, approved_at=later)
    assert {r.kind for r in search.search("allotments", anonymous)} == {"minutes", "resolution"}


def test_restricted_minutes_are_found_by_members_only(board, member, outsider):
    meeting = MeetingFactory(
        body=board, agenda_status=AgendaStatus.PUBLISHED, minutes_status=MinutesStatus.APPROVED
    )
    item = AgendaItemFactory(
        meeting=meeting,
        title="Exempt business",
        restricted=True,
        restriction_category=RestrictionCategory.CRIME,
        minutes="Operation Bluebell surveillance was discussed.",
    )

    assert search.search("Bluebell", outsider) == []
    assert titles(search.search("Bluebell", member)) == {("minutes", item.title)}


def test_actions_are_found_as_visible_to_allows(board, member, outsider):
    approved = MeetingFactory(
        body=board, agenda_status=AgendaStatus.PUBLISHED, minutes_status=MinutesStatus.APPROVED
    )
    drafted = MeetingFactory(body=board, minutes_status=MinutesStatus.DRAFT)
    ActionFactory(meeting=approved, description="Circulate the prospectus to partners")
    ActionFactory(meeting=drafted, description="Circulate the prospectus draft to members")

    assert len(search.search("prospectus", outsider)) == 1
    assert len(search.search("prospectus", member)) == 2


def test_a_long_action_is_named_by_its_first_words_cut_at_a_word(board, member):
    meeting = MeetingFactory(body=board, minutes_status=MinutesStatus.DRAFT)
    words = "Write to the major partner agencies asking for details of their property "
    ActionFactory(meeting=meeting, description=words * 4)
    [found] = search.search("agencies", member)
    assert found.title == words + "Write to the major partner agencies asking for…"
    assert found.text == words * 4


def test_the_index_follows_changes_and_deletions(board, secretary):
    from django.contrib.auth.models import AnonymousUser

    meeting = build_agenda(board)
    item = meeting.items.get(title="Ward panels")
    services.change_agenda_item(secretary, item, title="Neighbourhood panels")

    assert titles(search.search("ward", AnonymousUser())) == {("paper", "Ward panel plan")}
    assert titles(search.search("neighbourhood", AnonymousUser())) == {
        ("item", "Neighbourhood panels")
    }


def test_punctuation_in_a_query_is_harmless(meeting):
    from django.contrib.auth.models import AnonymousUser

    assert search.search('"performance" * (report: -', AnonymousUser())
    assert search.search("   ", AnonymousUser()) == []


def test_the_search_page_lists_what_the_visitor_may_see(client, meeting, member):
    anonymous_page = client.get("/meetings/search/", {"q": "depot"}).content.decode()
    client.force_login(member)
    member_page = client.get("/meetings/search/", {"q": "depot"}).content.decode()

    assert "Estates disposal" not in anonymous_page
    assert "0 results for" in anonymous_page
    assert "Estates disposal of Acton depot" in member_page


def test_the_search_page_without_a_query_shows_the_form(client):
    response = client.get("/meetings/search/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


# Where the search looks: the partnership in the address, or every partnership by choice.


@pytest.fixture
def elsewhere(other_partnership):
    """Another partnership's published agenda, with the same words as `meeting`'s."""
    group = BodyFactory(partnership=other_partnership, name="Executive Group", slug="executive")
    published = MeetingFactory(body=group, agenda_status=AgendaStatus.PUBLISHED)
    item = AgendaItemFactory(meeting=published, title="Warwick performance report")
    Paper.objects.create(
        partnership=other_partnership,
        item=item,
        body=group,
        title="Warwick performance report annex",
    )
    return other_partnership


def test_a_search_within_a_partnership_finds_only_its_meetings(meeting, elsewhere, partnership):
    from django.contrib.auth.models import AnonymousUser

    anyone = AnonymousUser()
    assert titles(search.search("annex", anyone, partnership.pk)) == set()
    assert titles(search.search("annex", anyone, elsewhere.pk)) == {
        ("paper", "Warwick performance report annex")
    }
    ealing = {("item", "Quarterly performance report"), ("paper", "Performance report Q2")}
    warwick = {
        ("item", "Warwick performance report"),
        ("paper", "Warwick performance report annex"),
    }
    assert titles(search.search("performance report", anyone, partnership.pk)) == ealing
    assert titles(search.search("performance report", anyone, elsewhere.pk)) == warwick
    assert titles(search.search("performance report", anyone)) == ealing | warwick


def test_the_search_page_searches_the_partnership_in_the_address(
    client, meeting, elsewhere, partnership
):
    page = client.get(
        under(partnership, "/meetings/search/"), {"q": "performance report"}
    ).content.decode()

    assert "Search the meetings of Ealing Local Strategic Partnership</h1>" in page
    assert "Quarterly performance report" in page
    assert "Warwick performance report" not in page


def test_the_search_page_searches_every_partnership_when_chosen(
    client, meeting, elsewhere, partnership
):
    page = client.get(
        under(partnership, "/meetings/search/"), {"q": "performance report", "scope": "all"}
    ).content.decode()

    assert "Search the meetings of all partnerships</h1>" in page
    assert "Quarterly performance report" in page
    assert "Warwick performance report" in page
    assert "(Warwick Partnership)" in page  # each result says whose


def test_the_site_searchs_link_to_the_meetings_search_keeps_where_it_looks(partnership):
    assert "scope=all" in search._search_page("budget", None)
    assert "scope" not in search._search_page("budget", partnership.pk)


# However many better matches the reader may not see, theirs are still found.

#: More than the 2000 best matches the SQLite engine once kept before it filtered.
MANY = 1100


def _items_about_allotments(meeting, count, **fields):
    """`count` items that match "allotments" better, on either engine, than a longer
    item that says it once; made in one go (the index is then filled by
    `rebuild_index`, as after loading data with SQL)."""
    from roundtable.meetings.models import AgendaItem

    items = [
        AgendaItemFactory.build(
            meeting=meeting, position=n, title="Allotments allotments", **fields
        )
        for n in range(1, count + 1)
    ]
    AgendaItem.objects.bulk_create(items)


def test_better_matches_the_reader_may_not_see_never_push_out_theirs(
    board, other_partnership, partnership, member
):
    from django.contrib.auth.models import AnonymousUser

    AgendaItemFactory(
        meeting=MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED),
        title="Allotments",
        description="The waiting list for the council's plots, ward by ward, and the sites "
        "the parks team proposes to open next year.",
    )
    exempt = MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED)
    _items_about_allotments(
        exempt, MANY, restricted=True, restriction_category=RestrictionCategory.FINANCIAL
    )
    group = BodyFactory(partnership=other_partnership, name="Executive Group", slug="executive")
    _items_about_allotments(MeetingFactory(body=group, agenda_status=AgendaStatus.PUBLISHED), MANY)
    search.rebuild_index()
    anyone = AnonymousUser()

    ours = ("item", "Allotments")

    # The restricted items, and the other partnership's, rank above it ...
    assert ours not in titles(search.search("allotments", member, partnership.pk))
    assert ours not in titles(search.search("allotments", anyone))
    # ... and where the reader may see neither, it is found, and only it.
    assert titles(search.search("allotments", anyone, partnership.pk)) == {ours}


# The SQLite index keeps each record's row at its own rowid.

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the FTS5 index is SQLite's; PostgreSQL has none"
)


def _index_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, kind, object_id, text FROM {search.TABLE} ORDER BY rowid")  # noqa: S608 - fixed table name
        return cursor.fetchall()


def _every_kind(board):
    meeting = MeetingFactory(body=board)
    item = services.add_agenda_item(None, meeting, title="Allotments")
    services.add_paper(
        None, item, title="Allotments plan", upload=upload("plan.pdf", pdf_with_text("Plan"))
    )
    services.save_item_minutes(None, item, "The board discussed the waiting list.")
    services.add_resolution(None, item, text="That the Board endorse the plan.")
    ActionFactory(meeting=meeting, description="Write to the parks team")
    return item


@sqlite_only
def test_a_records_row_is_replaced_and_removed_at_its_own_rowid(board):
    item = _every_kind(board)
    item.title = "Allotments and community gardens"
    item.save()
    rows = {row[0]: row[1:] for row in _index_rows()}
    assert rows[search.row_id("item", item.pk)][:2] == ("item", item.pk)
    assert rows[search.row_id("minutes", item.pk)][:2] == ("minutes", item.pk)
    assert [row for row in rows.values() if row[:2] == ("item", item.pk)] == [
        ("item", item.pk, "Allotments and community gardens\n")
    ]
    paper = item.papers.get()
    assert rows[search.row_id("paper", paper.pk)] == ("paper", paper.pk, "Allotments plan")
    item.delete()  # its resolution and paper go with it
    assert [row for row in _index_rows() if row[1] != "action"] == []


@sqlite_only
def test_the_migration_numbers_the_rows_as_a_save_does(board):
    from importlib import import_module

    migration = import_module("roundtable.meetings.migrations.0008_search_index_papers")

    class Editor:  # what `refill` uses of a schema editor
        def __init__(self):
            self.connection = connection

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    _every_kind(board)
    saved = _index_rows()
    assert {row[1] for row in saved} == {"item", "minutes", "resolution", "action", "paper"}
    migration.refill(None, Editor())
    assert _index_rows() == saved
    # Going back numbers the rows as 0007 did (pk * 4), without papers, as the older
    # code replaces them.
    migration.refill_as_before(None, Editor())
    before = {(kind, pk): rowid for rowid, kind, pk, _ in _index_rows()}
    assert {kind for kind, _ in before} == {"item", "minutes", "resolution", "action"}
    numbers = {"item": 0, "minutes": 1, "resolution": 2, "action": 3}
    assert all(rowid == pk * 4 + numbers[kind] for (kind, pk), rowid in before.items())


@sqlite_only
def test_a_title_ranks_above_minutes_that_mention_the_word_deep_in_a_long_text(board):
    """The SQLite rank (`rules.search_rank`) counts a record's length, as `bm25()` did:
    an item called "Allotments" comes before minutes that say it once among many words,
    and before minutes that say it a few times in a long text."""
    from django.contrib.auth.models import AnonymousUser

    held = MeetingFactory(
        body=board, agenda_status=AgendaStatus.PUBLISHED, minutes_status=MinutesStatus.APPROVED
    )
    discussion = "The board heard from the parks team about the year ahead. " * 30
    AgendaItemFactory(meeting=held, title="Parks", minutes=discussion + "Allotments were noted.")
    AgendaItemFactory(
        meeting=held,
        title="Any other business",
        minutes=discussion + "Allotments, allotments and allotments again.",
    )
    AgendaItemFactory(meeting=held, title="Allotments", description="")
    search.rebuild_index()

    found = search.search("allotments", AnonymousUser())

    assert [(r.kind, r.title) for r in found] == [
        ("item", "Allotments"),
        ("minutes", "Any other business"),
        ("minutes", "Parks"),
    ]


@sqlite_only
def test_a_querys_words_are_counted_by_the_indexs_own_stems():
    with connection.cursor() as cursor:
        assert sorted(search._stems(cursor, ["allotments", "communities"])) == [
            "allot",
            "commun",
        ]
        # Asked again on the same connection, its scratch table holds the new words only.
        assert search._stems(cursor, ["panels"]) == ["panel"]


@sqlite_only
def test_a_search_keeps_the_pages_the_site_has_kept(meeting):
    """Ranking writes the query's words to a temporary table of the connection: that
    is no change to anything a page shows, so kept pages stay kept."""
    from django.contrib.auth.models import AnonymousUser

    from roundtable.core import cache as pages

    before = pages.generation()

    assert search.search("performance report", AnonymousUser())
    assert pages.generation() == before


# Papers: found by their title, where `Paper.visible_to` allows and nowhere else.

OUTSIDERS = ["anonymous", "outsider", "other_partnership_officer"]


def _reader(request, who):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)


def test_an_open_paper_is_found_by_its_title_linking_to_its_file(meeting):
    from django.contrib.auth.models import AnonymousUser

    paper = meeting.items.get(title="Community safety update").papers.get(
        title="Safer Ealing summary"
    )

    [found] = search.search("Safer Ealing", AnonymousUser())

    assert (found.kind, found.title, found.label) == ("paper", "Safer Ealing summary", "Paper")
    assert found.url == paper.get_absolute_url()  # its file, as the meeting's page links it
    assert found.item_number == "4"
    assert found.text == "For item 4: Community safety update"
    assert (found.body, found.date) == ("LSP Executive", meeting.start)


def test_a_sub_items_paper_says_the_sub_items_number(meeting):
    from django.contrib.auth.models import AnonymousUser

    [found] = [r for r in search.search("plan", AnonymousUser()) if r.kind == "paper"]

    assert (found.title, found.item_number) == ("Ward panel plan", "4a")


def test_a_paper_without_a_file_links_to_its_item(meeting):
    from django.contrib.auth.models import AnonymousUser

    item = meeting.items.get(title="Apologies and introductions")
    Paper.objects.create(
        partnership=item.partnership, item=item, body=item.body, title="Apologies received"
    )

    [found] = search.search("apologies received", AnonymousUser())

    assert found.kind == "paper"
    assert found.url == f"{meeting.get_absolute_url()}#item-{item.pk}"


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(
    "words", ["Depot valuation", "Informant list"], ids=["of a restricted item", "restricted"]
)
def test_a_restricted_paper_or_a_restricted_items_is_not_found_outside_the_board(
    request, client, meeting, who, words
):
    reader = _reader(request, who)

    assert search.search(words, reader) == []
    assert search.find_for_site(words, reader, 10, None) == []
    if who != "anonymous":
        client.force_login(reader)
    page = client.get("/meetings/search/", {"q": words.split()[1]}).content.decode()
    assert "0 results for" in page
    assert words not in page


@pytest.mark.parametrize("who", ["member", "secretary"])
def test_the_board_finds_its_restricted_papers(request, meeting, who):
    reader = request.getfixturevalue(who)

    assert titles(search.search("Depot valuation", reader)) == {("paper", "Depot valuation")}
    assert titles(search.search("Informant list", reader)) == {("paper", "Informant list")}


def test_a_draft_agendas_papers_are_found_by_no_one(board, secretary, member):
    from django.contrib.auth.models import AnonymousUser

    draft = MeetingFactory(body=board)
    item = services.add_agenda_item(None, draft, title="Regeneration")
    services.add_paper(
        None, item, title="Southall bid", upload=upload("bid.pdf", pdf_with_text("Bid"))
    )

    for reader in (AnonymousUser(), member, secretary):
        assert search.search("Southall bid", reader) == []
    services.publish_agenda(None, draft)
    assert titles(search.search("Southall bid", AnonymousUser())) == {("paper", "Southall bid")}


def test_a_paper_follows_its_items_restriction(meeting, member):
    from django.contrib.auth.models import AnonymousUser

    safety = meeting.items.get(title="Community safety update")
    services.change_item_restriction(
        None, safety, restricted=True, restriction_category=RestrictionCategory.CRIME
    )

    # Its paper, and its sub-item's, are asked of `Paper.visible_to` at every search.
    assert search.search("Safer Ealing", AnonymousUser()) == []
    assert search.search("Ward panel plan", AnonymousUser()) == []
    assert titles(search.search("Safer Ealing", member)) == {("paper", "Safer Ealing summary")}
    services.change_item_restriction(None, safety, restricted=False)
    assert titles(search.search("Safer Ealing", AnonymousUser())) == {
        ("paper", "Safer Ealing summary")
    }


def test_the_index_follows_a_papers_title_and_its_deletion(meeting):
    from django.contrib.auth.models import AnonymousUser

    paper = meeting.items.get(title="Community safety update").papers.get(
        title="Safer Ealing summary"
    )
    paper.title = "Safer Ealing annual report"
    paper.save()
    anyone = AnonymousUser()

    assert search.search("summary", anyone) == []
    assert titles(search.search("annual report", anyone)) == {
        ("paper", "Safer Ealing annual report")
    }
    paper.delete()
    assert search.search("annual report", anyone) == []


def test_the_rebuilt_index_holds_papers(meeting):
    from django.contrib.auth.models import AnonymousUser

    search.rebuild_index()

    assert titles(search.search("Safer Ealing", AnonymousUser())) == {
        ("paper", "Safer Ealing summary")
    }


def test_the_site_search_says_which_item_of_which_meeting_a_paper_is_for(meeting, partnership):
    from django.contrib.auth.models import AnonymousUser

    [hit] = search.find_for_site("Safer Ealing", AnonymousUser(), 10, partnership.pk)

    assert hit.title == "Safer Ealing summary"
    assert hit.hint == (
        "Paper for item 4: LSP Executive, 16 January 2012 (Ealing Local Strategic Partnership)"
    )


def test_results_name_a_meeting_with_its_own_title_by_its_body_and_title(meeting):
    from django.contrib.auth.models import AnonymousUser

    Meeting.objects.filter(pk=meeting.pk).update(title="Budget workshop")

    [found] = search.search("Safer Ealing", AnonymousUser())

    assert found.where == "LSP Executive: Budget workshop, 16 January 2012"


def test_the_search_page_lists_a_paper_with_its_item(client, meeting):
    page = client.get("/meetings/search/", {"q": "Safer Ealing"}).content.decode()

    assert "1 result for" in page
    assert "Safer Ealing summary</a>" in page
    assert "For item 4: Community safety update" in page


def test_restricted_papers_that_match_better_never_push_out_an_open_one(board, partnership):
    """More restricted papers than a kind lists match better than the open one: the
    public find the open one, and only it; the board's members find them first."""
    from django.contrib.auth.models import AnonymousUser

    meeting = MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED)
    item = AgendaItemFactory(meeting=meeting, title="Parks")
    Paper.objects.create(
        partnership=partnership,
        item=item,
        body=board,
        title="Allotments: the waiting list for the council's plots, ward by ward",
    )
    Paper.objects.bulk_create(
        Paper(
            partnership=partnership,
            item=item,
            body=board,
            position=n,
            title="Allotments allotments",
            restricted=True,
            restriction_category=RestrictionCategory.FINANCIAL,
        )
        for n in range(2, search.PER_KIND + 12)
    )
    search.rebuild_index()

    assert [r.title for r in search.search("allotments", AnonymousUser(), partnership.pk)] == [
        "Allotments: the waiting list for the council's plots, ward by ward"
    ]


# The order of what a reader finds depends on nothing they may not see.


def test_records_the_reader_may_not_see_never_change_the_order_of_theirs(
    board, other_partnership, partnership
):
    """Two open items match "allotments parks": one says "allotments" three times, the
    other "parks" twice. Records the reader may not see that say "allotments" (restricted
    items, another partnership's) must change neither their order nor their ranks. A
    rank from statistics of the whole index (FTS5's bm25: a word found in many records
    counts for less) would let them swap the two, telling the reader something about
    records they may not see."""
    from django.contrib.auth.models import AnonymousUser

    from roundtable.meetings.models import AgendaItem

    open_meeting = MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED)
    AgendaItemFactory(
        meeting=open_meeting, title="Allotments allotments allotments parks", description=""
    )
    AgendaItemFactory(meeting=open_meeting, title="Parks parks allotments list", description="")
    search.rebuild_index()
    anyone = AnonymousUser()

    def found(partnership_id):
        return [
            (r.title, r.rank) for r in search.search("allotments parks", anyone, partnership_id)
        ]

    before = found(partnership.pk)
    assert [title for title, _ in before] == [
        "Allotments allotments allotments parks",
        "Parks parks allotments list",
    ]
    assert found(None) == before
    exempt = MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED)
    group = BodyFactory(partnership=other_partnership, name="Executive Group", slug="executive")
    elsewhere = MeetingFactory(body=group, agenda_status=AgendaStatus.PUBLISHED)
    AgendaItem.objects.bulk_create(
        [
            AgendaItemFactory.build(
                meeting=exempt,
                position=n,
                title=f"Allotments waiting list {n}",
                restricted=True,
                restriction_category=RestrictionCategory.FINANCIAL,
            )
            for n in range(1, 21)
        ]
        + [
            AgendaItemFactory.build(meeting=elsewhere, position=n, title="Allotments")
            for n in range(1, 21)
        ]
    )
    search.rebuild_index()

    assert found(partnership.pk) == before  # neither restricted nor elsewhere counts
    assert found(None) == before  # nor restricted ones, searching every partnership


# How the engines find the matches: through their indexes, never by reading every
# record the reader may see (at ten years of meetings, tens of thousands a search).

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN indexes are PostgreSQL's"
)


def _searched_by_kind(user):
    items, minutes, resolutions, actions, papers = search.searched(user)
    return {
        search.ITEM: items,
        search.MINUTES: minutes,
        search.RESOLUTION: resolutions,
        search.ACTION: actions,
        search.PAPER: papers,
    }


@postgres_only
@pytest.mark.parametrize("kind", list(search.SEARCHED))
def test_each_kinds_query_can_use_its_gin_index(kind):
    """With scans that read every row (or walk another index) priced out, the plan
    finds the kind's matches with its GIN index: only an index on exactly the
    expression the query matches can be used at all, so this fails when
    `search.SEARCHED` and migration `0010_search_gin_indexes` differ. (On a table this
    small the planner rightly prefers a scan; at volume it picks the index.)"""
    from django.db import transaction

    from roundtable.meetings.models import Action, AgendaItem, Resolution

    model, index = {
        search.ITEM: (AgendaItem, "meetings_item_search"),
        search.MINUTES: (AgendaItem, "meetings_minutes_search"),
        search.RESOLUTION: (Resolution, "meetings_resolution_search"),
        search.ACTION: (Action, "meetings_action_search"),
        search.PAPER: (Paper, "meetings_paper_search"),
    }[kind]
    ranked = search._pg_ranked(model.objects.all(), search.SEARCHED[kind], ["allotments"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = ranked.explain()
    assert f"Bitmap Index Scan on {index}" in plan, plan


@sqlite_only
@pytest.mark.parametrize("who", ["anonymous", "member"])
@pytest.mark.parametrize("kind", list(search.SEARCHED))
def test_the_fts_matches_are_looked_up_among_the_visible_records_by_key(
    request, meeting, who, kind
):
    """The FTS5 statement looks each match up in the kind's `visible_to` queryset by
    its primary key; it used to list that queryset whole first (every visible record
    of the kind, on every search, whatever matched)."""
    from django.test.utils import CaptureQueriesContext

    queryset = _searched_by_kind(_reader(request, who))[kind]
    with CaptureQueriesContext(connection) as queries:
        search._fts_ranked(queryset, kind, search._Stems(["allotments"]))
    (statement,) = [q["sql"] for q in queries if f"{search.TABLE} MATCH" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {statement}")
        steps = [row[-1] for row in cursor.fetchall()]
    tables = [step for step in steps if step.startswith(("SCAN", "SEARCH"))]
    assert tables[0].startswith(f"SCAN {search.TABLE} VIRTUAL TABLE")
    assert [step for step in tables[1:] if step.startswith("SCAN")] == []
    assert any("USING INTEGER PRIMARY KEY" in step for step in tables[1:])
