"""Forms of the register and the contact log; GOV.UK markup comes from the project's
form renderer. The checks are the pure rules the services and importers use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db import models

from roundtable.core.forms import (
    GovukDateField,
    GroupedCheckboxes,
    choose_in_groups,
    example_hint,
)
from roundtable.engagement import rules
from roundtable.engagement.choices import (
    AgreementStatus,
    Audience,
    ConsultationStatus,
    LawfulBasis,
    Method,
    Mode,
)
from roundtable.engagement.models import Stakeholder
from roundtable.geography.models import Area
from roundtable.meetings.models import Meeting
from roundtable.partnership.choices import Sector
from roundtable.partnership.models import Body, Organisation, Person, Unit
from roundtable.projects.models import Project
from roundtable.strategy.models import Priority, Theme


class RegisterFilterForm(forms.Form):
    mode = forms.ChoiceField(choices=[("", "Any mode"), *Mode.choices], required=False)
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(), required=False, empty_label="Any theme"
    )
    sector = forms.ChoiceField(choices=[("", "Any sector"), *Sector.choices], required=False)

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(partnership_id=partnership_id)


class StakeholderForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="A partner, or an organisation already in Roundtable",
    )
    new_organisation = forms.CharField(
        label="Or a new organisation",
        required=False,
        max_length=200,
        help_text="For example, HM Treasury. It is added as an organisation you engage, "
        "not as a partner.",
    )
    sector = forms.ChoiceField(
        label="Sector of the new organisation", choices=Sector.choices, required=False
    )
    modes = forms.MultipleChoiceField(
        choices=Mode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="How the partnership engages them",
    )
    relationship_manager = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        help_text="The person who coordinates contacts with them",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(
        self, *args: Any, partnership_id: int, stakeholder: Stakeholder | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership_id = partnership_id
        self.stakeholder = stakeholder
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership_id=partnership_id
        )
        self.fields["relationship_manager"].queryset = Person.objects.filter(
            partnership_id=partnership_id
        ).select_related("organisation")
        self.fields["themes"].queryset = Theme.objects.filter(partnership_id=partnership_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("organisation") and not data.get("new_organisation"):
            self.add_error("organisation", "Choose an organisation, or name a new one")
        if data.get("new_organisation"):
            if data.get("organisation"):
                self.add_error(
                    "new_organisation", "Choose an organisation or name a new one, not both"
                )
            elif Organisation.objects.filter(
                partnership_id=self.partnership_id, name__iexact=data["new_organisation"].strip()
            ).exists():
                self.add_error(
                    "new_organisation",
                    "There is already an organisation with this name; choose it above",
                )
            if not data.get("sector"):
                self.add_error("sector", "Select the sector of the new organisation")
        organisation = data.get("organisation")
        if organisation is not None:
            taken = Stakeholder.objects.filter(
                partnership_id=self.partnership_id, organisation=organisation
            )
            if self.stakeholder is not None:
                taken = taken.exclude(pk=self.stakeholder.pk)
            if taken.exists():
                self.add_error("organisation", f"{organisation} is already in the register")
        return data


class AssessmentForm(forms.Form):
    interest = forms.IntegerField(
        help_text="From 1 (little interest) to 5 (great interest)",
        error_messages={"required": "Enter the interest, a whole number from 1 to 5"},
    )
    influence = forms.IntegerField(
        help_text="From 1 (little influence) to 5 (great influence)",
        error_messages={"required": "Enter the influence, a whole number from 1 to 5"},
    )
    assessed_on = GovukDateField(
        label="Assessed on",
        error_messages={
            "required": example_hint("Enter the date of the assessment, like ", past=True)
        },
    )
    assessed_by = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    why = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_by"].queryset = Person.objects.filter(partnership_id=partnership_id)

    def _score(self, name: str) -> int:
        try:
            return rules.check_score(self.cleaned_data[name], name)
        except ValueError as error:
            raise forms.ValidationError(str(error).capitalize()) from None

    def clean_interest(self) -> int:
        return self._score("interest")

    def clean_influence(self) -> int:
        return self._score("influence")


#: The hint of a field choosing meetings, which come in groups by body.
MEETINGS_HINT = "By board or group, newest first: open one to choose its meetings"


def _choose_meetings(field: forms.ModelMultipleChoiceField, meetings: Any) -> None:
    """Offer `meetings` (their body selected with them) in groups by body."""
    choose_in_groups(field, meetings, lambda meeting: meeting.body.name)


class ContactForm(forms.Form):
    stakeholder = forms.ModelChoiceField(
        queryset=Stakeholder.objects.none(),
        error_messages={"required": "Choose the stakeholder"},
    )
    planned = forms.TypedChoiceField(
        label="Has it happened?",
        choices=[("0", "Yes, it has happened"), ("1", "No, it is planned")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    date = GovukDateField(
        hint_before=(
            "The day it happened or, for a planned contact, the day it is planned for "
            "(today or later). For example, "
        ),
        error_messages={
            "required": example_hint("Enter the date of the contact, like ", past=True)
        },
    )
    from_organisation = forms.ModelChoiceField(
        label="From organisation",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the organisation the contact is from"},
    )
    from_unit = forms.ModelChoiceField(
        label="From team", queryset=Unit.objects.none(), required=False
    )
    from_person = forms.ModelChoiceField(
        label="From person", queryset=Person.objects.none(), required=False
    )
    stakeholder_person = forms.CharField(
        label="Named person at the stakeholder", max_length=200, required=False
    )
    method = forms.ChoiceField(choices=Method.choices)
    topic = forms.CharField(
        max_length=300, error_messages={"required": "Enter what the contact is about"}
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    bodies = forms.ModelMultipleChoiceField(
        label="Boards or groups it concerns",
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meetings = forms.ModelMultipleChoiceField(
        label="Meetings it concerns",
        queryset=Meeting.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text=MEETINGS_HINT,
    )
    projects = forms.ModelMultipleChoiceField(
        label="Projects it concerns",
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    follow_up = GovukDateField(label="Follow-up date", required=False, near_future=True)
    # Set once the fatigue warning for this stakeholder and date has been shown.
    confirm = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)

    def __init__(
        self,
        *args: Any,
        partnership_id: int,
        organisations: Any,
        fatigue_url: str,
        projects: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(
            partnership_id=partnership_id
        ).select_related("organisation")
        # Choosing the stakeholder (or changing the date) asks who else has contacted
        # them (htmx; the same warning is shown again before the contact is saved).
        for name in ("stakeholder", "date"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": fatigue_url,
                    "hx-trigger": "change",
                    "hx-target": "#fatigue-warning",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name=stakeholder], [name=date], [name=contact]",
                }
            )
        self.fields["from_organisation"].queryset = organisations
        self.fields["from_unit"].queryset = Unit.objects.filter(
            partnership_id=partnership_id
        ).select_related("organisation")
        self.fields["from_person"].queryset = Person.objects.filter(partnership_id=partnership_id)
        self.fields["priorities"].queryset = Priority.objects.filter(partnership_id=partnership_id)
        self.fields["bodies"].queryset = Body.objects.filter(partnership_id=partnership_id)
        _choose_meetings(
            self.fields["meetings"],
            Meeting.objects.filter(partnership_id=partnership_id)
            .select_related("body")
            .order_by("-start", "pk"),
        )
        # Only the projects the user may see (the view passes `visible_to(user)`).
        self.fields["projects"].queryset = (
            projects if projects is not None else Project.objects.none()
        )


class MarkDoneForm(forms.Form):
    date = GovukDateField(
        label="Date it happened",
        error_messages={"required": example_hint("Enter the date it happened, like ", past=True)},
    )
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SettingsForm(forms.Form):
    fatigue_window_days = forms.IntegerField(
        label="Window (days)", min_value=1, max_value=366, help_text="For example, 30"
    )
    fatigue_threshold = forms.IntegerField(
        label="Threshold (contacts)", min_value=1, max_value=1000, help_text="For example, 3"
    )


SHOW_CHOICES = [
    ("current", "Open and forthcoming"),
    ("past", "Closed and with results"),
    ("all", "All"),
]


class ConsultationFilterForm(forms.Form):
    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False, label="Show")


# The fields whose change re-checks the overlap warning (htmx).
OVERLAP_FIELDS = ("opens", "closes", "audience", "groups", "organisations", "areas")


class ConsultationForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the title"})
    lead_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the organisation leading the consultation"},
    )
    status = forms.ChoiceField(choices=ConsultationStatus.choices)
    opens = GovukDateField(
        near_future=True,
        error_messages={"required": example_hint("Enter the date it opens, like ")},
    )
    closes = GovukDateField(
        near_future=True,
        error_messages={"required": example_hint("Enter the date it closes, like ")},
    )
    audience = forms.MultipleChoiceField(
        label="Who it is for",
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = forms.CharField(
        label="Other groups it is for",
        help_text="One a line, for example market traders",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Named organisations it asks",
        queryset=Organisation.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text="The partners, and the other organisations the partnership knows: open "
        "one to choose",
    )
    areas = forms.ModelMultipleChoiceField(
        label="Areas",
        help_text="Wards, neighbourhoods or the whole place, by kind of area: open one to "
        "choose its areas",
        queryset=Area.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
    )
    method = forms.CharField(
        label="How to respond",
        max_length=200,
        required=False,
        help_text="For example, online survey and drop-in events",
    )
    url = forms.URLField(label="Link", max_length=500, required=False, assume_scheme="https")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    results_summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    results_url = forms.URLField(
        label="Results link", max_length=500, required=False, assume_scheme="https"
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    owner_body = forms.ModelChoiceField(
        label="Board or group that owns it",
        queryset=Body.objects.none(),
        required=False,
        help_text="Its page lists the consultation",
    )
    meetings = forms.ModelMultipleChoiceField(
        label="Meetings that discussed it",
        queryset=Meeting.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text=MEETINGS_HINT,
    )
    projects = forms.ModelMultipleChoiceField(
        label="Projects it serves",
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Set once the overlap warning for these dates and consultations has been shown.
    confirm = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    def __init__(
        self,
        *args: Any,
        partnership: Any,
        organisations: Any,
        meetings: Any = None,
        projects: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only the projects the user may see (the view passes `visible_to(user)`).
        self.fields["projects"].queryset = (
            projects if projects is not None else Project.objects.none()
        )
        self.fields["lead_organisation"].queryset = organisations
        self.fields["owner_body"].queryset = Body.objects.filter(partnership=partnership)
        # Only the meetings the user may see (the view passes `visible_to(user)`).
        _choose_meetings(
            self.fields["meetings"], meetings if meetings is not None else Meeting.objects.none()
        )
        choose_in_groups(
            self.fields["organisations"],
            Organisation.objects.filter(partnership=partnership).order_by("-is_partner", "name"),
            lambda organisation: "Partners" if organisation.is_partner else "Other organisations",
        )
        # The place itself, its wards and neighbourhoods, and the partnership's own areas.
        place = Area.objects.filter(partnership=partnership)
        if partnership.area_id:
            place = Area.objects.filter(
                models.Q(partnership=partnership)
                | models.Q(pk=partnership.area_id)
                | models.Q(parent_id=partnership.area_id)
                | models.Q(parent__parent_id=partnership.area_id)
            )
        choose_in_groups(
            self.fields["areas"],
            place.order_by("area_type", "name"),
            lambda area: area.get_area_type_display(),
        )
        self.fields["priorities"].queryset = Priority.objects.filter(partnership=partnership)

    def clean_groups(self) -> list[str]:
        return [g.strip() for g in self.cleaned_data["groups"].splitlines() if g.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes:
            for name, message in rules.check_consultation_dates(opens, closes).items():
                text = message.split(": ", 1)[1]
                self.add_error(name, text[0].upper() + text[1:])
        return data


AGREEMENT_STATUS_FILTER = [("", "Any status"), *AgreementStatus.choices]


class AgreementFilterForm(forms.Form):
    status = forms.ChoiceField(choices=AGREEMENT_STATUS_FILTER, required=False, label="Status")


def _bases(group: str) -> list[tuple[str, str]]:
    return [(v, label) for v, label in LawfulBasis.choices if rules.basis_group(v) == group]


# The three groups of lawful basis, each its own set of checkboxes.
BASIS_FIELDS = {"bases_art6": rules.ART6, "bases_art9": rules.ART9, "bases_gateway": rules.GATEWAY}


class AgreementForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the title"})
    lead_organisation = forms.ModelChoiceField(
        label="Lead organisation",
        queryset=Organisation.objects.none(),
        help_text="The partner that keeps the agreement; its editors are reminded of reviews",
        error_messages={"required": "Choose the organisation that keeps the agreement"},
    )
    parties = forms.ModelMultipleChoiceField(
        label="Parties",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Every organisation that shares or receives the data, the lead included "
        "(at least two)",
        error_messages={"required": "Choose at least two organisations that share the data"},
    )
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the data is shared",
        error_messages={"required": "Say why the data is shared"},
    )
    bases_art6 = forms.MultipleChoiceField(
        label=rules.BASIS_GROUPS[rules.ART6],
        choices=_bases(rules.ART6),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose at least one lawful basis in these three groups",
    )
    bases_art9 = forms.MultipleChoiceField(
        label=rules.BASIS_GROUPS[rules.ART9],
        choices=_bases(rules.ART9),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Needed when special category data is shared",
    )
    bases_gateway = forms.MultipleChoiceField(
        label=rules.BASIS_GROUPS[rules.GATEWAY],
        choices=_bases(rules.GATEWAY),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_gateway = forms.CharField(
        label="Other statutory gateway",
        max_length=300,
        required=False,
        help_text="If another, its name, for example Localism Act 2011 section 1",
    )
    data_categories = forms.CharField(
        label="Data shared",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The kinds of data, one a line, for example names and addresses",
    )
    special_category = forms.BooleanField(
        label="It includes special category data (health, ethnicity, religion, sexuality...)",
        required=False,
    )
    criminal_offence = forms.BooleanField(label="It includes criminal offence data", required=False)
    retention = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="How long each party keeps the data",
    )
    start_date = GovukDateField(label="Start date", required=False)
    review_date = GovukDateField(
        label="Review date",
        required=False,
        near_future=True,
        hint_before="The lead organisation is reminded a month before. For example, ",
    )
    status = forms.ChoiceField(choices=AgreementStatus.choices)
    owner_body = forms.ModelChoiceField(
        label="Board or group that owns it",
        queryset=Body.objects.none(),
        required=False,
        help_text="Its page lists the agreement",
    )
    is_public = forms.BooleanField(
        label="Show it in the public register (never while it is a draft)", required=False
    )

    def __init__(self, *args: Any, partnership: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations
        self.fields["parties"].queryset = Organisation.objects.filter(partnership=partnership)
        self.fields["owner_body"].queryset = Body.objects.filter(partnership=partnership)

    def clean_data_categories(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["data_categories"].splitlines() if c.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        bases = [b for name in BASIS_FIELDS for b in data.pop(name, None) or []]
        data["lawful_bases"] = bases
        problems = rules.check_agreement(
            parties=len(data.get("parties") or []),
            bases=bases,
            other_gateway=data.get("other_gateway", ""),
            special_category=data.get("special_category", False),
            start=data.get("start_date"),
            review=data.get("review_date"),
        )
        # With no basis at all the message goes above the first group; with bases but
        # none of Article 9 for special category data, beside the Article 9 group.
        places = {"lawful_bases": "bases_art9" if bases else "bases_art6"}
        for name, message in problems.items():
            if name == "parties" and "parties" in self.errors:
                continue
            text = message.split(": ", 1)[1]
            self.add_error(places.get(name, name), text[0].upper() + text[1:])
        return data


class SignedDocumentForm(forms.Form):
    document = forms.FileField(
        label="Signed agreement",
        help_text=f"A PDF or Word (DOCX) file smaller than {settings.ROUNDTABLE_MAX_UPLOAD_MB} MB",
        error_messages={
            "required": "Select the signed agreement",
            "empty": "The selected file is empty",
        },
    )


EXACT, CONTAINS = "exact", "contains"


class PersonalDataForm(forms.Form):
    """The name to find in the contact log, exactly (any capitals) or within names."""

    name = forms.CharField(
        max_length=200, help_text="As the contact log writes it, for example Jane Smith"
    )
    match = forms.ChoiceField(
        label="Find",
        choices=[
            (EXACT, "This exact name (any capitals)"),
            (CONTAINS, "Any name containing it"),
        ],
        widget=forms.RadioSelect,
        initial=EXACT,
        required=False,
    )

    def clean_name(self) -> str:
        try:
            return rules.clean_name(self.cleaned_data["name"])
        except ValueError as error:
            raise forms.ValidationError(str(error).removeprefix("name: ").capitalize()) from None

    @property
    def contains(self) -> bool:
        return self.cleaned_data.get("match") == CONTAINS
