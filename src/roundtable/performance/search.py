"""The performance app's part of the site search (`core.search`): indicators, the
data issues log and the responsible officers' commentary, each through its model's
`visible_to` (an issue or a commentary is seen where its indicator and figures are)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.search import Hit, Section, register
from roundtable.core.words import shortened
from roundtable.partnership.addresses import partnership_reverse
from roundtable.partnership.queries import in_partnership, search_filter
from roundtable.performance.models import Commentary, DataIssue, Indicator
from roundtable.performance.periods import period_words
from roundtable.performance.queries import commentary_anchor

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

#: The words a search hit quotes of a long text, at most.
QUOTED = 90


def find_indicators(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Indicator.objects.visible_to(user)
        .filter(in_partnership(partnership_id), search_filter(query, ["code", "name", "theme"]))
        .select_related("partnership")
        .order_by("code", "pk")[:limit]
    )
    return [
        Hit(str(i), i.get_absolute_url(), ", ".join(filter(None, [i.theme, i.partnership.name])))
        for i in found
    ]


def find_data_issues(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    """Issues whose wording, recommended or board decision holds every word, newest
    first; each leads to its row of the data issues log."""
    found = (
        DataIssue.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id),
            search_filter(query, ["issue", "recommended_decision", "board_decision"]),
        )
        .select_related("indicator", "partnership")
        .order_by("-raised_on", "-pk")[:limit]
    )
    return [
        Hit(
            f"{issue.indicator.code if issue.indicator else 'General'}: "
            f"{shortened(issue.issue, QUOTED)}",
            partnership_reverse(issue.partnership_id, "performance_entry:data-issues")
            + f"#issue-{issue.pk}",
            ", ".join(
                [f"Data issue ({issue.get_status_display().lower()})", issue.partnership.name]
            ),
        )
        for issue in found
    ]


def find_commentary(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    """Commentary holding every word in its progress, key events, challenges or
    mitigating actions, newest period first; each leads to its indicator's page."""
    found = (
        Commentary.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id),
            search_filter(query, ["progress", "key_events", "challenges", "mitigations"]),
        )
        .select_related("indicator", "partnership")
        .order_by("-period", "indicator__code", "pk")[:limit]
    )
    return [
        Hit(
            f"{note.indicator.code} {note.indicator.name}: commentary for "
            f"{period_words(note.period)}",
            f"{note.indicator.get_absolute_url()}#{commentary_anchor(note.period)}",
            ", ".join(filter(None, [note.indicator.theme, note.partnership.name])),
        )
        for note in found
    ]


def register_sections() -> None:
    register(Section("indicators", "Indicators", 30, find_indicators))
    register(Section("data-issues", "Data issues", 31, find_data_issues))
    register(Section("commentary", "Performance commentary", 32, find_commentary))
