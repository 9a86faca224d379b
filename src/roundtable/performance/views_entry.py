"""Partners' data entry with sign-off, the returns dashboard and the data issues log.

An agency's return is its figures and commentary for one reporting quarter. Its
editors (and the partnership's administrators) enter or upload them and submit
them; an administrator or performance lead approves them, which locks them, or
returns them with a reason; a correction re-opens them with a logged reason.

The reads behind these pages are in returns_queries.py and queries.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from roundtable.core.exports import download_links
from roundtable.core.forms import ErrorLink, field_error_links, field_href, non_field_error_links
from roundtable.core.imports import ImportFailed, RowError, not_imported, read_table
from roundtable.core.permissions import by_pk, opens_for, refuse
from roundtable.partnership.access import is_administrator, sees_internal_figures
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Organisation
from roundtable.performance import lists, queries, returns, returns_queries, services
from roundtable.performance.choices import SubmissionState
from roundtable.performance.forms import (
    AgencyReturnForm,
    MissingReasonsForm,
    ReasonForm,
    ValuesUploadForm,
)
from roundtable.performance.models import MissingFigure, Submission
from roundtable.performance.periods import Period
from roundtable.performance.permissions import (
    ReturnAccess,
    get_return_for_user,
    may_enter_figures,
    may_sign_off,
    may_work_on_returns,
    openable_returns,
)
from roundtable.performance.returns_queries import TAG_COLOURS, dashboard_url, entry_url
from roundtable.performance.services_entry import import_agency_values, save_agency_return

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def _require_editor(user: User | AnonymousUser, access: ReturnAccess) -> None:
    if not access.can_edit:
        raise refuse(user)


def _require_sign_off(user: User | AnonymousUser, access: ReturnAccess) -> None:
    if not access.can_sign_off:
        raise refuse(user)


# The return's form -----------------------------------------------------------------


def return_form(
    access: ReturnAccess, data: Any = None, *, read_only: bool = False
) -> AgencyReturnForm:
    """The return's figures and commentary form, filled with what is saved
    (`returns_queries.agency_return`)."""
    saved = returns_queries.agency_return(access.organisation, access.quarter)
    settings = returns_queries.return_settings(access.organisation.partnership_id)
    return AgencyReturnForm(
        data,
        quarter=access.quarter,
        indicators=saved.indicators,
        values=saved.values,
        commentary=saved.commentary,
        read_only=read_only,
        jump_factor=settings.jump_factor,
        status_url=entry_url(access.organisation.pk, access.quarter, "entry-status"),
        reporting_from=settings.reporting_from,
    )


# Page context --------------------------------------------------------------------------

# What the error summary says happened, by what was tried: every action's service
# writes all or nothing (`transaction.atomic`), so a failed submission or decision
# leaves the return as it was, and figures saved before stay saved.
NOT_DONE = {
    "save": "Nothing has been saved. Correct the problems below and try again.",
    "upload": (
        "Nothing from the file has been saved. Correct these rows in the file and upload it again."
    ),
    "submit": (
        "The return has not been submitted. Figures and commentary saved before are kept "
        "as they were."
    ),
    "withdraw": "The submission has not been withdrawn.",
    "approve": "The figures have not been approved.",
    "return": "The figures have not been returned for changes.",
    "reopen": "The approved figures have not been re-opened.",
}


@dataclass
class AgencyReturnPage:
    """Everything the return page shows."""

    access: ReturnAccess
    form: AgencyReturnForm
    upload_form: ValuesUploadForm
    return_form: ReasonForm
    reopen_form: ReasonForm
    errors: list[RowError] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notice: str = ""
    missing_form: MissingReasonsForm | None = None
    missing_reasons: list[MissingFigure] = field(default_factory=list)
    attempt: str = "save"  # what was tried, when the page shows errors (`NOT_DONE`)
    # Where the figures are while this quarter's return has none (a first return, or
    # the demo's old figures): `returns_queries.latest_figures`.
    latest: returns_queries.LatestFigures | None = None

    @property
    def not_done(self) -> str:
        """The error summary's first words: what did not happen."""
        return NOT_DONE[self.attempt]

    @property
    def organisation(self) -> Organisation:
        return self.access.organisation

    @property
    def expected(self) -> bool:
        """Whether a return is expected for the quarter at all (`returns.return_expected`:
        not before the partnership's "Reporting from" quarter)."""
        return returns.return_expected(self.quarter, self.form.reporting_from)

    @property
    def quarter(self) -> Period:
        return self.access.quarter

    @property
    def submission(self) -> Submission | None:
        return self.access.submission

    @property
    def state_label(self) -> str:
        return self.access.state.label

    @property
    def state_colour(self) -> str:
        return TAG_COLOURS[self.access.state]

    @property
    def locked(self) -> bool:
        return self.access.locked

    @property
    def editable(self) -> bool:
        return self.access.can_edit and not self.access.closed

    @property
    def may_withdraw(self) -> bool:
        return self.access.can_edit and self.access.state == SubmissionState.SUBMITTED

    @property
    def nothing_due(self) -> bool:
        """The quarter asks the agency for no figure (it leads only indicators
        measured less often), so there is no return to submit."""
        return not any(p.required for row in self.form.rows for p in row.periods)

    @property
    def may_submit(self) -> bool:
        return (
            self.access.can_edit
            and self.access.state in (SubmissionState.DRAFT, SubmissionState.RETURNED)
            and not self.nothing_due
        )

    @property
    def may_decide(self) -> bool:
        return self.access.can_sign_off and self.access.state == SubmissionState.SUBMITTED

    @property
    def may_reopen(self) -> bool:
        return self.access.can_sign_off and self.access.locked

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.problems
            or self.errors
            or self.upload_form.errors
            or self.return_form.errors
            or self.reopen_form.errors
            or (self.missing_form is not None and self.missing_form.errors)
        )

    @property
    def error_links(self) -> list[ErrorLink]:
        """Every form's problems for the error summary, an upload's linked to its file
        (its rows' problems, when it had some, in place of what its input says of them)."""
        file_href = field_href(self.upload_form["file"])
        return [
            *(("", str(problem)) for problem in self.problems),
            *non_field_error_links(self.form),
            *field_error_links(self.form),
            *(() if self.errors else field_error_links(self.upload_form)),
            *((file_href, str(error)) for error in self.errors),
            *non_field_error_links(self.return_form),
            *non_field_error_links(self.reopen_form),
            *field_error_links(self.return_form),
            *field_error_links(self.missing_form),
            *field_error_links(self.reopen_form),
        ]

    @property
    def returned(self) -> bool:
        return self.access.state == SubmissionState.RETURNED

    def url(self, name: str = "entry") -> str:
        return entry_url(self.organisation.pk, self.quarter, name)

    @property
    def urls(self) -> dict[str, str]:
        names = ("entry", "entry-upload", "entry-submit", "entry-approve", "entry-return")
        more = ("entry-reopen", "entry-withdraw")
        return {n.replace("-", "_"): self.url(n) for n in (*names, *more)}

    @property
    def dashboard_url(self) -> str:
        return dashboard_url(self.quarter)


def _reason_forms(data: Any = None, which: str = "") -> tuple[ReasonForm, ReasonForm]:
    return (
        ReasonForm(
            data if which == "return" else None,
            prefix="return",
            label="Why are the figures being returned?",
            required_message="Enter why the figures are being returned",
        ),
        ReasonForm(
            data if which == "reopen" else None,
            prefix="reopen",
            label="Why do the approved figures need correcting?",
            required_message="Enter why the approved figures need correcting",
        ),
    )


def _page(request: HttpRequest, access: ReturnAccess, **parts: Any) -> AgencyReturnPage:
    show_partnership(request, access.organisation.partnership)
    return_reason, reopen_reason = _reason_forms()
    defaults: dict[str, Any] = {
        "upload_form": ValuesUploadForm(),
        "return_form": return_reason,
        "reopen_form": reopen_reason,
    }
    if "form" not in parts:
        defaults["form"] = return_form(access, read_only=access.closed or not access.can_edit)
    if access.state != SubmissionState.DRAFT:
        defaults["missing_reasons"] = returns_queries.missing_reasons(access.submission)
    organisation = access.organisation
    defaults["latest"] = returns_queries.latest_figures(
        organisation.partnership, access.quarter, organisation
    )
    return AgencyReturnPage(access=access, **{**defaults, **parts})


def _render(request: HttpRequest, page: AgencyReturnPage, *, invalid: bool = False) -> HttpResponse:
    """The whole page, or for htmx the return partial it is built from (htmx swaps
    only successful responses, so a page with errors is a 200 there)."""
    if request.htmx:
        return render(request, "performance/partials/_entry_return.html", {"page": page})
    status = 400 if invalid else 200
    return render(request, "performance/entry_return.html", {"page": page}, status=status)


def _done(request: HttpRequest, access: ReturnAccess, notice: str) -> HttpResponse:
    if request.htmx:
        fresh = get_return_for_user(request.user, access.organisation.pk, access.quarter)
        return _render(request, _page(request, fresh, notice=notice))
    messages.success(request, notice)
    return redirect(entry_url(access.organisation.pk, access.quarter))


# Views ----------------------------------------------------------------------------------


def entry(request: HttpRequest, organisation_id: int, quarter: Period) -> HttpResponse:
    """An agency's return for a quarter; a POST saves every figure and commentary,
    or none of them if anything is wrong."""
    access = get_return_for_user(request.user, organisation_id, quarter)
    if request.method != "POST":
        return _render(request, _page(request, access))
    _require_editor(request.user, access)
    form = return_form(access, request.POST)
    if access.closed:
        form.add_error(None, _locked_message(access))
    if form.is_valid():
        try:
            saved = save_agency_return(
                request.user, access.organisation, quarter, form.figures, form.commentary_entries
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            notice = f"Saved {saved} change{'s' if saved != 1 else ''}" if saved else "No changes"
            return _done(request, access, notice)
    return _render(request, _page(request, access, form=form), invalid=True)


UNSAVED_AT_SUBMIT = (
    "Some figures or commentary on this page are not saved yet, so the return was not "
    "submitted. Save them with “Save figures and commentary”, then submit."
)


def _locked_message(access: ReturnAccess) -> str:
    if access.state == SubmissionState.SUBMITTED:
        return (
            f"{access.organisation}'s figures for {access.quarter.label} are submitted for "
            "approval and locked. Withdraw the submission to change them, or wait for a "
            "performance lead to return them."
        )
    return (
        f"{access.organisation}'s figures for {access.quarter.label} are approved and locked. "
        "Ask a performance lead to re-open them, with a reason, to correct them."
    )


@require_POST
def entry_upload(request: HttpRequest, organisation_id: int, quarter: Period) -> HttpResponse:
    """Upload the return's figures from a CSV or XLSX file: all rows or none."""
    access = get_return_for_user(request.user, organisation_id, quarter)
    _require_editor(request.user, access)
    upload_form = ValuesUploadForm(request.POST, request.FILES)
    errors: list[RowError] = []
    if upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            summary = import_agency_values(
                request.user, access.organisation, quarter, read_table(upload, upload.name)
            )
        except ImportFailed as failure:
            errors = failure.errors
            upload_form.add_error("file", not_imported(len(errors)))
        else:
            counts = summary.outcomes
            notice = (
                f"Uploaded {summary.rows} row{'s' if summary.rows != 1 else ''}: "
                f"{counts['created']} added, {counts['changed']} changed, "
                f"{counts['unchanged']} unchanged"
            )
            return _done(request, access, notice)
    page = _page(request, access, upload_form=upload_form, errors=errors, attempt="upload")
    return _render(request, page, invalid=True)


@require_POST
def entry_submit(request: HttpRequest, organisation_id: int, quarter: Period) -> HttpResponse:
    """Submit the figures; with figures missing, list them and ask for a reason for
    each and a confirmation (the second POST carries them)."""
    access = get_return_for_user(request.user, organisation_id, quarter)
    _require_editor(request.user, access)
    typed = return_form(access, request.POST)
    if typed.unsaved():
        page = _page(request, access, form=typed, problems=[UNSAVED_AT_SUBMIT], attempt="submit")
        return _render(request, page, invalid=True)
    try:
        services.submit_figures(request.user, access.organisation, quarter)
    except services.MissingFigures as missing:
        answered = "missing-confirm" in request.POST or "missing-every" in request.POST
        form = MissingReasonsForm(
            request.POST if answered else None,
            missing=missing.missing,
            previous=returns_queries.previous_missing_reasons(access.submission),
        )
        if not form.is_valid():
            page = _page(request, access, missing_form=form, attempt="submit")
            return _render(request, page, invalid=answered)
        return _transition(
            request,
            access,
            lambda: services.submit_figures(
                request.user, access.organisation, quarter, form.reasons
            ),
            "Figures submitted for approval",
            attempt="submit",
        )
    except ValidationError as error:
        page = _page(request, access, problems=error.messages, attempt="submit")
        return _render(request, page, invalid=True)
    return _done(request, access, "Figures submitted for approval")


@require_POST
def entry_withdraw(request: HttpRequest, organisation_id: int, quarter: Period) -> HttpResponse:
    """The agency takes its submitted figures back to change them."""
    access = get_return_for_user(request.user, organisation_id, quarter)
    _require_editor(request.user, access)
    return _transition(
        request,
        access,
        lambda: services.withdraw_submission(request.user, _submission(access)),
        "Submission withdrawn: you can change the figures and submit them again",
        attempt="withdraw",
    )


def entry_status(request: HttpRequest, organisation_id: int, quarter: Period) -> HttpResponse:
    """The status one period's typed figures would get (htmx, as you type): the
    `key` names the indicator and period as the return's inputs do."""
    access = get_return_for_user(request.user, organisation_id, quarter)
    show_partnership(request, access.organisation.partnership)
    form = return_form(access, request.GET)
    form.is_valid()
    key = request.GET.get("key", "")
    row = next((p for r in form.rows for p in r.periods if p.key == key), None)
    if row is None:
        raise Http404("No such figure on this return")
    return render(
        request,
        "performance/partials/_entry_status.html",
        {"p": row},
    )


@require_POST
def entry_approve(request: HttpRequest, organisation_id: int, quarter: Period) -> HttpResponse:
    access = get_return_for_user(request.user, organisation_id, quarter)
    _require_sign_off(request.user, access)
    return _transition(
        request,
        access,
        lambda: services.approve_figures(request.user, _submission(access)),
        "Figures approved and locked",
        attempt="approve",
    )


@require_POST
def entry_return(request: HttpRequest, organisation_id: int, quarter: Period) -> HttpResponse:
    access = get_return_for_user(request.user, organisation_id, quarter)
    _require_sign_off(request.user, access)
    return _decide_with_reason(request, access, "return", services.return_figures)


@require_POST
def entry_reopen(request: HttpRequest, organisation_id: int, quarter: Period) -> HttpResponse:
    access = get_return_for_user(request.user, organisation_id, quarter)
    _require_sign_off(request.user, access)
    return _decide_with_reason(request, access, "reopen", services.reopen_figures)


def _submission(access: ReturnAccess) -> Submission:
    if access.submission is None:
        raise ValidationError("These figures have not been submitted yet")
    return access.submission


def _transition(
    request: HttpRequest, access: ReturnAccess, action: Any, notice: str, *, attempt: str
) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        page = _page(request, access, problems=error.messages, attempt=attempt)
        return _render(request, page, invalid=True)
    return _done(request, access, notice)


def _decide_with_reason(
    request: HttpRequest, access: ReturnAccess, which: str, service: Any
) -> HttpResponse:
    """Return or re-open the figures, with the reason the form asks for."""
    return_reason, reopen_reason = _reason_forms(request.POST, which)
    form = return_reason if which == "return" else reopen_reason
    if form.is_valid():
        try:
            service(request.user, _submission(access), form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason" if hasattr(error, "error_dict") else None, error.messages)
        else:
            done = "returned" if which == "return" else "re-opened for correction"
            return _done(request, access, f"Figures {done}")
    page = _page(
        request, access, return_form=return_reason, reopen_form=reopen_reason, attempt=which
    )
    return _render(request, page, invalid=True)


@opens_for(by_pk(sees_internal_figures))
def dashboard(request: HttpRequest) -> HttpResponse:
    """What each agency still has to give for a quarter: for the partnership's own
    signed-in people only."""
    board = lists.returns_dashboard(request)
    # Link only the returns this viewer may open.
    organisations = [agency.organisation for agency in board.agencies]
    openable = openable_returns(request.user, current_partnership(request).pk, organisations)
    for agency in board.agencies:
        agency.can_open = agency.organisation.pk in openable
    downloads = download_links(request, "performance_entry:dashboard-download")
    return render(
        request, "performance/dashboard.html", {"dashboard": board, "downloads": downloads}
    )


@opens_for(by_pk(may_work_on_returns))
def my_returns(request: HttpRequest) -> HttpResponse:
    """The returns the person makes or approves: due, overdue and awaiting approval.
    For those who enter or approve figures in this partnership; others are refused."""
    partnership = current_partnership(request)
    if not may_work_on_returns(request.user, partnership.pk):
        raise refuse(request.user)
    page = returns_queries.my_returns(
        partnership,
        request.user.organisation if may_enter_figures(request.user, partnership.pk) else None,
        approver=may_sign_off(request.user, partnership.pk),
        today=timezone.localdate(),
    )
    return render(request, "performance/my_returns.html", {"page": page})


def data_issues(request: HttpRequest) -> HttpResponse:
    """The data issues log: public, except issues on indicators not marked public."""
    partnership = current_partnership(request)
    internal = sees_internal_figures(request.user, partnership.pk)
    page = queries.data_issues_for(partnership, internal=internal)
    can_edit = is_administrator(request.user, partnership.pk)
    downloads = download_links(request, "performance_entry:data-issues-download")
    return render(
        request,
        "performance/data_issues.html",
        {"page": page, "can_edit": can_edit, "downloads": downloads},
    )
