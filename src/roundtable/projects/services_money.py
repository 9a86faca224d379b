"""Every write to projects' money goes through a function here.

Each takes the acting user, checks who may make the change
(`permissions_money.py`), validates with the pure rules (`rules_money.py`), writes
inside `transaction.atomic()` with history (`save_with_history`) and returns the
changed record. Views, the funding import and the demo loader call these; the
import and the loader pass `check=False` (the command runs as the system, the
import page checks `may_import_funding` first).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from roundtable.core.records import (
    assign_changed,
    history_in_bulk,
    save_with_history,
    update_in_bulk,
)
from roundtable.projects import rules_money as rules
from roundtable.projects.models import ProjectsSettings
from roundtable.projects.models_money import (
    BudgetLine,
    Contribution,
    Funding,
    FundingKind,
    FundingSource,
    FundingStatus,
    PooledBudget,
)
from roundtable.projects.permissions_money import (
    may_add_pooled_budget,
    may_change_money_settings,
    may_edit_money,
    may_edit_pooled_budget,
)

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.meetings.models import Meeting
    from roundtable.partnership.models import Organisation, Partnership
    from roundtable.projects.models import Project

DENIED = "Only editors of the project's lead organisation and administrators change its money"


def _year(value: str, name: str, problems: dict[str, str]) -> str:
    try:
        return rules.parse_financial_year(value)
    except rules.YearError as error:
        problems[name] = f"{name}: {error}"
        return value


def _amounts(problems: dict[str, str], **amounts: Decimal | None) -> None:
    for name, amount in amounts.items():
        why = rules.check_amount(amount)
        if why:
            problems[name] = f"{name}: {why}"


def _partner(
    organisation: Organisation | None, partnership_id: int, problems: dict[str, str], name: str
) -> None:
    if organisation is None:
        problems[name] = f"{name}: choose the partner"
    elif organisation.partnership_id != partnership_id or not organisation.is_partner:
        problems[name] = f"{name}: choose one of this partnership's partners"


def save_budget_line(
    actor: User | None,
    line: BudgetLine,
    *,
    project: Project,
    financial_year: str,
    planned: Decimal,
    committed: Decimal = Decimal(0),
    spent: Decimal = Decimal(0),
    notes: str = "",
    check: bool = True,
) -> BudgetLine:
    """Add or change a project's budget line for a financial year."""
    if check and (
        actor is None
        or not may_edit_money(actor, project)
        or (line.pk is not None and not may_edit_money(actor, line.project))
    ):
        raise PermissionDenied(DENIED)
    problems: dict[str, str] = {}
    financial_year = _year(financial_year, "financial_year", problems)
    _amounts(problems, planned=planned, committed=committed, spent=spent)
    if problems:
        raise ValidationError(problems)
    line.project = project
    line.financial_year = financial_year
    line.planned, line.committed, line.spent = planned, committed, spent
    line.notes = notes
    with transaction.atomic():
        save_with_history(line, actor, validate=True)
    return line


def _check_funding(
    project: Project,
    source: str,
    kind: str,
    organisation: Organisation,
    amount: Decimal,
    financial_year: str,
    status: str,
    meeting: Meeting | None,
) -> str:
    """The checks of a funding record's values (a ValidationError naming each field
    refused), shared by `save_funding` and `save_fundings`; returns the financial
    year as stored ("2011/12")."""
    problems: dict[str, str] = {}
    financial_year = _year(financial_year, "financial_year", problems)
    _amounts(problems, amount=amount)
    for name, value, choices in (
        ("source", source, FundingSource),
        ("kind", kind, FundingKind),
        ("status", status, FundingStatus),
    ):
        if value not in choices.values:
            problems[name] = f"{name}: choose one of {', '.join(choices.labels)}"
    _partner(organisation, project.partnership_id, problems, "organisation")
    if meeting is not None and meeting.partnership_id != project.partnership_id:
        problems["meeting"] = "meeting: choose a meeting of this partnership"
    if problems:
        raise ValidationError(problems)
    return financial_year


def save_funding(
    actor: User | None,
    funding: Funding,
    *,
    project: Project,
    source: str,
    kind: str,
    organisation: Organisation,
    amount: Decimal,
    financial_year: str,
    status: str,
    decided_on: datetime.date | None = None,
    meeting: Meeting | None = None,
    notes: str = "",
    check: bool = True,
) -> Funding:
    """Add funding to a project's pipeline or change it: its source, kind, partner,
    amount, year, status and (when decided) the date and meeting."""
    if check and (
        actor is None
        or not may_edit_money(actor, project)
        or (funding.pk is not None and not may_edit_money(actor, funding.project))
    ):
        raise PermissionDenied(DENIED)
    financial_year = _check_funding(
        project, source, kind, organisation, amount, financial_year, status, meeting
    )
    funding.project = project
    funding.source, funding.kind, funding.status = source, kind, status
    funding.organisation = organisation
    funding.amount = amount
    funding.financial_year = financial_year
    funding.decided_on = decided_on
    funding.meeting = meeting
    funding.notes = notes
    with transaction.atomic():
        save_with_history(funding, actor, validate=True)
    return funding


@dataclass
class SavedFunding:
    """What `save_fundings` did, or, in `errors` by row index, why it did nothing."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: dict[int, ValidationError] = field(default_factory=dict)


def save_fundings(
    actor: User | None, rows: list[tuple[Funding | None, dict[str, Any]]], *, check: bool = True
) -> SavedFunding:
    """Add and change many funding records at once, for the import: each row is the
    record to change (None for a new one) and its values as `save_funding` takes
    them, checked the same way (a ValidationError per failing row index, and then
    nothing is written). Only what differs is written, in bulk: new records with
    their history in one insert each, changed ones in one statement and their
    history copied in the database, each entry naming `actor`."""
    result = SavedFunding()
    relations = [f.name for f in Funding._meta.fields if f.is_relation]
    to_create: list[Funding] = []
    to_change: list[Funding] = []
    changed_fields: set[str] = set()
    for index, (found, values) in enumerate(rows):
        project = values["project"]
        if check and (
            actor is None
            or not may_edit_money(actor, project)
            or (found is not None and not may_edit_money(actor, found.project))
        ):
            raise PermissionDenied(DENIED)
        try:
            year = _check_funding(
                project,
                values["source"],
                values["kind"],
                values["organisation"],
                values["amount"],
                values["financial_year"],
                values["status"],
                values.get("meeting"),
            )
        except ValidationError as error:
            result.errors[index] = error
            continue
        fields = {"decided_on": None, "meeting": None, "notes": "", **values}
        fields["financial_year"] = year
        if found is None:
            funding = Funding(**fields)
            to_create.append(funding)
        else:
            funding = found
            changed = {n for n, v in fields.items() if assign_changed(funding, {n: v})}
            if not changed:
                result.unchanged += 1
                continue
            changed_fields |= changed
            to_change.append(funding)
        try:
            funding.clean_fields(exclude=relations)
            funding.clean()
        except ValidationError as error:
            result.errors[index] = error
    if result.errors:
        return result
    with transaction.atomic():
        bulk_create_with_history(to_create, Funding, batch_size=500, default_user=actor)
        update_in_bulk(Funding, to_change, sorted(changed_fields))
        history_in_bulk(Funding, actor, [("~", [f.pk for f in to_change])])
    result.created, result.changed = len(to_create), len(to_change)
    return result


def save_pooled_budget(
    actor: User | None,
    pooled: PooledBudget,
    *,
    partnership: Partnership,
    title: str,
    first_year: str,
    last_year: str,
    project: Project | None = None,
    notes: str = "",
    check: bool = True,
) -> PooledBudget:
    """Add a pooled budget (administrators) or change one (as its project's money;
    administrators when it has none)."""
    if check:
        allowed = actor is not None and (
            may_add_pooled_budget(actor, partnership.pk)
            if pooled.pk is None
            else may_edit_pooled_budget(actor, pooled)
        )
        new_project_id = project.pk if project is not None else None
        if allowed and pooled.pk is not None and new_project_id != pooled.project_id:
            # Moving it to another project needs that project's editors; taking it
            # off its project makes it the administrators' alone, so needs them.
            allowed = (
                may_edit_money(actor, project)
                if project is not None
                else may_add_pooled_budget(actor, partnership.pk)
            )
        if not allowed:
            raise PermissionDenied("Only administrators add pooled budgets or change their project")
    problems: dict[str, str] = {}
    first_year = _year(first_year, "first_year", problems)
    last_year = _year(last_year, "last_year", problems)
    if not problems and rules.year_start(last_year) < rules.year_start(first_year):
        problems["last_year"] = "last_year: the last year must not be before the first"
    if project is not None and project.partnership_id != partnership.pk:
        problems["project"] = "project: choose a project of this partnership"
    if problems:
        raise ValidationError(problems)
    pooled.partnership = partnership
    pooled.title = " ".join(title.split())
    pooled.project = project
    pooled.first_year, pooled.last_year = first_year, last_year
    pooled.notes = notes
    with transaction.atomic():
        save_with_history(pooled, actor, validate=True)
    return pooled


def save_contribution(
    actor: User | None,
    contribution: Contribution,
    *,
    pooled_budget: PooledBudget,
    organisation: Organisation,
    financial_year: str,
    amount: Decimal,
    check: bool = True,
) -> Contribution:
    """Add or change a partner's contribution to a pooled budget for one of its years."""
    if check and (actor is None or not may_edit_pooled_budget(actor, pooled_budget)):
        raise PermissionDenied(DENIED)
    problems: dict[str, str] = {}
    financial_year = _year(financial_year, "financial_year", problems)
    if "financial_year" not in problems and financial_year not in rules.financial_years(
        pooled_budget.first_year, pooled_budget.last_year
    ):
        problems["financial_year"] = (
            f"financial_year: {pooled_budget.title} runs from {pooled_budget.first_year} to "
            f"{pooled_budget.last_year}; choose a year in it"
        )
    _amounts(problems, amount=amount)
    _partner(organisation, pooled_budget.partnership_id, problems, "organisation")
    if not problems:
        _one_contribution_a_year(
            contribution, pooled_budget, organisation, financial_year, problems
        )
    if problems:
        raise ValidationError(problems)
    contribution.pooled_budget = pooled_budget
    contribution.organisation = organisation
    contribution.financial_year = financial_year
    contribution.amount = amount
    with transaction.atomic():
        save_with_history(contribution, actor, validate=True)
    return contribution


def _one_contribution_a_year(
    contribution: Contribution,
    pooled_budget: PooledBudget,
    organisation: Organisation,
    financial_year: str,
    problems: dict[str, str],
) -> None:
    """A partner gives one amount a year to a pooled budget: a second is refused
    naming the one there is, to change instead."""
    there = (
        Contribution.objects.filter(
            pooled_budget=pooled_budget, organisation=organisation, financial_year=financial_year
        )
        .exclude(pk=contribution.pk)
        .first()
    )
    if there is not None:
        problems["financial_year"] = (
            f"financial_year: {organisation.name} already gives "
            f"{rules.format_amount(there.amount)} to {pooled_budget.title} in {financial_year}; "
            'change that contribution (under "Change a contribution") instead of adding another'
        )


def save_money_settings(
    actor: User | None, partnership: Partnership, *, money_is_public: bool
) -> ProjectsSettings:
    """Publish, or stop publishing, the budgets and funding of published projects."""
    if actor is None or not may_change_money_settings(actor, partnership.pk):
        raise PermissionDenied(
            "Only the partnership's administrators change whether money is public"
        )
    found, _ = ProjectsSettings.objects.get_or_create(partnership=partnership)
    if found.money_is_public == money_is_public:
        return found
    found.money_is_public = money_is_public
    return save_with_history(found, actor)
