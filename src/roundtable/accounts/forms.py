from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class GovukAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Contact your partnership administrator.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )


class GovukPasswordResetForm(PasswordResetForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields[
            "email"
        ].help_text = "We will send a link to reset your password to this address."
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )


class GovukPasswordChangeForm(PasswordChangeForm):
    """Change the password of the account signed in, knowing the current one. The
    current password is checked by signing in with it (`authenticate`), so wrong
    guesses count towards the same lockout as the sign-in page's: a borrowed session
    cannot be used to try passwords without limit."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again.",
        "password_mismatch": "The two new passwords do not match. Enter the same one twice.",
    }

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].error_messages["required"] = (
            "Enter the new password again, to be sure it is the one you meant"
        )

    def clean_old_password(self) -> str:
        old = self.cleaned_data["old_password"]
        signed_in = authenticate(self.request, username=self.user.get_username(), password=old)
        if signed_in is None or signed_in.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Token name",
        help_text="Say what will use the token, for example ‘Performance data feed’.",
        error_messages={"required": "Enter a name for the token"},
    )
