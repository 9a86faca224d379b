"""Ealing's demo commitments, from its LSP Executive board pack of 16 January 2012
(`/work/shared/seeds/ealing-lsp-executive-board-pack-2012.txt`).

- The five **equality objectives** of item 5 ("Equality Objectives", Ann
  Griffiths, Policy and Performance): each objective's text as the Community
  Strategy words it (the pack's "Annual Progress Against Community Strategy
  Values", value "Equality & Fairness"), with the measures item 5 proposes for
  it. Their progress is the pack's "Year One Progress" narrative for that value,
  which reports on the objectives together, so the performance report shows it
  once for all five. The pack asks the LSP Executive to agree them on 16 January
  2012 and the demo has no minutes of that meeting: that they were agreed there
  is illustrative, and each says so. Their one action, to agree measures with
  partners "ahead of April 2012", is the pack's third recommendation.
- The **Armed Forces Community Covenant** of item 7, a covenant pledge: the draft
  the pack attaches (sections 2 to 4), still a draft, so internal to the
  partnership. The pack names no signatories (its draft leaves "Name of Authority"
  blank to fill in), so it has none; its two actions are the paper's requests to
  partners, with no dates because the paper sets none.

Loading again changes nothing (found by title).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from roundtable.meetings.models import Meeting
from roundtable.partnership.models import Organisation, Person
from roundtable.projects import services_commitments as services
from roundtable.projects.choices_commitments import CommitmentKind, CommitmentStatus
from roundtable.projects.models_commitments import Commitment

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

PACK = "Ealing LSP Executive board pack, 16 January 2012"
AGREED_NOTE = (
    f"{PACK}: item 5 (Equality Objectives) and the Community Strategy's objectives for "
    "the value Equality & Fairness. Illustrative: that the LSP Executive agreed them on "
    "16 January 2012 (the pack asks it to; the demo has no minutes of that meeting)."
)
# (title, as item 5's table names it; the Community Strategy's wording; item 5's measures)
OBJECTIVES = (
    (
        "Eliminate unlawful discrimination, harassment and victimisation",
        "Eliminate unlawful discrimination, harassment and victimisation and other conduct "
        "prohibited by the Equalities Act 2010.",
        "Reported rates of hate crime, complaints, grievances, disciplinary action and other "
        "incidents of discrimination. Outcomes of projects and programme designed to reduce "
        "victimisation, harassment, hate crime and increase community cohesion.",
    ),
    (
        "Advance equality of opportunity",
        "Advance equality of opportunity between people who share a protected characteristic "
        "and those who do not.",
        "Measures of outcome for different groups – attainment in areas covered by community "
        "strategy, e.g. education outcomes, crime and safety figures, health outcomes, "
        "employment and income indicators. Summary can be reported as part of SNA and in "
        "future years, potentially on the LIS. Outcomes of projects and programmes designed "
        "to reduce inequality.",
    ),
    (
        "Foster good relations",
        "Foster good relations between people who share a protected characteristic and those "
        "who do not.",
        "Perception indicators of how well people get on together locally; differences in "
        "these perceptions across different areas and groups - resident survey results and "
        "measures of strong communities developed and measured by VCS neighbourhood action "
        "plans.",
    ),
    (
        "A robust and accurate evidence base of equalities information",
        "Ensure we have a robust and accurate evidence base of equalities information "
        "relating to our workforce and the community.",
        "Identifying gaps in information published for 2012, and developing an action plan "
        "to fill these gaps for future years. Progress in achieving information and evidence "
        "base more fully than at present. Development of SNA that fully reflects equality "
        "information held locally and measures of usage of this SNA.",
    ),
    (
        "Equality evidence embedded in decision-making",
        "Ensure equality related evidence is embedded into the decision-making process and "
        "forms an integral part of the evidence base for our strategy and project "
        "development and delivery.",
        "Evidence of use of equality information in assessments that accompany our major "
        "decisions. Monitoring of evidence of equality considerations in our major "
        "strategies, and rolling review and reporting on this – integration with 'Policy "
        "Map' and evidence through ongoing updating of this where equality is being "
        "considered. Partner feedback and input on equality – through Equality Reference "
        "Group and LSP boards.",
    ),
)
# The pack's "Year One Progress" for the value Equality & Fairness.
PROGRESS = (
    "Unlawful discrimination is addressed by ensuring that all decisions and actions taken "
    "by service providers are assessed for their equality impact. Hate crime measures and "
    "activities will be reported separately and are dealt with through the criminal justice "
    "system. A range of activities are in place to reduce discrimination locally, including "
    "awareness raising through training programmes within statutory organisations, and "
    "local community cohesion programmes delivered through community groups. We have "
    "implemented new guidance and training is in place to inform staff within the Council "
    "how to take evidence-based decisions and meet requirements of equalities legislation, "
    "and work is underway to ensure we have collated information relevant to understanding "
    "our position on equality locally and what more we need to do to improve inequality. "
    "This information around need and inequality locally will inform strategies and "
    "commissioning as part of service planning processes, and also as part of major "
    "partnership projects such as Community Budgets and the Southall Initiative, seeking to "
    "address specific issues of inequality around groups and areas of need within the "
    "borough.\n\n"
    "VCS work to improve community cohesion and develop local community action plans will "
    "be increasing over coming months to address specific cohesion concerns and identify "
    "areas for improvement within communities, and actions to address equality and cohesion "
    "issues.\n\n"
    "Mitigating Actions: Ongoing work to agree objectives and processes for implementing "
    "equality requirements will continue to develop our approach over coming months."
)
MEASURES_ACTION = (
    "Engage with representatives from Policy & Performance to agree measures and any "
    "amendments required to the objective, including consultation with the Equality "
    "Reference Group (the pack: ahead of April 2012)."
)

COVENANT = "Armed Forces Community Covenant for Ealing"
COVENANT_NOTE = (
    f"{PACK}: item 7 (Armed Forces Community Covenant) and the draft covenant it attaches. "
    "A draft: the pack asks partners whether to take part, and names no signatories."
)
COVENANT_TEXT = """\
Section 2: Principles of the Armed Forces Community Covenant

2.1 The Armed Forces Community Covenant is a voluntary statement of mutual support between \
a civilian community and its local Armed Forces Community. It is intended to complement the \
Armed Forces Covenant, which outlines the moral obligation between the Nation, the Government \
and the Armed Forces, at the local level.

2.2 The purpose of this Community Covenant is to encourage support for the Armed Forces \
Community working and residing in London and to recognise and remember the sacrifices made by \
members of this Armed Forces Community, particularly those who have given the most. This \
includes Pre-Service, Serving and ex-Service personnel their families and widow(er)s in London.

2.3 For "Name of Authority", and partner organisations, the Community Covenant presents an \
opportunity to bring their knowledge, experience and expertise to bear on the provision of help \
and advice to members of the Armed Forces Community. It also presents an opportunity to build \
upon existing good work on other initiatives such as the Welfare Pathway.

2.4 For the Armed Forces community, the Community Covenant encourages the integration of \
Service life into civilian life and encourages members of the Armed Forces community to help \
their local community.

Section 3: Objectives and general intentions

Aims of the Community Covenant

3.1 The Armed Forces Community Covenant complements the principles of the Armed Forces Covenant \
which defines the enduring, general principles that should govern the relationship between the \
Nation, the Government and the Armed Forces community.

3.2 It aims to encourage all parties within a community to offer support to the local Armed \
Forces community and make it easier for Service personnel, families and veterans to access the \
help and support available from the MOD, from statutory providers and from the Charitable and \
Voluntary Sector. These organisations already work together in partnership at local level.

3.3 The scheme is intended to be a two-way arrangement and the Armed Forces community are \
encouraged to do as much as they can to support their community and promote activity which \
integrates the Service community into civilian life.

Section 4: Measures

4.1 The London Armed Forces Community Covenant seeks civic support in the following broad \
areas: adult support to cadet forces; enabling recruitment; allowing work and training; \
housing; school transition for service children; medical and welfare pathways; veterans; \
local security; post operational home-coming parades and support to reservists.

4.2 The London Armed Forces Community Covenant suggests military support in the following \
areas: aid in civil emergencies as permitted by legislation; periodic access to our estate and \
its facilities; representation at celebrations, commemorations and parades; single Service \
Presentation teams; and sharing with partner organisations such as uniformed youth, veterans \
and the third sector.

4.3 It is acknowledged that support in all directions will have periodic resource constraints."""
COVENANT_ACTIONS = (
    "Partners nominate a contact who can liaise with Policy & Performance to develop the "
    "aspects of the covenant specific to Ealing's priorities and needs.",
    "Partners identify existing work, policies and projects supporting the armed forces "
    "community in Ealing to include within the covenant.",
)


def load_demo_commitments(partnership: Partnership, actor: User | None = None) -> list[str]:
    """Ealing's equality objectives and draft covenant (again and again without
    duplicating); nothing for the other demo partnerships."""
    council = Organisation.objects.filter(partnership=partnership, short_name="LBE").first()
    if council is None or partnership.slug != "ealing":
        return []
    lead = Person.objects.filter(
        partnership=partnership, given_name="Ann", family_name="Griffiths"
    ).first()
    leads = [lead] if lead else []
    meeting = Meeting.objects.filter(
        partnership=partnership,
        body__slug="ealing-lsp-executive",
        start__date=datetime.date(2012, 1, 16),
    ).first()
    for title, wording, measures in OBJECTIVES:
        found = Commitment.objects.filter(partnership=partnership, title=title).first()
        commitment = services.save_commitment(
            actor,
            found or Commitment(),
            partnership=partnership,
            title=title,
            kind=CommitmentKind.EQUALITY_OBJECTIVE,
            status=CommitmentStatus.AGREED,
            owner_organisations=[council],
            text=f"{wording}\n\nMeasures proposed (item 5): {measures}",
            leads=leads,
            agreed_at=meeting,
            progress=PROGRESS,
            progress_on=datetime.date(2012, 1, 16),
            is_published=True,
            is_illustrative=True,
            source=AGREED_NOTE,
            check=False,
        )
        if not commitment.actions.exists():
            services.add_action(
                actor,
                commitment,
                action=MEASURES_ACTION,
                due=datetime.date(2012, 3, 31),
                owner_organisation=council,
                check=False,
            )
    found = Commitment.objects.filter(partnership=partnership, title=COVENANT).first()
    covenant = services.save_commitment(
        actor,
        found or Commitment(),
        partnership=partnership,
        title=COVENANT,
        kind=CommitmentKind.COVENANT_PLEDGE,
        status=CommitmentStatus.DRAFT,
        owner_organisations=[council],
        text=COVENANT_TEXT,
        leads=leads,
        is_published=False,
        is_illustrative=False,
        source=COVENANT_NOTE,
        check=False,
    )
    if not covenant.actions.exists():
        for action in COVENANT_ACTIONS:
            services.add_action(actor, covenant, action=action, check=False)
    return [f"{len(OBJECTIVES)} equality objectives and the draft Armed Forces Community Covenant"]
