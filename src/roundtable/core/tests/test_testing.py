"""`core.testing.found_in`: a test that a page leaves a word out is not failed by a
random token that holds it, and still fails when the page shows the word, in its text,
an attribute or its JSON; and `ROUNDTABLE_TEST_NOW` runs the suite on another day."""

from __future__ import annotations

import datetime
import json

import pytest
from django.middleware import csrf
from django.utils import timezone

from roundtable.core.testing import found_in, without_random_parts


@pytest.fixture
def tokens_holding_rag(monkeypatch):
    """Every CSRF token drawn holds "RAG" (as "...dRAGUS..." once did by chance):
    the masked token a page carries is the mask it drew followed by its cipher."""
    monkeypatch.setattr(
        csrf, "_get_new_csrf_string", lambda: "dRAGUS" + "x" * (csrf.CSRF_SECRET_LENGTH - 6)
    )


def _signed_in_page(client, user) -> str:
    client.force_login(user)
    response = client.get("/", {"partnership": "ealing"}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_word_only_in_a_pages_csrf_tokens_is_not_found(client, administrator, tokens_holding_rag):
    page = _signed_in_page(client, administrator)
    assert 'name="csrfmiddlewaretoken" value="dRAGUS' in page  # the sign-out form
    assert '{"X-CSRFToken": "dRAGUS' in page  # htmx's header
    assert "RAG" in page  # what failed the PostgreSQL run
    assert found_in(page, "RAG") == []


def test_a_word_the_page_shows_is_found_beside_the_tokens(
    client, administrator, tokens_holding_rag
):
    page = _signed_in_page(client, administrator)
    shown = page.replace("</main>", "<p>RAG: red</p></main>", 1)
    assert found_in(shown, "RAG") == ["RAG"]
    assert found_in(shown.replace("RAG", "rag"), "RAG", ignore_case=True) == ["RAG"]


@pytest.mark.parametrize(
    "text",
    [
        "<p>Status: RAG</p>",
        '<td data-rag="RAG">red</td>',
        '<a href="/ealing/performance/?rag=RAG">',
        json.dumps({"status": "RAG", "csrf": "not a token"}),
        b"Code,Status\r\nNI 15,RAG\r\n",
        "Subject: RAG\n\nReset: http://testserver/accounts/reset/MQ/c5k3z4-0123/",
    ],
    ids=["text", "attribute", "address", "json", "csv-bytes", "email"],
)
def test_a_word_outside_the_random_parts_is_found(text):
    assert found_in(text, "RAG", "absent") == ["RAG"]


def test_each_random_part_is_left_out_and_nothing_else():
    text = (
        '<input type="hidden" name="csrfmiddlewaretoken" value="aRAGb">'
        '<body hx-headers=\'{"X-CSRFToken": "cRAGd"}\'>'
        '<script nonce="eRAGf"></script>'
        "UID:1b4e28ba-2fa1-11d2-883f-0016dRAG0427 "  # not hex: not a UUID
        "UID:1b4e28ba-2fa1-11d2-883f-0016d3cca427 "
        "papers/3/0123456789abcdef0123456789abcdef "
        "rt_" + "R" * 43 + " "
        "/accounts/reset/MQ/c5k3z4-0123456789abcdef/ "
        "/static/main.0123456789ab.css "
        "/ealing/meetings/987/ 987 10/01/2024 "
        '{"id": 987, "project_id": 987, "IndicatorId": 987, "person": "person/987", "value": 987}'
    )
    assert without_random_parts(text) == (
        '<input type="hidden" name="csrfmiddlewaretoken" value="<random>">'
        '<body hx-headers=\'{"X-CSRFToken": "<random>"}\'>'
        '<script nonce="<random>"></script>'
        "UID:1b4e28ba-2fa1-11d2-883f-0016dRAG0427 "
        "UID:<random> "
        "papers/<random>/<random> "
        "<random> "
        "/accounts/reset/<random>/ "
        "/static/main.<random>.css "
        "/ealing/meetings/<random>/ 987 10/01/2024 "
        '{"id": <random>, "project_id": <random>, "IndicatorId": <random>, '
        '"person": "person/<random>", "value": 987}'
    )
    assert found_in(text, "RAG") == ["RAG"]  # the UUID that is not one
    assert found_in(text, "987", "01/2024") == ["987", "01/2024"]  # as text, as a value


def test_the_suite_can_be_run_as_if_it_were_another_moment(monkeypatch):
    """`ROUNDTABLE_TEST_NOW` (UTC unless it says otherwise) moves every clock the code
    reads, London's day as well: 23:30 UTC on 31 March is 00:30 on 1 April in BST."""
    from roundtable.core import testing

    monkeypatch.setattr(testing, "_TRAVELLER", [])
    monkeypatch.setenv("ROUNDTABLE_TEST_NOW", "2027-03-31T23:30")
    testing.travel_to_test_now()
    try:
        assert timezone.now().astimezone(datetime.UTC).date() == datetime.date(2027, 3, 31)
        assert timezone.localdate() == datetime.date(2027, 4, 1)
        assert datetime.date.today() == datetime.date(2027, 4, 1)  # Django's TZ, as served
    finally:
        testing._TRAVELLER[0].stop()


def test_without_the_variable_the_clock_is_left_alone(monkeypatch):
    from roundtable.core import testing

    monkeypatch.setattr(testing, "_TRAVELLER", [])
    monkeypatch.delenv("ROUNDTABLE_TEST_NOW", raising=False)
    testing.travel_to_test_now()
    assert testing._TRAVELLER == []
