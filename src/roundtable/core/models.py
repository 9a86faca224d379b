"""Abstract models the apps build on (core has no tables of its own)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StoredFile(models.Model):
    """What an uploaded file keeps beside it: the name it was uploaded with, its type
    as judged by its contents, its size and SHA-256, who uploaded it and when
    (`core.files.CheckedUpload.stored` gives the first four). A model built on it adds
    its `file` (stored under a random name of its own folder) and what it belongs to."""

    filename = models.CharField(max_length=200, help_text="The name it was uploaded with.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.filename
