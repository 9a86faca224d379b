"""The setup checklist on a new partnership's home, and the import templates it offers.

Each step (organisations, bodies, people, terms of reference, strategy,
indicators) says whether it is done, from a count, and links to the page that
imports it, with a template file per kind of file that page takes. The apps
above this one (strategy, performance) register their own steps at start-up
(`AppConfig.ready`), as `core` asks the permission policy `partnership`
registers: this app never imports them.

A template's columns are the very tuples the importer checks a file against
(`Importer.required`/`optional`, `strategy.importers.COLUMNS`,
`performance.imports.INDICATOR_COLUMNS`…), so a template cannot drift from its
import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership


@dataclass(frozen=True)
class ImportTemplate:
    """A file to fill in: its kind (and file name), what it holds, and its columns."""

    kind: str
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)

    @property
    def filename(self) -> str:
        return f"{self.kind}.csv"

    def csv(self) -> str:
        """The header row every import reads (required columns first)."""
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(self.columns)
        return out.getvalue()

    def get_absolute_url(self) -> str:
        return reverse("partnership:import-template", args=[self.filename])


@dataclass(frozen=True)
class SetupStep:
    """One step of setting up a partnership."""

    key: str
    title: str
    hint: str
    order: int
    count: Callable[[Partnership], int]
    import_url: str  # URL name of the page that imports it
    templates: tuple[str, ...]  # kinds of ImportTemplate
    add_url: str = ""  # URL name of the page that adds one record by hand, if there is one
    # More words for the hint about this partnership (performance: the quarter its
    # returns start with), or "": worked out only when the checklist is shown.
    detail: Callable[[Partnership], str] | None = None


@dataclass(frozen=True)
class ChecklistRow:
    step: SetupStep
    count: int
    import_url: str
    templates: tuple[ImportTemplate, ...]
    add_url: str = ""
    partnership: Partnership | None = None

    @property
    def done(self) -> bool:
        return self.count > 0

    @property
    def detail(self) -> str:
        """The step's `detail` for the partnership (it may query: the page reads it
        only while it shows the checklist)."""
        if self.step.detail is None or self.partnership is None:
            return ""
        return self.step.detail(self.partnership)


_STEPS: dict[str, SetupStep] = {}
_TEMPLATES: dict[str, ImportTemplate] = {}


def register_templates(templates: Iterable[ImportTemplate]) -> None:
    for template in templates:
        _TEMPLATES[template.kind] = template


def register_step(step: SetupStep) -> None:
    """Add a step (apps call this from `AppConfig.ready`); registering a key again
    replaces it."""
    _STEPS[step.key] = step


def import_template(filename: str) -> ImportTemplate | None:
    """The template whose file name is `filename` (`organisations.csv`), if any."""
    kind = filename.removesuffix(".csv")
    template = _TEMPLATES.get(kind)
    return template if template is not None and template.filename == filename else None


def steps() -> list[SetupStep]:
    return sorted(_STEPS.values(), key=lambda step: step.order)


def setup_checklist(partnership: Partnership) -> list[ChecklistRow]:
    """Every step with its count: one query per step, whatever the partnership holds
    (and a step's `detail`'s when the page shows it)."""
    return [
        ChecklistRow(
            step=step,
            count=step.count(partnership),
            import_url=reverse(step.import_url),
            templates=tuple(_TEMPLATES[kind] for kind in step.templates),
            add_url=reverse(step.add_url) if step.add_url else "",
            partnership=partnership,
        )
        for step in steps()
    ]


def register_partnership_steps() -> None:
    """This app's own steps, from its importers' columns."""
    from roundtable.partnership.imports import IMPORTERS
    from roundtable.partnership.models import TermsOfReference

    labels = {
        "organisations": "Organisations",
        "units": "Units (directorates, teams)",
        "people": "People",
        "bodies": "Boards and groups",
        "terms_of_reference": "Terms of reference",
        "memberships": "Memberships (seats on bodies)",
    }
    register_templates(
        ImportTemplate(kind, labels[kind], importer.required, importer.optional)
        for kind, importer in IMPORTERS.items()
    )
    for step in (
        SetupStep(
            "organisations",
            "Partner organisations",
            "The council, police, NHS, colleges, voluntary groups… and their units.",
            10,
            # Organisations the partnership only engages (HM Treasury) are no partners.
            lambda p: p.organisations.filter(is_partner=True).count(),
            "partnership:import",
            ("organisations", "units"),
            add_url="partnership:organisation-add",
        ),
        SetupStep(
            "bodies",
            "Boards and groups",
            "The executive board, theme partnerships and groups, and who each reports to.",
            20,
            lambda p: p.bodies.count(),
            "partnership:import",
            ("bodies",),
            add_url="partnership:body-add",
        ),
        SetupStep(
            "people",
            "People and their seats",
            "The people of the partner organisations, and their seats on the boards.",
            30,
            lambda p: p.people.count(),
            "partnership:import",
            ("people", "memberships"),
            add_url="partnership:person-add",
        ),
        SetupStep(
            "terms_of_reference",
            "Terms of reference",
            "What each board is for, who sits on it and its quorum.",
            40,
            lambda p: TermsOfReference.objects.filter(partnership=p).count(),
            "partnership:import",
            ("terms_of_reference",),
        ),
    ):
        register_step(step)
