"""Forms for the meetings pages. Errors are in GOV.UK voice and name the field."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy

from roundtable.core.dates import example_periods
from roundtable.core.forms import GovukDateField, GroupedCheckboxes, required_when
from roundtable.meetings import rules
from roundtable.meetings.choices import (
    ActionStatus,
    AttendanceStatus,
    Capacity,
    DecisionType,
    MeetingStatus,
    Purpose,
    Repeat,
    RestrictionCategory,
)
from roundtable.meetings.models import AgendaItem, Meeting
from roundtable.meetings.services import AttendanceEntry
from roundtable.partnership.models import Organisation, Person
from roundtable.performance.forms import choose_indicators
from roundtable.performance.models import Indicator
from roundtable.strategy.models import Priority

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from roundtable.meetings.models import Attendance
    from roundtable.partnership.models import Body, Membership, Partnership

ONCE = "once"
UPLOAD_ERRORS = {"required": "Select a paper to upload", "empty": "The selected file is empty"}
CATEGORY_CHOICES = [("", "Select why it is restricted"), *RestrictionCategory.choices]


def _messages(form: forms.Form) -> None:
    """Replace Django's "This field is required." with "Enter the <label>"."""
    for name, field in form.fields.items():
        label = (field.label or name.replace("_", " ")).lower()
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            field.error_messages["required"] = f"Select the {label}"
        else:
            field.error_messages["required"] = f"Enter the {label}"


class GovukTimeField(forms.TimeField):
    """A time of day typed as 17:00 or 5pm."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 17:00")
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input--width-5", "autocomplete": "off"})

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        text = str(value).strip().lower().replace(".", ":")
        for pattern in ("%H:%M", "%I:%M%p", "%I%p", "%I:%M %p", "%I %p"):
            try:
                return datetime.datetime.strptime(text, pattern).time()  # noqa: DTZ007 - a time of day
            except ValueError:
                continue
        raise forms.ValidationError(
            f"{self.label or 'Time'} must be a time of day, like 17:00", code="invalid"
        )


def local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a local (Europe/London) time as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


class _WhenForm(forms.Form):
    date = GovukDateField(label="Date", near_future=True)
    start_time = GovukTimeField(label="Start time")
    end_time = GovukTimeField(label="End time", required=False, help_text="For example, 18:30")
    venue = forms.CharField(max_length=300, required=False, help_text="For example, Perceval House")
    online_link = forms.URLField(
        label="Online meeting link",
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text="For example, https://teams.microsoft.com/…",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self)
        self.fields["online_link"].error_messages["invalid"] = (
            "Enter the online meeting link in the correct format, like https://example.org/meet"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        return data

    def start(self) -> datetime.datetime:
        return local(self.cleaned_data["date"], self.cleaned_data["start_time"])

    def end(self) -> datetime.datetime | None:
        end = self.cleaned_data.get("end_time")
        return local(self.cleaned_data["date"], end) if end else None


class ScheduleForm(_WhenForm):
    date = GovukDateField(
        label="Date", near_future=True, hint_before="Of the first meeting, for example "
    )
    repeat = forms.ChoiceField(
        label="Repeat",
        choices=[(ONCE, "Does not repeat"), *Repeat.choices],
        initial=ONCE,
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(
        label="Number of meetings",
        min_value=1,
        max_value=60,
        initial=1,
        required=False,
        help_text="For a series, how many meetings to schedule (up to 60)",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("repeat") not in (None, ONCE) and not data.get("count"):
            self.add_error("count", "Enter how many meetings the series has, like 4")
        return data


class MoveForm(_WhenForm):
    reason = forms.CharField(
        label="Why is the meeting moving?",
        max_length=300,
        help_text="Members and the public see it",
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        max_length=300,
        help_text="For example, 'Not quorate: rearranged for 5 March'. Everyone sees it",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self)
        self.fields["reason"].error_messages["required"] = "Enter why the meeting is cancelled"


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=300, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Enter the reason"


# -- Agenda -------------------------------------------------------------------


class ItemRestrictionForm(forms.Form):
    """Who may see an agenda item: on its own once the minutes are approved, when
    nothing else about the item may change (`services.change_item_restriction`)."""

    restricted = forms.BooleanField(
        label="Restricted: only the body's members see this item and its papers", required=False
    )
    restriction_category = required_when(
        forms.ChoiceField(label="Why it is restricted", choices=CATEGORY_CHOICES, required=False),
        "the item is restricted",
    )

    def __init__(self, *args: Any, parent: AgendaItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parent = parent
        if parent is not None and parent.restricted:
            # A sub-item of a restricted item is restricted: say so, and offer no choice.
            restricted = self.fields["restricted"]
            restricted.disabled = True
            restricted.help_text = (
                f"‘{parent.title}’ is restricted, so its sub-items are restricted too"
            )
            self.initial["restricted"] = True
            if not self.initial.get("restriction_category"):
                self.initial["restriction_category"] = parent.restriction_category

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.fields["restricted"].disabled and not data.get("restriction_category"):
            data["restriction_category"] = self.parent.restriction_category  # type: ignore[union-attr]
        if data.get("restricted") and not data.get("restriction_category"):
            self.add_error("restriction_category", "Select why the item is restricted")
        return data


class ItemForm(ItemRestrictionForm):
    """An agenda item, its restriction last (`ItemRestrictionForm`)."""

    field_order = (
        "title",
        "purpose",
        "description",
        "lead_people",
        "lead_organisations",
        "lead_note",
        "performance_report",
        "related_priorities",
        "related_indicators",
    )
    title = forms.CharField(max_length=300)
    purpose = forms.ChoiceField(choices=Purpose.choices, widget=forms.RadioSelect)
    description = forms.CharField(required=False, widget=forms.Textarea({"rows": 3}))
    lead_people = forms.ModelMultipleChoiceField(
        label="Leads: people",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    lead_organisations = forms.ModelMultipleChoiceField(
        label="Leads: organisations",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    lead_note = forms.CharField(
        label="Lead as the agenda words it",
        max_length=300,
        required=False,
        help_text="For example, 'PI report by Guy Boniface'",
    )
    performance_report = forms.CharField(
        label="Performance report",
        max_length=20,
        required=False,
        help_text=lazy(
            lambda: (
                "If the item takes the quarterly performance report, its period, "
                f"for example {example_periods(timezone.localdate()).quarter}"
            ),
            str,
        )(),
    )
    related_priorities = forms.ModelMultipleChoiceField(
        label="Related priorities",
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The strategy's priorities this item concerns. Select all that apply",
    )
    related_indicators = forms.ModelMultipleChoiceField(
        label="Related indicators",
        queryset=Indicator.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text="Performance indicators this item reports or discusses, by theme: open "
        "a theme to choose its indicators. Select all that apply",
    )

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        parent: AgendaItem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, parent=parent, **kwargs)
        self.fields["lead_people"].queryset = Person.objects.filter(partnership=partnership)
        self.fields["lead_organisations"].queryset = Organisation.objects.partners().filter(
            partnership=partnership
        )
        self.fields["related_priorities"].queryset = Priority.objects.filter(
            partnership=partnership
        ).order_by("strategy__title", "order")
        choose_indicators(
            self.fields["related_indicators"],
            Indicator.objects.filter(partnership=partnership),
            by_theme=True,
        )
        _messages(self)

    def links(self) -> list[Any]:
        """The linked records chosen, taken out of cleaned_data for `services.set_links`."""
        data = self.cleaned_data
        return [*data.pop("related_priorities", []), *data.pop("related_indicators", [])]


class PaperForm(forms.Form):
    title = forms.CharField(
        max_length=300,
        required=False,
        help_text="Leave empty to use the file's name, without its extension (.pdf, .docx)",
    )
    file = forms.FileField(
        label="Paper",
        help_text="A PDF, Word (DOCX), Excel (XLSX) or OpenDocument (ODT, ODS, ODP) file",
        error_messages={
            "required": "Select a paper to upload",
            "empty": "The selected file is empty",
        },
    )
    restricted = forms.BooleanField(
        label="Restricted: only the body's members see this paper", required=False
    )
    restriction_category = required_when(
        forms.ChoiceField(label="Why it is restricted", choices=CATEGORY_CHOICES, required=False),
        "the paper is restricted",
    )

    def __init__(self, *args: Any, item: AgendaItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = item.parent if item is not None else None
        if item is not None and rules.paper_restricted(
            paper=False, item=item.restricted, parent=parent is not None and parent.restricted
        ):
            # Its papers are restricted with the item whatever this box says: say so,
            # and what the box still does (`Paper.restricted`: restricted even once the
            # item is opened).
            source = item if item.restricted or parent is None else parent
            self.fields["restricted"].help_text = (
                f"‘{source.title}’ is restricted, so only the body's members see "
                "this paper while it is. Tick this to keep the paper restricted if the "
                "item is opened later"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("restricted") and not data.get("restriction_category"):
            self.add_error("restriction_category", "Select why the paper is restricted")
        upload = self.files.get(self.add_prefix("file"))
        if upload is not None and "file" not in self.errors and self.errors:
            # A browser cannot be given a file back: ask for it again, by name, rather
            # than show an empty file box the next "Upload" would refuse.
            self.add_error(
                "file",
                f"Select ‘{upload.name}’ again: a file is not kept when something else "
                "on the form needs correcting",
            )
        return data


class NewVersionForm(forms.Form):
    file = forms.FileField(
        label="New version",
        help_text=(
            "A PDF, Word (DOCX), Excel (XLSX) or OpenDocument (ODT, ODS, ODP) file; "
            "earlier versions are kept"
        ),
        error_messages={
            "required": "Select a paper to upload",
            "empty": "The selected file is empty",
        },
    )


# -- Attendance ---------------------------------------------------------------

# Roles whose holders fill a member's seat (officers, secretariat and standing
# substitutes are not counted towards the quorum).
MEMBER_ROLES = ("chair", "vice_chair", "member", "theme_lead", "community_rep")


def _person_label(person: Person) -> str:
    """A person as the also-attending list names them, with their organisation."""
    if person.organisation_id is None:
        return person.name
    return f"{person.name} ({person.organisation.name})"


class AttendanceForm(forms.Form):
    """One status, substitute and note per current member, and the people also attending.

    A member's substitute is chosen from the organisation the member represents (their
    seat's, else their own); the page reads the partnership's people once."""

    also_attending = forms.ModelMultipleChoiceField(
        label="Also attending",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Officers and guests who attended without a seat on the body",
    )

    def __init__(
        self,
        *args: Any,
        seats: list[Membership],
        people: Any,
        existing: list[Attendance],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.seats = seats
        everyone = list(people)
        # A member has their own row, so is no one's substitute (choosing them, or the
        # member themself, would list them twice): the picker offers everyone else.
        seated = {seat.person_id for seat in seats}
        others = [p for p in everyone if p.pk not in seated]
        by_organisation: dict[int | None, list[Person]] = {}
        for candidate in others:
            by_organisation.setdefault(candidate.organisation_id, []).append(candidate)
        by_person = {a.person_id: a for a in existing}
        stood_in = {a.substitute_for_id: a for a in existing if a.substitute_for_id}
        also = self.fields["also_attending"]
        also.queryset = people
        also.choices = [(p.pk, _person_label(p)) for p in everyone]
        also.initial = [a.person_id for a in existing if a.capacity == Capacity.IN_ATTENDANCE]
        for seat in seats:
            person, mine = seat.person, by_person.get(seat.person_id)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=f"{person.name}{f' ({seat.organisation})' if seat.organisation else ''}",
                choices=AttendanceStatus.choices,
                initial=mine.status if mine else AttendanceStatus.PRESENT,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select whether {person.name} was present"},
            )
            self.fields[f"substitute_{person.pk}"] = self._substitute_field(
                seat,
                people.exclude(pk__in=seated),
                others,
                by_organisation,
                stood_in.get(person.pk),
            )
            self.fields[f"note_{person.pk}"] = forms.CharField(
                label=f"Note on {person.name}",
                max_length=300,
                required=False,
                initial=mine.note if mine else "",
                help_text="For example, 'took the chair'",
            )
        # The also-attending list goes last.
        self.fields["also_attending"] = self.fields.pop("also_attending")

    @staticmethod
    def _substitute_field(
        seat: Membership,
        people: Any,
        others: list[Person],
        by_organisation: dict[int | None, list[Person]],
        substitute: Attendance | None,
    ) -> forms.ModelChoiceField:
        person = seat.person
        organisation_id = seat.organisation_id or person.organisation_id
        field = forms.ModelChoiceField(
            label=f"Substitute for {person.name}",
            queryset=people,
            required=False,
            initial=substitute.person_id if substitute else None,
            empty_label="No substitute",
        )
        if organisation_id is not None:
            organisation = seat.organisation or person.organisation
            field.queryset = people.filter(organisation_id=organisation_id)
            field.help_text = f"Someone from {organisation.name}, which {person.name} represents"
            field.error_messages["invalid_choice"] = (
                f"Substitute for {person.name}: choose someone from {organisation.name}, "
                f"the organisation {person.name} represents"
            )
        candidates = by_organisation.get(organisation_id, []) if organisation_id else others
        field.choices = [("", "No substitute"), *((p.pk, p.name) for p in candidates)]
        return field

    def entries(self) -> list[AttendanceEntry]:
        data, entries = self.cleaned_data, []
        for seat in self.seats:
            person = seat.person
            entries.append(
                AttendanceEntry(
                    person=person,
                    status=data[f"status_{person.pk}"],
                    capacity=Capacity.MEMBER,
                    organisation=seat.organisation,
                    note=data.get(f"note_{person.pk}", ""),
                )
            )
            substitute = data.get(f"substitute_{person.pk}")
            if substitute is not None:
                entries.append(
                    AttendanceEntry(
                        person=substitute,
                        status=AttendanceStatus.PRESENT,
                        capacity=Capacity.SUBSTITUTE,
                        organisation=seat.organisation or substitute.organisation,
                        substitute_for=person,
                    )
                )
        for person in data.get("also_attending") or []:
            entries.append(
                AttendanceEntry(
                    person=person,
                    capacity=Capacity.IN_ATTENDANCE,
                    organisation=person.organisation,
                )
            )
        return entries


# -- Minutes ------------------------------------------------------------------


class ItemMinutesForm(forms.Form):
    minutes = forms.CharField(
        label="Discussion",
        required=False,
        widget=forms.Textarea({"rows": 8}),
        help_text="What was discussed, as it will appear in the minutes",
    )


class ResolutionForm(forms.Form):
    text = forms.CharField(
        label="Resolution",
        widget=forms.Textarea({"rows": 3}),
        help_text="For example, 'That the Board note the report'",
    )
    decision_type = forms.ChoiceField(label="Decision", choices=DecisionType.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self)
        self.fields["text"].error_messages["required"] = "Enter the resolution"


@dataclass(frozen=True)
class OwnerChoices:
    """The choices of an action's owner, read once for every action form of a page."""

    people: list[tuple[Any, str]]
    organisations: list[tuple[Any, str]]

    @classmethod
    def of(cls, partnership: Partnership) -> OwnerChoices:
        return cls(
            [("", "Select a person")]
            + [(p.pk, str(p)) for p in Person.objects.filter(partnership=partnership)],
            [("", "The owner's organisation")]
            + [
                (o.pk, str(o))
                for o in Organisation.objects.partners().filter(partnership=partnership)
            ],
        )


class ActionForm(forms.Form):
    description = forms.CharField(label="Action", widget=forms.Textarea({"rows": 3}))
    owner_person = forms.ModelChoiceField(
        label="Owner", queryset=Person.objects.none(), required=False, empty_label="Select a person"
    )
    owner_organisation = forms.ModelChoiceField(
        label="Owning organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="The owner's organisation",
        help_text="Leave empty to use the owner's organisation",
    )
    due = GovukDateField(label="Due", required=False, near_future=True)

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        owners: OwnerChoices | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].queryset = Person.objects.filter(partnership=partnership)
        self.fields["owner_organisation"].queryset = Organisation.objects.partners().filter(
            partnership=partnership
        )
        if owners is not None:
            # Many forms on one page share one read of the people and organisations.
            self.fields["owner_person"].choices = owners.people
            self.fields["owner_organisation"].choices = owners.organisations
        _messages(self)
        self.fields["description"].error_messages["required"] = "Enter what is to be done"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("owner_person") and not data.get("owner_organisation"):
            self.add_error("owner_person", "Select who owns the action, a person or organisation")
        return data


class ReassignActionForm(ActionForm):
    """The owner and due date of an existing action, and why they change."""

    note = forms.CharField(label="Why", required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["description"]


class ApproveMinutesForm(forms.Form):
    approved_at = forms.ModelChoiceField(
        label="Approved at", queryset=None, empty_label="Select the meeting"
    )
    amendments = forms.CharField(
        label="Amendments",
        required=False,
        widget=forms.Textarea({"rows": 4}),
        help_text="One amendment a line; leave empty if the minutes were agreed as written",
    )

    def __init__(self, *args: Any, later: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approved_at"].queryset = later
        self.fields["approved_at"].label_from_instance = lambda m: m.date_label
        if not self.is_bound:
            # With one meeting to choose, it is the answer: chosen already.
            only = list(later[:2])
            if len(only) == 1:
                self.fields["approved_at"].initial = only[0].pk
        _messages(self)
        self.fields["approved_at"].error_messages["required"] = (
            "Select the meeting that approved the minutes"
        )

    def amendment_lines(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["amendments"].splitlines() if line.strip()
        ]


class CirculateForm(forms.Form):
    """Circulating minutes with items not minuted needs an explicit confirmation."""

    confirm_blank = forms.BooleanField(required=False)

    def __init__(self, *args: Any, blank: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.blank = blank
        field = self.fields["confirm_blank"]
        if blank:
            noun = "item has" if blank == 1 else "items have"
            field.label = f"Circulate the minutes although {blank} {noun} no discussion minuted"
        else:
            del self.fields["confirm_blank"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.blank and not data.get("confirm_blank"):
            self.add_error(
                "confirm_blank",
                "Confirm that the minutes go out with items not minuted, or minute them first",
            )
        return data


# -- Actions and the forward plan ----------------------------------------------


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="Update", required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self)


class ActionFilterForm(forms.Form):
    """The actions log's filters; a bad value is ignored rather than refused."""

    status = forms.ChoiceField(
        choices=[("", "Open or in progress"), ("all", "Any status"), *ActionStatus.choices],
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label="Owner organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Any organisation",
    )
    body = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any body")
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args: Any, partnership: Partnership, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.partners().filter(
            partnership=partnership
        )
        self.fields["body"].queryset = bodies
        self.fields["body"].to_field_name = "slug"

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None


class PlanItemForm(forms.Form):
    title = forms.CharField(max_length=300, help_text="For example, 'Agenda to include: …'")
    meeting = forms.ModelChoiceField(queryset=None, required=False, empty_label="No meeting yet")
    planned_for = GovukDateField(
        label="Roughly when",
        required=False,
        near_future=True,
        hint_before="If no meeting is chosen, for example ",
    )
    purpose = forms.ChoiceField(choices=Purpose.choices)
    lead_note = forms.CharField(label="Lead", max_length=300, required=False)

    def __init__(self, *args: Any, body: Body, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: m.date_label
        _messages(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("meeting") and not data.get("planned_for"):
            self.add_error("meeting", "Choose a meeting or say roughly when")
        return data


def later_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """The meetings of the same body after this one that have met (from their day on,
    `rules.approval_refusal`): where its minutes may be approved."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    next_day = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    return Meeting.objects.filter(
        body_id=meeting.body_id, start__gt=meeting.start, start__lt=next_day
    ).exclude(status=MeetingStatus.CANCELLED)


class SubscribeForm(forms.Form):
    """An address that asks for emails about a body's meetings."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email you a link to confirm. We use the address for nothing else.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
