"""Pages that change and delete a commitment's parts (asking first), and the
commitment's History tab: who gets them, what they show, what they do."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.projects import services_commitments as services
from roundtable.projects.models_commitments import CommitmentAction, Signatory
from roundtable.projects.tests.factories_commitments import (
    CommitmentActionFactory,
    CommitmentFactory,
    LinkEvidenceFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def commitment(partnership, council):
    return CommitmentFactory(partnership=partnership, owners=[council], title="Foster relations")


@pytest.fixture
def draft(partnership, council):
    return CommitmentFactory(
        partnership=partnership, owners=[council], title="Secret draft", status="draft"
    )


def _url(name, record):
    return under("ealing", reverse(f"projects:{name}", args=[record.pk]))


def test_the_page_links_to_change_and_delete_each_part_for_an_owners_editor(
    client, officer, commitment, council
):
    action = CommitmentActionFactory(commitment=commitment)
    evidence = LinkEvidenceFactory(commitment=commitment)
    signatory = SignatoryFactory(commitment=commitment, organisation=council)
    client.force_login(officer)
    page = client.get(_url("commitment-detail", commitment)).content.decode()
    for name, record in (
        ("commitment-action-edit", action),
        ("commitment-action-delete", action),
        ("commitment-evidence-edit", evidence),
        ("commitment-evidence-delete", evidence),
        ("commitment-signatory-edit", signatory),
        ("commitment-signatory-delete", signatory),
        ("commitment-history", commitment),
    ):
        assert reverse(f"projects:{name}", args=[record.pk]) in page


def test_a_member_sees_the_history_tab_but_no_change_or_delete_links(
    client, board_member, commitment
):
    action = CommitmentActionFactory(commitment=commitment)
    client.force_login(board_member)
    page = client.get(_url("commitment-detail", commitment)).content.decode()
    assert reverse("projects:commitment-history", args=[commitment.pk]) in page
    assert reverse("projects:commitment-action-delete", args=[action.pk]) not in page


def test_the_public_sees_neither_history_tab_nor_delete_links(client, commitment):
    action = CommitmentActionFactory(commitment=commitment)
    page = client.get(_url("commitment-detail", commitment)).content.decode()
    assert reverse("projects:commitment-history", args=[commitment.pk]) not in page
    assert reverse("projects:commitment-action-delete", args=[action.pk]) not in page


def test_deleting_an_action_asks_first_then_deletes_on_post(client, officer, commitment):
    action = CommitmentActionFactory(commitment=commitment, action="Agree measures")
    client.force_login(officer)
    url = _url("commitment-action-delete", action)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Are you sure you want to delete this action?" in html
    assert "govuk-button--warning" in html
    assert '<form method="post">' in html
    assert CommitmentAction.objects.filter(pk=action.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == commitment.get_absolute_url()
    assert not CommitmentAction.objects.filter(pk=action.pk).exists()
    assert "Action deleted" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "name", ["commitment-action-delete", "commitment-action-edit", "commitment-signatory-delete"]
)
def test_a_member_is_refused_changing_or_deleting_a_part(
    client, board_member, commitment, council, name
):
    record = (
        SignatoryFactory(commitment=commitment, organisation=council)
        if "signatory" in name
        else CommitmentActionFactory(commitment=commitment)
    )
    client.force_login(board_member)
    assert client.get(_url(name, record)).status_code == 403
    assert client.post(_url(name, record), {"action": "Changed"}).status_code == 403
    model = Signatory if "signatory" in name else CommitmentAction
    assert model.objects.get(pk=record.pk)


def test_the_public_is_sent_to_sign_in_and_nothing_is_deleted(client, commitment):
    action = CommitmentActionFactory(commitment=commitment)
    response = client.post(_url("commitment-action-delete", action))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
    assert CommitmentAction.objects.filter(pk=action.pk).exists()


def test_another_partnerships_administrator_gets_403_for_a_public_commitment_404_for_a_draft(
    client, other_partnership_officer, commitment, draft
):
    public_action = CommitmentActionFactory(commitment=commitment)
    draft_action = CommitmentActionFactory(commitment=draft)
    client.force_login(other_partnership_officer)
    assert client.post(_url("commitment-action-delete", public_action)).status_code == 403
    assert client.post(_url("commitment-action-delete", draft_action)).status_code == 404
    assert client.get(_url("commitment-history", commitment)).status_code == 403
    assert client.get(_url("commitment-history", draft)).status_code == 404
    assert CommitmentAction.objects.count() == 2


def test_an_editor_changes_an_action_with_its_done_date(client, officer, commitment):
    action = CommitmentActionFactory(commitment=commitment, action="Agree measures")
    client.force_login(officer)
    url = _url("commitment-action-edit", action)
    assert "Agree measures" in client.get(url).content.decode()
    response = client.post(url, {"action": "", "due": "2012-06-01"})
    assert response.status_code == 400
    assert "Say what is to be done" in response.content.decode()
    response = client.post(url, {"action": "Publish measures", "due": "2012-06-01", "done": ""})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.action, action.due, action.done) == ("Publish measures", D(2012, 6, 1), None)


def test_the_form_for_file_evidence_has_no_link(client, officer, commitment, settings, tmp_path):
    from roundtable.meetings.tests.papers import pdf_with_text, upload

    settings.MEDIA_ROOT = str(tmp_path)
    evidence = services.add_evidence(
        None, commitment, title="Plan", upload=upload("plan.pdf", pdf_with_text("x")), check=False
    )
    client.force_login(officer)
    url = _url("commitment-evidence-edit", evidence)
    page = client.get(url).content.decode()
    assert 'name="link"' not in page
    assert "Change the evidence plan.pdf" in page
    assert client.post(url, {"title": "Plan 2012"}).status_code == 302
    evidence.refresh_from_db()
    assert evidence.title == "Plan 2012"


def test_an_editor_corrects_a_signature_and_a_clash_is_said_on_the_form(
    client, officer, commitment, council, police
):
    SignatoryFactory(commitment=commitment, organisation=council)
    signatory = SignatoryFactory(commitment=commitment, organisation=police)
    client.force_login(officer)
    url = _url("commitment-signatory-edit", signatory)
    data = {"organisation": council.pk, "signed_by": "M Smith", "signed_on": "2012-03-31"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Ealing Council has already signed" in response.content.decode()
    response = client.post(url, {**data, "organisation": police.pk})
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert (signatory.signed_by, signatory.signed_on) == ("M Smith", D(2012, 3, 31))


def test_the_history_shows_changes_to_the_commitment_and_its_deleted_parts(
    client, officer, board_member, commitment
):
    action = services.add_action(officer, commitment, action="Agree measures")
    services.change_action(officer, action, action="Publish measures")
    services.delete_action(officer, action)
    client.force_login(board_member)
    response = client.get(_url("commitment-history", commitment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Action &#x27;Publish measures&#x27;: deleted" in html
    assert "Action &#x27;Publish measures&#x27;: changed" in html
    assert "Agree measures" in html  # the old value, before the change
    assert "Record deleted." in html


def test_the_public_is_sent_to_sign_in_for_the_history(client, commitment):
    response = client.get(_url("commitment-history", commitment))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize("count", [2, 20])
def test_the_history_uses_constant_queries(
    client, django_assert_num_queries, board_member, commitment, council, count
):
    for n in range(count):
        action = CommitmentActionFactory(commitment=commitment)
        services.change_action(None, action, action=f"Changed {n}", check=False)
        LinkEvidenceFactory(commitment=commitment)
        SignatoryFactory(commitment=commitment)
    client.force_login(board_member)
    url = _url("commitment-history", commitment)
    client.get(url)
    # partnership by slug, session, user, the commitment (+ meeting), signers' ids,
    # signers' organisations, its history (+ user); diffing its two versions: the
    # priorities', owners' and leads' rows of each (6), the owners named; the
    # actions', evidence's and signatures' history (+ user), one query each
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200
