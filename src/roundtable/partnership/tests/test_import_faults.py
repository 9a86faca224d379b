"""The partnership import refuses what used to crash it, on every database, through
the command line and the upload form (issue #10, faults 11, 12 and 15)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from roundtable.partnership.models import Organisation

pytestmark = pytest.mark.django_db

LONG = b"name,sector\nEaling CVS,voluntary\n" + b"A" * 131_073 + b",public\n"
NUL = b"name,sector\nEaling CVS,voluntary\nEaling\x00Police,public\n"


def test_the_command_refuses_an_over_long_cell_without_a_traceback(tmp_path, partnership):
    path = tmp_path / "orgs.csv"
    path.write_bytes(LONG)
    with pytest.raises(CommandError) as excinfo:
        call_command("partnership_import", str(path), "--partnership", partnership.slug)
    assert "Row 3, name: this cell has 131,073 characters" in str(excinfo.value)
    assert not Organisation.objects.exists()


def test_the_upload_form_shows_an_over_long_cell_instead_of_failing(client, administrator):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    upload = SimpleUploadedFile("orgs.csv", LONG)
    response = client.post(reverse("partnership:import"), {"kind": "organisations", "file": upload})
    assert response.status_code == 400  # the form's answer for a refused file, not 500
    assert "Row 3, name: this cell has 131,073 characters" in response.text
    assert not Organisation.objects.exists()


def test_a_nul_character_is_refused_on_every_database(tmp_path, partnership):
    path = tmp_path / "orgs.csv"
    path.write_bytes(NUL)
    with pytest.raises(CommandError) as excinfo:
        call_command("partnership_import", str(path), "--partnership", partnership.slug)
    assert "Row 3, name: this cell contains a NUL character" in str(excinfo.value)
    assert not Organisation.objects.exists()


def test_the_upload_form_names_a_utf16_file(client, administrator):
    client.force_login(administrator)
    client.get("/", {"partnership": "ealing"})
    upload = SimpleUploadedFile("orgs.csv", "name,sector\nEaling CVS,voluntary\n".encode("utf-16"))
    response = client.post(reverse("partnership:import"), {"kind": "", "file": upload})
    assert response.status_code == 400
    assert "Save the file as CSV UTF-8" in response.text
    assert "this column is missing" not in response.text
