"""The contact log both engagement benchmarks build (`engagement_fatigue.py`,
`engagement_dashboard.py`): a partnership of partners with teams and officers,
stakeholders with relationship managers, and a log where one stakeholder (the zoo)
is drawn ten times as often as any other. Import it after `benchsetup.start()`."""

from __future__ import annotations

import datetime
import random

from roundtable.accounts.choices import Role
from roundtable.accounts.models import User
from roundtable.engagement.models import Contact, Stakeholder
from roundtable.partnership.models import Organisation, Partnership, Person, Unit

METHODS = ["meeting", "call", "email", "event", "letter", "visit"]


def build_log(
    *,
    on: datetime.date,
    stakeholders: int,
    contacts: int = 200_000,
    organisations: int = 20,
    teams: int = 5,
    days: int = 3 * 365,
) -> tuple[Partnership, User, Stakeholder, Stakeholder]:
    """The log: the zoo gets ten shares of the contacts, every other stakeholder one."""
    rng = random.Random(13)
    partnership = Partnership.objects.create(name="Benchmark Partnership", slug="bench")
    partners = Organisation.objects.bulk_create(
        Organisation(partnership=partnership, name=f"Partner {i}", slug=f"p{i}")
        for i in range(organisations)
    )
    units = Unit.objects.bulk_create(
        Unit(organisation=o, partnership=partnership, name=f"Team {t}")
        for o in partners
        for t in range(teams)
    )
    people = Person.objects.bulk_create(
        Person(partnership=partnership, organisation=o, given_name="Officer", family_name=o.name)
        for o in partners
    )
    others = Organisation.objects.bulk_create(
        Organisation(
            partnership=partnership, name=f"Stakeholder {i}", slug=f"s{i}", is_partner=False
        )
        for i in range(stakeholders)
    )
    registered = Stakeholder.objects.bulk_create(
        Stakeholder(
            partnership=partnership,
            organisation=o,
            relationship_manager=people[i % organisations],
            modes=";consultation;",
        )
        for i, o in enumerate(others)
    )
    zoo, average = registered[0], registered[1]
    # The zoo is drawn ten times as often as any other stakeholder.
    weights = [10] + [1] * (stakeholders - 1)
    chosen = rng.choices(registered, weights=weights, k=contacts)
    batch = []
    for stakeholder in chosen:
        unit = rng.choice(units)
        batch.append(
            Contact(
                partnership=partnership,
                stakeholder=stakeholder,
                date=on - datetime.timedelta(days=rng.randrange(days)),
                planned=False,
                from_organisation_id=unit.organisation_id,
                from_unit=unit if rng.random() < 0.8 else None,
                from_person=people[partners.index(unit.organisation)]
                if rng.random() < 0.5
                else None,
                method=rng.choice(METHODS),
                topic=f"Topic {rng.randrange(5000)}",
            )
        )
    Contact.objects.bulk_create(batch, batch_size=5000)
    member = User.objects.create(username="member", role=Role.MEMBER, partnership=partnership)
    return partnership, member, zoo, average
