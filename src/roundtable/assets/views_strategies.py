"""Pages of partners' asset strategies: the list by organisation (what a board
member reads at the annual review), the add and edit form, and a strategy's
history. Who sees what is in `models_strategies.py`; who may change what in
`permissions_strategies.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from roundtable.assets import queries_strategies as queries
from roundtable.assets import services_strategies as services
from roundtable.assets.forms_strategies import StrategyForm
from roundtable.assets.models_strategies import AssetStrategy
from roundtable.assets.permissions import may_manage_assets, sees_assets_internals
from roundtable.assets.permissions_strategies import (
    CHANGE,
    get_strategy_for_user,
    may_add_strategies,
    may_edit_strategy,
)
from roundtable.core.forms import add_service_errors
from roundtable.core.history import render_history
from roundtable.core.pages import form_page
from roundtable.core.permissions import opens_for, refuse
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.queries import organisations_to_act_for


def strategy_list(request: HttpRequest) -> HttpResponse:
    """Every strategy the viewer may see, by organisation."""
    partnership = current_partnership(request)
    groups = queries.by_organisation(request.user, partnership.pk, today=timezone.localdate())
    editable = {
        row.strategy.pk
        for group in groups
        for row in group.rows
        if may_edit_strategy(request.user, row.strategy)
    }
    context = {
        "groups": groups,
        "total": sum(len(g.rows) for g in groups),
        "editable": editable,
        "can_add": may_add_strategies(request.user, partnership),
        "sees_internals": sees_assets_internals(request.user, partnership),
    }
    return render(request, "assets/strategies/list.html", context)


def _form(request: HttpRequest, partnership: Any, **kwargs: Any) -> StrategyForm:
    """Editors add strategies for their own organisation; administrators for any."""
    organisations = organisations_to_act_for(
        request.user,
        partnership.pk,
        any_of_them=may_manage_assets(request.user, partnership),
        partners_only=False,
    )
    return StrategyForm(request.POST or None, organisations=organisations, **kwargs)


def _save_page(
    request: HttpRequest, form: StrategyForm, strategy: AssetStrategy | None
) -> HttpResponse:
    partnership = current_partnership(request)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_strategy(
                request.user,
                strategy or AssetStrategy(),
                partnership=partnership,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{saved} saved")
            return redirect(saved.get_absolute_url())
    title = f"Edit {strategy}" if strategy else "Add an asset strategy"
    return form_page(request, form, "assets/strategies/form.html", strategy=strategy, title=title)


@opens_for(may_add_strategies)
def strategy_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    if not may_add_strategies(request.user, partnership):
        raise refuse(request.user)
    initial = {"organisation": request.user.organisation_id, "is_public": True}
    return _save_page(request, _form(request, partnership, initial=initial), None)


def strategy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = get_strategy_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, strategy.partnership)
    initial = {name: getattr(strategy, name) for name in StrategyForm.base_fields}
    initial["organisation"] = strategy.organisation_id
    return _save_page(request, _form(request, strategy.partnership, initial=initial), strategy)


def strategy_history(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = get_strategy_for_user(request.user, pk)
    show_partnership(request, strategy.partnership)
    return render_history(
        request, strategy, title=str(strategy), back_url=strategy.get_absolute_url()
    )
