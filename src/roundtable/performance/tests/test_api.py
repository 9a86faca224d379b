"""/api/v1/returns: each agency's return for a quarter and the reasons it gives for
missing figures, for the partnership's own signed-in people only (issue 11)."""

from __future__ import annotations

import pytest

from roundtable.performance.choices import MissingReason, SubmissionState
from roundtable.performance.models import MissingFigure, Submission
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/returns"


def _submitted(partnership, organisation, period="2011/12 Q2", gaps=1):
    submission = Submission.objects.create(
        partnership=partnership,
        organisation=organisation,
        period=period,
        state=SubmissionState.SUBMITTED,
    )
    for _ in range(gaps):
        MissingFigure.objects.create(
            submission=submission,
            indicator=IndicatorFactory(partnership=partnership, lead_agency=organisation),
            period=period,
            reason=MissingReason.OTHER,
            explanation="Zq the new system is not live",
            partnership=partnership,
        )
    return submission


def test_the_partnerships_people_read_each_return_with_its_missing_figures(
    client, partnership, council, board_member
):
    submission = _submitted(partnership, council)
    gap = submission.missing_figures.get()
    client.force_login(board_member)

    response = client.get(API, {"partnership": "ealing", "period": "2011-12-Q2"})

    assert response.status_code == 200
    assert response.json() == [
        {
            "organisation": "Ealing Council",
            "organisation_id": council.pk,
            "period": "2011/12 Q2",
            "state": "submitted",
            "state_label": submission.get_state_display(),
            "submitted_at": None,
            "missing_figures": [
                {
                    "indicator": gap.indicator.code,
                    "period": "2011/12 Q2",
                    "reason": "other",
                    "reason_label": "Other",
                    "explanation": "Zq the new system is not live",
                }
            ],
        }
    ]


def test_the_public_reads_no_return_and_no_reason(client, partnership, council):
    _submitted(partnership, council)
    response = client.get(API, {"partnership": "ealing", "period": "2011/12 Q2"})
    assert response.status_code == 200
    assert response.json() == []
    assert "Zq the new system" not in response.text


def test_another_partnerships_people_read_no_return(
    client, partnership, council, other_partnership_officer
):
    _submitted(partnership, council)
    client.force_login(other_partnership_officer)
    response = client.get(API, {"partnership": "ealing", "period": "2011/12 Q2"})
    assert response.json() == []


def test_only_the_quarter_asked_for_is_listed(client, partnership, council, board_member):
    _submitted(partnership, council, period="2011/12 Q1")
    client.force_login(board_member)
    assert client.get(API, {"partnership": "ealing", "period": "2011/12 Q2"}).json() == []


def test_an_unknown_partnership_or_a_period_not_a_quarter_is_refused(client, partnership):
    assert client.get(API, {"partnership": "nowhere", "period": "2011/12 Q2"}).status_code == 404
    response = client.get(API, {"partnership": "ealing", "period": "2011-07"})
    assert response.status_code == 400
    assert "is not a quarter" in response.json()["detail"]


@pytest.mark.parametrize("count", [2, 20])
def test_the_returns_list_uses_constant_queries(
    client, partnership, board_member, count, django_assert_num_queries
):
    from roundtable.partnership.tests.factories import OrganisationFactory

    for organisation in OrganisationFactory.create_batch(count, partnership=partnership):
        _submitted(partnership, organisation, gaps=2)
    client.force_login(board_member)
    # session, user, the partnership, returns with organisation, their missing
    # figures with indicator
    with django_assert_num_queries(5):
        response = client.get(API, {"partnership": "ealing", "period": "2011/12 Q2"})
    assert len(response.json()) == count


def test_missing_figures_come_by_code_as_people_read_it(client, partnership, council, board_member):
    submission = _submitted(partnership, council, gaps=0)
    for code in ("NI 195 d", "NI 45"):
        MissingFigure.objects.create(
            submission=submission,
            indicator=IndicatorFactory(partnership=partnership, lead_agency=council, code=code),
            period="2011/12 Q2",
            reason=MissingReason.NOT_YET_AVAILABLE,
            partnership=partnership,
        )
    client.force_login(board_member)
    response = client.get(API, {"partnership": "ealing", "period": "2011-12-Q2"})
    codes = [gap["indicator"] for gap in response.json()[0]["missing_figures"]]
    assert codes == ["NI 45", "NI 195 d"]
