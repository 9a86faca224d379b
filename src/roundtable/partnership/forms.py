"""Forms for partnership records. Field errors are in GOV.UK voice and name the field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from roundtable.accounts.choices import Role
from roundtable.core.forms import SpreadsheetField
from roundtable.core.imports import parse_date
from roundtable.partnership.choices import TOR_FIELDS
from roundtable.partnership.imports import KIND_CHOICES
from roundtable.partnership.models import (
    Body,
    Membership,
    Organisation,
    Person,
    TermsOfReference,
    Unit,
)
from roundtable.partnership.permissions import (
    may_grant_seats,
    organisations_to_represent,
    people_to_seat,
    roles_to_grant,
)
from roundtable.partnership.rules import dates_in_order

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership


class GovukDateField(forms.DateField):
    """A date typed as 2011-10-24, 24/10/2011 or 24 October 2011."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 24/10/2011")
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input--width-10", "autocomplete": "off"})

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            raise forms.ValidationError(
                f"{self.label or 'Date'} must be a real date, like 24/10/2011", code="invalid"
            ) from None


def _required_messages(form: forms.Form) -> None:
    for name, field in form.fields.items():
        label = (field.label or name.replace("_", " ")).lower()
        # Every field already has Django's "This field is required."; replace only that.
        if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
            field.error_messages["required"] = f"Enter the {label}"
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            field.error_messages["required"] = f"Select the {label}"
            # Not SQL: GOV.UK error wording ("Select a role from the list").
            article = "an" if label[:1] in "aeiou" else "a"
            field.error_messages["invalid_choice"] = f"Select {article} {label} from the list"  # noqa: S608


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="For example, https://www.ealing.gov.uk",
    )

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "sector", "type", "website", "parent", "description"]
        widgets = {"sector": forms.RadioSelect}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["parent"].queryset = partnership.organisations.exclude(pk=self.instance.pk)
        self.fields["parent"].label = "Parent organisation"
        _required_messages(self)
        # A required radio group needs no "---------" choice (Django adds one: no default).
        self.fields["sector"].choices = [c for c in self.fields["sector"].choices if c[0]]
        self.fields["website"].error_messages["invalid"] = (
            "Enter the website address in the correct format, like https://www.example.org"
        )


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "parent"]
        labels = {"parent": "Part of"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.instance.partnership_id = organisation.partnership_id
        self.fields["parent"].queryset = organisation.units.exclude(pk=self.instance.pk)
        _required_messages(self)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "honorific",
            "given_name",
            "family_name",
            "job_title",
            "organisation",
            "unit",
            "email",
            "phone",
        ]
        labels = {"given_name": "First name", "family_name": "Last name", "phone": "Telephone"}

    def __init__(self, *args: Any, partnership: Partnership, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        organisations = partnership.organisations.all()
        if not (user.is_superuser or user.role == Role.ADMINISTRATOR):
            organisations = organisations.filter(pk=user.organisation_id)
            self.fields["organisation"].required = True
        self.fields["organisation"].queryset = organisations
        self.fields["unit"].queryset = Unit.objects.filter(
            organisation__in=organisations
        ).select_related("organisation")
        _required_messages(self)
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, org = data.get("unit"), data.get("organisation")
        if unit is not None and unit.organisation_id != getattr(org, "pk", None):
            self.add_error(
                "unit", f"Select a unit of {org or 'the organisation'}, or leave it blank"
            )
        return data


class BodyForm(forms.ModelForm):
    start_date = GovukDateField(required=False, label="Start date")
    end_date = GovukDateField(
        required=False,
        label="End date",
        help_text="For task and finish groups, when the group ends. For example, 31/03/2010",
    )

    class Meta:
        model = Body
        fields = ["name", "short_name", "kind", "parent", "description", "start_date", "end_date"]
        labels = {"kind": "Type of body", "parent": "Reports to"}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["parent"].queryset = partnership.bodies.exclude(pk=self.instance.pk)
        _required_messages(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not dates_in_order(data.get("start_date"), data.get("end_date")):
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return data


class TermsOfReferenceForm(forms.ModelForm):
    agreed_on = GovukDateField(required=False, label="Date agreed")

    class Meta:
        model = TermsOfReference
        fields = ["agreed_on", "agreed_by", *TOR_FIELDS, "quorum"]
        labels = {
            "meeting_frequency": "How often it meets",
            "members_role": "Members' role",
            "quorum": "Quorum (optional)",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in TOR_FIELDS
            if name != "meeting_frequency"
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in TOR_FIELDS):
            raise forms.ValidationError(
                "Enter at least one section of the terms of reference, such as the purpose"
            )
        return data


class MembershipForm(forms.ModelForm):
    start_date = GovukDateField(required=False, label="Start date")
    end_date = GovukDateField(
        required=False, label="End date", help_text="Leave blank while the membership continues"
    )

    class Meta:
        model = Membership
        fields = ["person", "role", "organisation", "title", "start_date", "end_date", "notes"]
        labels = {"organisation": "Organisation represented", "title": "Title on this body"}
        help_texts = {"title": "As the papers give it, for example ‘Leader of the Council’"}

    def __init__(self, *args: Any, body: Body, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.instance.partnership_id = body.partnership_id
        people = people_to_seat(user, body).select_related("organisation")
        organisations = organisations_to_represent(user, body)
        if not may_grant_seats(user, body):
            # Organisation editors fill their own organisation's seats only, in the
            # roles that give no access to the body's papers.
            self.fields["organisation"].required = True
            roles = roles_to_grant(user, body)
            self.fields["role"].choices = [
                (value, label) for value, label in self.fields["role"].choices if value in roles
            ]
        self.fields["person"].queryset = people
        self.fields["organisation"].queryset = organisations
        _required_messages(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not dates_in_order(data.get("start_date"), data.get("end_date")):
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return data


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "Work it out from the columns"), *KIND_CHOICES],
        required=False,
        label="What the file holds",
    )
    file = SpreadsheetField(
        label="CSV or Excel file",
        help_text=(
            "The first row must hold the column names. "
            "See the import guide for the columns of each kind."
        ),
    )
