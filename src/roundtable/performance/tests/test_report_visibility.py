"""What the quarterly report (HTML, PDF, XLSX, JSON) and the data issues log show
of commentary and data issues, by viewer: commentary on figures that are not yet
approved, and data issues of indicators not marked public, are for the
partnership's own signed-in people only (#10, leaks 3 and 4)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from roundtable.performance.choices import IssueKind, SubmissionState
from roundtable.performance.models import Commentary, DataIssue, Indicator, Submission
from roundtable.performance.periods import parse_period
from roundtable.performance.queries import build_report
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

Q2 = "2011/12 Q2"
COMMENTARY = "Zqcommentarycanary"
HIDDEN_ISSUE = "Zqhiddenissuecanary"
PUBLIC_ISSUE = "Zqpublicissuetext"
HIDDEN_CODE = "Zq99"


@pytest.fixture
def smoking(partnership, council):
    """A public indicator with Q2 figures submitted (not approved) and commentary."""
    indicator = IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 123", name="Stopping Smoking"
    )
    IndicatorValueFactory(indicator=indicator, period=Q2, actual=Decimal(421))
    Commentary.objects.create(
        indicator=indicator,
        period=Q2,
        progress=COMMENTARY,
        partnership=partnership,
        organisation=council,
    )
    Submission.objects.create(
        partnership=partnership, organisation=council, period=Q2, state=SubmissionState.SUBMITTED
    )
    return indicator


@pytest.fixture
def issues(partnership, council, smoking):
    """An issue on a non-public indicator; a public one on an indicator it replaced."""
    hidden = IndicatorFactory(
        partnership=partnership, lead_agency=council, code=HIDDEN_CODE, is_public=False
    )
    DataIssue.objects.create(
        partnership=partnership, indicator=hidden, issue=HIDDEN_ISSUE, kind=IssueKind.NO_DATA
    )
    DataIssue.objects.create(
        partnership=partnership, indicator=smoking, issue=PUBLIC_ISSUE, kind=IssueKind.NO_DATA
    )
    smoking.replaced_by.add(hidden)
    return hidden


def _approve(organisation_id: int) -> None:
    Submission.objects.filter(organisation_id=organisation_id, period=Q2).update(
        state=SubmissionState.APPROVED
    )


def _look_at_ealing(client, user=None):
    if user is not None:
        client.force_login(user)
    client.get("/", {"partnership": "ealing"})
    return client


def outputs(client) -> dict[str, str]:
    """Every format of the Q2 report, and the data issues log, as text."""
    texts = {}
    for fmt in ("html", "json", "pdf", "xlsx"):
        name = "performance:report" if fmt == "html" else f"performance:report-{fmt}"
        response = client.get(reverse(name), {"period": Q2}, follow=True)
        assert response.status_code == 200, fmt
        if fmt == "pdf":
            reader = PdfReader(io.BytesIO(response.content))
            texts[fmt] = "\n".join(page.extract_text() for page in reader.pages)
        elif fmt == "xlsx":
            workbook = load_workbook(io.BytesIO(response.content))
            texts[fmt] = "\n".join(
                str(cell.value)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            )
        else:
            texts[fmt] = response.content.decode()
    texts["issues log"] = client.get(reverse("performance_entry:data-issues")).content.decode()
    return texts


def leaks(texts: dict[str, str], canary: str) -> list[str]:
    return [fmt for fmt, text in texts.items() if canary in text]


# Commentary (leak 3) ------------------------------------------------------------------


def test_the_public_report_carries_no_commentary_on_unapproved_figures(client, smoking):
    assert leaks(outputs(_look_at_ealing(client)), COMMENTARY) == []


def test_another_partnerships_people_see_no_commentary_on_unapproved_figures(
    client, smoking, other_partnership_officer
):
    texts = outputs(_look_at_ealing(client, other_partnership_officer))
    assert leaks(texts, COMMENTARY) == []


def test_the_partnerships_own_people_see_commentary_before_approval(client, smoking, board_member):
    texts = outputs(_look_at_ealing(client, board_member))
    # The JSON contract carries no commentary at all.
    assert leaks(texts, COMMENTARY) == ["html", "pdf", "xlsx"]


def test_the_public_report_carries_commentary_once_the_figures_are_approved(
    client, smoking, council
):
    _approve(council.pk)
    assert leaks(outputs(_look_at_ealing(client)), COMMENTARY) == ["html", "pdf", "xlsx"]


def test_commentary_on_returned_figures_stays_hidden(client, smoking, council):
    Submission.objects.update(state=SubmissionState.RETURNED)
    assert leaks(outputs(_look_at_ealing(client)), COMMENTARY) == []


def test_commentary_is_seen_where_its_model_says(smoking, council, board_member):
    note = Commentary.objects.get()
    assert not note.is_visible_to(AnonymousUser())
    assert note.is_visible_to(board_member)
    _approve(council.pk)
    assert note.is_visible_to(AnonymousUser())
    assert list(Commentary.objects.visible_to(AnonymousUser())) == [note]


def test_the_public_report_built_by_the_command_leaves_out_unapproved_commentary(
    partnership, smoking
):
    public = build_report(partnership, parse_period(Q2), public=True)
    internal = build_report(partnership, parse_period(Q2))
    assert not public.rows[0].commentary
    assert internal.rows[0].commentary.progress == COMMENTARY


# Data issues (leak 4) -----------------------------------------------------------------


def test_the_public_sees_no_data_issues_of_non_public_indicators(client, issues):
    texts = outputs(_look_at_ealing(client))
    assert leaks(texts, HIDDEN_ISSUE) == []
    assert leaks(texts, HIDDEN_CODE) == []
    assert leaks(texts, PUBLIC_ISSUE) == ["html", "pdf", "xlsx", "issues log"]


def test_another_partnerships_people_see_no_data_issues_of_non_public_indicators(
    client, issues, other_partnership_officer
):
    texts = outputs(_look_at_ealing(client, other_partnership_officer))
    assert leaks(texts, HIDDEN_ISSUE) == []
    assert leaks(texts, HIDDEN_CODE) == []


def test_the_partnerships_own_people_see_every_data_issue(client, issues, board_member):
    texts = outputs(_look_at_ealing(client, board_member))
    assert leaks(texts, HIDDEN_ISSUE) == ["html", "pdf", "xlsx", "issues log"]


def test_a_data_issue_is_seen_where_its_indicator_is(
    issues, board_member, other_partnership_officer
):
    hidden = DataIssue.objects.select_related("indicator").get(issue=HIDDEN_ISSUE)
    general = DataIssue.objects.create(
        partnership=hidden.partnership, issue="General", kind=IssueKind.NO_DATA
    )
    assert not hidden.is_visible_to(AnonymousUser())
    assert not hidden.is_visible_to(other_partnership_officer)
    assert hidden.is_visible_to(board_member)
    assert general.is_visible_to(AnonymousUser())
    public = set(DataIssue.objects.visible_to(AnonymousUser()).values_list("issue", flat=True))
    assert public == {PUBLIC_ISSUE, "General"}
    assert DataIssue.objects.visible_to(board_member).count() == 3
    assert not Indicator.objects.visible_to(other_partnership_officer).filter(code=HIDDEN_CODE)
