"""Evidence files on progress updates: checked uploads, served only to whoever may see
the update (the public: updates of published responses only)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.recommendations import services
from roundtable.recommendations.models import EvidenceFile, ProgressUpdate
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def review(partnership):
    return ReviewFactory(partnership=partnership, title="Housing Review")


@pytest.fixture
def published(review, council):
    return RecommendationFactory(review=review, number="1", lead_organisation=council)


@pytest.fixture
def draft(review, council):
    return RecommendationFactory(
        review=review, number="2", response_state="draft", lead_organisation=council
    )


def login(client, user):
    client.force_login(user)
    client.get("/", {"partnership": user.partnership.slug})
    return client


def attach(officer, recommendation, name="Site plan.pdf", content=PDF):
    update = services.add_progress_update(
        officer,
        recommendation,
        date="2024-03-01",
        status="on_track",
        narrative="Sites found",
        attachment=SimpleUploadedFile(name, content),
    )
    return update.files.get()


def test_the_lead_attaches_a_file_via_htmx(client, officer, published):
    login(client, officer)
    response = client.post(
        reverse("recommendations:progress-add", args=[published.pk]),
        {
            "date": "2024-03-01",
            "status": "on_track",
            "narrative": "Sites found",
            "attachment": SimpleUploadedFile("Site photo.png", PNG),
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Progress update added" in body
    evidence = EvidenceFile.objects.get()
    assert evidence.filename == "Site photo.png"
    assert evidence.content_type == "image/png"
    assert evidence.uploaded_by == officer
    assert evidence.get_absolute_url() in body
    assert "Site photo.png" not in evidence.file.name  # stored under a random name


def test_the_progress_form_posts_multipart_for_htmx(client, officer, published):
    page = login(client, officer).get(published.get_absolute_url()).content.decode()
    assert 'hx-encoding="multipart/form-data"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page


def test_a_file_whose_contents_do_not_match_is_refused(client, officer, published):
    response = login(client, officer).post(
        reverse("recommendations:progress-add", args=[published.pk]),
        {
            "date": "2024-03-01",
            "status": "on_track",
            "narrative": "Sites found",
            "attachment": SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>"),
        },
        HTTP_HX_REQUEST="true",
    )
    assert "is not a PDF" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("virus.exe", b"MZ", "must be a PDF, DOCX, XLSX, PNG or JPEG"), ("a.pdf", b"", "empty")],
)
def test_service_refuses_bad_files(officer, published, name, content, message):
    with pytest.raises(ValidationError, match=message):
        attach(officer, published, name, content)
    assert not ProgressUpdate.objects.exists()


def test_a_file_over_the_limit_is_refused(officer, published, settings):
    settings.ROUNDTABLE_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="smaller than 1 MB"):
        attach(officer, published, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert not ProgressUpdate.objects.exists()


def test_a_name_with_path_characters_is_refused(client, officer, published):
    login(client, officer)
    boundary = "BoUnDaRy"
    fields = {"date": "2024-03-01", "status": "on_track", "narrative": "Sites found"}
    body = b"".join(
        (f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n').encode()
        for k, v in fields.items()
    )
    body += (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="attachment"; filename="../../etc/plan.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    body += PDF + f"\r\n--{boundary}--\r\n".encode()
    response = client.generic(
        "POST",
        reverse("recommendations:progress-add", args=[published.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    assert "is not allowed" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_the_public_downloads_evidence_of_a_published_response(session, officer, published):
    evidence = attach(officer, published)
    response = session.get(evidence.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Site plan.pdf"' in response["Content-Disposition"]
    page = session.get(published.get_absolute_url()).content.decode()
    assert evidence.get_absolute_url() in page


def test_a_word_file_is_served_as_an_attachment(client, officer, published):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    evidence = attach(officer, published, "Report.docx", buffer.getvalue())
    response = client.get(evidence.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Report.docx"' in response["Content-Disposition"]


def test_the_public_gets_404_for_evidence_of_an_unpublished_response(
    client, session, officer, draft
):
    evidence = attach(officer, draft)
    assert session.get(evidence.get_absolute_url()).status_code == 404
    page = session.get(draft.get_absolute_url()).content.decode()
    assert "Sites found" not in page
    assert evidence.get_absolute_url() not in page
    api = session.get(f"/api/v1/recommendations/{draft.pk}").json()
    assert api["updates"] == []


def test_the_public_gets_404_for_evidence_of_an_unpublished_review(session, officer, review):
    rec = RecommendationFactory(review=review, number="3", lead_organisation=officer.organisation)
    evidence = attach(officer, rec)
    review.is_published = False
    review.save()
    assert session.get(evidence.get_absolute_url()).status_code == 404


def test_partnership_people_download_evidence_of_drafts(client, officer, board_member, draft):
    evidence = attach(officer, draft)
    response = login(client, board_member).get(evidence.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_another_partnership_gets_404_for_evidence_of_a_draft(
    client, officer, other_partnership_officer, draft
):
    evidence = attach(officer, draft)
    client.force_login(other_partnership_officer)
    assert client.get(evidence.get_absolute_url()).status_code == 404


def test_api_lists_the_files_of_visible_updates(client, officer, published):
    evidence = attach(officer, published)
    update = client.get(f"/api/v1/recommendations/{published.pk}").json()["updates"][0]
    assert update["files"] == [
        {
            "filename": "Site plan.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "url": evidence.get_absolute_url(),
        }
    ]


def test_a_progress_update_takes_its_date_as_people_write_it(client, officer, published):
    """27/3/2024, as on every other form of Roundtable (not only 2024-03-27); a date
    that is not one is named, not Django's "Enter a valid date"."""
    import datetime

    login(client, officer)
    url = reverse("recommendations:progress-add", args=[published.pk])
    answer = {"date": "27/3/2024", "status": "on_track", "narrative": "Sites found"}
    assert client.post(url, answer, HTTP_HX_REQUEST="true").status_code == 200
    assert ProgressUpdate.objects.get().date == datetime.date(2024, 3, 27)
    refused = client.post(url, {**answer, "date": "31/2/2024"}, HTTP_HX_REQUEST="true")
    assert "Date of the update must be a real date" in refused.content.decode()
    assert ProgressUpdate.objects.count() == 1


def test_a_progress_update_names_the_person_of_the_account(client, officer, published):
    """Updates named the account ("Demo Board member"), not its person."""
    from roundtable.partnership.tests.factories import PersonFactory
    from roundtable.recommendations.queries import timeline

    officer.first_name, officer.last_name = "Demo", "Officer"
    officer.person = PersonFactory(
        partnership=published.review.partnership, given_name="Julian", family_name="Bell"
    )
    officer.save()
    login(client, officer)
    client.post(
        reverse("recommendations:progress-add", args=[published.pk]),
        {"date": "2024-03-01", "status": "on_track", "narrative": "Sites found"},
    )
    events = [e for e in timeline(published, updates=True, internal=True) if e.author]
    assert events
    assert {e.author for e in events} == {"Julian Bell"}
