"""Load the demo partnerships from the data files in demo/data/.

Everything goes through the same import code users use: the geography loader,
the custom-area import, the partnership imports (one file per kind) and the
strategy import; agenda items are then linked to the priorities and
recommendations they took (`meetings-links.csv`). Each partnership loads in one
transaction, and loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from roundtable.accounts.choices import Role
from roundtable.accounts.models import User
from roundtable.assets.demo import load_demo_asset_strategies, load_demo_assets
from roundtable.core.imports import ImportFailed, RowError, Table, read_table
from roundtable.core.records import save_with_history
from roundtable.engagement.demo import load_demo_engagement, load_demo_engagement_links
from roundtable.geography.services import import_custom_areas, load_local_authority
from roundtable.geography.sources import Sources, no_progress
from roundtable.lis.demo import load_demo_statistics
from roundtable.lis.performance_feed import publish_performance_figures
from roundtable.meetings.demo import find_item, load_meetings
from roundtable.meetings.models import AgendaLink, Meeting
from roundtable.meetings.services import link_record
from roundtable.partnership.imports import import_partnership_row, import_table
from roundtable.partnership.models import Body, Organisation, Partnership, Person
from roundtable.performance.imports import import_data_issues, import_indicators, import_values
from roundtable.performance.models import Indicator
from roundtable.performance.services import approve_all_figures
from roundtable.projects.demo import load_demo_projects
from roundtable.projects.demo_commitments import load_demo_commitments
from roundtable.projects.demo_money import load_demo_money
from roundtable.recommendations.demo import load_demo_recommendations
from roundtable.recommendations.models import Review
from roundtable.strategy.importers import import_strategy_files
from roundtable.strategy.models import Priority

if TYPE_CHECKING:
    from django.db.models import Model

    from roundtable.geography.sources import Progress

DATA_DIR = Path(__file__).resolve().parent / "data"
PARTNERSHIPS = ("ealing", "warwick", "westminster")
KINDS = ("organisations", "units", "people", "bodies", "terms_of_reference", "memberships")
# Illustrative sign-in accounts for trying the roles; not from the source documents.
DEMO_PASSWORD = "roundtable-demo"  # noqa: S105 - documented demo-only password


@dataclass
class DemoReport:
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


def _areas_for(partnership: Partnership) -> Table | None:
    """The rows of areas.csv that belong to one partnership, as a table of their own."""
    path = DATA_DIR / "areas.csv"
    if not path.exists():
        return None
    table = read_table(path)
    rows = [row for row in table if row.get("partnership") == partnership.slug]
    for row in rows:
        row.values.pop("partnership", None)
    headers = [h for h in table.headers if h != "partnership"]
    return Table(filename=path.name, headers=headers, rows=rows) if rows else None


def _in_file(error: RowError, filename: str) -> RowError:
    return RowError(error.row, error.column, error.message, file=filename)


def load_partnership(slug: str, report: DemoReport, actor: User | None = None) -> Partnership:
    directory = DATA_DIR / slug
    with transaction.atomic():
        partnership = import_partnership_row(read_table(directory / "partnership.csv"), actor)
        areas = _areas_for(partnership)
        if areas is not None:
            result = import_custom_areas(areas, partnership, actor)
            report.add(f"{partnership.name}: {len(areas)} custom areas ({result.created} new)")
        for kind in KINDS:
            path = directory / f"{kind}.csv"
            table = read_table(path)
            if not table.rows:
                continue
            try:
                summary = import_table(kind, table, partnership, actor)
            except ImportFailed as failure:
                raise ImportFailed(_in_file(e, path.name) for e in failure.errors) from None
            report.add(f"{partnership.name}: {summary}")
        strategy = import_strategy_files(directory, partnership, actor)
        report.add(f"{partnership.name}: {strategy}")
        load_performance(directory, partnership, report, actor)
        for line in load_meetings(directory, partnership, actor):
            report.add(line)
        report.lines += [
            f"{partnership.name}: {line}"
            for line in load_demo_recommendations(directory, partnership, actor)
        ]
        links = load_item_links(directory, partnership, actor)
        if links is not None:
            report.add(f"{partnership.name}: {links} agenda item links")
        report.lines += load_demo_statistics(partnership)
        report.lines += _publish_indicators_on_lis(partnership, actor)
        report.lines += [
            f"{partnership.name}: {line}" for line in load_demo_engagement(partnership, actor)
        ]
        report.lines += [
            f"{partnership.name}: {line}" for line in load_demo_projects(partnership, actor)
        ]
        # After the projects demo, which makes the Southall project with all its fields.
        report.lines += [
            f"{partnership.name}: {line}" for line in load_demo_money(partnership, actor)
        ]
        report.lines += [
            f"{partnership.name}: {line}" for line in load_demo_commitments(partnership, actor)
        ]
        report.lines += [
            f"{partnership.name}: {line}" for line in load_demo_assets(partnership, actor)
        ]
        report.lines += [
            f"{partnership.name}: {line}"
            for line in load_demo_asset_strategies(directory, partnership, actor)
        ]
        # Last: the consultations and contacts link to the projects made above.
        report.lines += [
            f"{partnership.name}: {line}" for line in load_demo_engagement_links(partnership, actor)
        ]
    return partnership


def _publish_indicators_on_lis(partnership: Partnership, actor: User | None) -> list[str]:
    """The demo publishes each place's public report indicators on its LIS too (one
    indicator library), with their approved figures (`lis.performance_feed`)."""
    marked = 0
    for indicator in Indicator.objects.filter(
        partnership=partnership, is_public=True, in_report=True, on_lis=False
    ):
        indicator.on_lis = True
        save_with_history(indicator, actor, "Published on the LIS (demo)")
        marked += 1
    if not Indicator.objects.filter(partnership=partnership, on_lis=True, in_report=True).exists():
        return []
    summary = publish_performance_figures(partnership)
    lines = [f"{partnership.name}: {marked} report indicators published on the LIS"]
    return [*(lines if marked else []), f"{partnership.name}: {summary}"]


def _link_targets(partnership: Partnership, kind: str, name: str) -> list[Model]:
    """The records one row of `meetings-links.csv` names: a strategy priority by its
    ref, or a review and every recommendation in it by the review's title."""
    if kind == "priority":
        return list(Priority.objects.filter(partnership=partnership, ref=name))
    if kind == "review":
        review = Review.objects.filter(partnership=partnership, title=name).first()
        return [review, *review.recommendations.all()] if review else []
    return []


def load_item_links(directory: Path, partnership: Partnership, actor: User | None) -> int | None:
    """Link agenda items to the priorities and recommendations they concern, from
    `meetings-links.csv` (`body,meeting_date,item,kind,name`; kind `priority` or
    `review`). Links already there are kept, so loading twice changes nothing."""
    path = directory / "meetings-links.csv"
    if not path.exists():
        return None
    table = read_table(path)
    errors: list[RowError] = []
    planned = []
    for row in table:
        body = Body.objects.filter(partnership=partnership, short_name=row.get("body")).first()
        meeting = (
            Meeting.objects.filter(body=body, start__date=row.get("meeting_date")).first()
            if body
            else None
        )
        item = find_item(meeting, row.get("item")) if meeting else None
        targets = _link_targets(partnership, row.get("kind"), row.get("name"))
        if item is None:
            errors.append(RowError(row.number, "item", "no such meeting item", file=path.name))
        if not targets:
            message = f"no {row.get('kind') or 'record'} called '{row.get('name')}'"
            errors.append(RowError(row.number, "name", message, file=path.name))
        planned.append((item, targets))
    if errors:
        raise ImportFailed(errors)
    before = AgendaLink.objects.filter(item__partnership=partnership).count()
    for item, targets in planned:
        for target in targets:
            link_record(actor, item, target)
    return AgendaLink.objects.filter(item__partnership=partnership).count() - before


PERFORMANCE_FILES = (
    ("performance-indicators.csv", import_indicators),
    ("performance-values.csv", import_values),
    ("performance-data-issues.csv", import_data_issues),
)


def load_performance(
    directory: Path, partnership: Partnership, report: DemoReport, actor: User | None
) -> None:
    """Indicators, figures and data issues; the figures count as approved, as the
    board pack published them (the illustrative quarters are labelled as such)."""
    for name, importer in PERFORMANCE_FILES:
        path = directory / name
        if not path.exists():
            continue
        try:
            summary = importer(read_table(path), partnership, actor)
        except ImportFailed as failure:
            raise ImportFailed(_in_file(e, name) for e in failure.errors) from None
        report.add(f"{partnership.name}: {summary}")
    approved = approve_all_figures(partnership)
    if approved:
        report.add(f"{partnership.name}: {approved} agency returns marked approved")


def ensure_demo_users(report: DemoReport) -> None:
    """Illustrative accounts for Ealing, one per role, with a shared demo password; the
    secretary is linked to the LSP Executive's committee administrator, so it runs
    that body's meetings. Warwick and Westminster have an administrator each, so what
    only their papers hold (Westminster's reviews and their recommendations, Warwick's
    engagement) can be tried as the person who manages it."""
    ealing = Partnership.objects.get(slug="ealing")
    council = Organisation.objects.get(partnership=ealing, name="Ealing Council")
    chair = Person.objects.filter(
        partnership=ealing, family_name="Bell", given_name="Julian"
    ).first()
    secretariat = Person.objects.filter(
        partnership=ealing, family_name="Lyle", given_name="Laurie"
    ).first()
    # Westminster's administrator is Fran Beasley, Westminster City Council's Director
    # of Policy & Performance in its 2007 papers and the (illustrative) relationship
    # manager of its stakeholder register: so the weekly digest, which goes only to a
    # relationship manager with an account, can be seen in the demo.
    beasley = Person.objects.filter(
        partnership__slug="westminster", family_name="Beasley", given_name="Fran"
    ).first()
    admins = (("warwick", "Warwick", None), ("westminster", "Westminster", beasley))
    accounts = [
        ("demo-admin", Role.ADMINISTRATOR, ealing, None, None, "Administrator"),
        ("demo-editor", Role.EDITOR, ealing, council, None, "Editor (Ealing Council)"),
        ("demo-member", Role.MEMBER, ealing, None, chair, "Board member"),
        ("demo-secretary", Role.MEMBER, ealing, council, secretariat, "Secretary (LSP Executive)"),
        *(
            (f"demo-admin-{slug}", Role.ADMINISTRATOR, place, None, who, f"Administrator ({name})")
            for slug, name, who in admins
            for place in Partnership.objects.filter(slug=slug)
        ),
    ]
    for username, role, partnership, organisation, person, last in accounts:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "partnership": partnership,
                "organisation": organisation,
                "person": person,
                "first_name": "Demo",
                "last_name": last,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            report.add(f"Demo account {username} ({role.label}) created")
        elif person is not None and user.person_id is None:
            # An account made by an earlier demo load, before it was linked.
            user.person = person
            user.save(update_fields=["person"])
            report.add(f"Demo account {username} linked to {person.name}")


def load_demo(progress: Progress | None = None, wheels: Path | None = None) -> DemoReport:
    report = DemoReport()
    sources = Sources.from_directory(wheels) if wheels else Sources.mini()
    for code in ("E09000009", "E09000033", "E07000222"):
        loaded = load_local_authority(code, sources, progress=progress or no_progress)
        report.add(str(loaded))
    for slug in PARTNERSHIPS:
        load_partnership(slug, report)
    ensure_demo_users(report)
    return report
