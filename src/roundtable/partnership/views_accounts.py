"""The partnership's Accounts pages: its administrators list, invite and change the
accounts of its people. Each view checks access (`permissions`), binds the form and
calls the service (`services.invite_account`…), where the rules are enforced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from roundtable.core.forms import add_service_errors
from roundtable.core.history import render_history
from roundtable.core.pages import form_page
from roundtable.core.permissions import opens_for
from roundtable.partnership import queries, services
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.forms import AccountChangeForm, AccountFilterForm, AccountInviteForm
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.permissions import (
    get_account_for_user,
    may_manage_account,
    may_manage_accounts,
    require_manage_accounts,
)
from roundtable.partnership.rules import account_filters, invitation_to_send_again

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from roundtable.accounts.models import User

PAGE_SIZE = 50


@opens_for(may_manage_accounts)
def account_list(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_manage_accounts(request.user, partnership)
    filters = account_filters(request.GET)
    accounts = queries.accounts_of(partnership, filters)
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(account, may_manage_account(request.user, account)) for account in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnership/account_list.html",
        {
            "page": page,
            "rows": rows,
            "partnership": partnership,
            "filter_form": AccountFilterForm.showing(filters),
            "filtered": filters.any,
            "query": query.urlencode(),
        },
    )


@opens_for(may_manage_accounts)
def account_invite(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_manage_accounts(request.user, partnership)
    form = AccountInviteForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.invite_account(
                request.user,
                partnership,
                email=data["email"],
                username=data["username"],
                role=data["role"],
                organisation=data["organisation"],
                person=data["person"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Invitation sent to {account.email} (username {account.username})"
            )
            return redirect("account-list")
    return form_page(
        request,
        form,
        "partnership/account_invite.html",
        partnership=partnership,
        back_url=reverse("account-list"),
    )


def _change_form(request: HttpRequest, account: User, data: object = None) -> AccountChangeForm:
    initial = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "role": account.role,
        "organisation": account.organisation_id,
        "person": account.person_id,
    }
    return AccountChangeForm(data, initial=initial, partnership=account.partnership)


def _account_page(request: HttpRequest, account: User, form: AccountChangeForm) -> HttpResponse:
    return form_page(
        request,
        form,
        "partnership/account_detail.html",
        account=account,
        may_resend=services.may_resend_invitation(account),
        is_self=account.pk == request.user.pk,
        back_url=reverse("account-list"),
    )


def _found(request: HttpRequest, pk: int) -> User:
    account = get_account_for_user(request.user, pk)
    if account.partnership is not None:
        show_partnership(request, account.partnership)
    return account


def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(request, pk)
    if account.partnership is None:
        # Only a site administrator reaches an account of no partnership: the admin's.
        return redirect("admin:accounts_user_change", account.pk)
    form = _change_form(request, account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, email = form.cleaned_data, account.email
        try:
            services.change_account(request.user, account, **data)
        except ValidationError as error:
            account.refresh_from_db()  # the page shows the account as stored
            add_service_errors(form, error)
        else:
            invited = services.may_resend_invitation(account)
            if invitation_to_send_again(email, account.email, invited=invited):
                messages.success(request, _new_address_message(account))
                return redirect("account-detail", account.pk)
            messages.success(request, f"{account.username}’s account updated")
            return redirect("account-list")
    return _account_page(request, account, form)


def _new_address_message(account: User) -> str:
    return (
        f"{account.username}’s email changed to {account.email}. They have not chosen a "
        "password yet, and the link sent to their old address no longer works: send the "
        "invitation again, below."
    )


def account_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the account and how: for those who may manage it only."""
    account = _found(request, pk)
    return render_history(
        request,
        account,
        title=account.username,
        back_url=reverse("account-detail", args=[account.pk]),
    )


def _refused(request: HttpRequest, account: User, error: ValidationError) -> HttpResponse:
    """Show the account's page again with the refusal in its error summary."""
    account.refresh_from_db()
    form = _change_form(request, account, data=_change_form(request, account).initial)
    form.is_valid()
    add_service_errors(form, error)
    return _account_page(request, account, form)


@require_POST
def account_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_account_active(request.user, account, active)
    except ValidationError as error:
        return _refused(request, account, error)
    state = "reactivated" if active else "deactivated: they can no longer sign in"
    messages.success(request, f"{account.username}’s account {state}")
    return redirect("account-detail", account.pk)


@require_POST
def account_resend(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(request, pk)
    try:
        services.resend_invitation(request.user, account)
    except ValidationError as error:
        return _refused(request, account, error)
    messages.success(request, f"Invitation sent again to {account.email}")
    return redirect("account-detail", account.pk)
