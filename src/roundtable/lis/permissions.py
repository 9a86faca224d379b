"""Access helpers for LIS pages: fetch a record among those the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from roundtable.lis.models import Dataset

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def get_dataset_for_user(user: User | AnonymousUser, slug: str) -> Dataset:
    """The dataset `slug` if `user` may see it; 404 otherwise (a held dataset is not
    admitted to exist outside its partnership)."""
    return get_object_or_404(
        Dataset.objects.visible_to(user).select_related("publisher", "partnership"), slug=slug
    )
