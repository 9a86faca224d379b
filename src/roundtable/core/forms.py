"""GOV.UK Frontend form rendering: the one place that knows the markup.

`GovukFormRenderer` makes every Django form render with an error summary and
GOV.UK form groups; `govuk_widget_attrs` gives each widget its GOV.UK class and
the aria-describedby links to its hint and error message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import UniqueConstraint
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import lazy

from roundtable.core.dates import EXAMPLE_FORMAT, example_date_text
from roundtable.core.imports import parse_date

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.SelectMultiple, "govuk-select"),
    (forms.Select, "govuk-select"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.widgets.Input, "govuk-input"),
]


class NameUniqueWithin(forms.ModelForm):
    """For a ModelForm whose model's name is unique within a record the form does not
    show (an organisation's or body's partnership, a unit's organisation, a strategy's
    theme): Django's own check leaves out a constraint on a field the form lacks, so a
    taken name used to reach the service and answer 500. Check it here, and say so at
    the name. `within` names that record's field; `named_by` the name's field, where
    it is not `name` (a strategy's `title`, a priority's `ref`)."""

    within = "partnership"
    named_by = "name"

    def validate_unique(self) -> None:
        super().validate_unique()
        exclude = self._get_validation_exclusions() - {self.within}
        if self.named_by in exclude:
            return
        model = type(self.instance)
        for constraint in model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and set(constraint.fields) == {
                self.within,
                self.named_by,
            }:
                try:
                    constraint.validate(model, self.instance, exclude=exclude)
                except ValidationError as error:
                    self.add_error(self.named_by, error.messages)


#: How many options a list that takes several choices shows at once.
MULTIPLE_SELECT_ROWS = "8"


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose choices come in named groups (Django's grouped choices: `(name,
    [(value, label), …])`), drawn as one GOV.UK details component a group, inside the
    field's fieldset: a long list (a partnership's hundred indicators) reads on a phone
    as a short list of group names to open. A group holding a chosen box is open, so
    what is chosen shows; all are open when the field has an error. Needs no
    JavaScript (`details` opens by itself)."""


@dataclass(frozen=True)
class CheckboxGroup:
    """One group of `GroupedCheckboxes` as its template draws it."""

    name: str
    options: list[dict[str, Any]]

    @property
    def chosen(self) -> int:
        return sum(1 for option in self.options if option["selected"])


def choose_in_groups(
    field: forms.ModelMultipleChoiceField,
    queryset: Any,
    group: Callable[[Any], str],
    label: Callable[[Any], str] | None = None,
) -> None:
    """Offer `queryset` in `field` (drawn by `GroupedCheckboxes`) in groups named by
    `group(record)`: the groups in the order their first record comes in the queryset,
    each group's records in queryset order, each named by `label(record)` (by default
    the field's own label for it). What the field accepts is `queryset`, as before; one
    query, as the field's own list."""

    class InGroups(forms.models.ModelChoiceIterator):
        def __iter__(self) -> Any:
            groups: dict[str, list[Any]] = {}
            for record in self.queryset:
                value, name = self.choice(record)
                groups.setdefault(group(record), []).append(
                    (value, label(record) if label else name)
                )
            yield from groups.items()

    field.iterator = InGroups
    field.queryset = queryset  # after the iterator: this hands the widget its choices


def checkbox_groups(bound_field: forms.BoundField) -> list[CheckboxGroup]:
    """A `GroupedCheckboxes` field's groups, each option with its id, name, value, label
    and whether it is ticked (Django's `optgroups`; ids `id_field_0_0`, `id_field_0_1`…)."""
    widget = bound_field.field.widget
    attrs = widget.build_attrs(widget.attrs, {"id": bound_field.auto_id})
    value = widget.format_value(bound_field.value())
    return [
        CheckboxGroup(str(name or ""), options)
        for name, options, _ in widget.optgroups(bound_field.html_name, value, attrs)
    ]


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


def widget_kind(widget: forms.Widget) -> str:
    """The GOV.UK component a widget is drawn as: input, select, checkboxes…"""
    if isinstance(widget, GroupedCheckboxes):
        return "grouped"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


#: What an optional field's label ends with. The field template adds it, so a
#: form's label never says it (a test checks every form's fields).
OPTIONAL = "(optional)"


def label_text(bound_field: forms.BoundField) -> str:
    """A field's label as drawn: an optional field's ends "(optional)", once, even
    when the label given already says so; not a field another's answer makes
    required (`required_when`)."""
    label = str(bound_field.label)
    field = bound_field.field
    if field.required or getattr(field, "required_when", "") or label.endswith(OPTIONAL):
        return label
    return f"{label} {OPTIONAL}"


FieldT = TypeVar("FieldT", bound=forms.Field)


def required_when(field: FieldT, condition: str) -> FieldT:
    """Mark a field that another field's answer makes required, like the reason an
    item is restricted once "Restricted" is ticked: Django must take it empty
    (`required=False`) and the form's `clean()` asks for it, but its label must not
    say "(optional)". Its hint says when it is needed ("Required when the item is
    restricted"), before any hint it had. `field = required_when(forms.X(...), "…")`."""
    field.required_when = condition  # type: ignore[attr-defined]
    said = f"Required when {condition}"
    field.help_text = f"{said}. {field.help_text}" if field.help_text else said
    return field


#: Django's label for a select's empty choice, which says nothing to a reader.
DJANGO_BLANK = "---------"


def blank_choice_label(field: forms.Field) -> str:
    """What a select's empty choice says instead of Django's dashes: "None" where the
    field may be left empty, "Select one" where it must be chosen. A form that means
    something else by it (a filter's "Any review") names it itself."""
    return "Select one" if field.required else "None"


def plain_blank_choice(bound_field: forms.BoundField) -> None:
    """Put `blank_choice_label` in place of Django's "---------" in the field's select:
    a model choice's `empty_label`, or the empty choice of a list of choices (a model
    field's `BLANK_CHOICE_DASH`)."""
    field, widget = bound_field.field, bound_field.field.widget
    if not isinstance(widget, forms.Select) or isinstance(widget, forms.RadioSelect):
        return
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == DJANGO_BLANK:
        field.empty_label = blank_choice_label(field)
    choices = widget.choices
    if isinstance(choices, list | tuple) and any(label == DJANGO_BLANK for _, label in choices):
        widget.choices = [
            (value, blank_choice_label(field) if label == DJANGO_BLANK else label)
            for value, label in choices
        ]


def govuk_widget_attrs(bound_field: forms.BoundField) -> dict[str, str]:
    widget = bound_field.field.widget
    css = next((c for kind, c in WIDGET_CLASSES if isinstance(widget, kind)), "govuk-input")
    if bound_field.errors and css in {"govuk-input", "govuk-select", "govuk-textarea"}:
        css += f" {css}--error"
    if bound_field.errors and css == "govuk-file-upload":
        css += " govuk-file-upload--error"
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class", ""), css]))}
    if isinstance(widget, forms.SelectMultiple) and not isinstance(
        widget, forms.CheckboxSelectMultiple
    ):
        # GOV.UK's select is one line high; a list to choose several from shows
        # several (roundtable.scss lets its height follow).
        attrs["size"] = widget.attrs.get("size", MULTIPLE_SELECT_ROWS)
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return attrs


#: One line of the error summary: the href it links to (a field's input, "#id_file")
#: and its message. An empty href draws the message without a link, for a problem
#: of the whole form that no one field can put right.
ErrorLink = tuple[str, str]


def field_href(bound_field: forms.BoundField) -> str:
    """Where the error summary sends the reader for a field: its input, or the first
    of its radios or checkboxes (Django numbers them `id_kind_0`, `id_kind_1`…, and in
    groups `id_kind_0_0`…)."""
    kind = widget_kind(bound_field.field.widget)
    first = {"radios": "_0", "checkboxes": "_0", "grouped": "_0_0"}.get(kind, "")
    return f"#{bound_field.auto_id}{first}"


def non_field_error_links(form: forms.BaseForm | None) -> list[ErrorLink]:
    """The form's problems as a whole, unlinked (`ErrorLink`)."""
    return [] if form is None else [("", str(e)) for e in form.non_field_errors()]


def field_error_links(form: forms.BaseForm | None) -> list[ErrorLink]:
    """Each field's problems, in the form's order, linked to the field (`field_href`)."""
    if form is None:
        return []
    return [(field_href(field), str(error)) for field in form for error in field.errors]


def form_error_links(form: forms.BaseForm) -> list[ErrorLink]:
    """The error summary of one form: its problems as a whole, then each field's."""
    return non_field_error_links(form) + field_error_links(form)


SPREADSHEET_ERRORS = {
    "required": "Select a CSV or XLSX file",
    "empty": "The selected file is empty",
}


class SpreadsheetField(forms.FileField):
    """A CSV or XLSX upload no larger than ROUNDTABLE_MAX_UPLOAD_MB, with GOV.UK messages."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("error_messages", SPREADSHEET_ERRORS)
        super().__init__(**kwargs)

    def clean(self, data: object, initial: object = None) -> object:
        upload = super().clean(data, initial)
        if upload:
            check_spreadsheet(upload)
        return upload


def check_spreadsheet(upload: UploadedFile) -> None:
    """Refuse a file that is too large or not CSV or XLSX, naming the limit."""
    limit = settings.ROUNDTABLE_MAX_UPLOAD_MB
    if upload.size > limit * 1024 * 1024:
        raise forms.ValidationError(f"{upload.name} must be smaller than {limit} MB")
    if not upload.name.lower().endswith((".csv", ".xlsx")):
        raise forms.ValidationError(f"{upload.name} must be a CSV or XLSX file")


def refuse_renamed_uploads(request: HttpRequest, form: forms.Form, field: str) -> bool:
    """Add an error to `field` if an upload's name had path or control characters.

    Returns whether the form is still free of that problem. Views that take
    uploads call it before `form.is_valid()` (see core.middleware.UploadNamesMiddleware).
    """
    rejected = getattr(request, "rejected_upload_names", [])
    for name in rejected:
        form.add_error(
            field,
            f"The file name '{name}' is not allowed: rename the file without "
            "/ or \\ or control characters and upload it again",
        )
    return not rejected


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names when the form has
    that field, otherwise on the form as a whole.

    A service names the field in its message by its code name, for the API and
    imports ("link: enter a web address…"); on the form the field's label takes its
    place ("Link: enter a web address…"), so the message still says which field it
    is about in the error summary, in words the person filling the form can read."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            if name in form.fields:
                label = str(form.fields[name].label or name.replace("_", " ").capitalize())
                messages = ValidationError(errors).messages
                form.add_error(name, [field_message(name, label, m) for m in messages])
            else:
                form.add_error(None, errors)
    else:
        form.add_error(None, error)


def field_message(name: str, label: str, message: str) -> str:
    """A service's message for the field `name` as its form shows it, the code name
    replaced by the field's label: ("link", "Link", "link: enter a web address") ->
    "Link: enter a web address". Any other message is left as it is."""
    prefix = f"{name}: "
    if not message.startswith(prefix):
        return message
    return f"{label}: {message[len(prefix) :]}"


def example_hint(before: str = "For example, ", *, past: bool = False) -> str:
    """A hint ending with an example date in words, worked out when the form is drawn,
    not when the server started: near-future ("For example, 16 January 2027",
    `core.dates.example_date_text`), or with `past` the 16th of last month."""
    return lazy(lambda: f"{before}{example_date_text(timezone.localdate(), past=past)}", str)()


class GovukDateField(forms.DateField):
    """A date typed as 2011-10-24, 24/10/2011 or 24 October 2011: every form field
    where a person types a date is one (a test in core/tests/test_form_dates.py
    checks every form).

    Its hint and its error give an example in words, worked out when the form is
    drawn (`example_hint`): a date of something that happened gets the 16th of last
    month ("For example, 16 November 2026"); with `near_future=True` (dates people
    plan: meetings, due dates, a lease's end) the 16th of next month. `hint_before`
    words the hint ("Of the first meeting, for example "); a `help_text` given
    replaces it. An error names the field by its label, or by its name when it has
    no label: "Due must be a real date, like 16 January 2027". A stored date is
    shown in the same words ("24 October 2011"), not as 2011-10-24."""

    def __init__(
        self, *, near_future: bool = False, hint_before: str = "For example, ", **kwargs: Any
    ) -> None:
        self.example: str = example_hint(before="", past=not near_future)
        if not kwargs.get("help_text"):  # a model field without help text gives ""
            kwargs["help_text"] = example_hint(hint_before, past=not near_future)
        super().__init__(**kwargs)
        self.named = str(self.label or "Date")
        self.widget.attrs.update({"class": "govuk-input--width-20", "autocomplete": "off"})
        # A stored date is shown as the examples are written ("16 January 2012"), not
        # as 2012-01-16; what a person typed is shown as typed.
        self.widget.format = EXAMPLE_FORMAT  # type: ignore[attr-defined]

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        if not self.label:
            self.named = pretty_name(field_name)
        return super().get_bound_field(form, field_name)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            raise forms.ValidationError(
                f"{self.named} must be a real date, like {self.example}", code="invalid"
            ) from None
