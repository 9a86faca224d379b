"""Ealing's four priority projects and their January 2012 updates to the LSP
Executive, from its board pack of 16 January 2012 (`/work/shared/seeds/
ealing-lsp-executive-board-pack-2012.txt`, agenda item 6 "Priority Projects
Update" and the four reports behind it).

The titles are the agenda's, with the Local Information System's written out:
"Community Budgets", "Southall", "Local Information System and Strategic Needs
Assessment", "Joint Assets". Each is led by Ealing Council (its officers wrote the
reports), sponsored by the LSP Executive Board, with the reporter the agenda or the
report names as lead person (the agenda names none for Community Budgets; Ann
Griffiths presented it in October 2011). Each update is the pack's report,
summarised with its own words, placed on the project's sub-item of agenda item 6
(so it is in that meeting's board pack).

**No RAG is given**: the pack rates none of the projects, so the updates have no
RAG and say "no RAG given" wherever shown. The milestones are those the reports
name with a date; where a report gives a month only ("by April 2012", "in March"),
the due date is that month's last day (first day where it says "by"), which the
milestone's title says.

Projects are found by partnership and title before anything is made, so a loader
that made a project of the same title first (money, commitments) is not
duplicated; loading again changes nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from roundtable.geography.models import Area
from roundtable.meetings.models import AgendaItem
from roundtable.partnership.models import Body, Organisation, Person
from roundtable.projects import services
from roundtable.projects.choices import ProjectStatus
from roundtable.projects.models import Milestone, Project, ProjectUpdate

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

D = datetime.date
MEETING = D(2012, 1, 16)
SOURCE = "Source: LSP Executive board pack, 16 January 2012, item 6."

PROJECTS: list[dict] = [
    {
        "title": "Community Budgets",
        "item": "Community Budgets",
        "lead_person": ("Ann", "Griffiths"),
        "areas": [],
        "summary": (
            "Ealing, with 72 other areas, is in the second round of pilots for Community "
            "Budgets for Families with Multiple Problems: joining up, coordinating or pooling "
            "partners' resources for families with multiple problems, to deliver better "
            "results and more efficient services."
        ),
        "narrative": (
            "A vision for work with families with multiple problems has been agreed by key "
            "service directors and commissioners, and the priority criteria for indicators of "
            "need narrowed down: offending behaviour and crime, domestic violence, substance "
            "misuse, worklessness and low income, mental health issues, poor housing.\n\n"
            "Since the last LSP Executive: criteria for family intervention work broadened; "
            "an external review of the family intervention project's cost effectiveness; an "
            "overview of existing services for families under way; discussions begun on "
            "information sharing and consent; a Think Family conference planned for March.\n\n"
            "The new Troubled Families Unit has created some uncertainty: 'community budgets "
            "for families with multiple problems' is likely to become 'Troubled Families'. "
            "The Council is to receive £100k a year for three years to coordinate services, "
            "with payment by results from a £448m national pool.\n\n"
            "LSP Executive is asked to agree the recommendations for practical application of "
            "Community Budgets in the borough and to nominate leads in their organisations.\n\n"
            + SOURCE
        ),
        "milestones": [
            ("Single definition of the indicators of need agreed (January 2012)", D(2012, 1, 31)),
            (
                "Know who the troubled families are, where they live and what services they "
                "use (by February 2012)",
                D(2012, 2, 1),
            ),
            ("Think Family conference (March 2012)", D(2012, 3, 31)),
            (
                "Plan published online setting out how community budgets will be implemented "
                "(by April 2012)",
                D(2012, 4, 1),
            ),
        ],
        "done": [],
    },
    {
        "title": "Southall",
        "item": "Southall",
        "lead_person": ("Shehzad", "Ahmed"),
        "areas": ["ealing-southall"],
        "summary": (
            "The LSP's Southall project, run by the LSP Southall Project Board around four "
            "themes: Prosperous, Safer, Connected and Healthier Southall; it includes the "
            "Southall Big Conversation: Developing a Southall Charter."
        ),
        "narrative": (
            "The Future of Southall Round 2 meeting was held on 16 November 2011, with a "
            "commitment to meet again in six months and to deliver the LSP project.\n\n"
            "The LSP Exec agreed to allocate approximately £55k to the Southall Big "
            "Conversation: Developing a Southall Charter. Five organisations were invited to "
            "tender; Urban Initiatives were awarded the contract, with an inception meeting "
            "in early January 2012 and completion due in June/July 2012.\n\n"
            "The Council has bid for about £5m from the Mayor's Regeneration Fund (Southall "
            "Gateway, Southall High Streets and a food-led project at Southall Manor House); "
            "delivery would run from April 2012 to March 2014.\n\n"
            "Safer Southall: the police report crime decreasing and have set up a Jewellers "
            "Forum. Connected Southall: a preferred option for the Broadway's public realm "
            "goes to Cabinet in January 2012.\n\n" + SOURCE
        ),
        "milestones": [
            ("Inception meeting with Urban Initiatives (early January 2012)", D(2012, 1, 15)),
            ("LSP Southall Project Board meets again (January 2012)", D(2012, 1, 31)),
            ("Broadway public realm report to Cabinet (January 2012)", D(2012, 1, 31)),
            ("Next Future of Southall meeting (May 2012)", D(2012, 5, 31)),
            ("Southall Charter complete (June/July 2012)", D(2012, 7, 31)),
        ],
        "done": [("Future of Southall Round 2 meeting", D(2011, 11, 16), D(2011, 11, 16))],
    },
    {
        "title": "Local Information System and Strategic Needs Assessment",
        "item": "Local Information System / Strategic Needs Assessment",
        "lead_person": ("Dami", "Awobajo"),
        "areas": [],
        "summary": (
            "How partners collect and use data: a single Strategic Needs Assessment for the "
            "borough, and a Local Information System hosting local data for commissioners, "
            "decision makers and the public."
        ),
        "narrative": (
            "The work to identify the datasets available across the partnership is complete. "
            "The Strategic Needs Assessment group agreed its themes; rather than a document, "
            "the data that will become the SNA will be hosted on the Local Information "
            "System. Work has started on updating the Joint Strategic Needs Assessment.\n\n"
            "Following approval by LSP Executive, a supplier day for demonstrations was held "
            "in December. A selected supplier should begin work with the SNA group in late "
            "January, to deliver the first cut of the Local Information System by late "
            "March or early April.\n\n" + SOURCE
        ),
        "milestones": [
            ("Selected supplier starts with the SNA group (late January 2012)", D(2012, 1, 31)),
            (
                "First cut of the Local Information System (late March/early April 2012)",
                D(2012, 4, 1),
            ),
        ],
        "done": [
            (
                "Business case for a permanent Partnership Local Information System endorsed",
                D(2011, 10, 24),
                D(2011, 10, 24),
            )
        ],
    },
    {
        "title": "Joint Assets",
        "item": "Joint Assets",
        "lead_person": ("Emily", "O'Hare"),
        "areas": [],
        "summary": (
            "A joint asset strategy agreed by the key partners in Ealing, leading to more "
            "efficient use of buildings, offices and facilities, and co-location of services."
        ),
        "narrative": (
            "The major achievement to date is a basic asset list and asset map, drawn from "
            "publicly available information because the data received from partners was "
            "limited (location, current use, tenure, capacity and utilisation, values, "
            "condition and operating costs were sought). The project group has not met since "
            "July and was wound up by the last LSP Executive.\n\n"
            "A joint asset strategy or shared database would need a dedicated resource (at "
            "least two days a week of an officer's time). Given the small likelihood of that, "
            "it is proposed that Policy review partners' asset strategies annually, keep links "
            "with the West London Alliance's property programme, and facilitate co-location "
            "opportunities as they arise.\n\n" + SOURCE
        ),
        "milestones": [],
        "done": [
            ("Project group wound up", D(2011, 10, 24), D(2011, 10, 24)),
            (
                "Major partner agencies asked for their property strategies and disposals policies",
                None,
                D(2012, 1, 16),
            ),
        ],
    },
]


def load_demo_projects(partnership: Partnership, actor: User | None = None) -> list[str]:
    """Ealing's four priority projects, their milestones and January 2012 updates
    (again and again without duplicating); nothing for another partnership."""
    council = Organisation.objects.filter(partnership=partnership, short_name="LBE").first()
    board = Body.objects.filter(partnership=partnership, slug="ealing-lsp-executive").first()
    if council is None or board is None or partnership.slug != "ealing":
        return []
    items = {
        item.title: item
        for item in AgendaItem.objects.filter(
            meeting__body=board, meeting__start__date=MEETING, parent__isnull=False
        )
    }
    for spec in PROJECTS:
        given, family = spec["lead_person"]
        person = Person.objects.filter(
            partnership=partnership, given_name=given, family_name=family
        ).first()
        project = Project.objects.filter(partnership=partnership, title=spec["title"]).first()
        project = services.save_project(
            actor,
            project or Project(partnership=partnership),
            partnership=partnership,
            title=spec["title"],
            summary=spec["summary"],
            lead_organisation=council,
            lead_person=person,
            sponsor_body=board,
            status=ProjectStatus.ACTIVE,
            is_published=True,
            areas=Area.objects.filter(code__in=spec["areas"]) if spec["areas"] else None,
            check=False,
        )
        dated = [(title, due, None) for title, due in spec["milestones"]] + spec["done"]
        for title, due, done_on in dated:
            milestone = Milestone.objects.filter(project=project, title=title).first()
            services.save_milestone(
                actor,
                milestone or Milestone(project=project),
                title=title,
                due=due,
                done_on=done_on,
                check=False,
            )
        update = ProjectUpdate.objects.filter(project=project, date=MEETING).first()
        services.record_update(
            actor,
            update or ProjectUpdate(project=project),
            date=MEETING,
            rag="",
            narrative=spec["narrative"],
            author=person if spec["title"] != "Community Budgets" else None,
            agenda_item=items.get(spec["item"]),
            check=False,
        )
    return [f"{len(PROJECTS)} priority projects with their January 2012 updates (no RAG given)"]
