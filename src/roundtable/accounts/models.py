"""Accounts: who signs in, and in which role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from roundtable.accounts.choices import Role
from roundtable.core.visibility import visible_through_queryset

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: User | AnonymousUser) -> UserQuerySet:
        """Accounts are private: each user sees their own, a partnership's
        administrators see its accounts, superusers see every account."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        mine = Q(pk=user.pk)
        if user.role == Role.ADMINISTRATOR and user.partnership_id is not None:
            mine |= Q(partnership_id=user.partnership_id)
        return self.filter(mine)


class UserManager(auth_models.UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's manager for accounts (`create_user`…), with `visible_to`."""


class User(AbstractUser):
    """A person who signs in to Roundtable.

    `role` says what they may do (see `roundtable.partnership.access`):
    an administrator runs one partnership (or every partnership when
    `partnership` is empty and they are a superuser); an organisation editor edits
    their `organisation`'s records; a board member reads the restricted papers of
    the bodies their linked `person` sits on. Every signed-in user may also be
    linked to a `person` so their memberships count.
    """

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    partnership = models.ForeignKey(
        "partnership.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text="The partnership this account works in.",
    )
    organisation = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editors",
        help_text="For organisation editors: the organisation whose records they edit.",
    )
    person = models.OneToOneField(
        "partnership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        help_text="The person record whose memberships this account holds.",
    )

    objects = UserManager()
    is_visible_to = visible_through_queryset

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="editor") | models.Q(organisation__isnull=False),
                name="editor_has_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        """Who the account is, where a page or an email says who did something (an
        action's update, a progress update, a comment, a History line): the person it
        is linked to ("Cllr Julian Bell"), else its own name, else its username. Lists
        read it with `select_related("author__person")` (or whatever leads to the
        account), so naming each row costs no query."""
        person = self.person if self.person_id is not None else None
        if person is not None:
            return person.name
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == Role.EDITOR and self.organisation_id is None:
            raise ValidationError({"organisation": "An organisation editor needs an organisation"})
        if self.organisation_id is not None:
            if self.partnership_id is None:
                self.partnership_id = self.organisation.partnership_id
            elif self.organisation.partnership_id != self.partnership_id:
                raise ValidationError(
                    {"organisation": "Choose an organisation of the account's partnership"}
                )


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def visible_to(self, user: User | AnonymousUser) -> ApiTokenQuerySet:
        """A token is its owner's, and the administrators' of the owner's partnership."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        mine = Q(user_id=user.pk)
        if user.role == Role.ADMINISTRATOR and user.partnership_id is not None:
            mine |= Q(user__partnership_id=user.partnership_id)
        return self.filter(mine)


class ApiToken(models.Model):
    """A bearer token for API writes. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        max_length=100,
        help_text="What the token is for, for example 'Data feed'",
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="First characters, to recognise the token")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
