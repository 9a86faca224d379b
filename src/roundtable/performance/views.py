"""Performance pages: the indicator library, an indicator's figures, the report."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from roundtable.core.exports import download_links
from roundtable.core.forms import add_service_errors
from roundtable.core.history import render_history
from roundtable.core.imports import read_table, run_upload
from roundtable.core.pages import form_page
from roundtable.core.permissions import Action, by_pk, opens_for
from roundtable.partnership.access import is_administrator, sees_internal_figures
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.permissions import require_administrator
from roundtable.performance import lists, queries, returns_queries, rules, services
from roundtable.performance.forms import (
    DataIssueForm,
    IndicatorForm,
    MeasuresForm,
    PerformanceImportForm,
    PerformanceSettingsForm,
)
from roundtable.performance.imports import import_data_issues, import_indicators, import_values
from roundtable.performance.models import DataIssue, PerformanceSettings
from roundtable.performance.periods import Period, parse_period, period_from_slug
from roundtable.performance.permissions import get_indicator_for_user
from roundtable.performance.report import Report, report_json
from roundtable.strategy.models import Objective, Priority
from roundtable.strategy.permissions import get_objective_for_user, get_priority_for_user


def indicator_list(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    internal = sees_internal_figures(request.user, partnership.pk)
    indicators = list(lists.indicator_list(request))
    themes: dict[str, list] = {}
    for indicator in indicators:
        themes.setdefault(indicator.theme or "Other", []).append(indicator)
    return render(
        request,
        "performance/indicator_list.html",
        {
            "themes": themes,
            "count": len(indicators),
            # The quarter `report/` opens at for this reader: one with figures they see.
            "latest": queries.default_period(partnership, request.user),
            "can_edit": is_administrator(request.user, partnership.pk),
            # The returns dashboard is for the partnership's own signed-in people.
            "sees_returns": internal,
            "downloads": download_links(request, "performance:indicator-list-download"),
        },
    )


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk)
    show_partnership(request, indicator.partnership)
    internal = sees_internal_figures(request.user, indicator.partnership_id)
    page = queries.indicator_page(indicator, request.user)
    return render(
        request,
        "performance/indicator_detail.html",
        {
            "indicator": indicator,
            "values": page.values,
            "commentary": page.commentary,
            "issues": page.issues,
            "replaced_by": page.replaced_by,
            "replaces": page.replaces,
            "measured": queries.measured_by(indicator),
            "illustrative": rules.stored_illustrative_settings(indicator.illustrative_settings),
            "internal": internal,
            "can_edit": is_administrator(request.user, indicator.partnership_id),
            "enter_figures": returns_queries.indicator_return(
                request.user, indicator, timezone.localdate()
            ),
        },
    )


def indicator_history(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk)
    show_partnership(request, indicator.partnership)
    return render_history(
        request, indicator, title=str(indicator), back_url=indicator.get_absolute_url()
    )


def _report(
    request: HttpRequest, periods: list[Period] | None = None, slug: str | None = None
) -> Report:
    """The report for the period the address names (`slug`, else `?period=`;
    default: the latest of `periods`, the quarters with figures the user may
    see), public unless the user is one of the partnership's own signed-in people."""
    partnership = current_partnership(request)
    try:
        if slug is not None:
            period = period_from_slug(slug)
        else:
            text = request.GET.get("period", "").strip()
            period = (
                parse_period(text)
                if text
                else queries.default_period(partnership, request.user, periods)
            )
    except ValueError as error:
        raise Http404(str(error)) from None
    if period is None:
        raise Http404("There are no figures yet")
    internal = sees_internal_figures(request.user, partnership.pk)
    return queries.build_report(partnership, period, public=not internal)


def _downloads(period: Period) -> dict[str, str]:
    query = urlencode({"period": str(period)})
    return {
        fmt: f"{reverse(f'performance:report-{fmt}')}?{query}" for fmt in ("pdf", "xlsx", "json")
    }


def report(request: HttpRequest, period: str | None = None) -> HttpResponse:
    """The report of the period the address names: `report/2011-12-q2/`.
    `report/` goes to the latest period with figures (for now, so not for good);
    `report/?period=2011/12 Q2`, the old address, goes to its period for good."""
    from roundtable.performance import renderers

    partnership = current_partnership(request)
    periods = queries.report_periods(partnership, request.user)
    if period is None:
        asked = request.GET.get("period", "").strip()
        if not asked and not periods and queries.latest_quarter(partnership) is None:
            # The home page links here from the first day: say why there is no report.
            return render(request, "performance/report_empty.html", {"partnership": partnership})
        built = _report(request, periods)
        query = request.GET.copy()
        query.pop("period", None)
        target = reverse("performance:report-period", args=[built.period.slug])
        target = f"{target}?{query.urlencode()}" if query else target
        return redirect(target, permanent=bool(asked))
    built = _report(request, periods, slug=period)
    if period != built.period.slug:  # "2011-12-Q2" or "2011%2F12 Q2": one address each
        return redirect(
            reverse("performance:report-period", args=[built.period.slug]), permanent=True
        )
    return renderers.render_html(
        request,
        built,
        downloads=_downloads(built.period),
        periods=periods,
        status=renderers.status_from_colour(request.GET.get("status", "")),
    )


def _filename(built: Report, extension: str) -> str:
    return f"performance-report-{str(built.period).replace('/', '-').replace(' ', '-')}.{extension}"


def report_json_view(request: HttpRequest) -> HttpResponse:
    built = _report(request)
    return HttpResponse(
        json.dumps(report_json(built), ensure_ascii=False, indent=2),
        content_type="application/json",
    )


def report_pdf(request: HttpRequest) -> HttpResponse:
    from roundtable.performance import renderers

    built = _report(request)
    response = HttpResponse(renderers.render_pdf(built), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(built, "pdf")}"'
    return response


def report_xlsx(request: HttpRequest) -> HttpResponse:
    from roundtable.performance import renderers

    built = _report(request)
    response = HttpResponse(
        renderers.render_xlsx(built),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(built, "xlsx")}"'
    return response


# Editing definitions (the partnership's administrators) ----------------------------


def _edit_page(request: HttpRequest, form: object, title: str, back_url: str) -> HttpResponse:
    return form_page(request, form, "partnership/form.html", title=title, back_url=back_url)


@opens_for(by_pk(is_administrator))
def indicator_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    form = IndicatorForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        indicator = services.save_indicator(request.user, form.save(commit=False))
        messages.success(request, f"{indicator.code} added")
        return redirect(indicator)
    return _edit_page(request, form, "Add an indicator", reverse("performance:indicator-list"))


IMPORTERS = {"indicators": import_indicators, "values": import_values, "issues": import_data_issues}


@opens_for(by_pk(is_administrator))
def performance_import(request: HttpRequest) -> HttpResponse:
    """Import indicators, figures or data issues from a spreadsheet (administrators)."""
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    form = PerformanceImportForm(request.POST or None, request.FILES or None)
    errors, summary = run_upload(
        request,
        form,
        lambda data: IMPORTERS[data["kind"]](
            read_table(data["file"], data["file"].name), partnership, request.user
        ),
    )
    context = {"form": form, "errors": errors, "summary": summary, "partnership": partnership}
    status = 400 if errors or form.errors else 200
    return render(request, "performance/import.html", context, status=status)


def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk)
    show_partnership(request, indicator.partnership)
    require_administrator(request.user, indicator.partnership)
    form = IndicatorForm(
        request.POST or None, instance=indicator, partnership=indicator.partnership
    )
    if request.method == "POST" and form.is_valid():
        services.save_indicator(request.user, form.save(commit=False))
        messages.success(request, f"{indicator.code} updated")
        return redirect(indicator)
    return _edit_page(request, form, f"Edit {indicator.code}", indicator.get_absolute_url())


@opens_for(by_pk(is_administrator))
def data_issue_add(request: HttpRequest) -> HttpResponse:
    return _data_issue_form(request, None)


def data_issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _data_issue_form(request, pk)


def _data_issue_form(request: HttpRequest, pk: int | None) -> HttpResponse:
    partnership = current_partnership(request)
    issue = get_object_or_404(DataIssue, pk=pk, partnership=partnership) if pk else None
    require_administrator(request.user, partnership)
    form = DataIssueForm(request.POST or None, instance=issue, partnership=partnership)
    back = reverse("performance_entry:data-issues")
    if request.method == "POST" and form.is_valid():
        services.save_data_issue(request.user, form.save(commit=False))
        messages.success(request, "Data issue saved")
        return redirect(back)
    title = "Record a data issue" if issue is None else "Update a data issue"
    return _edit_page(request, form, title, back)


@opens_for(by_pk(is_administrator))
def performance_settings(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    settings, _ = PerformanceSettings.objects.get_or_create(partnership=partnership)
    form = PerformanceSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        services.save_performance_settings(request.user, form)
        messages.success(request, "Performance settings saved")
        return redirect("performance:indicator-list")
    title = "How status is judged and who signs off figures"
    return _edit_page(request, form, title, reverse("performance:indicator-list"))


# Which indicators measure a strategy priority or objective --------------------------


def _measures_page(
    request: HttpRequest, measured: Priority | Objective, *, what: str, inset: str
) -> HttpResponse:
    show_partnership(request, measured.strategy.partnership)
    is_objective = isinstance(measured, Objective)
    current = list(measured.indicators.values_list("pk", flat=True))
    form = MeasuresForm(
        request.POST or None,
        initial={"indicators": current},
        partnership_id=measured.partnership_id,
        objective=is_objective,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_measured_indicators(
                request.user, measured, form.cleaned_data["indicators"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Indicators saved for {what}")
            return redirect(measured.get_absolute_url())
    return form_page(
        request,
        form,
        "strategy/form.html",
        title=f"Indicators of {what}",
        inset=inset,
        back_url=measured.get_absolute_url(),
    )


@login_required
def priority_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators say which indicators measure a priority."""
    priority = get_priority_for_user(request.user, pk, action=Action.CHANGE)
    return _measures_page(
        request, priority, what=f"priority {priority.ref}", inset=priority.wording
    )


@login_required
def objective_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators say which indicators measure an objective."""
    objective = get_objective_for_user(request.user, pk, action=Action.CHANGE)
    parent = (
        f"priority {objective.priority.ref}" if objective.priority_id else objective.approach.name
    )
    return _measures_page(
        request, objective, what=f"an objective of {parent}", inset=objective.text
    )
