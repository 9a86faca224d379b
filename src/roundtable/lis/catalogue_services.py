"""Writes for the data catalogue's entries: adding one, and changing it.

Who may: a partnership's administrators any entry of theirs; an organisation editor
the entries their own organisation publishes or holds (the role policy,
`can(user, Action.CHANGE, dataset)`: a dataset's owning organisation is its
publisher), and they may neither add an entry for another organisation nor hand
theirs to one. Every write is one history entry naming who made it; saving an entry
as it already is writes nothing.

An entry is published here, or held by a partner and not published (then who holds
it and how to ask for it are required). Its slug is chosen once, when it is added:
it is the address partners' tools use (`datasets/<slug>/`, the CKAN package name).
A changed suppression threshold works out every stored cell's suppression again in
the same transaction (`import_suppression.resuppress_dataset`).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from roundtable.core.permissions import Action, can
from roundtable.core.records import assign_changed, save_with_history
from roundtable.lis.import_suppression import resuppress_dataset
from roundtable.lis.imports import SPDX_ID
from roundtable.lis.models import (
    DATASET_SLUG,
    DEFAULT_LICENCE,
    DEFAULT_SUPPRESS_BELOW,
    RESERVED_DATASET_SLUGS,
    Dataset,
)
from roundtable.partnership.access import is_administrator

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Organisation, Partnership

HIGHEST_THRESHOLD = 1000
HELD_FIELDS = ("holder", "how_to_ask", "sharing_agreement")


@dataclass(frozen=True)
class CatalogueEntry:
    """What a catalogue entry says, as its form gives it."""

    title: str
    description: str = ""
    publisher: Organisation | None = None
    source: str = ""
    licence: str = DEFAULT_LICENCE
    update_frequency: str = ""
    next_update_due: datetime.date | None = None
    themes: list[str] = field(default_factory=list)
    area_types: list[str] = field(default_factory=list)
    time_covered: str = ""
    contact: str = ""
    method_notes: str = ""
    published: bool = True
    holder: str = ""
    how_to_ask: str = ""
    sharing_agreement: str = ""
    suppress_below: int = DEFAULT_SUPPRESS_BELOW


# Checks, shared with the form so that it shows every problem at once ---------------


def slug_format_problem(slug: str) -> str | None:
    """What is wrong with `slug` as a new dataset's short name, without the database."""
    if not DATASET_SLUG.fullmatch(slug):
        return (
            "Short name must use only lower-case letters, digits, hyphens and underscores, "
            "like census-2011"
        )
    if slug in RESERVED_DATASET_SLUGS:
        return f"Short name cannot be “{slug}”: it is part of the catalogue's addresses"
    return None


def slug_problem(slug: str) -> str | None:
    """`slug_format_problem`, or that another dataset (of any partnership) has it."""
    problem = slug_format_problem(slug)
    if problem is None and Dataset.objects.filter(slug=slug).exists():
        problem = f"Short name “{slug}” is already used by another dataset; choose another"
    return problem


def licence_problem(licence: str) -> str | None:
    if not SPDX_ID.fullmatch(licence):
        return "Licence must be an SPDX identifier, like OGL-UK-3.0 or CC-BY-4.0"
    return None


def threshold_problem(value: int) -> str | None:
    if not 0 <= value <= HIGHEST_THRESHOLD:
        return f"Suppress counts below must be a whole number from 0 to {HIGHEST_THRESHOLD}"
    return None


def held_problems(published: bool, holder: str, how_to_ask: str) -> dict[str, str]:
    """A held entry must say who holds it and how to ask for it."""
    if published:
        return {}
    problems = {}
    if not holder.strip():
        problems["holder"] = "Enter who holds the dataset, for an entry held by a partner"
    if not how_to_ask.strip():
        problems["how_to_ask"] = "Enter how to ask for the dataset, for an entry held by a partner"
    return problems


def _entry_problems(partnership: Partnership, entry: CatalogueEntry) -> dict[str, str]:
    problems = held_problems(entry.published, entry.holder, entry.how_to_ask)
    if not entry.title.strip():
        problems["title"] = "Enter the title"
    for name, problem in (
        ("licence", licence_problem(entry.licence)),
        ("suppress_below", threshold_problem(entry.suppress_below)),
    ):
        if problem:
            problems[name] = problem
    publisher = entry.publisher
    if publisher is not None and publisher.partnership_id != partnership.pk:
        problems["publisher"] = f"Publisher must be one of {partnership.name}'s organisations"
    elif publisher is not None and entry.published and not publisher.is_partner:
        problems["publisher"] = (
            f"Publisher: {publisher.name} is not a partner, so it cannot publish a dataset "
            "here; choose a partner, or mark the entry as held and not published"
        )
    return problems


def _check(partnership: Partnership, entry: CatalogueEntry) -> None:
    problems = _entry_problems(partnership, entry)
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})


def _fields(entry: CatalogueEntry) -> dict[str, object]:
    values = asdict(entry)
    values["publisher"] = entry.publisher  # asdict would copy the organisation's fields
    values["title"] = entry.title.strip()
    if entry.published:
        # A published entry has no holder: what the hidden part of the form held goes.
        values.update(dict.fromkeys(HELD_FIELDS, ""))
    return values


def _free_slug(title: str) -> str:
    """A new slug from the title: the next free `<slug>-2`, `-3`… when it is taken."""
    base = slugify(title)[:90].strip("-") or "dataset"
    if base in RESERVED_DATASET_SLUGS:
        base = f"{base}-dataset"
    taken = set(Dataset.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


# Permissions -------------------------------------------------------------------------


def _require_add(actor: User, partnership: Partnership, entry: CatalogueEntry) -> None:
    draft = Dataset(partnership=partnership, publisher=entry.publisher)
    if not (is_administrator(actor, partnership.pk) or can(actor, Action.ADD, draft)):
        raise PermissionDenied(
            "You may add catalogue entries for your own organisation only; a partnership "
            "administrator may add one for another"
        )


def _require_change(actor: User, dataset: Dataset, entry: CatalogueEntry) -> None:
    """The entry as stored, and as it would be saved, must both be the actor's to change."""
    after = Dataset(partnership_id=dataset.partnership_id, publisher=entry.publisher)
    if not can(actor, Action.CHANGE, dataset):
        raise PermissionDenied("You may not change this catalogue entry")
    if not can(actor, Action.CHANGE, after):
        raise PermissionDenied(
            "You may not give this catalogue entry to another organisation; a partnership "
            "administrator may"
        )


# What a change would publish ---------------------------------------------------------


def disclosures(dataset: Dataset, entry: CatalogueEntry) -> list[str]:
    """What saving `entry` over `dataset` would open to everyone that is not open now,
    in words, for the editor to confirm first: a held dataset's statistics when it is
    published, and suppressed figures when the threshold is lowered. Empty when the
    change publishes nothing new (or the dataset has no statistics)."""
    found = []
    if entry.published and not dataset.published:
        cells = dataset.observations.count()
        if cells:
            found.append(
                f"Publishing this entry opens its {cells:,} statistics to everyone: its "
                "pages, maps, profiles and downloads, the API, CKAN and Fingertips."
            )
    if entry.suppress_below < dataset.suppress_below:
        hidden = dataset.observations.filter(suppressed=True).count()
        if hidden:
            found.append(
                f"Lowering the threshold from {dataset.suppress_below} to "
                f"{entry.suppress_below} may publish some of the {hidden:,} figures "
                "suppressed now; those that no rule still hides are shown to everyone."
            )
    return found


# Writes ------------------------------------------------------------------------------


def create_dataset(
    actor: User, partnership: Partnership, entry: CatalogueEntry, *, slug: str = ""
) -> Dataset:
    """A new catalogue entry of the partnership, at `slug` (from the title when blank)."""
    _require_add(actor, partnership, entry)
    _check(partnership, entry)
    if slug:
        problem = slug_problem(slug)
        if problem:
            raise ValidationError({"slug": [problem]})
    with transaction.atomic():
        dataset = Dataset(
            partnership=partnership, slug=slug or _free_slug(entry.title), **_fields(entry)
        )
        return save_with_history(dataset, actor, "Created", validate=True)


def update_dataset(actor: User, dataset: Dataset, entry: CatalogueEntry) -> Dataset:
    """Save the entry's new text (its slug stays); nothing when nothing changed. A new
    suppression threshold is applied to every stored cell in the same transaction."""
    _require_change(actor, dataset, entry)
    _check(dataset.partnership, entry)
    threshold = dataset.suppress_below
    if not assign_changed(dataset, _fields(entry)):
        return dataset
    with transaction.atomic():
        save_with_history(dataset, actor, "Edited", validate=True)
        if dataset.suppress_below != threshold:
            resuppress_dataset(dataset)
    return dataset
