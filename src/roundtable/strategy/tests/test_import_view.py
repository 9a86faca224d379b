"""The web import page: administrators upload strategy files; all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.strategy.models import Priority, Strategy
from roundtable.strategy.tests.test_import import PRIORITIES, STRATEGIES, THEMES

pytestmark = pytest.mark.django_db

URL = reverse("strategy:strategy-import")


def uploads(priorities: str = PRIORITIES) -> dict:
    files = [
        ("strategy-priorities.csv", priorities),
        ("strategy-strategies.csv", STRATEGIES),
        ("strategy-themes.csv", THEMES),
        ("strategy-events.csv", "name,date,kind\nWorkshop,2007-07-11,workshop\n"),
    ]
    return {"files": [SimpleUploadedFile(n, t.encode(), "text/csv") for n, t in files]}


@pytest.fixture
def areas():
    from roundtable.strategy.tests.factories import AreaFactory

    return [AreaFactory(code="E05000001"), AreaFactory(code="E05000002")]


def test_anonymous_is_sent_to_sign_in(client, partnership):
    response = client.get(URL, {"partnership": "westminster"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("user", ["editor", "board_member", "other_partnership_administrator"])
def test_only_the_partnerships_administrators_may_import(client, partnership, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL, {"partnership": "westminster"}).status_code == 403
    response = client.post(URL + "?partnership=westminster", uploads())
    assert response.status_code == 403
    assert not Strategy.objects.exists()


def test_administrator_imports_several_files_at_once(client, administrator, areas):
    client.force_login(administrator)
    page = client.get(URL, {"partnership": "westminster"})
    assert 'type="file"' in page.content.decode()
    response = client.post(URL + "?partnership=westminster", uploads())
    assert response.status_code == 200
    assert "Priorities: 4 new" in response.content.decode()
    assert Priority.objects.filter(partnership=administrator.partnership).count() == 4


def test_import_errors_are_listed_and_nothing_is_saved(client, administrator, areas):
    client.force_login(administrator)
    bad = PRIORITIES.replace("2007-07-11,new", "July 07,new")
    response = client.post(URL + "?partnership=westminster", uploads(bad))
    html = response.content.decode()
    assert response.status_code == 400
    assert "strategy-priorities.csv: Row 8, date" in html
    assert "Nothing from the files has been saved" in html
    assert not Strategy.objects.exists()


def test_strategy_list_offers_import_to_administrators_only(client, administrator, editor):
    client.force_login(editor)
    url = reverse("strategy:strategy-list") + "?partnership=westminster"
    assert "Import strategies" not in client.get(url).content.decode()
    client.force_login(administrator)
    assert "Import strategies" in client.get(url).content.decode()


def test_posting_no_file_answers_400_with_the_error_at_the_input(client, administrator):
    """As every form page with errors does (`core/pages.py`), not 200."""
    client.force_login(administrator)
    # A browser sends the form's token with the empty file input.
    response = client.post(URL + "?partnership=westminster", {"csrfmiddlewaretoken": "t"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not Strategy.objects.exists()
