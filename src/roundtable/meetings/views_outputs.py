"""Views for the meetings' machine-readable outputs: calendar and Atom feeds, board
packs, the ModernGov-compatible service and the search page.

Each one checks access through the `visible_to` queryset methods (feeds and the
ModernGov service always read as the public) and hands the work to its module:
`calendars`, `feeds`, `pack`, `moderngov`, `search`.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from roundtable.core.search import search_scope
from roundtable.meetings import calendars, feeds, moderngov, pack, queries
from roundtable.meetings import search as meetings_search
from roundtable.meetings.models import Meeting
from roundtable.meetings.queries import with_published_agendas
from roundtable.partnership.access import manages_body
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Body


def _feed(request: HttpRequest, name: str, meetings: object) -> HttpResponse:
    # meetings with body, open items, their papers and versions, every item's place.
    public = with_published_agendas(meetings.select_related("body"), AnonymousUser())
    content = calendars.calendar_for(
        name,
        public.order_by("start", "pk"),
        lambda m: request.build_absolute_uri(m.get_absolute_url()),
    )
    response = HttpResponse(content, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{slugify(name)}.ics"'
    return response


@require_GET
def body_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Every meeting of one body, cancelled ones included."""
    body = get_object_or_404(Body.objects.select_related("partnership"), slug=slug)
    show_partnership(request, body.partnership)
    return _feed(request, body.name, Meeting.objects.filter(body=body))


#: A body's Atom feed of its published agendas and decisions, read as the public
#: whoever asks (`feeds.BodyFeed`, `queries.body_feed`).
body_feed = require_GET(feeds.BodyFeed())


@require_GET
def partnership_calendar(request: HttpRequest) -> HttpResponse:
    """Every meeting of every body of the partnership being looked at
    (`?partnership=<slug>`, else the current one)."""
    partnership = current_partnership(request)
    return _feed(request, partnership.name, Meeting.objects.filter(partnership=partnership))


@require_GET
@cache_control(private=True, no_cache=True)
def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's board pack: the full pack for the body's members and managers,
    the public pack for everyone else. Before the agenda is published, only its
    managers may have it."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__partnership"), pk=pk)
    if not meeting.agenda_is_published and not manages_body(request.user, meeting.body_id):
        raise Http404
    show_partnership(request, meeting.body.partnership)
    content = pack.build_pack(meeting, request.user, request.build_absolute_uri)
    response = HttpResponse(content, content_type="application/pdf")
    filename = slugify(pack.pack_title(meeting))
    response["Content-Disposition"] = (
        f'inline; filename="{filename}-{pack.edition_for(request.user, meeting)}-pack.pdf"'
    )
    return response


# ModernGov-compatible service ---------------------------------------------------


def _xml(content: bytes) -> HttpResponse:
    return HttpResponse(content, content_type=moderngov.CONTENT_TYPE)


def _refuse(fix: str) -> HttpResponse:
    return HttpResponseBadRequest(fix, content_type="text/plain; charset=utf-8")


def _scope(request: HttpRequest) -> str:
    """The partnership whose records the service lists: the one in the address
    (`/ealing/mgWebService.asmx/`), else `?partnership=`, else every one."""
    shown = getattr(request, "address_partnership", None)
    return shown.slug if shown is not None else request.GET.get("partnership", "")


@require_GET
def moderngov_committees(request: HttpRequest) -> HttpResponse:
    """Every body, as ModernGov lists committees (`?partnership=<slug>` for one)."""
    committees = queries.moderngov_committees(_scope(request), request.build_absolute_uri)
    return _xml(moderngov.committees_xml(committees))


@require_GET
def moderngov_meetings(request: HttpRequest) -> HttpResponse:
    """Meetings of one body (`lCommitteeId`; 0 for every body) between `sFromDate`
    and `sToDate` (dd/mm/yyyy, either may be 0 or left out)."""
    try:
        committee = moderngov.parse_id(request.GET.get("lCommitteeId") or "0")
        since = moderngov.parse_date(request.GET.get("sFromDate", ""))
        until = moderngov.parse_date(request.GET.get("sToDate", ""))
    except ValueError as problem:
        example = moderngov.date_example(timezone.localdate())
        return _refuse(
            f"{problem}. lCommitteeId is a committee id (0 for all); sFromDate and sToDate "
            f"are dates like {example}."
        )
    meetings = queries.moderngov_meetings(
        _scope(request), committee, since, until, request.build_absolute_uri
    )
    return _xml(moderngov.meetings_xml(meetings))


@require_GET
def moderngov_meeting(request: HttpRequest) -> HttpResponse:
    """One meeting (`lMeetingId`) with its published agenda, read as the public."""
    try:
        pk = moderngov.parse_id(request.GET.get("lMeetingId", ""))
    except ValueError:
        return _refuse("lMeetingId must be a meeting id, like 42.")
    sheet = queries.moderngov_meeting(pk, _scope(request), request.build_absolute_uri)
    if sheet is None:
        raise Http404
    return _xml(moderngov.meeting_xml(sheet))


@require_GET
def moderngov_attachment(request: HttpRequest) -> HttpResponse:
    """One paper (`lAttachmentId`) the public may see: 404 for any other."""
    try:
        pk = moderngov.parse_id(request.GET.get("lAttachmentId", ""))
    except ValueError:
        return _refuse("lAttachmentId must be an attachment id, like 42.")
    paper = queries.moderngov_attachment(pk, _scope(request), request.build_absolute_uri)
    if paper is None:
        raise Http404
    return _xml(moderngov.attachment_xml(paper))


# Search -------------------------------------------------------------------------


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search published agendas, papers, minutes, resolutions and actions the visitor
    may see, in the partnership looked at or, by choice, in every partnership."""
    query = " ".join(request.GET.get("q", "").split())[: meetings_search.MAX_QUERY]
    scope = search_scope(request.GET.get("scope", ""), getattr(request, "partnership", None))
    results = meetings_search.search(query, request.user, scope.partnership_id) if query else []
    context = {"query": query, "results": results, "scope": scope}
    return render(request, "meetings/search.html", context)
