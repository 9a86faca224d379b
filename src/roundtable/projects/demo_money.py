"""Ealing's demo money: the Southall Charter bid for LAA reward funding.

From the LSP Executive board pack of 16 January 2012
(`/work/shared/seeds/ealing-lsp-executive-board-pack-2012.txt`): the minutes of
meeting number 30 (24 October 2011), item 5b "Southall", record that "a bid for
£50k has recently been submitted to the LSP in respect of LAA reward funding for
developing a 'Southall Charter'"; the Chief Executive "would be happy to agree
to the request for funding"; Andy Roper "felt that the level funding should be
apportioned differently ... perhaps £5k" on the action plan; and the board
resolved to note the report. The Southall update in the same pack says "The LSP
Exec agreed to allocate approximately £55k towards the project" and that Urban
Initiatives won the contract.

So the bid is a reward grant, of kind bid, for £50,000 in 2011/12, awarded,
decided on 24 October 2011 at that meeting. The pack does not say which partner
holds the money: Ealing Council, whose officer (Ann Griffiths) presented the
bid, is an interpretation, and the notes say so. Nothing else is invented, so
nothing is labelled illustrative; the project is made here only when the
projects demo has not made it yet (by its exact title, "Southall").
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from roundtable.meetings.models import Meeting
from roundtable.partnership.models import Organisation
from roundtable.projects import services_money as services
from roundtable.projects.choices import ProjectStatus
from roundtable.projects.models import Project
from roundtable.projects.models_money import Funding, FundingKind, FundingSource, FundingStatus

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

DECIDED_ON = datetime.date(2011, 10, 24)
BOARD = "LSP Executive Board"
NOTES = (
    "From the minutes of LSP Executive meeting 30 (24 October 2011), item 5b: a bid for "
    "£50k was submitted to the LSP for LAA reward funding to develop a 'Southall "
    "Charter': a shared vision of Southall, guiding principles for service delivery and "
    "an action plan, developed with the community. The Chief Executive was happy to "
    "agree the request. Andy Roper (Ealing CVS) did not object to the funding but felt "
    "it should be apportioned differently: a much smaller proportion, perhaps £5k, on "
    "the action plan, so that more could be spent on other, more relevant items. "
    "Resolved: that the Board note the report. The January 2012 Southall update says the "
    "LSP Executive agreed to allocate approximately £55k to the Southall Big "
    "Conversation, and Urban Initiatives were awarded the contract. Interpretation: "
    "the pack does not say which partner holds the money; Ealing Council presented it."
)
SUMMARY = (
    "The LSP project for Southall: an action plan under four themes (Prosperous, Safer, "
    "Connected and Healthier Southall) and the Southall Big Conversation, developing a "
    "Southall Charter with the community."
)


def _meeting(partnership: Partnership) -> Meeting | None:
    """The LSP Executive Board's meeting of 24 October 2011, when the demo has it."""
    for meeting in Meeting.objects.filter(partnership=partnership, body__name=BOARD).select_related(
        "body"
    ):
        if timezone.localtime(meeting.start).date() == DECIDED_ON:
            return meeting
    return None


def load_demo_money(partnership: Partnership, actor: User | None = None) -> list[str]:
    """Ealing's Southall Charter bid (again and again without duplicating)."""
    council = Organisation.objects.filter(partnership=partnership, name="Ealing Council").first()
    if council is None or partnership.slug != "ealing":
        return []
    project, _ = Project.objects.get_or_create(
        partnership=partnership,
        title="Southall",
        defaults={
            "lead_organisation": council,
            "summary": SUMMARY,
            "status": ProjectStatus.ACTIVE,
            "is_published": True,
        },
    )
    funding = Funding.objects.filter(
        project=project,
        source=FundingSource.REWARD_GRANT,
        organisation=council,
        financial_year="2011/12",
        kind=FundingKind.BID,
    ).first()
    meeting = _meeting(partnership)
    wanted = (Decimal("50000.00"), FundingStatus.AWARDED, DECIDED_ON, meeting, NOTES)
    if funding is not None and (
        (funding.amount, funding.status, funding.decided_on, funding.meeting, funding.notes)
        == wanted
    ):
        return []
    services.save_funding(
        actor,
        funding or Funding(),
        project=project,
        source=FundingSource.REWARD_GRANT,
        kind=FundingKind.BID,
        organisation=council,
        amount=wanted[0],
        financial_year="2011/12",
        status=FundingStatus.AWARDED,
        decided_on=DECIDED_ON,
        meeting=meeting,
        notes=NOTES,
        check=False,
    )
    return ["the Southall Charter bid (£50k of LAA reward funding)"]
