"""Needs assessment pages: the index by theme, a page (printable), writing one with
a preview, a published page's draft of its next edition, publishing and taking back
to draft, and its versions."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from roundtable.core.permissions import by_pk, opens_for
from roundtable.lis import needs_queries, needs_services
from roundtable.lis.needs_forms import NeedsPageForm
from roundtable.lis.needs_models import (
    TEXT_FIELDS,
    NeedsPage,
    NeedsStatus,
    may_edit_needs,
    working_text,
)
from roundtable.lis.needs_permissions import (
    get_edition,
    get_needs_page_for_user,
    get_version_for_user,
    require_needs_editor,
)
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Partnership


@dataclass
class PageView:
    page: Any
    parts: list[needs_queries.BodyPart]
    can_edit: bool
    errors: list[str]


def needs_index(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    pages = needs_queries.pages_for(request.user, partnership)
    context = {
        "themes": needs_queries.by_theme(pages),
        "can_edit": may_edit_needs(request.user, partnership.pk),
        "partnership": partnership,
    }
    return render(request, "lis/needs/index.html", context)


def _show(request: HttpRequest, page: NeedsPage, errors: list[str] | None = None) -> HttpResponse:
    """The page as the public reads it (a published page's draft is at `needs_draft`)."""
    view = PageView(
        page,
        needs_queries.render_body(page.body, page.partnership),
        may_edit_needs(request.user, page.partnership_id),
        errors or [],
    )
    return render(request, "lis/needs/page.html", {"view": view}, status=400 if errors else 200)


def needs_draft(request: HttpRequest, slug: str) -> HttpResponse:
    """A published page's draft of its next edition, as it would read (editors only)."""
    page = get_needs_page_for_user(request.user, current_partnership(request), slug, edit=True)
    show_partnership(request, page.partnership)
    if not page.has_draft:
        return redirect(page.get_absolute_url())
    text = working_text(page)
    parts = needs_queries.render_body(text.body, page.partnership)
    context = {"page": page, "text": text, "parts": parts, "can_edit": True}
    return render(request, "lis/needs/draft.html", context)


def needs_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_needs_page_for_user(request.user, current_partnership(request), slug)
    show_partnership(request, page.partnership)
    return _show(request, page)


@opens_for(by_pk(may_edit_needs))
def needs_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_needs_editor(request.user, partnership)
    return _write(request, partnership, None)


def needs_edit(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_needs_page_for_user(request.user, current_partnership(request), slug, edit=True)
    show_partnership(request, page.partnership)
    return _write(request, page.partnership, page)


def _write(request: HttpRequest, partnership: Partnership, page: NeedsPage | None) -> HttpResponse:
    """The form: Preview shows the page as it would be; Save writes a version (of a
    published page, its draft of the next edition)."""
    initial = asdict(working_text(page)) if page else {}
    form = NeedsPageForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        text = needs_services.PageText(**form.cleaned_data)
        if request.POST.get("action") == "preview":
            preview = needs_queries.render_body(text.body, partnership)
        else:
            try:
                if page is None:
                    page = needs_services.create_needs_page(request.user, partnership, text)
                else:
                    page = needs_services.update_needs_page(request.user, page, text)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _saved(page))
                return redirect(page.get_absolute_url())
    context = {"form": form, "page": page, "preview": preview, "partnership": partnership}
    return render(request, "lis/needs/edit.html", context, status=400 if form.errors else 200)


def _saved(page: NeedsPage) -> str:
    if page.has_draft:
        return (
            "Draft saved. The public keeps seeing the published page until you publish the draft."
        )
    if page.status == NeedsStatus.PUBLISHED:
        return "Saved. The draft is the same as the published page, so there is nothing to publish."
    return "Draft saved. Only editors can see it until you publish it."


@require_POST
def needs_preview(request: HttpRequest) -> HttpResponse:
    """The body as it would be shown (htmx, as the editor types)."""
    partnership = current_partnership(request)
    require_needs_editor(request.user, partnership)
    parts = needs_queries.render_body(request.POST.get("body", ""), partnership)
    return render(request, "lis/needs/partials/_body.html", {"parts": parts, "can_edit": True})


@require_POST
def needs_publish(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_needs_page_for_user(request.user, current_partnership(request), slug, edit=True)
    show_partnership(request, page.partnership)
    again = page.has_draft
    try:
        needs_services.publish_needs_page(request.user, page)
    except ValidationError as error:
        return _show(request, page, [m for ms in error.message_dict.values() for m in ms])
    if again:
        messages.success(request, "Published: the draft is now the page everyone sees.")
    return redirect(page.get_absolute_url())


@require_POST
def needs_discard(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_needs_page_for_user(request.user, current_partnership(request), slug, edit=True)
    show_partnership(request, page.partnership)
    if page.has_draft:
        needs_services.discard_needs_draft(request.user, page)
        messages.success(request, "Draft discarded. Its text is kept in the page's history.")
    return redirect(page.get_absolute_url())


@require_POST
def needs_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_needs_page_for_user(request.user, current_partnership(request), slug, edit=True)
    show_partnership(request, page.partnership)
    needs_services.unpublish_needs_page(request.user, page)
    return redirect(page.get_absolute_url())


def needs_history(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_needs_page_for_user(request.user, current_partnership(request), slug, edit=True)
    show_partnership(request, page.partnership)
    versions = list(needs_queries.versions(page))
    rows = [(v, versions[i + 1] if i + 1 < len(versions) else None) for i, v in enumerate(versions)]
    return render(request, "lis/needs/history.html", {"page": page, "rows": rows})


def needs_version(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    page = get_needs_page_for_user(request.user, current_partnership(request), slug, edit=True)
    show_partnership(request, page.partnership)
    version = get_version_for_user(request.user, page, version_id)
    text = working_text(version)
    parts = needs_queries.render_body(text.body, page.partnership)
    context = {"page": page, "version": version, "text": text, "parts": parts, "can_edit": True}
    return render(request, "lis/needs/version.html", context)


def needs_compare(request: HttpRequest, slug: str) -> HttpResponse:
    """Two versions' text as written (a published page's draft, where it had one),
    line by line (`?old=<id>&new=<id>`)."""
    page = get_needs_page_for_user(request.user, current_partnership(request), slug, edit=True)
    show_partnership(request, page.partnership)
    old = get_version_for_user(request.user, page, _number(request.GET.get("old")))
    new = get_version_for_user(request.user, page, _number(request.GET.get("new")))
    old_text, new_text = working_text(old), working_text(new)
    lines = [
        (line[:1], line)
        for field in TEXT_FIELDS
        for line in difflib.unified_diff(
            str(getattr(old_text, field)).splitlines(),
            str(getattr(new_text, field)).splitlines(),
            fromfile=f"{field} (version of {old.history_date:%d %b %Y %H:%M})",
            tofile=f"{field} (version of {new.history_date:%d %b %Y %H:%M})",
            lineterm="",
        )
    ]
    context = {"page": page, "old": old, "new": new, "lines": lines}
    return render(request, "lis/needs/compare.html", context)


def needs_editions(request: HttpRequest, slug: str) -> HttpResponse:
    """Every edition of a published page the public has seen, newest first."""
    page = get_needs_page_for_user(request.user, current_partnership(request), slug)
    show_partnership(request, page.partnership)
    editions = needs_queries.published_editions(page)
    return render(request, "lis/needs/editions.html", {"page": page, "editions": editions})


def needs_edition(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    """One earlier edition's text, with today's figures."""
    page = get_needs_page_for_user(request.user, current_partnership(request), slug)
    show_partnership(request, page.partnership)
    edition = get_edition(page, version_id)
    parts = needs_queries.render_body(edition.body, page.partnership)
    context = {"page": page, "edition": edition, "parts": parts}
    return render(request, "lis/needs/edition.html", context)


def _number(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0
