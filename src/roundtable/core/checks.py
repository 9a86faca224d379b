"""Roundtable's own `roundtable check --deploy` checks."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


def site_url_problem(site_url: str, allowed_hosts: list[str]) -> str:
    """Why `site_url` cannot be where the site's emails link to ("" when it can): it
    must be an http(s) address of a host the site serves (`ALLOWED_HOSTS`)."""
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return f"ROUNDTABLE_SITE_URL is {site_url!r}, not a web address"
    if not validate_host(parts.hostname, allowed_hosts):
        return (
            f"ROUNDTABLE_SITE_URL is {site_url}, whose host this site does not serve "
            f"(ALLOWED_HOSTS is {', '.join(allowed_hosts)})"
        )
    return ""


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[Warning]:  # noqa: ARG001
    """Emails sent without a request (a new partnership administrator's invitation,
    meeting notices, reminders and digests) link under ROUNDTABLE_SITE_URL; left at
    its default a production site emailed links to http://127.0.0.1:8000."""
    problem = site_url_problem(settings.ROUNDTABLE_SITE_URL, list(settings.ALLOWED_HOSTS))
    if not problem:
        return []
    return [
        Warning(
            f"{problem}: the links in Roundtable's emails (a new partnership "
            "administrator's invitation, meeting notices, reminders) would lead there.",
            hint="Set ROUNDTABLE_SITE_URL to the site's public address, like "
            "https://roundtable.example.org.",
            id="roundtable.W001",
        )
    ]
