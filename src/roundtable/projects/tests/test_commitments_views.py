"""Commitment pages: who sees which, who may change them, and the evidence files."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtable.accounts.choices import Role
from roundtable.core.testing import under
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.meetings.tests.papers import pdf_with_text, upload
from roundtable.partnership.tests.factories import UserFactory
from roundtable.projects import services_commitments as services
from roundtable.projects.models_commitments import Commitment
from roundtable.projects.tests.factories_commitments import (
    CommitmentActionFactory,
    CommitmentFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def published(partnership, council):
    return CommitmentFactory(
        partnership=partnership,
        owners=[council],
        title="Advance equality of opportunity",
        review_on=D(2000, 1, 1),
    )


@pytest.fixture
def draft(partnership, council):
    return CommitmentFactory(
        partnership=partnership,
        owners=[council],
        title="Secret draft covenant",
        kind="covenant_pledge",
        status="draft",
        is_published=True,  # a draft stays internal however published
    )


@pytest.fixture
def police_editor(partnership, police):
    return UserFactory(
        username="police-editor", role=Role.EDITOR, partnership=partnership, organisation=police
    )


def _list(client, **query):
    return client.get(under("ealing", reverse("projects:commitment-list")), query)


def test_the_public_sees_published_commitments_but_not_drafts(client, published, draft):
    page = _list(client).content.decode()
    assert "Advance equality of opportunity" in page
    assert "Secret draft covenant" not in page
    assert "1 commitment" in page
    assert client.get(draft.get_absolute_url()).status_code == 404
    detail = client.get(published.get_absolute_url()).content.decode()
    assert "Edit this commitment" not in detail
    assert "Record a signature" not in detail


def test_an_unpublished_agreed_commitment_is_internal(client, board_member, partnership, council):
    hidden = CommitmentFactory(partnership=partnership, owners=[council], is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    client.force_login(board_member)
    assert "Not published" in client.get(hidden.get_absolute_url()).content.decode()


def test_members_see_drafts_labelled_internal(client, board_member, draft):
    client.force_login(board_member)
    page = _list(client).content.decode()
    assert "Secret draft covenant" in page
    assert "Internal to the partnership" in page
    detail = client.get(draft.get_absolute_url()).content.decode()
    assert "A draft: only the partnership" in detail
    assert "Edit this commitment" not in detail


def test_another_partnership_sees_nothing_of_a_draft(client, other_partnership_officer, draft):
    client.force_login(other_partnership_officer)
    assert "Secret draft covenant" not in _list(client).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    edit = reverse("projects:commitment-edit", args=[draft.pk])
    assert client.get(under("ealing", edit)).status_code == 404


def test_the_list_filters_by_kind_and_status(client, published, partnership, council):
    CommitmentFactory(partnership=partnership, owners=[council], title="Covenant", kind="charter")
    page = _list(client, kind="charter").content.decode()
    assert "Covenant" in page
    assert "Advance equality" not in page
    assert "Advance equality" in _list(client, status="agreed").content.decode()
    assert "Advance equality" not in _list(client, status="achieved").content.decode()


def test_the_page_shows_actions_with_overdue_tags_evidence_signatories_and_meeting(
    client, published, partnership, council
):
    meeting = MeetingFactory(
        body__partnership=partnership,
        body__name="LSP Executive",
        start=timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0)),
    )
    Commitment.objects.filter(pk=published.pk).update(agreed_at=meeting)
    CommitmentActionFactory(
        commitment=published, action="Publish equality data", due=D(2012, 1, 31)
    )
    CommitmentActionFactory(
        commitment=published, action="Agree measures", due=D(2012, 4, 1), done=D(2012, 3, 30)
    )
    SignatoryFactory(
        commitment=published,
        organisation=council,
        signed_by="Martin Smith",
        signed_on=D(2012, 6, 27),
    )
    services.add_evidence(
        None, published, title="Equality data", link="https://example.org/eq", check=False
    )
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Publish equality data" in page
    assert "Overdue" in page
    assert "1 overdue" in page
    assert "Done" in page
    assert "Review overdue" in page
    assert "Martin Smith, Chief Executive" in page
    assert "27 June 2012" in page
    assert 'href="https://example.org/eq"' in page
    meeting_url = under("ealing", reverse("meetings:meeting-detail", args=[meeting.pk]))
    assert f'href="{meeting_url}"' in page
    assert "LSP Executive, 16 January 2012" in page


def test_an_editor_of_an_owner_adds_edits_and_adds_an_action(client, officer, partnership, council):
    client.force_login(officer)
    response = client.post(
        under("ealing", reverse("projects:commitment-add")),
        {
            "title": "Eliminate unlawful discrimination",
            "kind": "equality_objective",
            "status": "agreed",
            "owner_organisations": [council.pk],
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.is_public
    edit = under("ealing", reverse("projects:commitment-edit", args=[commitment.pk]))
    assert client.get(edit).status_code == 200
    add_action = under("ealing", reverse("projects:commitment-action-add", args=[commitment.pk]))
    response = client.post(add_action, {"action": "Publish the data", "due": "2012-01-31"})
    assert response.status_code == 302
    assert commitment.actions.get().due == D(2012, 1, 31)
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert 'Change<span class="govuk-visually-hidden"> the action: Publish the data' in page
    assert " action 1<" not in page


def test_an_editor_is_refused_a_commitment_owned_by_another_organisation(
    client, police_editor, published
):
    client.force_login(police_editor)
    for name in ("commitment-edit", "commitment-action-add", "commitment-evidence-add"):
        url = under("ealing", reverse(f"projects:{name}", args=[published.pk]))
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"title": "x"}).status_code == 403, name
    action = CommitmentActionFactory(commitment=published)
    done = under("ealing", reverse("projects:commitment-action-done", args=[action.pk]))
    assert client.post(done, {"done": "2012-02-01"}).status_code == 403


def test_the_add_form_refuses_an_editor_naming_another_owner(
    client, police_editor, partnership, council
):
    client.force_login(police_editor)
    response = client.post(
        under("ealing", reverse("projects:commitment-add")),
        {
            "title": "Not ours",
            "kind": "charter",
            "status": "draft",
            "owner_organisations": [council.pk],
        },
    )
    assert response.status_code == 403
    assert not Commitment.objects.exists()


def test_the_public_and_members_cannot_add(client, board_member):
    url = under("ealing", reverse("projects:commitment-add"))
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(board_member)
    assert client.get(url).status_code == 403


def test_an_editor_signs_for_their_own_organisation(client, police_editor, published, police):
    client.force_login(police_editor)
    url = under("ealing", reverse("projects:commitment-sign", args=[published.pk]))
    page = client.get(url).content.decode()
    assert "Metropolitan Police Service" in page
    assert "Ealing Council" not in page
    response = client.post(
        url,
        {
            "organisation": police.pk,
            "signed_by": "Kevin Hurley",
            "role": "Borough Commander",
            "signed_on": "2012-06-27",
        },
    )
    assert response.status_code == 302
    assert published.signatories.get().organisation == police


def test_a_member_cannot_sign(client, board_member, published):
    client.force_login(board_member)
    url = under("ealing", reverse("projects:commitment-sign", args=[published.pk]))
    assert client.get(url).status_code == 403


def test_an_evidence_file_is_served_only_to_who_may_see_the_commitment(
    client, board_member, draft, published, other_partnership_officer
):
    hidden = services.add_evidence(
        None, draft, title="Draft plan", upload=upload("plan.pdf", pdf_with_text("x")), check=False
    )
    shown = services.add_evidence(
        None, published, title="Plan", upload=upload("plan.pdf", pdf_with_text("y")), check=False
    )
    assert client.get(hidden.get_absolute_url()).status_code == 404
    response = client.get(shown.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(other_partnership_officer)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    client.force_login(board_member)
    assert client.get(hidden.get_absolute_url()).status_code == 200


def test_an_editor_uploads_evidence(client, officer, published):
    client.force_login(officer)
    url = under("ealing", reverse("projects:commitment-evidence-add", args=[published.pk]))
    response = client.post(url, {"title": "Bad", "link": "javascript:alert(1)"})
    assert response.status_code == 400
    text = response.content.decode()
    # Beside the field and in the error summary, the service's message names the
    # field by its label, not the code name the API gives ("link: enter…").
    assert "Link: enter a web address starting http:// or https://" in text
    assert "link: enter" not in text
    response = client.post(url, {"title": "Plan", "file": upload("plan.pdf", pdf_with_text("z"))})
    assert response.status_code == 302
    assert published.evidence.get().filename == "plan.pdf"


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_uses_constant_queries(
    client, django_assert_num_queries, board_member, partnership, council, count
):
    for _ in range(count):
        CommitmentFactory(partnership=partnership, owners=[council], is_published=False)
    client.force_login(board_member)
    url = under("ealing", reverse("projects:commitment-list"))
    client.get(url)
    # session, user, partnership by slug, commitments, their owners, their leads
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_uses_constant_queries(
    client, django_assert_num_queries, board_member, partnership, council, count
):
    commitment = CommitmentFactory(partnership=partnership, owners=[council])
    for n in range(count):
        action = CommitmentActionFactory(commitment=commitment)
        SignatoryFactory(commitment=commitment)
        services.add_evidence(
            None,
            commitment,
            title=f"Evidence {n}",
            link=f"https://example.org/{n}",
            action=action,
            check=False,
        )
    client.force_login(board_member)
    url = under("ealing", reverse("projects:commitment-detail", args=[commitment.pk]))
    client.get(url)
    # partnership by slug, session, user, the commitment (+ meeting), its owners' ids
    # (may the user change it?), actions (+ owner), owners, leads, priorities,
    # evidence (+ action), signatories (+ organisation)
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
