"""Access helpers for LIS pages: fetch a record among those the user may see, and
say what they may do with the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from roundtable.core.permissions import Action, can, refuse
from roundtable.lis.models import Dataset
from roundtable.partnership.access import is_administrator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership


def get_dataset_for_user(user: User | AnonymousUser, slug: str) -> Dataset:
    """The dataset `slug` if `user` may see it; 404 otherwise (a held dataset is not
    admitted to exist outside its partnership)."""
    return get_object_or_404(
        Dataset.objects.visible_to(user).select_related("publisher", "partnership"), slug=slug
    )


def get_dataset_for_edit(user: User | AnonymousUser, slug: str) -> Dataset:
    """The dataset `slug` for changing its catalogue entry: 404 when `user` may not
    see it, refused (403, or sign in first) when they may see it but not change it."""
    dataset = get_dataset_for_user(user, slug)
    if not can(user, Action.CHANGE, dataset):
        raise refuse(user)
    return dataset


def may_add_dataset(user: User | AnonymousUser, partnership: Partnership) -> bool:
    """Administrators (and superusers) add any entry; an organisation editor of the
    partnership adds the entries their own organisation publishes or holds."""
    if is_administrator(user, partnership.pk):
        return True
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None:
        return False
    return can(user, Action.ADD, Dataset(partnership=partnership, publisher_id=organisation_id))


def require_add_dataset(user: User | AnonymousUser, partnership: Partnership) -> None:
    if not may_add_dataset(user, partnership):
        raise refuse(user)


@dataclass(frozen=True)
class CatalogueActions:
    """What the catalogue's and a dataset's pages offer the user, decided here once."""

    add: bool = False  # add a catalogue entry
    change: bool = False  # edit this entry
    history: bool = False  # see this entry's history
    import_statistics: bool = False  # upload statistics (administrators)


def catalogue_actions(user: User | AnonymousUser, partnership: Partnership) -> CatalogueActions:
    return CatalogueActions(
        add=may_add_dataset(user, partnership),
        import_statistics=is_administrator(user, partnership.pk),
    )


def dataset_actions(user: User | AnonymousUser, dataset: Dataset) -> CatalogueActions:
    change = can(user, Action.CHANGE, dataset)
    return CatalogueActions(
        change=change,
        history=change or can(user, Action.VIEW_HISTORY, dataset),
        import_statistics=is_administrator(user, dataset.partnership_id),
    )
