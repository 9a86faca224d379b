"""Forms for partnership records. Field errors are in GOV.UK voice and name the field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from roundtable.accounts.choices import Role
from roundtable.core.forms import GovukDateField, NameUniqueWithin, SpreadsheetField
from roundtable.geography import rules as geography_rules
from roundtable.geography.queries import local_authorities
from roundtable.partnership.choices import TOR_FIELDS
from roundtable.partnership.imports import KIND_CHOICES
from roundtable.partnership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
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
from roundtable.partnership.rules import (
    ACCOUNT_ROLE_FILTERS,
    ACCOUNT_STATUSES,
    AccountFilters,
    dates_in_order,
)

if TYPE_CHECKING:
    from roundtable.accounts.models import User


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


class OrganisationForm(NameUniqueWithin):
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


class UnitForm(NameUniqueWithin):
    within = "organisation"

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


class BodyForm(NameUniqueWithin):
    start_date = GovukDateField(required=False, label="Start date")
    end_date = GovukDateField(
        required=False,
        label="End date",
        near_future=True,
        hint_before="For task and finish groups, when the group ends. For example, ",
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
        # A required radio group needs no "---------" choice (Django adds one: no default).
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]

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
            "quorum": "Quorum",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in TOR_FIELDS
            if name != "meeting_frequency"
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's own words named no field: "Ensure this value is greater than or
        # equal to 0." in the error summary.
        self.fields["quorum"].error_messages.update(
            {
                "invalid": "Enter the quorum as a whole number of seats, like 4",
                "min_value": "The quorum must be 0 or more seats",
                "max_value": "The quorum must be a number of seats, like 4",
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in TOR_FIELDS):
            # At the first section, so the error summary links somewhere to type.
            self.add_error(
                "purpose",
                "Enter at least one section of the terms of reference, such as the purpose",
            )
        return data


class MembershipForm(forms.ModelForm):
    start_date = GovukDateField(required=False, label="Start date")
    end_date = GovukDateField(
        required=False,
        label="End date",
        hint_before="Leave empty while the membership continues. For example, ",
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
        # The role is required and has no default: its empty choice asks for one in
        # words instead of Django's "---------".
        self.fields["role"].choices = [
            ("", "Choose a role"),
            *((value, label) for value, label in self.fields["role"].choices if value),
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


class PartnershipCreateForm(forms.ModelForm):
    """A new partnership: its name and slug, its place (a local authority found by
    name, loaded first when it is not yet), and its first administrator."""

    local_authority = forms.CharField(
        required=False,
        max_length=120,
        label="Local authority",
        help_text=(
            "The council area the partnership covers. Type its name, like Ealing, or its "
            "GSS code, like E09000009. Leave it blank to choose later."
        ),
    )
    load_geography = forms.BooleanField(
        required=False,
        label="Load its areas now if they are not loaded yet",
        help_text=(
            "Loads the local authority's wards, MSOAs, LSOAs and postcodes from ONS open "
            "data. The first time, the server downloads about 160 MB: this can take "
            "several minutes."
        ),
    )
    administrator_name = forms.CharField(
        max_length=150, label="Administrator's full name", required=False
    )
    administrator_email = forms.EmailField(
        label="Administrator's email address",
        help_text=(
            "We will create their account as the partnership's administrator and email "
            "them a link to choose a password."
        ),
    )

    class Meta:
        model = Partnership
        fields = ["name", "short_name", "slug", "place"]
        labels = {"name": "Name", "short_name": "Short name", "slug": "Address (slug)"}
        help_texts = {
            "name": "For example, Ealing Local Strategic Partnership",
            "short_name": "For example, Ealing LSP",
            "slug": (
                "Begins every address of the partnership's pages, like /ealing/. Lower-case "
                "letters, numbers and hyphens."
            ),
            "place": (
                "For example, London Borough of Ealing. Left blank, the local authority's name."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required_messages(self)
        self.fields["slug"].widget.attrs.update(
            {"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        )
        self.fields["local_authority"].widget.attrs.update(
            {"list": "local-authorities", "autocomplete": "off"}
        )
        self.fields["administrator_email"].error_messages.update(
            {
                "required": "Enter the administrator's email address",
                "invalid": "Enter an email address in the correct format, like name@example.org",
            }
        )
        self.area = None
        self.load_code = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        wanted = " ".join(data.get("local_authority", "").split())
        if not wanted:
            return data
        found = list(local_authorities(wanted)[:6])
        exact = [a for a in found if wanted.lower() in (a.name.lower(), a.code.lower())]
        if len(exact) == 1 or len(found) == 1:
            self.area = (exact or found)[0]
        elif found:
            names = "; ".join(f"{a.name} ({a.code})" for a in found[:5])
            self.add_error(
                "local_authority",
                f"‘{wanted}’ matches more than one local authority: {names}. "
                "Enter the full name or the code of the one you mean",
            )
        elif geography_rules.is_gss_code(wanted):
            try:
                code = geography_rules.validate_local_authority_code(wanted)
            except ValueError as error:
                self.add_error("local_authority", str(error))
            else:
                if data.get("load_geography"):
                    self.load_code = code
                else:
                    self.add_error(
                        "local_authority",
                        f"The areas of {code} are not loaded yet. Tick ‘Load its areas now’ "
                        "to load them, or leave the local authority blank",
                    )
        else:
            self.add_error(
                "local_authority",
                f"No local authority called ‘{wanted}’ is loaded. Enter its GSS code, like "
                "E09000009, and tick ‘Load its areas now’ to load it",
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        """What `services.create_partnership` takes, from the cleaned form."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "slug": data["slug"],
            "short_name": data["short_name"],
            "place": data["place"],
            "area": self.area,
            "load_local_authority": self.load_code,
            "administrator_email": data["administrator_email"],
            "administrator_name": data["administrator_name"],
        }


class _AccountFields(forms.Form):
    """Role, organisation and person of an account in `partnership`: the choices
    are that partnership's, so another partnership's number is refused by name."""

    role = forms.ChoiceField(
        choices=Role.choices,
        label="Role",
        widget=forms.RadioSelect,
        help_text=(
            "Partnership administrators change anything in the partnership, accounts "
            "included; organisation editors their organisation's records; board members "
            "read what the bodies they sit on may see."
        ),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Organisation",
        help_text="Required for an organisation editor: the organisation whose records they edit.",
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Person",
        help_text=(
            "Who they are in the partnership's people, so their seats on bodies count "
            "and pages name them. Leave blank if they are not listed."
        ),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership=partnership
        ).order_by("name")
        self.fields["person"].queryset = Person.objects.filter(partnership=partnership).order_by(
            "family_name", "given_name"
        )
        self.fields["organisation"].empty_label = "None"
        self.fields["person"].empty_label = "None"
        _required_messages(self)
        self.fields["organisation"].error_messages["invalid_choice"] = (
            f"Select an organisation of {partnership.name} from the list"  # noqa: S608
        )
        self.fields["person"].error_messages["invalid_choice"] = (
            f"Select a person of {partnership.name} from the list"  # noqa: S608
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("role") == Role.EDITOR
            and not data.get("organisation")
            and ("organisation" not in self.errors)
        ):
            self.add_error(
                "organisation",
                "Select the organisation whose records an organisation editor edits",
            )
        return data


class AccountInviteForm(_AccountFields):
    email = forms.EmailField(
        label="Email address",
        help_text="We will email them a link to choose their password.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    username = forms.CharField(
        required=False,
        max_length=150,
        label="Username",
        help_text=(
            "What they sign in with. Leave blank to use the start of their email "
            "address (or the whole address if that is taken)."
        ),
    )
    first_name = forms.CharField(required=False, max_length=150, label="First name")
    last_name = forms.CharField(required=False, max_length=150, label="Last name")
    field_order = ["email", "first_name", "last_name", "username", "role", "organisation", "person"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-20"}
        )


class AccountChangeForm(_AccountFields):
    first_name = forms.CharField(required=False, max_length=150, label="First name")
    last_name = forms.CharField(required=False, max_length=150, label="Last name")
    email = forms.EmailField(
        required=False,
        label="Email address",
        help_text=(
            "Where Roundtable emails them. If they have not chosen a password yet, send "
            "the invitation again after changing it: the link sent to the old address "
            "stops working."
        ),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    field_order = ["first_name", "last_name", "email", "role", "organisation", "person"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs.update(
                {"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-20"}
            )
            self.fields[name].error_messages["max_length"] = (
                f"{self.fields[name].label} must be 150 characters or fewer"
            )
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


class AccountFilterForm(forms.Form):
    """The Accounts page's search and filters (GET); `rules.account_filters` reads
    the same names, ignoring a value not offered here."""

    q = forms.CharField(label="Search by name, username or email", required=False)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *ACCOUNT_ROLE_FILTERS.items()]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ACCOUNT_STATUSES.items()]
    )

    @classmethod
    def showing(cls, filters: AccountFilters) -> AccountFilterForm:
        """The form as the filters were read (unbound: a value not offered is left
        out rather than refused)."""
        return cls(
            initial={"q": " ".join(filters.words), "role": filters.role, "status": filters.status}
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update({"class": "govuk-input", "spellcheck": "false"})
        for name in ("role", "status"):
            self.fields[name].widget.attrs.update({"class": "govuk-select"})
