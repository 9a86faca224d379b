"""Pages of the co-location finder and its opportunities, for the partnership's own
signed-in people only (see `models_colocation.py` and `permissions_colocation.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from roundtable.assets import queries_colocation as queries
from roundtable.assets import services_colocation as services
from roundtable.assets.forms_colocation import FinderForm, OpportunityForm, SaveOpportunityForm
from roundtable.assets.models import Asset
from roundtable.assets.models_colocation import Opportunity, OpportunityStatus
from roundtable.assets.permissions_colocation import (
    CHANGE,
    get_opportunity_for_user,
    may_keep_opportunities,
    may_make_project,
    require_colocation,
    sees_colocation,
)
from roundtable.core.forms import add_service_errors
from roundtable.core.pages import form_page
from roundtable.core.permissions import by_pk, opens_for, refuse
from roundtable.lis import maps
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership


@dataclass(frozen=True)
class FinderPage:
    form: FinderForm
    finding: queries.Finding | None  # None while the form has errors
    rows: list[dict[str, Any]]  # per group: number, group, sites with their pages
    map_groups: list[dict[str, Any]]
    can_save: bool
    outlines: Any = None  # the boroughs' and MSOAs' addresses drawn under the map


def _rows(finding: queries.Finding, partnership_id: int) -> list[dict[str, Any]]:
    return [
        {
            "number": number,
            "group": group,
            "sites": [
                {
                    "site": s,
                    "url": queries.asset_url(partnership_id, s.id),
                    "illustrative": s.id in finding.illustrative,
                }
                for s in group.sites
            ],
        }
        for number, group in enumerate(finding.groups, start=1)
    ]


@opens_for(by_pk(sees_colocation))
def colocation(request: HttpRequest) -> HttpResponse:
    """The finder: its thresholds as a GET form, the groups as a table and a map."""
    partnership = current_partnership(request)
    require_colocation(request.user, partnership.pk)
    form = FinderForm(request.GET or None)
    finding = None
    if not form.is_bound or form.is_valid():
        options = form.options()
        on = form.day(timezone.localdate())
        finding = queries.find(request.user, partnership, options, on)
    page = FinderPage(
        form=form,
        finding=finding,
        rows=_rows(finding, partnership.pk) if finding else [],
        map_groups=queries.map_data(finding) if finding else [],
        can_save=may_keep_opportunities(request.user, partnership.pk),
        outlines=maps.outlines_of(partnership.area if partnership.area_id else None),
    )
    return render(request, "assets/colocation/finder.html", {"page": page})


@require_POST
def opportunity_add(request: HttpRequest) -> HttpResponse:
    """ "Save as an opportunity", from a group of the finder's table."""
    partnership = current_partnership(request)
    if not may_keep_opportunities(request.user, partnership.pk):
        raise refuse(request.user)
    form = SaveOpportunityForm(request.POST)
    if form.is_valid():
        try:
            saved = services.save_opportunity(
                request.user,
                partnership,
                asset_ids=form.cleaned_data["assets"],
                options=form.options(),
                on=form.day(timezone.localdate()),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved \u201c{saved.title}\u201d as an opportunity")
            return redirect(saved)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    query = request.POST.copy()
    for name in ("csrfmiddlewaretoken", "assets"):
        query.pop(name, None)
    return redirect(f"{reverse('assets:colocation')}?{query.urlencode()}")


@opens_for(by_pk(sees_colocation))
def opportunities(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_colocation(request.user, partnership.pk)
    status = request.GET.get("status", "")
    status = status if status in OpportunityStatus.values else ""
    context = {
        "opportunities": queries.opportunities(request.user, partnership, status=status),
        "status": status,
        "statuses": OpportunityStatus.choices,
        "can_save": may_keep_opportunities(request.user, partnership.pk),
    }
    return render(request, "assets/colocation/opportunities.html", context)


@dataclass(frozen=True)
class OpportunityPage:
    opportunity: Opportunity
    assets: list[tuple[Asset, str]]  # each with its page
    project_url: str
    can_change: bool
    can_make_project: bool


def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity_for_user(request.user, pk)
    show_partnership(request, opportunity.partnership)
    page = OpportunityPage(
        opportunity=opportunity,
        assets=[
            (a, queries.asset_url(a.partnership_id, a.pk))
            for a in queries.assets_of(request.user, opportunity)
        ],
        project_url=queries.project_url(opportunity.project) if opportunity.project else "",
        can_change=may_keep_opportunities(request.user, opportunity.partnership_id),
        can_make_project=may_make_project(request.user, opportunity),
    )
    return render(request, "assets/colocation/opportunity.html", {"page": page})


def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, opportunity.partnership)
    form = OpportunityForm(
        request.POST or None,
        opportunity_status=opportunity.status,
        initial={n: getattr(opportunity, n) for n in ("title", "notes", "status")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_opportunity(request.user, opportunity, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Opportunity saved")
            return redirect(opportunity)
    template = "assets/colocation/opportunity_form.html"
    return form_page(request, form, template, opportunity=opportunity)


@require_POST
def opportunity_project(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Turn into a project": a new unpublished project, linked to the opportunity."""
    opportunity = get_opportunity_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, opportunity.partnership)
    try:
        project = services.turn_into_project(request.user, opportunity)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied as refusal:
        # The projects app's rule on who may lead it: said on the page, not a 403.
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Made the project \u201c{project.title}\u201d (unpublished)")
    return redirect(opportunity)
