"""Performance management: indicators, their values per period, commentary,
partners' submissions for sign-off, and the data issues log.

Status, direction of travel, year to date and forecasts are never stored: they
are worked out by the pure functions in `rules.py` when a report is built.

Who sees what is decided here, once per record type, by the `public()` and
`visible_to(user)` queryset methods and the `is_visible_to(user)` object checks
that pages, the report (HTML, PDF, XLSX, JSON) and the data issues log read
through. In words:

- an **indicator** is seen by everyone when marked public, otherwise by the
  signed-in people of its partnership only;
- **commentary** is seen by everyone once its indicator is public and the lead
  agency's figures for its quarter are approved; before that (submitted, returned
  or draft), by the signed-in people of its partnership only;
- a **data issue** is seen where its indicator is (an issue about no indicator is
  public).

Superusers see everything. Figures themselves are filtered by sign-off in
`queries.py` (`locked_agency_periods`), as their period needs mapping to its quarter.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import public, visible_through_queryset
from roundtable.core.words import shortened
from roundtable.partnership.access import (
    internal_to,
    own_partnership,
    sees_everything,
    sees_internal_figures,
)
from roundtable.partnership.addresses import partnership_reverse
from roundtable.performance import rules
from roundtable.performance.choices import (
    Aggregation,
    Frequency,
    IssueKind,
    IssueStatus,
    JudgeAgainst,
    Lifecycle,
    MissingReason,
    Polarity,
    PolicyChoice,
    SubmissionState,
    ToleranceKind,
    Unit,
    ValueType,
)
from roundtable.performance.parsers import (
    FIGURE_DECIMAL_PLACES,
    FIGURE_MAX_DIGITS,
    MULTIPLIERS,
    ValidRange,
    check_in_unit,
)
from roundtable.performance.periods import (
    PeriodKind,
    parse_period,
    period_words,
    return_quarter,
)
from roundtable.performance.returns import parse_reporting_from

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

DECIMAL = {"max_digits": FIGURE_MAX_DIGITS, "decimal_places": FIGURE_DECIMAL_PLACES}


class FigureField(models.DecimalField):
    """A figure: a DecimalField that still reads a number too long for it.

    PostgreSQL refuses a figure with more than 14 digits before the point; SQLite
    stored one (as a float) before imports checked them, and Django's SQLite reader
    then fails on it (decimal.InvalidOperation), breaking every page and report that
    reads it. Reading with enough precision for any float lets such old figures show
    (and be corrected); validation still allows only `max_digits`. Migrations see a
    plain DecimalField: nothing in the database changes.
    """

    @cached_property
    def context(self) -> decimal.Context:
        return decimal.Context(prec=max(self.max_digits or 0, 400))

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs


class PerformanceSettings(models.Model):
    """How a partnership judges status, and who signs off partners' figures."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="performance_settings"
    )
    status_policy = models.CharField(
        max_length=30, choices=PolicyChoice.choices, default=PolicyChoice.TOLERANCE_BAND
    )
    judge_against = models.CharField(
        max_length=20, choices=JudgeAgainst.choices, default=JudgeAgainst.PERIOD_TARGET
    )
    performance_leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="Who approves partners' figures, besides the partnership's administrators.",
    )
    return_deadline_days = models.PositiveSmallIntegerField(
        default=20,
        help_text="Working days after a quarter ends by which agencies' returns are due.",
    )
    jump_factor = models.PositiveSmallIntegerField(
        default=10,
        help_text=(
            "A figure more than this many times the previous period's (or less than its "
            "fraction) must be confirmed before it is saved. 0 turns the check off."
        ),
    )
    reporting_from = models.CharField(
        max_length=20,
        blank=True,
        help_text=(
            "The first quarter agencies' returns are expected for, like 2026/27 Q3: "
            "earlier quarters are never due or overdue. Empty: every quarter (a "
            "partnership set up before this setting); a new partnership starts with "
            "the quarter it was set up in."
        ),
    )
    history = HistoricalRecords(m2m_fields=[performance_leads])
    visibility = public("How the partnership judges RAG status is stated on its public report.")

    class Meta:
        verbose_name_plural = "performance settings"

    def __str__(self) -> str:
        return f"Performance settings for {self.partnership}"

    def clean(self) -> None:
        """`reporting_from` must be a quarter, kept as written the standard way
        ("2026/27 Q3"), however it was typed (the admin site, the settings page)."""
        try:
            quarter = parse_reporting_from(self.reporting_from, timezone.localdate())
        except ValueError as error:
            raise ValidationError({"reporting_from": str(error)}) from None
        self.reporting_from = "" if quarter is None else str(quarter)

    owning_organisation_id = None


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def public(self) -> IndicatorQuerySet:
        """Indicators marked public."""
        return self.filter(is_public=True)

    def in_report(self) -> IndicatorQuerySet:
        """Indicators the performance report, returns and their dashboard show (not
        those kept for the Local Information System only)."""
        return self.filter(in_report=True)

    def visible_to(self, user: User | AnonymousUser) -> IndicatorQuerySet:
        """Public indicators; the rest for their own partnership's signed-in people."""
        if sees_everything(user):
            return self
        own = own_partnership(user)
        return self.filter(Q(is_public=True) | own) if own else self.public()


class Indicator(models.Model):
    """A shared performance indicator ("NI 155 Number of affordable homes delivered")."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(max_length=40, help_text="For example, NI 123 or Local 23 b")
    name = models.CharField(max_length=400)
    definition = models.TextField(blank=True)
    theme = models.CharField(max_length=100, blank=True)
    unit = models.CharField(
        max_length=40,
        default=Unit.COUNT,
        help_text="Any unit, like number, %, per 100,000 or days.",
    )
    multiplier = models.PositiveIntegerField(
        choices=[(m, f"{m:,}") for m in MULTIPLIERS],
        default=1,
        help_text="For a rate: the population it is per (per 100,000 is 100,000); 1 otherwise.",
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    aggregation = models.CharField(
        max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    cumulative = models.BooleanField(
        default=False, help_text="Figures are year to date and grow through the year."
    )
    decimals = models.PositiveSmallIntegerField(default=0)
    valid_min = FigureField(
        "lowest valid figure",
        null=True,
        blank=True,
        **DECIMAL,
        help_text="Figures below this are refused. Leave blank for no limit.",
    )
    valid_max = FigureField(
        "highest valid figure",
        null=True,
        blank=True,
        **DECIMAL,
        help_text="Figures above this are refused. Leave blank for no limit.",
    )
    lead_agency = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    responsible_officer = models.ForeignKey(
        "partnership.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tolerance_kind = models.CharField(
        max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.PERCENT
    )
    tolerance = FigureField(null=True, blank=True, **DECIMAL)
    baseline = FigureField(null=True, blank=True, **DECIMAL)
    baseline_period = models.CharField(max_length=12, blank=True)
    data_source = models.CharField(max_length=300, blank=True)
    highlight = models.BooleanField(default=False)
    is_public = models.BooleanField(
        default=True, help_text="Shown on public reports (approved figures only)."
    )
    has_fraction = models.BooleanField(
        default=False, help_text="Figures are entered as a numerator and a denominator."
    )
    lifecycle = models.CharField(max_length=10, choices=Lifecycle.choices, default=Lifecycle.ACTIVE)
    retired_on = models.DateField(null=True, blank=True)
    replaced_by = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="replaces"
    )
    status_policy = models.CharField(
        max_length=30,
        choices=PolicyChoice.choices,
        blank=True,
        help_text="Leave blank to use the partnership's policy.",
    )
    judge_against = models.CharField(max_length=20, choices=JudgeAgainst.choices, blank=True)
    source_note = models.TextField(
        blank=True,
        help_text="Where the figures shown differ from the source paper (year to date, "
        "direction of travel, forecast) and why; shown on the report and this page.",
    )
    illustrative_settings = models.CharField(
        max_length=200,
        blank=True,
        help_text="Settings made up for a demonstration, not taken from the source, e.g. "
        "'tolerance'; pages that show or use them say so.",
    )
    value_type = models.CharField(
        max_length=12,
        choices=ValueType.choices,
        blank=True,
        help_text="What kind of statistic the values are; decides how confidence limits are "
        "worked out.",
    )
    ci_method = models.CharField(
        "confidence interval method",
        max_length=100,
        blank=True,
        help_text="For example, Wilson score or Byar's method. Leave blank for the default. "
        "None (or None: and the reason) for figures without confidence limits, such as "
        "census counts.",
    )
    in_report = models.BooleanField(
        default=True,
        help_text="Shown in the performance report, its dashboard and agencies' returns.",
    )
    on_lis = models.BooleanField(
        "on the Local Information System",
        default=False,
        help_text="Published on the Local Information System with its statistics.",
    )
    # What the indicator measures, as the board papers link measures to priorities
    # ("Possibly measured … through BVPI 199"): set on the priority's (or the
    # objective's) page, `services.set_measured_indicators`. Here, not in strategy,
    # because performance sits above strategy.
    priorities = models.ManyToManyField("strategy.Priority", blank=True, related_name="indicators")
    objectives = models.ManyToManyField("strategy.Objective", blank=True, related_name="indicators")
    history = HistoricalRecords(m2m_fields=[replaced_by, priorities, objectives])

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["theme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"],
                name="indicator_code_unique_in_partnership",
                violation_error_message="This partnership already has an indicator with this code.",
            ),
            models.CheckConstraint(
                condition=Q(valid_min__isnull=True)
                | Q(valid_max__isnull=True)
                | Q(valid_min__lte=models.F("valid_max")),
                name="indicator_valid_range_in_order",
                violation_error_message=(
                    "The lowest valid figure is above the highest; swap them or leave one blank."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "performance:indicator-detail", args=[self.pk]
        )

    # Indicators not marked public are still seen by the partnership's own
    # signed-in people (partnership.access.role_policy).
    visible_within_partnership = True

    @property
    def owning_organisation_id(self) -> int | None:
        return self.lead_agency_id

    @property
    def unit_label(self) -> str:
        """The unit as shown (`rules.unit_label`): "rate" with multiplier 100,000 →
        "rate per 100,000"."""
        return rules.unit_label(self.unit, self.multiplier)

    @property
    def valid_range(self) -> ValidRange:
        return ValidRange(self.valid_min, self.valid_max)

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        """The object check matching `Indicator.objects.visible_to(user)`."""
        return self.is_public or sees_internal_figures(user, self.partnership_id)

    def check_figure(self, value: decimal.Decimal | None) -> decimal.Decimal | None:
        """`value` if it can be this indicator's figure (its unit, its valid range);
        ValueError naming the indicator and the range if not (`parsers.check_in_unit`)."""
        return check_in_unit(
            value,
            self.unit,
            multiplier=self.multiplier,
            valid_range=self.valid_range,
            code=self.code,
        )


def _periods_returned_in(quarter_text: str) -> list[str]:
    """The periods whose figures an agency's return for this quarter collects."""
    quarter = parse_period(quarter_text)
    year = quarter.financial_year
    candidates = [*quarter.months(), quarter, *year.periods_in_year(PeriodKind.TRANCHE), year]
    return [str(period) for period in candidates if return_quarter(period) == quarter]


def _approved_figures() -> Q:
    """Figures whose agency's return for their reporting quarter is approved (one query)."""
    agencies: dict[str, set[int]] = defaultdict(set)
    approved = Submission.objects.filter(state=SubmissionState.APPROVED)
    for organisation_id, quarter in approved.values_list("organisation_id", "period"):
        agencies[quarter].add(organisation_id)
    figures = Q(pk__in=[])
    for quarter, organisation_ids in agencies.items():
        figures |= Q(organisation_id__in=organisation_ids, period__in=_periods_returned_in(quarter))
    return figures


class IndicatorValueQuerySet(models.QuerySet["IndicatorValue"]):
    def visible_to(self, user: User | AnonymousUser) -> IndicatorValueQuerySet:
        """Figures of public indicators once the agency's return for their quarter is
        approved, for everyone; every figure for the partnership's signed-in people."""
        public_figures = Q(indicator__is_public=True) & _approved_figures()
        return self.filter(public_figures | internal_to(user))


class IndicatorValue(models.Model):
    """An indicator's figures for one period: actual, target and how sure they are."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=12, help_text="2011/12, 2011/12 Q2, 2011/12 T1 or 2011-07")
    period_start = models.DateField()
    period_end = models.DateField()
    actual = FigureField(null=True, blank=True, **DECIMAL)
    estimated = models.BooleanField(default=False)
    numerator = FigureField(null=True, blank=True, **DECIMAL)
    denominator = FigureField(null=True, blank=True, **DECIMAL)
    target = FigureField(null=True, blank=True, **DECIMAL)
    note = models.TextField(blank=True)
    # Denormalised so permission checks and per-agency queries never join.
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = IndicatorValueQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["indicator", "period_start", "-period_end"]
        indexes = [models.Index(fields=["indicator", "period_start"], name="value_indicator_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="one_value_per_indicator_period",
                violation_error_message="This indicator already has figures for this period.",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | ~Q(denominator=0),
                name="value_denominator_not_zero",
                violation_error_message="The denominator cannot be zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}"

    @property
    def period_label(self) -> str:
        """The period in words for a page: "July 2011", "Quarter 2 2011/12"."""
        return period_words(self.period)

    @property
    def owning_organisation_id(self) -> int | None:
        return self.organisation_id


class CommentaryQuerySet(models.QuerySet["Commentary"]):
    @staticmethod
    def _public() -> Q:
        """On a public indicator, and the lead agency's figures for the quarter are
        approved (commentary is written per quarter, with the agency's return)."""
        approved = Submission.objects.filter(
            organisation_id=OuterRef("organisation_id"),
            period=OuterRef("period"),
            state=SubmissionState.APPROVED,
        )
        return Q(Exists(approved), indicator__is_public=True)

    def public(self) -> CommentaryQuerySet:
        return self.filter(self._public())

    def visible_to(self, user: User | AnonymousUser) -> CommentaryQuerySet:
        """Approved commentary on public indicators; the rest (draft, submitted or
        returned figures) for their own partnership's signed-in people."""
        if sees_everything(user):
            return self
        own = own_partnership(user)
        return self.filter(self._public() | own) if own else self.public()


class Commentary(models.Model):
    """The responsible officer's commentary on an indicator for a period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentary")
    period = models.CharField(max_length=12)
    progress = models.TextField(blank=True)
    key_events = models.TextField(blank=True)
    challenges = models.TextField(blank=True, help_text="Challenges and risks")
    mitigations = models.TextField(blank=True, help_text="Mitigating actions")
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = CommentaryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "commentary"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="one_commentary_per_indicator_period"
            )
        ]

    def __str__(self) -> str:
        return f"Commentary on {self.indicator.code}, {self.period}"

    @property
    def owning_organisation_id(self) -> int | None:
        return self.organisation_id

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        """The object check matching `Commentary.objects.visible_to(user)` (queries)."""
        return Commentary.objects.visible_to(user).filter(pk=self.pk).exists()


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def visible_to(self, user: User | AnonymousUser) -> SubmissionQuerySet:
        """Where each agency's return stands is for the partnership's signed-in people
        (the returns dashboard); the public sees only approved figures, never returns."""
        return self.filter(internal_to(user))


class Submission(models.Model):
    """An agency's figures for a reporting quarter, on their way to sign-off.

    Approved figures are locked; a correction re-opens them with a logged reason.
    """

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.CASCADE, related_name="submissions"
    )
    period = models.CharField(max_length=12, help_text="The reporting quarter, e.g. 2011/12 Q2")
    state = models.CharField(
        max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why it was returned or re-opened")
    history = HistoricalRecords()

    objects = SubmissionQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["period", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period"], name="one_submission_per_agency_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}, {self.period}: {self.get_state_display()}"

    @property
    def owning_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def locked(self) -> bool:
        return self.state == SubmissionState.APPROVED


class MissingFigureQuerySet(models.QuerySet["MissingFigure"]):
    def visible_to(self, user: User | AnonymousUser) -> MissingFigureQuerySet:
        """Why a submitted return lacks a figure is for the partnership's signed-in
        people, like the return itself."""
        return self.filter(internal_to(user))


class MissingFigure(models.Model):
    """A figure a submitted return does not give, and the submitter's reason."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="missing_figures"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=12)
    reason = models.CharField(max_length=20, choices=MissingReason.choices)
    explanation = models.TextField(blank=True, help_text="For 'Other': what the reason is")
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    history = HistoricalRecords()

    objects = MissingFigureQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["indicator__code", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "period"],
                name="one_missing_reason_per_figure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.reason_text}"

    @property
    def period_label(self) -> str:
        """The period in words, as the return's form names it: "July 2026",
        "Quarter 2 2026/27" (the stored text, should it not read as a period)."""
        return period_words(self.period)

    @property
    def reason_text(self) -> str:
        """The reason in words: the choice, or the explanation for "other"."""
        if self.reason == MissingReason.OTHER and self.explanation:
            return self.explanation
        return self.get_reason_display()


class DataIssueQuerySet(models.QuerySet["DataIssue"]):
    def public(self) -> DataIssueQuerySet:
        """Issues about a public indicator, or about no indicator."""
        return self.filter(Q(indicator__isnull=True) | Q(indicator__is_public=True))

    def visible_to(self, user: User | AnonymousUser) -> DataIssueQuerySet:
        """An issue is seen where its indicator is: public ones by everyone, the
        rest by their own partnership's signed-in people."""
        if sees_everything(user):
            return self
        own = own_partnership(user)
        public = Q(indicator__isnull=True) | Q(indicator__is_public=True)
        return self.filter(public | own) if own else self.public()


class DataIssue(models.Model):
    """A problem with an indicator's data, and what the board decided about it."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="data_issues"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="data_issues"
    )
    issue = models.TextField()
    kind = models.CharField(max_length=20, choices=IssueKind.choices)
    recommended_decision = models.TextField(blank=True)
    board_decision = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    raised_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = DataIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "pk"]

    def __str__(self) -> str:
        subject = self.indicator.code if self.indicator_id else "General"
        return f"{subject}: {shortened(self.issue, 60)}"

    owning_organisation_id = None

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        """The object check matching `DataIssue.objects.visible_to(user)`; needs the
        indicator loaded (select_related)."""
        if self.indicator is None:
            return True
        return self.indicator.is_visible_to(user)
