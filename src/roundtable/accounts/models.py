"""Accounts: who signs in, and in which role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from roundtable.accounts.choices import Role


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

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="editor") | models.Q(organisation__isnull=False),
                name="editor_has_organisation",
            )
        ]

    def __str__(self) -> str:
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

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
