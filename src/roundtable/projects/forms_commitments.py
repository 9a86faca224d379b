"""Forms of commitments; GOV.UK markup comes from the project's form renderer. The
checks are the pure rules the services use (`rules_commitments.py`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import F

from roundtable.core.forms import (
    GovukDateField,
    GroupedCheckboxes,
    choose_in_groups,
    example_hint,
)
from roundtable.meetings.models import Meeting
from roundtable.partnership.models import Organisation, Person
from roundtable.projects.choices_commitments import CommitmentKind, CommitmentStatus
from roundtable.projects.models_commitments import CommitmentAction
from roundtable.strategy.models import Priority

#: The group of the people with no organisation, in a chooser of people.
NO_ORGANISATION = "No organisation"


class CommitmentFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any kind"), *CommitmentKind.choices], required=False)
    status = forms.ChoiceField(
        choices=[("", "Any status"), *CommitmentStatus.choices], required=False
    )


class CommitmentForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the title"})
    kind = forms.ChoiceField(choices=CommitmentKind.choices)
    status = forms.ChoiceField(choices=CommitmentStatus.choices)
    text = forms.CharField(
        label="The commitment in full",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    owner_organisations = forms.ModelMultipleChoiceField(
        label="Owner organisations",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one owner organisation"},
    )
    leads = forms.ModelMultipleChoiceField(
        label="Leads",
        queryset=Person.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text="By organisation: open one to choose its people",
    )
    review_on = GovukDateField(label="Review date", required=False, near_future=True)
    agreed_at = forms.ModelChoiceField(
        label="Agreed at meeting", queryset=Meeting.objects.none(), required=False
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    progress = forms.CharField(
        label="Progress (narrative)",
        help_text="Shown in the performance report for an equality objective",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    progress_on = GovukDateField(label="Progress as at", required=False)
    is_published = forms.BooleanField(
        label="Published (anyone may see it unless it is a draft)", required=False
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_organisations"].queryset = Organisation.objects.filter(
            partnership=partnership, is_partner=True
        )
        choose_in_groups(
            self.fields["leads"],
            Person.objects.filter(partnership=partnership)
            .select_related("organisation")
            .order_by(F("organisation__name").asc(nulls_last=True), "family_name", "given_name"),
            lambda person: person.organisation.name if person.organisation else NO_ORGANISATION,
        )
        self.fields["agreed_at"].queryset = (
            Meeting.objects.filter(partnership=partnership)
            .select_related("body")
            .order_by("-start")
        )
        self.fields["agreed_at"].label_from_instance = lambda m: (
            f"{m.body.name}, {m.start:%-d %B %Y}"
        )
        self.fields["priorities"].queryset = Priority.objects.filter(partnership=partnership)


class ActionForm(forms.Form):
    action = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what is to be done"},
    )
    due = GovukDateField(required=False, near_future=True)
    owner_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(
            partnership=partnership, is_partner=True
        )


class ActionEditForm(ActionForm):
    done = GovukDateField(
        label="Date done",
        hint_before="Leave empty if it is not done yet. For example, ",
        required=False,
    )


class ActionDoneForm(forms.Form):
    done = GovukDateField(
        label="Date done",
        hint_before="Leave empty to mark it not done. For example, ",
        required=False,
    )


class EvidenceForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Say what the evidence is"})
    link = forms.CharField(
        label="Link",
        max_length=500,
        required=False,
        help_text="A web address starting https://; or choose a file instead",
    )
    file = forms.FileField(
        label="Or a file", required=False, help_text="PDF, DOCX, XLSX, PNG or JPEG"
    )
    action = forms.ModelChoiceField(
        label="Evidence for the action",
        queryset=CommitmentAction.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, commitment: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = CommitmentAction.objects.filter(commitment=commitment)


class EvidenceEditForm(forms.Form):
    """Change evidence's title, link and action; a file stays as it is (to replace
    it, delete the evidence and add the new file)."""

    title = forms.CharField(max_length=300, error_messages={"required": "Say what the evidence is"})
    link = forms.CharField(
        label="Link",
        max_length=500,
        help_text="A web address starting https://",
        error_messages={"required": "Enter a web address starting https://"},
    )
    action = forms.ModelChoiceField(
        label="Evidence for the action",
        queryset=CommitmentAction.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, evidence: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = CommitmentAction.objects.filter(
            commitment_id=evidence.commitment_id
        )
        if evidence.is_file:
            del self.fields["link"]


class SignatoryForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the organisation that signed"},
    )
    signed_by = forms.CharField(
        label="Who signed", max_length=200, error_messages={"required": "Enter who signed"}
    )
    role = forms.CharField(max_length=200, required=False, help_text="For example, Chief Executive")
    signed_on = GovukDateField(
        label="Signed on",
        error_messages={"required": example_hint("Enter the date it was signed, like ", past=True)},
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
