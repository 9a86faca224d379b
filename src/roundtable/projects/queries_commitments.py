"""Reads of commitments. Every one starts from `visible_to`; the performance
report's narrative measures (`narrative_sections`) read as the public does for
the public report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from roundtable.core.history import HistoryEntry, entries_of, history_entries
from roundtable.core.words import shortened
from roundtable.partnership.models import Organisation
from roundtable.performance.report import NarrativeRow, NarrativeSection
from roundtable.projects import rules_commitments as rules
from roundtable.projects.choices_commitments import CommitmentKind, CommitmentStatus
from roundtable.projects.models_commitments import (
    Commitment,
    CommitmentAction,
    Evidence,
    Signatory,
)

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.performance.periods import Period


def commitments(
    user: User | AnonymousUser, partnership_id: int, *, kind: str = "", status: str = ""
) -> QuerySet[Commitment]:
    """The partnership's commitments the user may see, by kind and status, with
    their owners and leads (three queries whatever their number)."""
    rows = (
        Commitment.objects.visible_to(user)
        .filter(partnership_id=partnership_id)
        .prefetch_related("owner_organisations", "leads")
    )
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    return rows


def with_parts(rows: QuerySet[Commitment], user: User | AnonymousUser) -> QuerySet[Commitment]:
    """`rows` with their actions, evidence and signatories as `user` may see them
    (for the API)."""
    return rows.select_related("agreed_at__body").prefetch_related(
        "owner_organisations",
        "leads",
        Prefetch(
            "actions",
            queryset=CommitmentAction.objects.visible_to(user).select_related("owner_organisation"),
        ),
        Prefetch("evidence", queryset=Evidence.objects.visible_to(user)),
        Prefetch(
            "signatories",
            queryset=Signatory.objects.visible_to(user).select_related("organisation"),
        ),
    )


@dataclass(frozen=True)
class ActionView:
    action: CommitmentAction
    state: rules.ActionState


@dataclass(frozen=True)
class CommitmentPage:
    """Everything a commitment's page shows (STYLE.md 13)."""

    commitment: Commitment
    owners: list
    leads: list
    priorities: list
    actions: list[ActionView]
    evidence: list[Evidence]
    signatories: list[Signatory]
    review: rules.ReviewState
    overdue: int
    can_change: bool
    can_sign: bool
    can_see_history: bool = False


def commitment_page(
    user: User | AnonymousUser,
    commitment: Commitment,
    *,
    today: datetime.date,
    can_change: bool,
    can_sign: bool,
    can_see_history: bool = False,
) -> CommitmentPage:
    actions = list(
        CommitmentAction.objects.visible_to(user)
        .filter(commitment=commitment)
        .select_related("owner_organisation")
    )
    views = [ActionView(a, rules.action_state(a.due, a.done, today)) for a in actions]
    return CommitmentPage(
        commitment=commitment,
        owners=list(commitment.owner_organisations.all()),
        leads=list(commitment.leads.select_related("organisation")),
        priorities=list(commitment.priorities.all()),
        actions=views,
        evidence=list(
            Evidence.objects.visible_to(user).filter(commitment=commitment).select_related("action")
        ),
        signatories=list(
            Signatory.objects.visible_to(user)
            .filter(commitment=commitment)
            .select_related("organisation")
        ),
        review=rules.review_state(commitment.review_on, commitment.status, today),
        overdue=sum(v.state is rules.ActionState.OVERDUE for v in views),
        can_change=can_change,
        can_sign=can_sign,
        can_see_history=can_see_history,
    )


def _parts_history(model: type, commitment: Commitment, name: Any) -> list[HistoryEntry]:
    """The history of every `model` part of `commitment` there is or was, each
    entry named by `name(latest historical row)`."""
    rows = list(
        model.history.filter(commitment_id=commitment.pk)
        .select_related("history_user__person")
        .order_by("id", "history_date", "history_id")
    )
    by_part: dict[int, list[Any]] = {}
    for row in rows:
        by_part.setdefault(row.id, []).append(row)
    entries: list[HistoryEntry] = []
    for part_rows in by_part.values():
        entries += entries_of(part_rows, name(part_rows[-1]))
    return entries


def commitment_history(commitment: Commitment) -> list[HistoryEntry]:
    """Who changed what and when, newest first: the commitment itself, and its
    actions, evidence and signatures, deleted ones included (for the History tab,
    which `permissions_commitments.may_see_history` opens to the partnership's
    signed-in people)."""
    signers = Organisation.objects.in_bulk(
        Signatory.history.filter(commitment_id=commitment.pk).values_list(
            "organisation_id", flat=True
        )
    )

    def signer(row: Any) -> str:
        organisation = signers.get(row.organisation_id)
        return f"Signature of {organisation.name if organisation else 'a partner'}"

    entries = history_entries(commitment)
    entries += _parts_history(
        CommitmentAction, commitment, lambda row: f"Action '{shortened(row.action, 60)}'"
    )
    entries += _parts_history(Evidence, commitment, lambda row: f"Evidence '{row.title}'")
    entries += _parts_history(Signatory, commitment, signer)
    return sorted(entries, key=lambda e: e.when, reverse=True)


def narrative_sections(partnership_id: int, period: Period, public: bool) -> list[NarrativeSection]:
    """The partnership's equality objectives as narrative measures for the
    performance report (registered in `ProjectsConfig.ready`): those the public may
    see for the public report, every one of the partnership's for its own people;
    withdrawn ones left out. Objectives sharing one narrative (the Ealing pack
    reports its objectives together) make one row. Two queries."""
    rows = Commitment.objects.filter(
        partnership_id=partnership_id, kind=CommitmentKind.EQUALITY_OBJECTIVE
    ).exclude(status=CommitmentStatus.WITHDRAWN)
    if public:
        rows = rows.visible_to(AnonymousUser())
    rows = rows.prefetch_related("leads").order_by("pk")
    grouped: dict[tuple[str, datetime.date | None], list[Commitment]] = {}
    for commitment in rows:
        if commitment.progress:
            key = (commitment.progress, commitment.progress_on)
        else:  # no narrative yet: a row of its own
            key = (f"#{commitment.pk}", None)
        grouped.setdefault(key, []).append(commitment)
    out = []
    for (_, as_at), group in grouped.items():
        first = group[0]
        statuses = {c.get_status_display() for c in group}
        leads = list(dict.fromkeys(str(p) for c in group for p in c.leads.all()))
        out.append(
            NarrativeRow(
                measures=tuple(c.title for c in group),
                narrative=first.progress,
                as_at=as_at,
                status=statuses.pop() if len(statuses) == 1 else "",
                lead=", ".join(leads),
                url=first.get_absolute_url() if len(group) == 1 else "",
                illustrative=any(c.is_illustrative for c in group),
            )
        )
    return [NarrativeSection("Equality objectives", tuple(out), anchor="equality-objectives")]
