"""A board that sponsors projects, with its secretary and a member."""

from __future__ import annotations

from roundtable.meetings.tests.conftest import board, member, outsider, secretary  # noqa: F401
