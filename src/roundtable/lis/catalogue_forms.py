"""The form for a data catalogue entry: adding one, and changing it.

It checks what a field can say by itself, and that a held entry says who holds it
and how to ask, with the service's own checks (`catalogue_services`), so every
problem is shown at once; the service checks them again, whoever calls it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from roundtable.core.forms import GovukDateField
from roundtable.geography.choices import AreaType
from roundtable.lis import catalogue_services as services
from roundtable.lis.models import DEFAULT_LICENCE, DEFAULT_SUPPRESS_BELOW
from roundtable.partnership.access import is_administrator
from roundtable.partnership.models import Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.lis.models import Dataset
    from roundtable.partnership.models import Partnership

PUBLISHED, HELD = "published", "held"
TEXT_FIELDS = (
    "title",
    "description",
    "source",
    "licence",
    "update_frequency",
    "time_covered",
    "contact",
    "method_notes",
    "holder",
    "how_to_ask",
    "sharing_agreement",
)


def split_themes(text: str) -> list[str]:
    """Themes typed one a line or separated by commas: trimmed, each once (the first
    spelling of a theme typed twice in other capitals), in the order typed."""
    themes: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        for part in line.split(","):
            theme = " ".join(part.split())
            if theme and theme.casefold() not in seen:
                seen.add(theme.casefold())
                themes.append(theme)
    return themes


class HeldTextField(forms.CharField):
    """Needed for a held entry only, which `DatasetForm.clean` checks: so it is labelled
    without "(optional)", yet may be blank for a published one."""

    def validate(self, value: Any) -> None:
        """Nothing: `CharField.validate` only refuses a blank value."""


class PublisherField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name if obj.is_partner else f"{obj.name} (not a partner: held entries only)"


class DatasetForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the title"})
    slug = forms.CharField(
        label="Short name",
        required=False,
        max_length=100,
        help_text=(
            "Part of its web address and the name other tools use for it, like "
            "census-2011: lower-case letters, digits, hyphens and underscores. It cannot be "
            "changed later. Leave it blank to make one from the title."
        ),
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    publisher = PublisherField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="The partner organisation that publishes it, or holds it",
        error_messages={"invalid_choice": "Select a publisher from the list"},
    )
    published = forms.ChoiceField(
        label="Is it published here?",
        choices=[(PUBLISHED, "Published here"), (HELD, "Held by a partner, not published here")],
        widget=forms.RadioSelect,
        initial=PUBLISHED,
        help_text=(
            "A published dataset and its statistics are open to everyone; a held one is "
            "listed for the partnership's signed-in people only, with how to ask for it."
        ),
        error_messages={"required": "Select whether the dataset is published here or held"},
    )
    holder = HeldTextField(
        label="Who holds it",
        max_length=300,
        help_text="The organisation or team that holds it, like NHS Ealing",
    )
    how_to_ask = HeldTextField(
        label="How to ask for it",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who to contact and what they need to know",
    )
    sharing_agreement = forms.CharField(
        label="Sharing agreement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The agreement it is shared under, if any",
    )
    source = forms.CharField(
        required=False, max_length=300, help_text="Where the figures come from"
    )
    licence = forms.CharField(
        max_length=60,
        initial=DEFAULT_LICENCE,
        help_text=(
            "Its SPDX identifier: OGL-UK-3.0 for the Open Government Licence v3.0, "
            "CC-BY-4.0 for Creative Commons Attribution 4.0"
        ),
        error_messages={"required": "Enter the licence, like OGL-UK-3.0"},
    )
    update_frequency = forms.CharField(
        label="How often it is updated", required=False, max_length=60, help_text="Like annual"
    )
    next_update_due = GovukDateField(label="Next update due", required=False, near_future=True)
    time_covered = forms.CharField(required=False, max_length=100, help_text="Like 2011 - 21")
    themes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line, or separated by commas, like Health, Safety",
    )
    area_types = forms.MultipleChoiceField(
        label="Area types it covers",
        required=False,
        choices=AreaType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select area types from the list"},
    )
    contact = forms.CharField(required=False, max_length=300)
    method_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    suppress_below = forms.IntegerField(
        label="Suppress counts below",
        initial=DEFAULT_SUPPRESS_BELOW,
        min_value=0,
        max_value=services.HIGHEST_THRESHOLD,
        help_text=(
            "Counts from 1 up to this number less one are hidden with their figures "
            "(5: counts 1 to 4 are hidden); 0 or 1 hides none"
        ),
    )

    # Set by the page once it has shown what the change would publish (`disclosures`).
    confirm = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    template_name = "lis/catalogue/partials/_dataset_form.html"
    # Holder and how to ask are needed only when the entry is held (`clean`).
    use_required_attribute = False

    def __init__(
        self,
        *args: Any,
        user: User | AnonymousUser,
        partnership: Partnership,
        dataset: Dataset | None = None,
        **kwargs: Any,
    ) -> None:
        if dataset is not None:
            kwargs.setdefault("initial", initial_for(dataset))
        super().__init__(*args, **kwargs)
        self.dataset = dataset
        if dataset is not None:
            del self.fields["slug"]
        organisations = Organisation.objects.filter(partnership=partnership).order_by("name")
        publisher = self.fields["publisher"]
        if is_administrator(user, partnership.pk):
            publisher.queryset = organisations
            publisher.empty_label = "Not given"
        else:
            # An organisation editor's entries are their own organisation's.
            publisher.queryset = organisations.filter(pk=getattr(user, "organisation_id", None))
            publisher.required = True
            publisher.empty_label = None
        for name in TEXT_FIELDS:
            field = self.fields[name]
            label = (field.label or name.replace("_", " ")).capitalize()
            field.label = label
            field.error_messages["max_length"] = (
                f"{label} must be {field.max_length} characters or fewer"
            )
        self.fields["suppress_below"].error_messages.update(
            dict.fromkeys(
                ("required", "invalid", "min_value", "max_value"),
                services.threshold_problem(-1),
            )
        )
        publisher.error_messages["required"] = "Select the publisher"

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip()
        if slug:
            problem = services.slug_problem(slug)
            if problem:
                raise forms.ValidationError(problem)
        return slug

    def clean_licence(self) -> str:
        licence = self.cleaned_data["licence"].strip()
        problem = services.licence_problem(licence)
        if problem:
            raise forms.ValidationError(problem)
        return licence

    def clean_themes(self) -> list[str]:
        return split_themes(self.cleaned_data["themes"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        published = data.get("published", PUBLISHED) == PUBLISHED
        for name, problem in services.held_problems(
            published, data.get("holder", ""), data.get("how_to_ask", "")
        ).items():
            self.add_error(name, problem)
        return data

    def entry(self) -> services.CatalogueEntry:
        """The entry as filled in (only once the form is valid)."""
        data = self.cleaned_data
        return services.CatalogueEntry(
            title=data["title"],
            description=data["description"],
            publisher=data["publisher"],
            source=data["source"],
            licence=data["licence"],
            update_frequency=data["update_frequency"],
            next_update_due=data["next_update_due"],
            themes=data["themes"],
            area_types=[value for value in AreaType.values if value in data["area_types"]],
            time_covered=data["time_covered"],
            contact=data["contact"],
            method_notes=data["method_notes"],
            published=data["published"] == PUBLISHED,
            holder=data["holder"],
            how_to_ask=data["how_to_ask"],
            sharing_agreement=data["sharing_agreement"],
            suppress_below=data["suppress_below"],
        )


def initial_for(dataset: Dataset) -> dict[str, Any]:
    """The form's values for an entry as it is stored."""
    initial: dict[str, Any] = {name: getattr(dataset, name) for name in TEXT_FIELDS}
    initial.update(
        publisher=dataset.publisher_id,
        published=PUBLISHED if dataset.published else HELD,
        next_update_due=dataset.next_update_due,
        themes="\n".join(dataset.themes),
        area_types=list(dataset.area_types),
        suppress_below=dataset.suppress_below,
    )
    return initial
