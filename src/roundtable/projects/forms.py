"""Forms of projects, milestones, risks and updates; GOV.UK markup comes from the
project's form renderer. The checks are the pure rules the services and the import use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from roundtable.core.forms import (
    GovukDateField,
    GroupedCheckboxes,
    choose_in_groups,
    example_hint,
)
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.queries import in_place
from roundtable.meetings.models import AgendaItem
from roundtable.partnership.models import Body, Organisation, Person
from roundtable.performance.forms import choose_indicators
from roundtable.performance.models import Indicator
from roundtable.projects import rules
from roundtable.projects.choices import ProjectStatus, Rag
from roundtable.recommendations.models import Recommendation
from roundtable.strategy.models import Priority


class PortfolioFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *ProjectStatus.choices], required=False)
    priority = forms.ModelChoiceField(
        queryset=Priority.objects.none(), required=False, empty_label="Any priority"
    )
    lead_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, empty_label="Any lead"
    )
    sponsor_body = forms.ModelChoiceField(
        queryset=Body.objects.none(), required=False, empty_label="Any sponsor"
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = Priority.objects.filter(partnership_id=partnership_id)
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(
            partnership_id=partnership_id, is_partner=True
        )
        self.fields["sponsor_body"].queryset = Body.objects.filter(partnership_id=partnership_id)
        for name in ("priority", "lead_organisation", "sponsor_body"):
            # Read once for the page's select (a template's loop would count them first).
            self.fields[name].choices = list(iter(self.fields[name].choices))


class ProjectForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the title"})
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    lead_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the lead organisation"},
    )
    lead_person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    sponsor_body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        required=False,
        help_text="The board or group the project reports to",
    )
    status = forms.ChoiceField(choices=ProjectStatus.choices)
    start = GovukDateField(required=False)
    end = GovukDateField(required=False, near_future=True)
    is_published = forms.BooleanField(
        label="Publish this project",
        required=False,
        help_text="Unpublished projects are seen by the partnership's own people only",
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text="By theme: open a theme to choose its indicators",
    )
    recommendations = forms.ModelMultipleChoiceField(
        queryset=Recommendation.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text="By review: open a review to choose its recommendations",
    )
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text="By kind of area: open one to choose its areas",
    )

    def __init__(
        self,
        *args: Any,
        partnership_id: int,
        organisations: Any,
        bodies: Any,
        place_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations
        # Someone who asks for a lead not offered them (a stale form, a hand-made POST).
        self.fields["lead_organisation"].error_messages["invalid_choice"] = (
            "Choose one of the organisations listed: you may keep projects your "
            "organisation leads or your board sponsors only"
        )
        self.fields["sponsor_body"].queryset = bodies
        self.fields["lead_person"].queryset = Person.objects.filter(
            partnership_id=partnership_id
        ).select_related("organisation")
        self.fields["priorities"].queryset = Priority.objects.filter(partnership_id=partnership_id)
        choose_indicators(
            self.fields["indicators"],
            Indicator.objects.filter(partnership_id=partnership_id),
            by_theme=True,
        )
        choose_in_groups(
            self.fields["recommendations"],
            # The reviews in their order, each one's recommendations by number.
            Recommendation.objects.filter(partnership_id=partnership_id).select_related("review"),
            lambda recommendation: recommendation.review.title,
        )
        # The partnership's own areas, and its place's local authority and wards (not
        # every ward of England, nor another partnership's custom areas).
        areas = in_place(
            Area.objects.filter(
                Q(partnership_id=partnership_id)
                | Q(area_type__in=[AreaType.LOCAL_AUTHORITY, AreaType.WARD])
            ),
            place_id,
            partnership_id,
        ).order_by("area_type", "name")
        choose_in_groups(self.fields["areas"], areas, lambda area: area.get_area_type_display())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            rules.check_dates(data.get("start"), data.get("end"))
        except ValueError as error:
            self.add_error("end", str(error).split(": ", 1)[1].capitalize())
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the milestone"})
    due = GovukDateField(required=False, near_future=True)
    done_on = GovukDateField(label="Done on", required=False)


class RiskForm(forms.Form):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the risk"},
    )
    likelihood = forms.IntegerField(
        help_text="From 1 (rare) to 5 (almost certain)",
        error_messages={"required": "Enter the likelihood, a whole number from 1 to 5"},
    )
    impact = forms.IntegerField(
        help_text="From 1 (minor) to 5 (severe)",
        error_messages={"required": "Enter the impact, a whole number from 1 to 5"},
    )
    mitigation = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(partnership_id=partnership_id)

    def _score(self, name: str) -> int:
        try:
            return rules.check_score(self.cleaned_data[name], name)
        except ValueError as error:
            # Named, so the error summary's two messages say which is which.
            raise forms.ValidationError(
                f"{name.capitalize()}: {str(error).split(': ', 1)[1]}"
            ) from None

    def clean_likelihood(self) -> int:
        return self._score("likelihood")

    def clean_impact(self) -> int:
        return self._score("impact")


class UpdateForm(forms.Form):
    date = GovukDateField(
        error_messages={"required": example_hint("Enter the date of the update, like ", past=True)},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=[("", "No RAG given"), *Rag.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what the update says"},
    )
    author = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    agenda_item = forms.ModelChoiceField(
        label="Agenda item",
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text="Place the update on a meeting's agenda item: it then goes into the "
        "meeting's board pack",
    )

    def __init__(self, *args: Any, partnership_id: int, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = Person.objects.filter(partnership_id=partnership_id)
        self.fields["agenda_item"].queryset = items
        self.fields["agenda_item"].label_from_instance = lambda item: (
            f"{item.meeting.body.name}, {item.meeting.start:%-d %B %Y}: {item.title}"
        )
