"""Reading an uploaded file once, checked, ready to store (`core.uploads` does the checks)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from roundtable.core import uploads

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: its name, contents and what to store with it."""

    name: str
    content: bytes
    extension: str
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def stored(self) -> dict[str, object]:
        """What a `core.models.StoredFile` keeps of it beside the file itself."""
        return {
            "filename": self.name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }

    def as_file(self) -> ContentFile:
        return ContentFile(self.content)


def max_upload_bytes() -> int:
    return settings.ROUNDTABLE_MAX_UPLOAD_MB * 1024 * 1024


# (name, size, content, limit in bytes) -> problems, such as `uploads.check_upload`.
Check = Callable[[str, int, bytes, int], list[str]]


def read_checked_upload(upload: UploadedFile, *, check: Check, field: str) -> CheckedUpload:
    """Read `upload` and `check` it (name, type by contents, size); a ValidationError
    on `field` lists every problem, and nothing is stored."""
    upload.seek(0)
    content = upload.read()
    name = (upload.name or "").strip()
    problems = check(name, len(content), content, max_upload_bytes())
    if problems:
        raise ValidationError({field: problems})
    extension = uploads.extension(name)
    return CheckedUpload(
        name=name,
        content=content,
        extension=extension,
        content_type=uploads.CONTENT_TYPES[extension],
        sha256=hashlib.sha256(content).hexdigest(),
    )
