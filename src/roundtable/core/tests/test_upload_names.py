"""Uploads whose names carry path characters are refused, not quietly renamed."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.test import RequestFactory

from roundtable.core.forms import refuse_renamed_uploads
from roundtable.core.middleware import UploadNamesMiddleware


class PaperForm(forms.Form):
    file = forms.FileField()


def _post(filename: str):
    boundary = "BoUnDaRy"
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
        "%PDF-1.4 test\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    request = RequestFactory().generic(
        "POST", "/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    seen = {}

    def view(req):
        form = PaperForm(req.POST, req.FILES)
        seen["ok"] = refuse_renamed_uploads(req, form, "file")
        seen["valid"] = form.is_valid()
        seen["errors"] = form.errors.get("file", [])
        seen["name"] = req.FILES["file"].name if "file" in req.FILES else None
        return HttpResponse()

    UploadNamesMiddleware(view)(request)
    return seen


def test_a_plain_name_passes():
    seen = _post("Performance report.pdf")
    assert seen["ok"]
    assert seen["valid"]
    assert seen["name"] == "Performance report.pdf"


def test_a_name_with_directories_is_refused_with_the_name_given():
    seen = _post("../../etc/report.pdf")
    assert not seen["ok"]
    assert not seen["valid"]
    assert "The file name '../../etc/report.pdf' is not allowed" in seen["errors"][0]


def test_a_windows_path_is_refused_too():
    seen = _post("C:\\\\Users\\\\clerk\\\\report.pdf")
    assert not seen["ok"]
    assert "is not allowed" in seen["errors"][0]
