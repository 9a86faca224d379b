"""Partners' data entry and sign-off, the returns dashboard and the data issues log.

Included under "performance/" beside `performance.urls`, in its own namespace.
"""

from __future__ import annotations

from django.urls import path, re_path, register_converter

from roundtable.performance import lists, returns_queries, views_entry
from roundtable.performance.periods import Period, parse_quarter


class QuarterConverter:
    """A reporting quarter in a URL: "2011-12-Q2" is 2011/12 Q2."""

    regex = r"\d{4}-\d{2}-Q[1-4]"

    def to_python(self, value: str) -> Period:
        return parse_quarter(value)

    def to_url(self, value: Period | str) -> str:
        period = parse_quarter(value) if isinstance(value, str) else value
        return returns_queries.quarter_key(period)


register_converter(QuarterConverter, "fyquarter")

app_name = "performance_entry"

RETURN = "entry/<int:organisation_id>/<fyquarter:quarter>/"

urlpatterns = [
    path(RETURN, views_entry.entry, name="entry"),
    path(f"{RETURN}upload/", views_entry.entry_upload, name="entry-upload"),
    path(f"{RETURN}submit/", views_entry.entry_submit, name="entry-submit"),
    path(f"{RETURN}approve/", views_entry.entry_approve, name="entry-approve"),
    path(f"{RETURN}return/", views_entry.entry_return, name="entry-return"),
    path(f"{RETURN}reopen/", views_entry.entry_reopen, name="entry-reopen"),
    path(f"{RETURN}withdraw/", views_entry.entry_withdraw, name="entry-withdraw"),
    path(f"{RETURN}status/", views_entry.entry_status, name="entry-status"),
    path("my-returns/", views_entry.my_returns, name="my-returns"),
    path("dashboard/", views_entry.dashboard, name="dashboard"),
    re_path(
        r"^dashboard\.(?P<fmt>csv|xlsx)$",
        lists.RETURNS.download,
        name="dashboard-download",
    ),
    path("data-issues/", views_entry.data_issues, name="data-issues"),
    re_path(
        r"^data-issues\.(?P<fmt>csv|xlsx)$",
        lists.DATA_ISSUES.download,
        name="data-issues-download",
    ),
]
