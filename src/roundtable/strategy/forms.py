"""Forms for strategy records. Validation uses the same rules as the importer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from roundtable.core.forms import GovukDateField, check_spreadsheet
from roundtable.strategy.choices import RevisionStatus
from roundtable.strategy.models import Event, Priority, PriorityRevision
from roundtable.strategy.rules import (
    ProposedRevision,
    RevisionState,
    allowed_statuses,
    check_revision,
    split_codes,
)


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        return str(obj)


class PriorityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Priority) -> str:
        return f"{obj.ref}: {obj.wording}"


class RevisionForm(forms.Form):
    """Record what happened to a priority's wording at an event."""

    status = forms.ChoiceField(
        label="What happened to the priority?",
        widget=forms.RadioSelect,
        choices=RevisionStatus.choices,
        error_messages={"required": "Select what happened to the priority"},
    )
    date = GovukDateField(
        label="Date",
        error_messages={"required": "Enter the date of the revision"},
    )
    event = EventChoiceField(
        label="Event",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Not at a recorded event",
        help_text="The workshop, meeting or development day where it changed",
    )
    wording = forms.CharField(
        label="Wording",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The wording after this change. Leave it as it is to keep it.",
    )
    merged_into = PriorityChoiceField(
        label="Merged into",
        queryset=Priority.objects.none(),
        required=False,
        empty_label="Not merged",
        help_text="Only when the priority was merged into another",
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What was said, for example the workshop's comment",
    )

    def __init__(
        self, *args: Any, priority: Priority, previous: PriorityRevision | None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("wording", priority.wording)
        super().__init__(*args, **kwargs)
        self.priority = priority
        self.previous = previous
        allowed = allowed_statuses(previous.status if previous else None)
        self.fields["status"].choices = [
            (value, label) for value, label in RevisionStatus.choices if value in allowed
        ]
        self.fields["event"].queryset = Event.objects.filter(
            partnership_id=priority.partnership_id
        ).order_by("-date", "name")
        self.fields["merged_into"].queryset = (
            Priority.objects.filter(strategy_id=priority.strategy_id)
            .exclude(pk=priority.pk)
            .exclude(status__in=[RevisionStatus.DELETED, RevisionStatus.MERGED])
            .order_by("order", "ref")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "status" not in data:
            return data
        merged_into: Priority | None = data.get("merged_into")
        previous = self.previous
        wording = data.get("wording", "").strip()
        unchanged = previous is not None and wording == self.priority.wording
        if unchanged and data["status"] != RevisionStatus.REFINED:
            wording = ""  # a revision without wording keeps the current wording
        data["wording"] = wording
        proposed = ProposedRevision(
            status=data["status"],
            date=data.get("date"),
            wording=wording,
            merged_into_id=merged_into.pk if merged_into else None,
            merged_into_status=merged_into.status if merged_into else None,
            merged_into_same_strategy=True,
            priority_id=self.priority.pk,
        )
        state = (
            RevisionState(previous.status, self.priority.wording, previous.date)
            if previous
            else None
        )
        for problem in check_revision(state, proposed, today=timezone.localdate()):
            if problem.field == "date" and self.has_error("date"):
                continue  # the date's own error (missing or not a date) says enough
            self.add_error(problem.field, problem.message[:1].upper() + problem.message[1:])
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files at once (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if not data:
            single(None, initial)  # raises "required" when the field is required
            return []
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    """Upload one or more strategy files (CSV or XLSX) to import together."""

    files = MultipleFileField(
        label="CSV or Excel files",
        help_text=(
            "Select one or more files. Each file's name says what it holds: strategies, "
            "events, themes, values, priorities or objectives (for example "
            "strategy-priorities.csv)."
        ),
        error_messages={
            "required": "Select at least one CSV or XLSX file",
            "empty": "The selected file is empty",
        },
    )

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        for upload in files:
            check_spreadsheet(upload)
        return files


class TargetAreasForm(forms.Form):
    """Say which areas a priority focuses on, by code (as in the import's `areas` column)."""

    codes = forms.CharField(
        label="Area codes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "GSS codes (like E05013794) or custom area codes (like "
            "westminster-reassurance-wards), separated by semicolons. Leave empty if the "
            "priority focuses on no particular areas."
        ),
    )

    def clean_codes(self) -> list:
        from roundtable.geography.models import Area

        codes = split_codes(self.cleaned_data["codes"])
        found = {area.code: area for area in Area.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                f"There is no area with code {', '.join(unknown)}; check the code on the "
                "area's page"
            )
        return [found[code] for code in codes]
