"""Pages of the joint asset register: the register (list), an asset's page, the add
and edit form, the asset settings, the "data received" coverage page and the asset
map. Who sees what is in `models.py`; who may change what in `permissions.py`. The
map's points come from `asset_map_data` (compact JSON), read through the same
filters as the table; the API gives the same rows as JSON and GeoJSON (`api.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from roundtable.assets import queries, rules, services
from roundtable.assets.choices import Tenure
from roundtable.assets.forms import AssetFilterForm, AssetForm, AssetSettingsForm
from roundtable.assets.models import Asset
from roundtable.assets.permissions import (
    CHANGE,
    get_asset_for_user,
    may_add_assets,
    may_edit_asset,
    may_manage_assets,
    require_assets_internals,
    require_manage_assets,
    sees_asset_figures,
    sees_assets_internals,
)
from roundtable.core.forms import add_service_errors
from roundtable.core.pages import form_page
from roundtable.core.permissions import opens_for, refuse
from roundtable.lis import maps
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.queries import organisations_to_act_for

PAGE_SIZE = 100
#: The table beside the map lists at most this many assets (the map shows them all).
MAP_TABLE_ROWS = 200


@dataclass
class Register:
    """What the register and the map show: the filter form, the filtered assets and
    whether the viewer sees their figures."""

    form: AssetFilterForm
    filters: queries.AssetFilters
    rows: Any
    sees_figures: bool
    query: str
    sees_plans: bool = False


def _register(request: HttpRequest) -> Register:
    partnership = current_partnership(request)
    settings = queries.settings_for(partnership.pk)
    sees_figures = sees_asset_figures(request.user, partnership, settings)
    # Plans (disposal, acquisition, review) are internal, like the notes.
    sees_plans = sees_assets_internals(request.user, partnership)
    form = AssetFilterForm(
        request.GET or None,
        owners=queries.owners(request.user, partnership.pk),
        uses=queries.uses(request.user, partnership.pk),
        sees_figures=sees_figures,
        sees_plans=sees_plans,
    )
    filters = form.filters()
    rows = queries.register(
        request.user,
        partnership.pk,
        filters,
        sees_figures=sees_figures,
        today=timezone.localdate(),
        sees_plans=sees_plans,
    )
    chosen = {
        k: v
        for k, v in request.GET.items()
        if k in form.fields and v and k not in (form.errors if form.is_bound else {})
    }
    return Register(form, filters, rows, sees_figures, urlencode(chosen), sees_plans)


def asset_list(request: HttpRequest) -> HttpResponse:
    """The register: every asset the viewer may see, filtered and sorted."""
    partnership = current_partnership(request)
    found = _register(request)
    page: Page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "register": found,
        "page": page,
        "can_add": may_add_assets(request.user, partnership),
        "can_manage": may_manage_assets(request.user, partnership),
        "sees_internals": sees_assets_internals(request.user, partnership),
    }
    return render(request, "assets/list.html", context)


def asset_map(request: HttpRequest) -> HttpResponse:
    """The map (drawn by `assets/map.js` from `asset_map_data`), its totals by owner
    and the table of the same assets; htmx swaps the results when a filter changes."""
    found = _register(request)
    assets = list(found.rows[:MAP_TABLE_ROWS])
    total = len(assets) if len(assets) < MAP_TABLE_ROWS else found.rows.count()
    context = {
        "register": found,
        "assets": assets,
        "total": total,
        "truncated": total > len(assets),
        "illustrative": any(a.is_illustrative for a in assets),
        "totals": queries.totals_by_owner(found.rows, with_costs=found.sees_figures),
        "map_data": reverse("assets:asset-map-data") + ("?" + found.query if found.query else ""),
    }
    if request.htmx:
        return render(request, "assets/partials/_map_results.html", context)
    # The partnership's boroughs drawn under the points (no outside tiles: the CSP).
    partnership = current_partnership(request)
    context["outlines"] = maps.outlines_of(partnership.area if partnership.area_id else None)
    return render(request, "assets/map.html", context)


def asset_map_data(request: HttpRequest) -> HttpResponse:
    """The map's points for the same filters, as compact JSON (`queries.map_points`);
    `page` is the address of an asset's page without its number."""
    found = _register(request)
    data = queries.map_points(found.rows, sees_figures=found.sees_figures)
    data["page"] = reverse("assets:asset-detail", args=[0])[: -len("0/")]
    data["tenures"] = dict(Tenure.choices)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, content_type="application/json")


def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_asset_for_user(request.user, pk)
    show_partnership(request, asset.partnership)
    settings = queries.settings_for(asset.partnership_id)
    context = {
        "asset": asset,
        "sees_figures": sees_asset_figures(request.user, asset.partnership, settings),
        "sees_internals": sees_assets_internals(request.user, asset.partnership),
        "can_edit": may_edit_asset(request.user, asset),
    }
    return render(request, "assets/asset.html", context)


def _form(request: HttpRequest, partnership: Any, **kwargs: Any) -> AssetForm:
    """Editors add assets for their own organisation; administrators for any."""
    organisations = organisations_to_act_for(
        request.user,
        partnership.pk,
        any_of_them=may_manage_assets(request.user, partnership),
        partners_only=False,
    )
    return AssetForm(request.POST or None, organisations=organisations, **kwargs)


def _save_page(request: HttpRequest, form: AssetForm, asset: Asset | None) -> HttpResponse:
    """Save the asset and go to it; or show the form (again)."""
    partnership = current_partnership(request)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_asset(
                request.user, asset or Asset(), partnership=partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{saved.name} saved")
            return redirect(saved)
    title = f"Edit {asset}" if asset else "Add an asset"
    return form_page(request, form, "assets/asset_form.html", asset=asset, title=title)


@opens_for(may_add_assets)
def asset_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    if not may_add_assets(request.user, partnership):
        raise refuse(request.user)
    initial = {"owner": request.user.organisation_id, "is_public": True}
    return _save_page(request, _form(request, partnership, initial=initial), None)


def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_asset_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, asset.partnership)
    names = [name for name in AssetForm.base_fields if name != "owner"]
    initial = {name: getattr(asset, name) for name in names}
    initial["owner"] = asset.owner_id
    return _save_page(request, _form(request, asset.partnership, initial=initial), asset)


@opens_for(may_manage_assets)
def asset_settings(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_manage_assets(request.user, partnership)
    found = queries.settings_for(partnership.pk)
    # Not `request.POST or None`: unticking the only box posts nothing, and the
    # form must still be bound to save it.
    form = AssetSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"figures_are_public": found.figures_are_public},
    )
    if request.method == "POST" and form.is_valid():
        services.save_asset_settings(request.user, partnership, **form.cleaned_data)
        messages.success(request, "Asset settings saved")
        return redirect("assets:asset-list")
    return render(request, "assets/settings.html", {"form": form})


@opens_for(sees_assets_internals)
def coverage(request: HttpRequest) -> HttpResponse:
    """ "Data received": per owner, how many assets and how many have each field."""
    partnership = current_partnership(request)
    require_assets_internals(request.user, partnership)
    context = {
        "owners": queries.coverage(request.user, partnership.pk),
        "fields": rules.COVERAGE_FIELDS,
    }
    return render(request, "assets/coverage.html", context)
