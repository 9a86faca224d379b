"""Westminster's demo register and an illustrative contact log; Ealing's
consultation register.

The stakeholders and the modes are those Westminster's 2019 report on engaging
partners names (`/work/shared/seeds`, "Engaging with partners", 2019). The
interest and influence scores, the relationship manager and every contact are
made up to show the app: the contacts carry `is_illustrative` (labelled
"Illustrative" wherever shown) and the stakeholders' notes say so. The contacts
are dated in the 30 days before loading, so the Zoological Society of London,
which "has multiple contacts with, and requests from, different teams within the
Council" (6.5.1), shows as fatigued today.

Ealing's consultations are those its LSP Executive board pack (January 2012)
describes: the Southall Big Conversation (developing a Southall Charter), the
council's consultation and engagement strategy, neighbourhood planning, and the
Southall Opportunity Area Planning Framework the Big Conversation links into. The
pack gives no dates a resident could use, so the dates are set around the day the
demo is loaded, and every one is marked `is_illustrative` ("Illustrative dates"
wherever shown). The Big Conversation and neighbourhood planning share residents,
businesses and Southall (inside the borough) in the same weeks: the overlap the
pack worries about ("range of activity that relevant services and organisations
do not always know about").

Westminster's information-sharing agreement is the one its 2019 report names: the
Safer Westminster Partnership shares "information via the Information Sharing
Protocol" (5.2.1), and "information sharing between WCC, the Met and other Police
Services could be better" (6.4.3). The report gives its name and its parties
only: the lawful basis (section 115 of the Crime and Disorder Act 1998, the
gateway of community safety partnerships), the data, retention and dates are
illustrative (`is_illustrative`), and the review date falls within the month after
loading, so it shows "Review due". It is owned by the CDRP, the Safer Westminster
Partnership's predecessor in the demo's bodies.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from roundtable.engagement import services
from roundtable.engagement.choices import Method
from roundtable.engagement.models import Consultation, Contact, SharingAgreement, Stakeholder
from roundtable.geography.models import Area
from roundtable.partnership.models import Body, Organisation, Person, Unit

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

NOTE = (
    "Modes from Westminster's 2019 report on engaging partners; the interest and "
    "influence scores and the relationship manager are illustrative."
)
# (organisation, sector if absent, modes, interest, influence, report paragraph)
STAKEHOLDERS = (
    ("Greater London Authority", "public", ["strategic_planning", "lobbying"], 4, 5),
    ("Ministry of Housing, Communities and Local Government", "public", ["lobbying"], 3, 4),
    ("HM Treasury", "public", ["lobbying"], 2, 5),
    ("Metropolitan Police", "public", ["strategic_planning", "information_sharing"], 5, 5),
    ("Central London Commissioning Group", "public", ["commissioning", "strategic_planning"], 4, 4),
    ("Central London Forward", "public", ["network", "strategic_planning"], 4, 3),
    ("London Councils", "public", ["network"], 3, 3),
    ("Dolphin Living", "voluntary", ["strategic_planning"], 3, 2),
    ("Housing Association Chief Executives Group", "voluntary", ["network"], 4, 3),
    ("Abbey Community Centre", "voluntary", ["grant"], 4, 1),
    ("One Westminster", "voluntary", ["commissioning"], 5, 2),
    ("Groundwork", "voluntary", ["commissioning"], 4, 2),
    ("Tempo", "voluntary", ["commissioning"], 4, 1),
    ("Cardinal Hulme Centre", "voluntary", ["resident_engagement", "information_sharing"], 4, 1),
    ("Zoological Society of London", "voluntary", [], 3, 3),
    ("Westminster Property Association", "business", ["consultation", "network"], 5, 4),
    ("Westminster market traders", "business", ["consultation"], 5, 2),
)
# Illustrative contacts with ZSL: (days before loading, unit of the council, method, topic)
ZSL_CONTACTS = (
    (2, "Public Health", Method.EMAIL, "Request for data on visitor health walks"),
    (5, "Communities", Method.MEETING, "Community day tickets for residents"),
    (9, "Transportation", Method.CALL, "Coach parking on the Outer Circle"),
    (14, "Climate Emergency team", Method.FUNDING_REQUEST, "Bid to the green spaces fund"),
    (21, "Policy, Performance and Communications", Method.EVENT, "City for All launch invitation"),
)


def load_demo_engagement(partnership: Partnership, actor: User | None = None) -> list[str]:
    """Load Westminster's register and ZSL's illustrative contacts, and Ealing's
    consultations (again and again without duplicating)."""
    return (
        _load_register(partnership, actor)
        + _load_agreements(partnership, actor)
        + _load_consultations(partnership, actor)
    )


def _load_register(partnership: Partnership, actor: User | None) -> list[str]:
    council = Organisation.objects.filter(partnership=partnership, short_name="WCC").first()
    if council is None:
        return []
    manager = Person.objects.filter(
        partnership=partnership, family_name="Beasley", organisation=council
    ).first()
    today = timezone.localdate()
    for name, sector, modes, interest, influence in STAKEHOLDERS:
        organisation = Organisation.objects.filter(
            partnership=partnership, name=name
        ).first() or services.add_stakeholder_organisation(
            actor, partnership, name=name, sector=sector, check=False
        )
        stakeholder = Stakeholder.objects.filter(
            partnership=partnership, organisation=organisation
        ).first() or Stakeholder(partnership=partnership)
        services.save_stakeholder(
            actor,
            stakeholder,
            organisation=organisation,
            modes=modes,
            relationship_manager=manager,
            notes=NOTE,
            check=False,
        )
        services.record_assessment(
            actor,
            stakeholder,
            interest=interest,
            influence=influence,
            assessed_on=datetime.date(2019, 7, 1),
            why="Illustrative, for the demo.",
            check=False,
        )
    zsl = Stakeholder.objects.get(
        partnership=partnership, organisation__name="Zoological Society of London"
    )
    for days, unit_name, method, topic in ZSL_CONTACTS:
        unit = Unit.objects.filter(organisation=council, name=unit_name).first()
        found = Contact.objects.filter(stakeholder=zsl, topic=topic).first()
        services.log_contact(
            actor,
            found or Contact(),
            stakeholder=zsl,
            date=today - datetime.timedelta(days=days),
            from_organisation=council,
            from_unit=unit,
            method=method,
            topic=topic,
            today=today,
            is_illustrative=True,
            check=False,
        )
    return [
        f"{len(STAKEHOLDERS)} stakeholders in the engagement register, "
        f"{len(ZSL_CONTACTS)} illustrative contacts with ZSL"
    ]


SOURCE = "From the Ealing LSP Executive board pack (16 January 2012). "
# (title, status, opens and closes in days from loading, audience, groups, areas,
#  method, description)
CONSULTATIONS = (
    (
        "Southall Big Conversation: developing a Southall Charter",
        "open",
        -14,
        42,
        ["residents", "businesses", "voluntary_sector", "faith_groups"],
        ["Chairs of Ward Panels"],
        ["ealing-southall"],
        "Conversations with community groups, run by Urban Initiatives",
        "Consults the different community groups in Southall to agree a shared vision "
        "for the area, guiding principles for services and an action plan (the LSP "
        "allocated about £55k).",
    ),
    (
        "Neighbourhood planning in Ealing",
        "open",
        -7,
        35,
        ["residents", "businesses"],
        [],
        ["E09000009"],
        "Online survey and public meetings",
        "How the council implements neighbourhood planning under the Localism Act, so "
        "communities have a greater say in planning decisions in their neighbourhoods.",
    ),
    (
        "Ealing consultation and engagement strategy",
        "planned",
        21,
        77,
        ["partners", "voluntary_sector", "residents"],
        [],
        ["E09000009"],
        "Partner workshops and an online survey",
        "A partnership approach to consultation: a forward plan that identifies the need "
        "for consultation early, so partners know who is consulting whom, where and when.",
    ),
    (
        "Southall Opportunity Area Planning Framework",
        "closed",
        -120,
        -60,
        ["residents", "businesses"],
        [],
        ["ealing-southall"],
        "Exhibitions and written responses",
        "The planning framework for Southall's opportunity area, which the Big "
        "Conversation links into with the Crossrail station urban integration study.",
    ),
)


def _load_consultations(partnership: Partnership, actor: User | None) -> list[str]:
    council = Organisation.objects.filter(partnership=partnership, short_name="LBE").first()
    if council is None or partnership.slug != "ealing":
        return []
    today = timezone.localdate()
    for title, status, opens, closes, audience, groups, codes, method, text in CONSULTATIONS:
        found = Consultation.objects.filter(partnership=partnership, title=title).first()
        services.save_consultation(
            actor,
            found or Consultation(),
            partnership=partnership,
            title=title,
            lead_organisation=council,
            opens=today + datetime.timedelta(days=opens),
            closes=today + datetime.timedelta(days=closes),
            status=status,
            audience=audience,
            groups=groups,
            areas=Area.objects.filter(code__in=codes),
            method=method,
            description=SOURCE + text + " The dates are illustrative.",
            is_illustrative=True,
            check=False,
        )
    return [f"{len(CONSULTATIONS)} consultations (illustrative dates)"]


PROTOCOL = "Safer Westminster Partnership Information Sharing Protocol"


def _load_agreements(partnership: Partnership, actor: User | None) -> list[str]:
    council = Organisation.objects.filter(partnership=partnership, short_name="WCC").first()
    police = Organisation.objects.filter(
        partnership=partnership, name="Metropolitan Police"
    ).first()
    if council is None or police is None:
        return []
    today = timezone.localdate()
    found = SharingAgreement.objects.filter(partnership=partnership, title=PROTOCOL).first()
    services.save_agreement(
        actor,
        found or SharingAgreement(),
        partnership=partnership,
        title=PROTOCOL,
        parties=[council, police],
        lead_organisation=council,
        owner_body=Body.objects.filter(partnership=partnership, slug="westminster-cdrp").first(),
        purpose=(
            "From Westminster's 2019 report on engaging partners: the Safer Westminster "
            "Partnership shares information via its Information Sharing Protocol to produce "
            "its strategic assessments, reduce reoffending and conduct domestic homicide "
            "reviews. Everything below but its name and parties is illustrative."
        ),
        lawful_bases=["art6_e", "gateway_cda1998_s115"],
        data_categories=[
            "Crime and anti-social behaviour incidents, by location and date",
            "Offenders managed under the reducing reoffending strategy",
        ],
        criminal_offence=True,
        retention="Illustrative: each party keeps shared records for two years.",
        start_date=today - datetime.timedelta(days=345),
        review_date=today + datetime.timedelta(days=20),
        status="in_force",
        is_public=True,
        is_illustrative=True,
        check=False,
    )
    return ["1 information-sharing agreement (illustrative details)"]


BIG_CONVERSATION = "Southall Big Conversation: developing a Southall Charter"
# An illustrative contact the 2019 report supports: WCC's engagement with the
# Metropolitan Police on neighbourhood policing after the move to Basic Command Units
# (6.3.1), through the Safer Westminster Partnership (5.2.1; the CDRP in the demo).
POLICE_CONTACT = "Neighbourhood policing numbers under the new Basic Command Unit"


def load_demo_engagement_links(partnership: Partnership, actor: User | None = None) -> list[str]:
    """Link the demo's consultations and contacts to the bodies, meetings and
    projects the sources tie them to, after the projects demo has made its projects
    (again and again without duplicating).

    Ealing's pack puts the Southall Big Conversation inside the LSP's Southall
    project and on the agenda of the LSP Executive of 16 January 2012: both links
    are the pack's. Westminster's contact with the Metropolitan Police is
    illustrative (labelled so), its link to the CDRP follows the report."""
    if partnership.slug == "ealing":
        return _link_ealing(partnership, actor)
    if partnership.slug == "westminster":
        return _link_westminster(partnership, actor)
    return []


def _link_ealing(partnership: Partnership, actor: User | None) -> list[str]:
    from roundtable.meetings.models import Meeting
    from roundtable.projects.models import Project

    consultation = Consultation.objects.filter(
        partnership=partnership, title=BIG_CONVERSATION
    ).first()
    project = Project.objects.filter(partnership=partnership, title="Southall").first()
    if consultation is None or project is None:
        return []
    meetings = Meeting.objects.filter(
        partnership=partnership, body__name="LSP Executive", start__date=datetime.date(2012, 1, 16)
    )
    consultation.projects.set([project])
    consultation.meetings.add(*meetings)
    return ["the Southall Big Conversation linked to the Southall project and its meeting"]


def _link_westminster(partnership: Partnership, actor: User | None) -> list[str]:
    council = Organisation.objects.filter(partnership=partnership, short_name="WCC").first()
    police = Stakeholder.objects.filter(
        partnership=partnership, organisation__name="Metropolitan Police"
    ).first()
    cdrp = Body.objects.filter(partnership=partnership, short_name="CDRP").first()
    if council is None or police is None or cdrp is None:
        return []
    today = timezone.localdate()
    found = Contact.objects.filter(stakeholder=police, topic=POLICE_CONTACT).first()
    services.log_contact(
        actor,
        found or Contact(),
        stakeholder=police,
        date=today - datetime.timedelta(days=12),
        from_organisation=council,
        method=Method.MEETING,
        topic=POLICE_CONTACT,
        outcome="Illustrative: the 2019 report says WCC's engagement increased the resource.",
        today=today,
        bodies=[cdrp],
        is_illustrative=True,
        check=False,
    )
    return ["1 illustrative contact with the Metropolitan Police, linked to the CDRP"]
