"""Importing recommendation trackers from CSV or XLSX.

The column contract (docs/recommendations.md) is the shape trackers arrive in:
`review,section,number,recommendation,response,outline_response,lead,supporting`.

- `response` is read case- and space-insensitively with known variants
  (`rules.normalise_response`); a value that matches no category, or two, is an
  error naming the row and the value unless the user maps it (`--map A=B`).
- `lead` and `supporting` name units ("I&C") of `organisation` (or of any partner
  when none is given), or organisations; `supporting` may list several separated
  by ";" or ",", and "All directorates" means every unit of the lead organisation.
  Unknown units (lead or supporting) are created under `organisation` only with
  `create_units`.
- A recommendation is matched on review + number, so importing the same file again
  updates rather than duplicates.

Every row is checked first and every problem reported with its row, its column and
the bad value; nothing is written unless every row passes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from roundtable.core.imports import (
    ImportFailed,
    RowError,
    RowReader,
    Table,
    check_headers,
    duplicate_rows,
)
from roundtable.core.records import Outcome, save_with_history, upsert, upsert_many
from roundtable.core.words import listed
from roundtable.partnership.models import Body, Organisation, Partnership, Unit
from roundtable.performance.models import Indicator
from roundtable.recommendations import rules
from roundtable.recommendations.models import Recommendation, Review, Section
from roundtable.recommendations.services import due_date_for
from roundtable.strategy.models import Priority

if TYPE_CHECKING:
    from roundtable.accounts.models import User

COLUMNS = (
    "review",
    "section",
    "number",
    "recommendation",
    "response",
    "outline_response",
    "lead",
    "supporting",
)

# Columns an export adds; a re-imported export passes, and these are not read.
EXPORT_ONLY = ("status", "last_update")
# Optional columns naming what a recommendation concerns, several separated by ";":
# strategy priorities (ref or wording), indicators (code or name) and bodies (name,
# short name or slug). When a column is present its cells replace the links (a blank
# cell clears them); when it is absent the links are left as they are.
CONCERNS = ("priorities", "indicators", "bodies")


@dataclass
class ImportSummary:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    reviews_created: int = 0
    units_created: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        total = self.created + self.changed + self.unchanged
        text = (
            f"{total} recommendation{'s' if total != 1 else ''} "
            f"({self.created} new, {self.changed} changed, {self.unchanged} unchanged)"
        )
        if self.reviews_created:
            text += f", {self.reviews_created} new review{'s' if self.reviews_created != 1 else ''}"
        if self.units_created:
            text += f", new units: {', '.join(self.units_created)}"
        return text


@dataclass
class _Links:
    lead_organisation: Organisation | None = None
    lead_units: list[Unit] = field(default_factory=list)
    supporting_units: list[Unit] = field(default_factory=list)
    supporting_organisations: list[Organisation] = field(default_factory=list)
    all_units: bool = False
    # Per CONCERNS column present in the file: the records its cell names.
    concerns: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class _Row:
    number: int
    review: str
    section: str
    key: str
    text: str
    response: str
    outline: str
    links: _Links
    response_as_written: str = ""


class _Directory:
    """Finds units and organisations by name or short name, ignoring case and punctuation."""

    def __init__(
        self, partnership: Partnership, organisation: Organisation | None, create: bool
    ) -> None:
        self.organisation = organisation
        self.create = create
        self.units: dict[str, list[Unit]] = defaultdict(list)
        units = Unit.objects.filter(partnership=partnership).select_related("organisation")
        if organisation is not None:
            units = units.filter(organisation=organisation)
        for unit in units:
            for name in {rules.name_key(unit.name), rules.name_key(unit.short_name)} - {""}:
                self.units[name].append(unit)
        self.organisations: dict[str, Organisation] = {}
        for org in Organisation.objects.filter(partnership=partnership):
            for name in {rules.name_key(org.name), rules.name_key(org.short_name)} - {""}:
                self.organisations[name] = org
        self.new_units: dict[str, Unit] = {}

    def find(self, name: str) -> Unit | Organisation | str:
        """The unit or organisation called `name`, or the problem as a message."""
        key = rules.name_key(name)
        found = self.units.get(key, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            owners = listed(sorted({u.organisation.name for u in found}))
            return f"'{name}' is a unit of both {owners}; say which with --organisation"
        if key in self.organisations:
            return self.organisations[key]
        if key in self.new_units:
            return self.new_units[key]
        return f"no unit or organisation called '{name}'"

    def find_or_create(self, name: str) -> Unit | Organisation | str:
        """`find`, creating an unknown unit under `organisation` when asked to
        (`--create-units`), for lead and supporting units alike."""
        found = self.find(name)
        if not isinstance(found, str) or found.startswith(f"'{name}' is a unit of both"):
            return found
        if self.create and self.organisation is not None:
            unit = Unit(
                organisation=self.organisation,
                partnership_id=self.organisation.partnership_id,
                name=name,
            )
            self.new_units[rules.name_key(name)] = unit
            return unit
        if self.create:
            return f"{found}; say which organisation to create it in with --organisation"
        where = f" in {self.organisation.name}" if self.organisation else ""
        return f"{found}{where}; add it first, or create it with --create-units"


class _Concerns:
    """Finds the priorities, indicators and bodies an import names, by any of their
    refs, codes or names, ignoring case and runs of spaces."""

    WHAT = {"priorities": "priority", "indicators": "indicator", "bodies": "body"}

    def __init__(self, partnership: Partnership, columns: list[str]) -> None:
        self.found: dict[str, dict[str, list[Any]]] = {}
        sources: dict[str, tuple[Any, tuple[str, ...]]] = {
            "priorities": (Priority.objects.filter(partnership=partnership), ("ref", "wording")),
            "indicators": (Indicator.objects.filter(partnership=partnership), ("code", "name")),
            "bodies": (
                Body.objects.filter(partnership=partnership),
                ("name", "short_name", "slug"),
            ),
        }
        for column in columns:
            queryset, names = sources[column]
            keys: dict[str, list[Any]] = defaultdict(list)
            for record in queryset:
                for key in {rules.ref_key(getattr(record, n)) for n in names} - {""}:
                    keys[key].append(record)
            self.found[column] = keys

    def read(self, reader: RowReader, links: _Links) -> None:
        for column, keys in self.found.items():
            chosen: list[Any] = []
            for value in rules.split_refs(reader.row.get(column)):
                matches = keys.get(rules.ref_key(value), [])
                if len(matches) == 1:
                    if matches[0] not in chosen:
                        chosen.append(matches[0])
                elif matches:
                    reader.error(
                        column,
                        f"'{value}' names {len(matches)} {column}; use a ref, code or name "
                        "that names one",
                    )
                else:
                    reader.error(
                        column,
                        f"no {self.WHAT[column]} called '{value}'; add it first, or correct it",
                    )
            links.concerns[column] = chosen


def _names(directory: _Directory, cell: str) -> list[str]:
    """Split a cell into names, unless the whole cell is one name ("Policy, Performance and…")."""
    whole = directory.find(cell)
    return [cell] if cell and not isinstance(whole, str) else rules.split_names(cell)


def _read_links(reader: RowReader, directory: _Directory) -> _Links:
    links = _Links()
    for name in _names(directory, reader.row.get("lead")):
        found = directory.find_or_create(name)
        if isinstance(found, str):
            reader.error("lead", found)
        elif isinstance(found, Unit):
            links.lead_units.append(found)
            links.lead_organisation = links.lead_organisation or found.organisation
        else:
            links.lead_organisation = links.lead_organisation or found
    for name in _names(directory, reader.row.get("supporting")):
        if rules.means_all_units(name):
            links.all_units = True
            continue
        found = directory.find_or_create(name)
        if isinstance(found, str):
            reader.error("supporting", found)
        elif isinstance(found, Unit):
            links.supporting_units.append(found)
        else:
            links.supporting_organisations.append(found)
    return links


def _check(
    table: Table, directory: _Directory, mapping: dict[str, str], partnership: Partnership
) -> list[_Row]:
    errors = check_headers(table, COLUMNS, EXPORT_ONLY + CONCERNS)
    if errors:
        raise ImportFailed(errors)
    concerns = _Concerns(partnership, [c for c in CONCERNS if c in table.headers])
    rows: list[_Row] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table:
        reader = RowReader(row, errors)
        review = reader.text("review", required=True, max_length=300)
        number = reader.text("number", required=True, max_length=20)
        text = reader.text("recommendation", required=True)
        section = reader.text("section", max_length=300)
        value = row.get("response")
        normalised = rules.normalise_response(value, mapping)
        if not normalised.ok:
            reader.error("response", normalised.problem(value))
        links = _read_links(reader, directory)
        concerns.read(reader, links)
        key = (review.lower(), number.lower())
        if review and number:
            if key in seen:
                reader.error(
                    "number",
                    f"recommendation {number} of '{review}' is already on row {seen[key]}; "
                    "number each recommendation once",
                )
            seen.setdefault(key, row.number)
        rows.append(
            _Row(
                row.number,
                review,
                section,
                number,
                text,
                normalised.category or "",
                row.get("outline_response"),
                links,
                rules.response_as_written(value, normalised.category or rules.NO_RESPONSE),
            )
        )
    if errors:
        raise ImportFailed(errors)
    return rows


def _reviews(partnership: Partnership, rows: list[_Row], actor: User | None) -> dict[str, Review]:
    found = {r.title.lower(): r for r in Review.objects.filter(partnership=partnership)}
    order = len(found)
    for row in rows:
        if row.review.lower() not in found:
            order += 1
            review = Review(partnership=partnership, title=row.review, order=order)
            found[row.review.lower()] = save_with_history(review, actor, "Imported")
    return found


def _sections(rows: list[_Row], reviews: dict[str, Review]) -> dict[tuple[int, str], Section]:
    ids = {r.pk for r in reviews.values()}
    found = {(s.review_id, s.title.lower()): s for s in Section.objects.filter(review_id__in=ids)}
    for row in rows:
        if not row.section:
            continue
        review = reviews[row.review.lower()]
        key = (review.pk, row.section.lower())
        if key not in found:
            order = sum(1 for k in found if k[0] == review.pk) + 1
            found[key] = Section.objects.create(review=review, title=row.section, order=order)
    return found


LINK_FIELDS = ("lead_units", "supporting_units", "supporting_organisations", *CONCERNS)


def _set_links(recommendations: list[Recommendation], rows: list[_Row]) -> set[int]:
    """Replace each recommendation's unit and organisation links in bulk; the ids of
    the recommendations whose links changed."""
    changed: set[int] = set()
    for name in LINK_FIELDS:
        through = getattr(Recommendation, name).through
        target = getattr(Recommendation, name).field.m2m_reverse_field_name()
        source = getattr(Recommendation, name).field.m2m_field_name()
        ids = [r.pk for r in recommendations]
        existing: dict[int, set[int]] = defaultdict(set)
        for rec_id, other_id in through.objects.filter(**{f"{source}_id__in": ids}).values_list(
            f"{source}_id", f"{target}_id"
        ):
            existing[rec_id].add(other_id)
        remove, add = [], []
        for recommendation, row in zip(recommendations, rows, strict=True):
            if name in CONCERNS and name not in row.links.concerns:
                continue  # the column is not in the file: leave these links alone
            wanted = {
                o.pk
                for o in (
                    row.links.concerns[name] if name in CONCERNS else getattr(row.links, name)
                )
            }
            have = existing.get(recommendation.pk, set())
            if wanted != have:
                changed.add(recommendation.pk)
                remove.append(recommendation.pk)
                add += [
                    through(**{f"{source}_id": recommendation.pk, f"{target}_id": other})
                    for other in wanted
                ]
        if remove:
            through.objects.filter(**{f"{source}_id__in": remove}).delete()
        through.objects.bulk_create(add, batch_size=1000)
    return changed


def _kept_wording(reviews: Iterable[Review]) -> dict[tuple[int, str, str], str]:
    """The source wording stored for each (review, number, response): a file that gives
    only the category's name (an export, re-imported) keeps the wording the source
    paper used, until the response itself changes."""
    stored = Recommendation.objects.filter(review__in=list(reviews)).exclude(response_as_written="")
    return {
        (review_id, number.lower(), response): wording
        for review_id, number, response, wording in stored.values_list(
            "review_id", "number", "response", "response_as_written"
        )
    }


def import_recommendations(
    table: Table,
    partnership: Partnership,
    actor: User | None,
    *,
    organisation: Organisation | None = None,
    mapping: dict[str, str] | None = None,
    create_units: bool = False,
) -> ImportSummary:
    """Check every row, then create or update reviews, sections and recommendations."""
    directory = _Directory(partnership, organisation, create_units)
    rows = _check(table, directory, mapping or {}, partnership)
    summary = ImportSummary()
    with transaction.atomic():
        for unit in directory.new_units.values():
            save_with_history(unit, actor, "Created by a recommendations import")
            summary.units_created.append(unit.name)
        before = Review.objects.filter(partnership=partnership).count()
        reviews = _reviews(partnership, rows, actor)
        summary.reviews_created = len(reviews) - before
        sections = _sections(rows, reviews)
        orders: dict[int, int] = defaultdict(int)
        kept = _kept_wording(reviews.values())
        batch = []
        for row in rows:
            review = reviews[row.review.lower()]
            orders[review.pk] += 1
            section = sections.get((review.pk, row.section.lower())) if row.section else None
            batch.append(
                (
                    {"review": review, "number": row.key},
                    {
                        "partnership": partnership,
                        "section": section,
                        "order": orders[review.pk],
                        "text": row.text,
                        "response": row.response,
                        "response_as_written": row.response_as_written
                        or kept.get((review.pk, row.key.lower(), row.response), ""),
                        "outline_response": row.outline,
                        "lead_organisation": row.links.lead_organisation,
                        "supported_by_all_units": row.links.all_units,
                    },
                )
            )
        result = upsert_many(
            Recommendation, actor, batch, scope={"review__partnership": partnership}
        )
        if result.errors:
            raise ImportFailed(
                RowError(rows[index].number, None, "; ".join(error.messages))
                for index, error in sorted(result.errors.items())
            )
        recommendations = result.objects
        links_changed = _set_links(recommendations, rows)
        by_pk = {review.pk: review for review in reviews.values()}
        due = []
        contradictions = []
        for row, recommendation in zip(rows, recommendations, strict=True):
            recommendation.review = by_pk[recommendation.review_id]
            wanted = due_date_for(recommendation, recommendation.review)
            # A "Work in progress" response has started, whatever the tracker's status.
            status = rules.consistent_status(recommendation.response, recommendation.status)
            problem = rules.status_problem(recommendation.response, status)
            if problem:
                contradictions.append(RowError(row.number, "response", problem))
            if (wanted, status) != (recommendation.next_update_due, recommendation.status):
                recommendation.next_update_due = wanted
                recommendation.status = status
                due.append(recommendation)
        if contradictions:
            raise ImportFailed(contradictions)  # rolls the whole file back
        Recommendation.objects.bulk_update(due, ["next_update_due", "status"], batch_size=500)
    for outcome, recommendation in zip(result.outcomes, recommendations, strict=True):
        if outcome is Outcome.CREATED:
            summary.created += 1
        elif outcome is Outcome.CHANGED or recommendation.pk in links_changed:
            summary.changed += 1
        else:
            summary.unchanged += 1
    return summary


REVIEW_COLUMNS = ("title",)
REVIEW_OPTIONAL = (
    "author",
    "author_kind",
    "commissioned_by",
    "published_on",
    "parent",
    "document",
    "url",
    "summary",
    "published",
    "update_every_months",
)


def import_reviews(table: Table, partnership: Partnership, actor: User | None) -> str:
    """Create or update reviews (matched on title) with their details; a `parent`
    must be a review earlier in the file or already in the partnership."""
    from roundtable.recommendations.choices import AuthorKind

    errors = check_headers(table, REVIEW_COLUMNS, REVIEW_OPTIONAL)
    if errors:
        raise ImportFailed(errors)
    errors += duplicate_rows(table, ("title",))
    known = {r.title.lower() for r in Review.objects.filter(partnership=partnership)}
    checked = []
    for row in table:
        reader = RowReader(row, errors)
        title = reader.text("title", required=True, max_length=300)
        parent = row.get("parent")
        if parent and parent.lower() not in known:
            reader.error("parent", f"no review called '{parent}'; list the parent review first")
        published = row.get("published").lower()
        if published not in ("", "yes", "no"):
            reader.error("published", f"'{row.get('published')}' is not yes or no")
        fields = {
            "author": reader.text("author", max_length=200),
            "author_kind": reader.choice("author_kind", AuthorKind.choices, required=False)
            or AuthorKind.OTHER,
            "commissioned_by": reader.text("commissioned_by", max_length=200),
            "published_on": reader.date("published_on"),
            "document": reader.text("document", max_length=300),
            "url": reader.text("url", max_length=200),
            "summary": reader.text("summary"),
            "is_published": published == "yes",
            "update_every_months": reader.integer("update_every_months") or 3,
        }
        known.add(title.lower())
        checked.append((title, parent, fields))
    if errors:
        raise ImportFailed(errors)
    created = 0
    with transaction.atomic():
        reviews = {r.title.lower(): r for r in Review.objects.filter(partnership=partnership)}
        for order, (title, parent, fields) in enumerate(checked, start=1):
            fields["parent"] = reviews[parent.lower()] if parent else None
            review, outcome = upsert(
                Review,
                actor,
                {"partnership": partnership, "title": title},
                {**fields, "order": order},
                validate=True,
            )
            reviews[title.lower()] = review
            created += outcome is Outcome.CREATED
    return f"{len(checked)} reviews ({created} new)"
