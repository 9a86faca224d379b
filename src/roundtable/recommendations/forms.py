"""Forms for the tracker; GOV.UK markup comes from the project's form renderer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from roundtable.core.forms import (
    GovukDateField,
    GroupedCheckboxes,
    choose_in_groups,
    example_hint,
)
from roundtable.meetings.models import AgendaItem, Resolution
from roundtable.meetings.rules import roman
from roundtable.partnership.models import Body, Unit
from roundtable.performance.forms import choose_indicators
from roundtable.performance.models import Indicator
from roundtable.recommendations.choices import AuthorKind, Rag, Response, ResponseState, Status
from roundtable.recommendations.models import Review, Section
from roundtable.recommendations.rules import evidence_links
from roundtable.strategy.models import Priority, Theme


class ProgressUpdateForm(forms.Form):
    date = GovukDateField(
        label="Date of the update",
        error_messages={"required": example_hint("Enter the date of the update, like ", past=True)},
    )
    status = forms.ChoiceField(
        choices=Status.choices,
        error_messages={"required": "Select the status"},
    )
    rag = forms.ChoiceField(label="RAG rating", choices=Rag.choices, required=False)
    narrative = forms.CharField(
        label="What has been done",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what has been done since the last update"},
        max_length=10000,
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text="Links to reports, minutes or web pages, one a line",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    attachment = forms.FileField(
        label="Evidence file",
        required=False,
        help_text=f"A PDF, Word, Excel, PNG or JPEG file smaller than "
        f"{settings.ROUNDTABLE_MAX_UPLOAD_MB} MB",
        error_messages={"empty": "The selected file is empty"},
    )

    def clean_evidence(self) -> str:
        try:
            return "\n".join(evidence_links(self.cleaned_data["evidence"].splitlines()))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Add a comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your comment"},
        max_length=5000,
    )


class ResolutionChoiceField(forms.ModelChoiceField):
    """Resolutions named as the minutes cite them: body, date, "(ii)" and the opening words."""

    def label_from_instance(self, obj: Resolution) -> str:
        meeting = obj.item.meeting
        name = meeting.body.short_name or meeting.body.name
        return (
            f"{name}, {meeting.date_label}: {obj.item.title} ({roman(obj.position)}) – "
            f"{obj.text[:80]}"
        )


class ResponseForm(forms.Form):
    response = forms.ChoiceField(choices=Response.choices)
    outline_response = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    target_date = GovukDateField(required=False, near_future=True)
    internal_note = forms.CharField(
        label="Internal note",
        help_text="Never shown on public pages",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    response_state = forms.ChoiceField(
        label="Stage", choices=ResponseState.choices, widget=forms.RadioSelect
    )
    agreed_by = forms.ModelChoiceField(
        label="Agreed by", queryset=Body.objects.none(), required=False
    )
    agreed_on = GovukDateField(
        label="Agreed on", required=False, hint_before="The meeting's date, for example "
    )
    agreed_at = ResolutionChoiceField(
        label="Resolution in the minutes",
        queryset=Resolution.objects.none(),
        required=False,
        help_text="When the meeting's minutes are in Roundtable: the body and date are then "
        "taken from it",
    )
    agreed_resolution = forms.CharField(
        label="Resolution",
        help_text="The resolution's reference or text, when its minutes are not in Roundtable",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = Body.objects.filter(partnership_id=partnership_id)
        self.fields["agreed_at"].queryset = (
            Resolution.objects.filter(partnership_id=partnership_id)
            .select_related("item__meeting__body")
            .order_by("-item__meeting__start", "item__position", "position")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        resolution = data.get("agreed_at")
        if resolution is not None:
            data["agreed_by"] = resolution.item.meeting.body
            data["agreed_on"] = timezone.localdate(resolution.item.meeting.start)
        if data.get("response_state") == ResponseState.AGREED and not data.get("agreed_on"):
            self.add_error(
                "agreed_on",
                example_hint("Enter the date the response was agreed, like ", past=True),
            )
        return data


class LinksForm(forms.Form):
    """The strategy priorities, indicators and bodies a recommendation concerns."""

    priorities = forms.ModelMultipleChoiceField(
        label="Strategy priorities",
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.ModelMultipleChoiceField(
        label="Performance indicators",
        queryset=Indicator.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text="By theme: open a theme to choose its indicators",
    )
    bodies = forms.ModelMultipleChoiceField(
        label="Bodies",
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agenda_items = forms.ModelMultipleChoiceField(
        label="Discussed at (agenda items)",
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text="Meetings' agenda items that took this recommendation, by meeting, newest "
        "first: open a meeting to choose its items",
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = Priority.objects.filter(
            partnership_id=partnership_id
        ).order_by("strategy__title", "ref")
        choose_indicators(
            self.fields["indicators"],
            Indicator.objects.filter(partnership_id=partnership_id),
            by_theme=True,
        )
        self.fields["bodies"].queryset = Body.objects.filter(partnership_id=partnership_id)
        choose_in_groups(
            self.fields["agenda_items"],
            AgendaItem.objects.filter(partnership_id=partnership_id)
            .select_related("meeting__body")
            .order_by("-meeting__start", "meeting_id", "parent_id", "position"),
            lambda item: item.meeting.heading,
            label=lambda item: item.title,
        )


class ReviewForm(forms.Form):
    """A review: who wrote it, for whom, when, its parent and themes, and whether it is public."""

    title = forms.CharField(max_length=300, error_messages={"required": "Enter the review's title"})
    author = forms.CharField(
        label="Author",
        max_length=200,
        required=False,
        help_text="For example, Future of Westminster Commission",
    )
    author_kind = forms.ChoiceField(
        label="Kind of author",
        choices=AuthorKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of author"},
    )
    commissioned_by = forms.CharField(
        label="Commissioned by",
        max_length=200,
        required=False,
        help_text="For example, Westminster City Council",
    )
    published_on = GovukDateField(label="Date published", required=False)
    url = forms.URLField(
        label="Link",
        assume_scheme="https",
        required=False,
        help_text="Where the review can be read, starting https://",
        error_messages={"invalid": "Enter the link as a web address starting https://"},
    )
    document = forms.CharField(
        label="Source document", max_length=300, required=False, help_text="Its file name or title"
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    parent = forms.ModelChoiceField(
        label="Part of",
        queryset=Review.objects.none(),
        required=False,
        help_text="The overarching review this one is part of",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The partnership's strategy themes it concerns; the tracker filters by them",
    )
    update_every_months = forms.IntegerField(
        label="Progress updates expected every (months)",
        min_value=1,
        max_value=60,
        error_messages={
            "required": "Enter how many months may pass between progress updates",
            "invalid": "Enter the number of months as a whole number, like 3",
            "min_value": "Enter at least 1 month",
            "max_value": "Enter 60 months or fewer",
        },
    )
    is_published = forms.BooleanField(label="Published on the public tracker", required=False)

    def __init__(
        self, *args: Any, partnership_id: int, review: Review | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership_id = partnership_id
        self.review = review
        parents = Review.objects.filter(partnership_id=partnership_id)
        if review is not None and review.pk:
            parents = parents.exclude(pk=review.pk)
        self.fields["parent"].queryset = parents
        self.fields["themes"].queryset = Theme.objects.filter(
            partnership_id=partnership_id
        ).select_related("strategy")
        self.fields["themes"].label_from_instance = lambda t: f"{t.name} ({t.strategy.title})"

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        others = Review.objects.filter(partnership_id=self.partnership_id, title__iexact=title)
        if self.review is not None and self.review.pk:
            others = others.exclude(pk=self.review.pk)
        if others.exists():
            raise forms.ValidationError("This partnership already has a review with this title")
        return title


class SectionForm(forms.Form):
    title = forms.CharField(
        max_length=300,
        help_text='For example, "Supporting Communities"',
        error_messages={"required": "Enter the section's title"},
    )
    order = forms.IntegerField(
        label="Position",
        min_value=0,
        help_text="Sections are listed in this order, lowest first",
        error_messages={
            "required": "Enter the section's position, like 1",
            "invalid": "Enter the position as a whole number, like 1",
            "min_value": "Enter a position of 0 or more",
        },
    )

    def __init__(self, *args: Any, review: Review, section: Section | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.review = review
        self.section = section

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        others = Section.objects.filter(review=self.review, title__iexact=title)
        if self.section is not None:
            others = others.exclude(pk=self.section.pk)
        if others.exists():
            raise forms.ValidationError("This review already has a section with this title")
        return title


class TrackerFilterForm(forms.Form):
    """The tracker's filters (GET); `queries.TrackerFilters` reads the same names."""

    q = forms.CharField(label="Search", required=False)
    review = forms.ModelChoiceField(
        queryset=Review.objects.none(), required=False, empty_label="Any review"
    )
    section = forms.ModelChoiceField(
        queryset=Section.objects.none(), required=False, empty_label="Any section"
    )
    response = forms.ChoiceField(choices=[("", "Any")] + Response.choices, required=False)
    status = forms.ChoiceField(choices=[("", "Any")] + Status.choices, required=False)
    lead = forms.ModelChoiceField(
        label="Lead unit", queryset=Unit.objects.none(), required=False, empty_label="Any unit"
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(), required=False, empty_label="Any theme"
    )
    overdue = forms.BooleanField(label="Only overdue updates", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            ("number", "Review and number"),
            ("response", "Response"),
            ("status", "Status"),
            ("lead", "Lead"),
            ("updated", "Latest update"),
            ("due", "Next update due"),
        ],
        required=False,
    )

    def __init__(self, *args: Any, reviews: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = reviews
        self.fields["section"].queryset = Section.objects.filter(review__in=reviews).select_related(
            "review"
        )
        self.fields["section"].label_from_instance = lambda s: f"{s.review.title}: {s.title}"
        self.fields["lead"].queryset = Unit.objects.filter(
            partnership_id=partnership_id, led_recommendations__isnull=False
        ).distinct()
        self.fields["theme"].queryset = Theme.objects.filter(
            partnership_id=partnership_id, reviews__isnull=False
        ).distinct()
