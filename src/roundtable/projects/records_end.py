"""What a higher app knows of where a partnership's project records end: a hook.

A live partnership's milestone that is past its due date and not marked done is
overdue, and its project page says so. The demo is different: its projects are as one
board pack left them (Ealing's LSP Executive, 16 January 2012), so every milestone
the pack planned is years past due with nothing to say whether it was met; "Overdue"
would say the partnership let it slip, which no paper says. Until someone records an
update after that day, such a milestone is "Not recorded" (`rules.milestone_state`). Only the
`demo` app knows which partnerships it loaded, and `projects` may not import it, so it
registers from its `AppConfig.ready()`::

    from roundtable.projects.records_end import register_records_end
    register_records_end("demo", demo_projects_records_end)

A hook takes the partnership and returns a `RecordsEnd` (the last day its records
speak for, and a sentence saying so, without its full stop) or None when it has
nothing to say of that partnership. It must not query the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership


@dataclass(frozen=True)
class RecordsEnd:
    """The last day a partnership's project records speak for, and why."""

    on: datetime.date
    note: str


RecordsEndOf = Callable[["Partnership"], RecordsEnd | None]

_HOOKS: dict[str, RecordsEndOf] = {}


def register_records_end(key: str, hook: RecordsEndOf) -> None:
    """Add a hook; registering a key again replaces it."""
    _HOOKS[key] = hook


def records_end(partnership: Partnership) -> RecordsEnd | None:
    """The first registered hook's answer for `partnership`, or None."""
    for hook in _HOOKS.values():
        found = hook(partnership)
        if found is not None:
            return found
    return None
