"""Forms for strategy records. Validation uses the same rules as the importer."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils import timezone

from roundtable.core.forms import GovukDateField, NameUniqueWithin, check_spreadsheet
from roundtable.strategy import queries
from roundtable.strategy.choices import EventKind, RevisionStatus, StrategyKind, StrategyStatus
from roundtable.strategy.models import (
    Approach,
    Event,
    Objective,
    Priority,
    PriorityRevision,
    Strategy,
    Theme,
)
from roundtable.strategy.rules import (
    FIRST_YEAR,
    LAST_YEAR,
    SLUG_LENGTH,
    ProposedRevision,
    RevisionState,
    allowed_statuses,
    check_revision,
    slug_problem,
    split_codes,
    years_in_order,
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
        _add_problems(self, check_revision(state, proposed, today=timezone.localdate()))
        return data


def _add_problems(form: forms.Form, problems: list) -> None:
    """Put `rules.check_revision`'s problems on the form's fields, as sentences."""
    for problem in problems:
        if problem.field == "date" and form.has_error("date"):
            continue  # the date's own error (missing or not a date) says enough
        form.add_error(problem.field, problem.message[:1].upper() + problem.message[1:])


class RecordForm(NameUniqueWithin):
    """A strategy record's form. It edits a copy of the record, so the record the view
    holds keeps its stored values: the service compares the form's answers with them,
    saves what changed, and asks whether the user may change the record as stored."""

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, instance=copy.copy(instance), **kwargs)


def _year(label: str, hint: str) -> forms.IntegerField:
    messages = {
        "invalid": f"{label} must be a year, like 2011",
        "min_value": f"{label} must be between {FIRST_YEAR} and {LAST_YEAR}",
        "max_value": f"{label} must be between {FIRST_YEAR} and {LAST_YEAR}",
    }
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=hint,
        error_messages=messages,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-4", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class StrategyForm(RecordForm):
    """Add a strategy to the partnership, or edit one (its slug is chosen once)."""

    within = "partnership"
    named_by = "title"

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Sustainable Community Strategy 2011",
        error_messages={"required": "Enter the title of the strategy"},
    )
    short_title = forms.CharField(
        label="Short title",
        max_length=80,
        required=False,
        help_text="For example, SCS 2011",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    slug = forms.SlugField(
        label="Web address",
        max_length=SLUG_LENGTH,
        required=False,
        help_text=(
            "The end of the strategy's web address, like scs-2011: lower case letters, "
            "numbers and hyphens. Leave it empty to make it from the title. It cannot be "
            "changed later."
        ),
        error_messages={
            "invalid": "Web address must be lower case letters, numbers and hyphens, like scs-2011",
            "unique": "Another strategy already uses this web address; choose another",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(
        label="Kind of strategy",
        choices=[("", "Choose a kind of strategy"), *StrategyKind.choices],
        error_messages={
            "required": "Select the kind of strategy",
            "invalid_choice": "Select a kind of strategy from the list",
        },
    )
    start_year = _year("Start year", "The year it starts, for example 2008")
    end_year = _year("End year", "The last year it covers, for example 2011")
    status = forms.ChoiceField(
        label="Status",
        choices=StrategyStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status of the strategy",
            "invalid_choice": "Select a status from the list",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the strategy is for, shown on its page",
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        required=False,
        help_text="The document it was taken from, for example its title or web address",
    )

    class Meta:
        model = Strategy
        fields = [
            "title",
            "short_title",
            "slug",
            "kind",
            "start_year",
            "end_year",
            "status",
            "description",
            "source",
        ]

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        if self.instance.pk is not None:
            del self.fields["slug"]  # the address people link to stays

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug and (problem := slug_problem(slug)):
            raise forms.ValidationError(f"Web address: {problem}")
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not years_in_order(data.get("start_year"), data.get("end_year")):
            self.add_error("end_year", "End year must be the same as or after the start year")
        return data


class ThemeForm(RecordForm):
    """Add a theme to a strategy, or rename one, describe it and say where it comes."""

    within = "strategy"

    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Health and wellbeing",
        error_messages={"required": "Enter the name of the theme"},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the theme's name on the strategy's page",
    )
    order = forms.IntegerField(
        label="Position",
        min_value=0,
        help_text="Themes are listed by position, lowest first",
        error_messages={
            "required": "Enter the position of the theme, like 1",
            "invalid": "Position must be a whole number, like 1",
            "min_value": "Position must be 0 or more",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )

    class Meta:
        model = Theme
        fields = ["name", "description", "order"]

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        if self.instance.pk is None:
            del self.fields["order"]  # a new theme comes after the others


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return obj.name


def _ref() -> forms.CharField:
    return forms.CharField(
        label="Reference",
        max_length=30,
        help_text="A short code unique in the strategy, for example CS-1",
        error_messages={"required": "Enter the reference of the priority, like CS-1"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )


def _theme() -> ThemeChoiceField:
    return ThemeChoiceField(
        label="Theme",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="No theme",
        error_messages={"invalid_choice": "Select a theme of this strategy from the list"},
    )


class PriorityAddForm(RecordForm):
    """Add a priority to a strategy with the first revision of its wording."""

    within = "strategy"
    named_by = "ref"
    field_order = ["ref", "wording", "theme", "status", "date", "event", "note"]

    ref = _ref()
    wording = forms.CharField(
        label="Wording",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The priority as the strategy words it",
        error_messages={"required": "Enter the wording of the priority"},
    )
    theme = _theme()
    status = forms.ChoiceField(
        label="How far has its wording got?",
        widget=forms.RadioSelect,
        choices=[
            (value, label)
            for value, label in RevisionStatus.choices
            if value in allowed_statuses(None)
        ],
        help_text=(
            "Draft while it is being worded, Agreed if it was adopted as it is, New for a "
            "priority added to a strategy already agreed"
        ),
        error_messages={
            "required": "Select how far the priority's wording has got",
            "invalid_choice": "Select Draft, Agreed or New",
        },
    )
    date = GovukDateField(
        label="Date",
        hint_before="When it was drafted or agreed, for example ",
        error_messages={"required": "Enter the date it was drafted or agreed"},
    )
    event = EventChoiceField(
        label="Event",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Not at a recorded event",
        help_text="The workshop, meeting or development day where it was drafted or agreed",
        error_messages={"invalid_choice": "Select an event of this partnership from the list"},
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What was said, for example the workshop's comment",
    )

    class Meta:
        model = Priority
        fields = ["ref", "theme"]

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.instance.partnership_id = strategy.partnership_id
        self.fields["theme"].queryset = queries.strategy_themes(strategy)
        self.fields["event"].queryset = queries.partnership_events(strategy.partnership_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "status" in data:
            proposed = ProposedRevision(
                status=data["status"], date=data.get("date"), wording=data.get("wording", "")
            )
            problems = check_revision(None, proposed, today=timezone.localdate())
            _add_problems(self, [p for p in problems if not self.has_error(p.field)])
        return data


class PriorityEditForm(RecordForm):
    """Change a priority's reference, theme or position; its wording and status
    change by recording a revision."""

    within = "strategy"
    named_by = "ref"

    ref = _ref()
    theme = _theme()
    order = forms.IntegerField(
        label="Position",
        min_value=0,
        help_text="Priorities are listed by position, lowest first",
        error_messages={
            "required": "Enter the position of the priority, like 1",
            "invalid": "Position must be a whole number, like 1",
            "min_value": "Position must be 0 or more",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )

    class Meta:
        model = Priority
        fields = ["ref", "theme", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = queries.strategy_themes(self.instance.strategy)


def _position(what: str) -> forms.IntegerField:
    return forms.IntegerField(
        label="Position",
        min_value=0,
        help_text=f"{what} are listed by position, lowest first",
        error_messages={
            "required": "Enter the position, like 1",
            "invalid": "Position must be a whole number, like 1",
            "min_value": "Position must be 0 or more",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )


class EventForm(RecordForm):
    """Add an event of the partnership (where a priority was drafted, agreed or
    revised), or edit one."""

    within = "partnership"

    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Partnership board or Summer workshop",
        error_messages={"required": "Enter the name of the event"},
    )
    date = GovukDateField(
        label="Date",
        hint_before="When it took place, for example ",
        error_messages={"required": "Enter the date of the event"},
    )
    kind = forms.ChoiceField(
        label="Kind of event",
        choices=[("", "Choose a kind of event"), *EventKind.choices],
        error_messages={
            "required": "Select the kind of event",
            "invalid_choice": "Select a kind of event from the list",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who took part and what it was for, shown on its page",
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        required=False,
        help_text="The document that records it, for example the minutes' title or web address",
    )

    class Meta:
        model = Event
        fields = ["name", "date", "kind", "description", "source"]

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership


class ApproachForm(RecordForm):
    """Add a cross-cutting value or approach to a strategy, or rename one, describe it
    and say where it comes."""

    within = "strategy"

    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Narrowing the gaps",
        error_messages={"required": "Enter the name of the value or approach"},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under its name on the strategy's page",
    )
    order = _position("Values and approaches")

    class Meta:
        model = Approach
        fields = ["name", "description", "order"]

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        if self.instance.pk is None:
            del self.fields["order"]  # a new value comes after the others


class ObjectiveForm(RecordForm):
    """Add an objective under a priority (or a value or approach), or reword one and
    say where it comes."""

    within = "priority"
    named_by = "text"

    text = forms.CharField(
        label="Objective",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, Focus on the most vulnerable groups",
        error_messages={"required": "Enter the objective"},
    )
    measures = forms.CharField(
        label="How it is measured",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The measures of progress in words, one per line, for example Reported "
        "rates of hate crime, complaints, grievances and other incidents of discrimination",
    )
    order = _position("Objectives")

    class Meta:
        model = Objective
        fields = ["text", "measures", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["order"]  # a new objective comes after the others


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
