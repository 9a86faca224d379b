"""Search across published agendas, papers, minutes, resolutions and actions.

Two engines, chosen by the database in use:

- **SQLite**: an FTS5 table, `meetings_search` (created by migration
  `0002_mout_search_index`, Porter-stemmed), holds the words of every agenda
  item (title and description), paper (title), item's minutes, resolution and
  action. Signals below keep it in step whenever one of those records is saved
  or deleted. It holds words only, never who may see them: an item's restriction
  changing needs nothing of the index, as every search asks `visible_to` afresh.
  A match is ranked from that record alone (`rules.search_rank`: how many of its
  words match, and its length), never from statistics of the whole index such as
  FTS5's `bm25()` keeps, which records the reader may not see would sway.
- **PostgreSQL**: full-text search on the records themselves
  (`SearchVector`/`SearchQuery`/`SearchRank`, English configuration), so there is
  nothing to keep in step; `ts_rank` too ranks each record on its own.

Either way the engine only ranks records; which ones is decided by the
`visible_to` (or `minutes_visible_to`) queryset method of each record type,
through `searched`, which both engines filter the same way, before they rank: a
restricted item's words (or its sub-items', its papers', a restricted paper's, or an
unpublished agenda's minutes or papers) are never found by someone who may not see
them, and however many better matches they may not see (or another partnership's),
the best they may see are found.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.http import urlencode

from roundtable.core.search import ALL_PARTNERSHIPS, Section, register
from roundtable.core.search import Hit as SiteHit
from roundtable.core.words import shortened
from roundtable.meetings import rules
from roundtable.meetings.choices import AgendaStatus
from roundtable.meetings.models import Action, AgendaItem, Paper, PaperVersion, Resolution
from roundtable.partnership.queries import in_partnership

if TYPE_CHECKING:
    import datetime

    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

TABLE = "meetings_search"
ITEM, MINUTES, RESOLUTION, ACTION = "item", "minutes", "resolution", "action"
PAPER = "paper"
KIND_LABELS = {
    ITEM: "Agenda item",
    PAPER: "Paper",
    MINUTES: "Minutes",
    RESOLUTION: "Resolution",
    ACTION: "Action",
}
PER_KIND = 50
MAX_QUERY = 200
#: The fields each kind is searched in. On PostgreSQL each kind's
#: `to_tsvector('english', …)` of these has a GIN index, built on the same expression
#: by migration `0010_search_gin_indexes`: a change here needs a migration there.
SEARCHED = {
    ITEM: ["title", "description"],
    MINUTES: ["minutes"],
    RESOLUTION: ["text"],
    ACTION: ["description"],
    PAPER: ["title"],
}


@dataclass
class Result:
    """One thing found, in words a results page can show."""

    kind: str
    title: str
    text: str
    url: str
    body: str
    date: datetime.datetime | None
    rank: float
    #: The name of the partnership whose meeting it is.
    partnership: str = ""
    #: A paper's item's number on its agenda ("4", "4a"); "" for other kinds.
    item_number: str = ""
    #: The meeting's heading ("LSP Executive, 16 January 2012"); "" for an action
    #: raised outside a meeting.
    meeting: str = ""

    @property
    def where(self) -> str:
        """Where it was found: its meeting's heading, else its body's name."""
        return self.meeting or self.body

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def what(self) -> str:
        """What it is, as a hint begins: "Agenda item", or "Paper for item 4"."""
        if self.item_number:
            return f"{self.label} for item {self.item_number}"
        return self.label


def words(query: str) -> list[str]:
    """The words of a query, letters and digits only, at most ten."""
    return re.findall(r"\w+", query.lower())[:10]


# -- Keeping the SQLite index in step -------------------------------------------


def uses_fts() -> bool:
    return connection.vendor == "sqlite"


def _documents(kind: str, obj: Any) -> str:
    if kind == ITEM:
        return f"{obj.title}\n{obj.description}"
    if kind == MINUTES:
        return obj.minutes
    if kind == RESOLUTION:
        return obj.text
    if kind == PAPER:
        return obj.title
    return obj.description


#: Each record's row in the index has its own rowid, `pk * 5 + KIND_NUMBERS[kind]`, so
#: replacing or removing it is one lookup: `kind` and `object_id` are UNINDEXED columns,
#: and deleting by them read the whole table on every save. Migration
#: `0008_search_index_papers` numbers the rows the same way (and `0007`, before papers
#: were indexed, numbered them `pk * 4`: a new kind means a migration renumbering them).
KIND_NUMBERS = {ITEM: 0, MINUTES: 1, RESOLUTION: 2, ACTION: 3, PAPER: 4}


def row_id(kind: str, pk: int) -> int:
    """The rowid of a record's row in the SQLite index."""
    return pk * len(KIND_NUMBERS) + KIND_NUMBERS[kind]


def index(kind: str, obj: Any) -> None:
    """Put a record's words in the SQLite index, replacing what was there."""
    if not uses_fts():
        return
    with connection.cursor() as cursor:
        _delete(cursor, kind, obj.pk)
        _insert(cursor, kind, obj)


def _insert(cursor: Any, kind: str, obj: Any) -> None:
    text = _documents(kind, obj)
    if text.strip():
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, kind, object_id, text) VALUES (%s, %s, %s, %s)",  # noqa: S608 - fixed table name
            [row_id(kind, obj.pk), kind, obj.pk, text],
        )


def _delete(cursor: Any, kind: str, pk: int) -> None:
    cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [row_id(kind, pk)])  # noqa: S608 - fixed table name


def unindex(kind: str, pk: int) -> None:
    if not uses_fts():
        return
    with connection.cursor() as cursor:
        _delete(cursor, kind, pk)


@receiver(post_save, sender=AgendaItem, dispatch_uid="meetings_search_item_saved")
def _item_saved(sender: type, instance: AgendaItem, raw: bool = False, **kwargs: Any) -> None:
    index(ITEM, instance)
    index(MINUTES, instance)


@receiver(post_delete, sender=AgendaItem, dispatch_uid="meetings_search_item_deleted")
def _item_deleted(sender: type, instance: AgendaItem, **kwargs: Any) -> None:
    unindex(ITEM, instance.pk)
    unindex(MINUTES, instance.pk)


@receiver(post_save, sender=Paper, dispatch_uid="meetings_search_paper_saved")
def _paper_saved(sender: type, instance: Paper, **kwargs: Any) -> None:
    index(PAPER, instance)


@receiver(post_delete, sender=Paper, dispatch_uid="meetings_search_paper_deleted")
def _paper_deleted(sender: type, instance: Paper, **kwargs: Any) -> None:
    unindex(PAPER, instance.pk)


@receiver(post_save, sender=Resolution, dispatch_uid="meetings_search_resolution_saved")
def _resolution_saved(sender: type, instance: Resolution, **kwargs: Any) -> None:
    index(RESOLUTION, instance)


@receiver(post_delete, sender=Resolution, dispatch_uid="meetings_search_resolution_deleted")
def _resolution_deleted(sender: type, instance: Resolution, **kwargs: Any) -> None:
    unindex(RESOLUTION, instance.pk)


@receiver(post_save, sender=Action, dispatch_uid="meetings_search_action_saved")
def _action_saved(sender: type, instance: Action, **kwargs: Any) -> None:
    index(ACTION, instance)


@receiver(post_delete, sender=Action, dispatch_uid="meetings_search_action_deleted")
def _action_deleted(sender: type, instance: Action, **kwargs: Any) -> None:
    unindex(ACTION, instance.pk)


def rebuild_index() -> int:
    """Fill the SQLite index again from every record; returns how many it holds."""
    if not uses_fts():
        return 0
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - fixed table name
        for item in AgendaItem.objects.iterator():
            _insert(cursor, ITEM, item)
            _insert(cursor, MINUTES, item)
            count += 1
        for paper in Paper.objects.iterator():
            _insert(cursor, PAPER, paper)
            count += 1
        for resolution in Resolution.objects.iterator():
            _insert(cursor, RESOLUTION, resolution)
            count += 1
        for action in Action.objects.iterator():
            _insert(cursor, ACTION, action)
            count += 1
    return count


# -- Searching ------------------------------------------------------------------


#: Per connection (temporary) tables for ranking: the index's words, one row a word
#: where it occurs (an FTS5 `fts5vocab` table of type 'instance'), and a scratch FTS5
#: table, tokenised as the index is, whose own 'instance' table gives the stems of a
#: query's words. Temporary, so nothing is added to the database's schema.
_RANKING_TABLES = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TABLE}_instances "
    f"USING fts5vocab(main, {TABLE}, instance)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TABLE}_query "
    "USING fts5(text, tokenize='porter unicode61')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TABLE}_query_terms "
    f"USING fts5vocab(temp, {TABLE}_query, instance)",
)


def _stems(cursor: Any, terms: list[str]) -> list[str]:
    """The index's stems of a query's words ("allotments" -> "allot"), by the index's
    own tokeniser, so that they are what `"allotments"*` matches as a prefix."""
    for statement in _RANKING_TABLES:
        cursor.execute(statement)
    cursor.execute(f"DELETE FROM temp.{TABLE}_query")  # noqa: S608 - fixed table name
    cursor.execute(f"INSERT INTO temp.{TABLE}_query (text) VALUES (%s)", [" ".join(terms)])  # noqa: S608 - fixed table name
    cursor.execute(f"SELECT DISTINCT term FROM temp.{TABLE}_query_terms")  # noqa: S608 - fixed table name
    return [term for (term,) in cursor.fetchall()]


class _Stems:
    """The stems of one search's words (`_stems`), asked of the database once for the
    search, when a kind first has matches to rank, not once a kind."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        self._stems: list[str] | None = None

    def of(self, cursor: Any) -> list[str]:
        if self._stems is None:
            self._stems = _stems(cursor, self.terms)
        return self._stems


def _fts_ranked(
    queryset: QuerySet, kind: str, stems: _Stems, per_kind: int = PER_KIND
) -> dict[int, float]:
    """{object id: rank} of the `per_kind` best matches of `kind` in the FTS5 index
    among `queryset`'s records, best first, ranked by `rules.search_rank` from each
    record alone: how many of its words match the query's (each stem as a prefix,
    counted in the index's 'instance' table for those records only) and its length.

    The index is matched only among the records `queryset` gives, as PostgreSQL's
    engine filters before it ranks, so no number of better matches the reader may not
    see (another partnership's, restricted ones) can push out one they may; and nothing
    of the rest of the index goes into a rank (FTS5's `bm25()` weighs a word by how
    many records of the whole index hold it, and length by their average), so records
    the reader may not see cannot change the order of those they may, as PostgreSQL's
    `ts_rank` ranks each record on its own."""
    terms = stems.terms
    # Each match is looked up in `queryset` by its primary key (a correlated EXISTS),
    # rather than `queryset` read whole into a list first: that read every visible
    # record of the kind (20,000 agenda items, whose rows hold their minutes) on every
    # search, whatever matched. The kind and the record's id are the row's rowid
    # (`row_id`), so a match not of `kind` is passed over without reading its row.
    this_record = RawSQL(  # noqa: S611 - fixed table name and number
        f"{TABLE}.rowid / {len(KIND_NUMBERS)}", [], output_field=IntegerField()
    )
    try:
        visible, params = (
            queryset.order_by()
            .filter(pk=this_record)
            .values("pk")
            .query.get_compiler(connection=connection)
            .as_sql()
        )
    except EmptyResultSet:  # a queryset that can give nothing, e.g. `.none()`
        return {}
    expression = " ".join(f'"{term}"*' for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, rowid / {len(KIND_NUMBERS)}, length(text) FROM {TABLE} "  # noqa: S608 - fixed table name, compiled queryset
            f"WHERE {TABLE} MATCH %s AND rowid %% {len(KIND_NUMBERS)} = %s "
            f"AND EXISTS ({visible})",
            [expression, KIND_NUMBERS[kind], *params],
        )
        found = {rowid: (int(object_id), length) for rowid, object_id, length in cursor.fetchall()}
        if not found:
            return {}
        matches = dict.fromkeys(found, 0)
        visible = json.dumps(list(found))
        for stem in stems.of(cursor):
            cursor.execute(
                f"SELECT doc, count(*) FROM temp.{TABLE}_instances "  # noqa: S608 - fixed table name
                "WHERE term >= %s AND term < %s AND doc IN (SELECT value FROM json_each(%s)) "
                "GROUP BY doc",
                [stem, stem + "\U0010ffff", visible],
            )
            for rowid, count in cursor.fetchall():
                matches[rowid] += count
    ranks = {pk: rules.search_rank(matches[rowid], length) for rowid, (pk, length) in found.items()}
    best = sorted(ranks, key=lambda pk: (-ranks[pk], pk))[:per_kind]
    return {pk: ranks[pk] for pk in best}


def _pg_ranked(queryset: QuerySet, fields: list[str], terms: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(*fields, config="english")
    query = SearchQuery(" & ".join(f"{t}:*" for t in terms), config="english", search_type="raw")
    return (
        queryset.annotate(document=vector)
        .filter(document=query)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "pk")
    )


def _candidates(
    queryset: QuerySet, kind: str, fields: list[str], stems: _Stems, per_kind: int = PER_KIND
) -> list[tuple[Any, float]]:
    """The `per_kind` best matches among `queryset`'s records, with their ranks."""
    terms = stems.terms
    if uses_fts():
        ranks = _fts_ranked(queryset, kind, stems, per_kind)
        if not ranks:
            return []
        order = {pk: place for place, pk in enumerate(ranks)}  # best first, ties by pk
        rows = list(queryset.filter(pk__in=list(ranks)))
        rows.sort(key=lambda row: order[row.pk])
        return [(row, ranks[row.pk]) for row in rows]
    rows = list(_pg_ranked(queryset, fields, terms)[:per_kind])
    return [(row, float(row.rank)) for row in rows]


class Searched(NamedTuple):
    """What either engine may propose to a reader, one queryset a kind."""

    items: QuerySet[AgendaItem]
    minutes: QuerySet[AgendaItem]
    resolutions: QuerySet[Resolution]
    actions: QuerySet[Action]
    papers: QuerySet[Paper]


def searched(user: User | AnonymousUser, partnership_id: int | None = None) -> Searched:
    """What either engine may propose to `user`: the items, items' minutes, papers,
    resolutions and actions their `visible_to` methods give (so a sub-item of a
    restricted item, its papers, a restricted paper, or minutes of an unpublished
    agenda, are never among them), narrowed to published agendas for everyone,
    managers included, and to one partnership's bodies when `partnership_id` is given.
    Both engines filter these same querysets."""
    published = Q(meeting__agenda_status=AgendaStatus.PUBLISHED)
    of_item = in_partnership(partnership_id, "meeting__body__partnership_id")
    items = (
        AgendaItem.objects.visible_to(user)
        .filter(published, of_item)
        .select_related("meeting__body__partnership")
    )
    minutes = (
        AgendaItem.objects.minutes_visible_to(user)
        .filter(published, of_item)
        .exclude(minutes="")
        .select_related("meeting__body__partnership")
    )
    resolutions = (
        Resolution.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id, "item__meeting__body__partnership_id"),
            item__meeting__agenda_status=AgendaStatus.PUBLISHED,
        )
        .select_related("item__meeting__body__partnership")
    )
    actions = (
        Action.objects.visible_to(user)
        .filter(in_partnership(partnership_id, "body__partnership_id"))
        .select_related("body__partnership", "meeting__body")
    )
    papers = (
        Paper.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id, "item__meeting__body__partnership_id"),
            item__meeting__agenda_status=AgendaStatus.PUBLISHED,
        )
        .select_related("partnership", "item__meeting__body__partnership")
    )
    return Searched(items, minutes, resolutions, actions, papers)


def search(
    query: str,
    user: User | AnonymousUser,
    partnership_id: int | None = None,
    per_kind: int = PER_KIND,
) -> list[Result]:
    """What `user` may see that matches every word of `query`, best first: in one
    partnership's meetings, or in every partnership's when `partnership_id` is None;
    at most `per_kind` of each kind (the best `per_kind` of all are among them)."""
    terms = words(query[:MAX_QUERY])
    if not terms:
        return []
    items, minutes, resolutions, actions, papers = searched(user, partnership_id)
    stems = _Stems(terms)

    def best(queryset: QuerySet, kind: str) -> list[tuple[Any, float]]:
        return _candidates(queryset, kind, SEARCHED[kind], stems, per_kind)

    results: list[Result] = []
    for item, rank in best(items, ITEM):
        results.append(_about_item(ITEM, item, item.description, rank))
    for item, rank in best(minutes, MINUTES):
        results.append(_about_item(MINUTES, item, item.minutes, rank))
    for resolution, rank in best(resolutions, RESOLUTION):
        results.append(_about_item(RESOLUTION, resolution.item, resolution.text, rank))
    for action, rank in best(actions, ACTION):
        results.append(
            Result(
                ACTION,
                shortened(action.description, 120),
                action.description,
                action.get_absolute_url(),
                action.body.name,
                action.meeting.start if action.meeting else None,
                rank,
                action.body.partnership.name,
                meeting=action.meeting.heading if action.meeting else "",
            )
        )
    results.extend(_about_papers(best(papers, PAPER)))
    results.sort(key=lambda r: r.rank, reverse=True)
    return results


def _about_item(kind: str, item: AgendaItem, text: str, rank: float) -> Result:
    meeting = item.meeting
    url = f"{meeting.get_absolute_url()}#item-{item.pk}"
    body = meeting.body
    return Result(
        kind,
        item.title,
        text,
        url,
        body.name,
        meeting.start,
        rank,
        body.partnership.name,
        meeting=meeting.heading,
    )


def _about_papers(found: list[tuple[Paper, float]]) -> list[Result]:
    """Papers found, each linked as the meeting's page links it (its current file, or
    its item when it has none) and saying which item of which meeting it is for; two
    queries whatever their number. A paper the reader may see is of an item they may
    see (`Paper.visible_to` asks at least what `AgendaItem.visible_to` does), so its
    item's title and number tell them nothing new; the number is counted from every
    item, as the meeting's page numbers them (a restricted item leaves a gap)."""
    if not found:
        return []
    with_files = set(
        PaperVersion.objects.filter(paper__in=[paper.pk for paper, _ in found]).values_list(
            "paper_id", flat=True
        )
    )
    places = AgendaItem.objects.filter(
        meeting__in={paper.item.meeting_id for paper, _ in found}
    ).values_list("meeting_id", "pk", "parent_id", "position")
    by_meeting: dict[int, list[rules.ItemPlace]] = {}
    for meeting_id, *place in places:
        by_meeting.setdefault(meeting_id, []).append(rules.ItemPlace(*place))
    numbers: dict[int, str] = {}
    for agenda in by_meeting.values():
        numbers.update(rules.item_numbers(agenda))
    results = []
    for paper, rank in found:
        item, number = paper.item, numbers.get(paper.item_id, "")
        meeting, body = item.meeting, item.meeting.body
        url = paper.get_absolute_url() if paper.pk in with_files else item.get_absolute_url()
        text = f"For item {number}: {item.title}"
        results.append(
            Result(
                PAPER,
                paper.title,
                text,
                url,
                body.name,
                meeting.start,
                rank,
                body.partnership.name,
                number,
                meeting=meeting.heading,
            )
        )
    return results


# -- The site search's section (`core.search`) ------------------------------------


def find_for_site(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[SiteHit]:
    """The best of `search` for the site search, each saying what it is and where: the
    best `limit` of all are among the best `limit` of each kind, so no more are read."""
    hits = []
    for result in search(query, user, partnership_id, per_kind=limit)[:limit]:
        where = f"{result.where} ({result.partnership})"
        hits.append(SiteHit(result.title, result.url, f"{result.what}: {where}"))
    return hits


def _search_page(query: str, partnership_id: int | None) -> str:
    """The meetings' own search, of the same partnership (or of all of them)."""
    where = {"scope": ALL_PARTNERSHIPS} if partnership_id is None else {}
    return f"{reverse('meetings_outputs:search')}?{urlencode({'q': query} | where)}"


def register_section() -> None:
    register(Section("meetings", "Meetings", 40, find_for_site, more_url=_search_page))
