"""Accounts: who signs in, and in which role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import models as auth_models
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

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


#: What an account's history leaves out: the password hash is a secret, and the time
#: of the last sign-in changes at every sign-in (the account's page shows it).
HISTORY_EXCLUDED = ("password", "last_login")

#: The reason a history entry gives when an invited account's owner chooses a password.
INVITATION_ACCEPTED = "Invitation accepted: they chose a password"


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
    # Who changed the account's role, organisation, person, names, email and status,
    # and when; never its password hash or last sign-in (`HISTORY_EXCLUDED`). A save
    # that changes none of the recorded fields (a sign-in, a new password) writes no
    # history entry (`save`).
    history = HistoricalRecords(excluded_fields=list(HISTORY_EXCLUDED))
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

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> User:
        account = super().from_db(db, field_names, values)
        account._remember_as_stored()
        return account

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._remember_as_stored()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, writing a history entry only when a recorded field changed (or an
        invited owner chose their password: `INVITATION_ACCEPTED`, by themselves).
        Django's sign-in saves `last_login` alone, and a new password saves the whole
        account: neither writes an entry. The acting user (`_history_user`) and the
        reason (`_change_reason`) a service set count for this save only."""
        noted = {"_history_user", "_change_reason"}
        changed = self._state.adding or self._recorded_fields_changed(kwargs)
        if not changed and self._invitation_accepted():
            self._change_reason = INVITATION_ACCEPTED
            self.__dict__.setdefault("_history_user", self)
        elif not changed and not hasattr(self, "skip_history_when_saving"):
            self.skip_history_when_saving = True
            noted.add("skip_history_when_saving")
        try:
            super().save(*args, **kwargs)
        finally:
            for name in noted:
                self.__dict__.pop(name, None)
        self._remember_as_stored()

    def _remember_as_stored(self) -> None:
        """Note the recorded fields' values as stored, and whether the password was
        usable (not the hash), to tell at the next save what changed."""
        self._as_stored = {
            f.attname: self.__dict__[f.attname]
            for f in self._meta.concrete_fields
            if f.name not in HISTORY_EXCLUDED and f.attname in self.__dict__
        }
        password = self.__dict__.get("password")
        self._password_was_usable = (
            None if password is None else not password.startswith(UNUSABLE_PASSWORD_PREFIX)
        )

    def _recorded_fields_changed(self, save_kwargs: dict[str, Any]) -> bool:
        stored = self.__dict__.get("_as_stored")
        if stored is None:
            return True
        update_fields = save_kwargs.get("update_fields")
        names = [
            f.attname
            for f in self._meta.concrete_fields
            if f.name not in HISTORY_EXCLUDED
            and (update_fields is None or f.name in update_fields or f.attname in update_fields)
        ]
        return any(
            name in self.__dict__ and (name not in stored or self.__dict__[name] != stored[name])
            for name in names
        )

    def _invitation_accepted(self) -> bool:
        return (
            self.__dict__.get("_password_was_usable") is False
            and self.has_usable_password()
            and self.is_active
        )

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
