"""The Content-Security-Policy: sent on every response, and no page needs more.

The policy allows our own script and style files only. These tests walk the
demo's pages (following their links, as the public and as the demo
administrator) and fail on anything the browser would refuse: an inline
<script>, an on*= handler, a javascript: link, a style="" attribute or a
<style> element.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from roundtable.demo.testing import load_demo_for_test

pytestmark = pytest.mark.django_db

# Each walk stops after this many pages; enough to reach every kind of page.
PAGES_PER_WALK = 200
SKIPPED = ("/static/", "/media/", "/admin/", "/api/", "/accounts/sign-out/")
DOWNLOADS = (".pdf", ".xlsx", ".csv", ".ics", ".json", ".xml", ".zip")
# Scripts that carry data, not code, are not run and the policy does not apply.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict policy refuses, and the links and htmx URLs to follow."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []
        self.links: list[str] = []
        self.partials: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.refused.append(f"<{tag} {name}=…> handler")
            if name == "style":
                self.refused.append(f"<{tag} style={value!r}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.refused.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not named.get("src"):
            if (named.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.refused.append("inline <script>")
        if tag == "style":
            self.refused.append("<style> element")
        if tag == "a" and named.get("href"):
            self.links.append(named["href"])
        if named.get("hx-get"):
            self.partials.append(named["hx-get"])


def refused_on(html: str) -> tuple[list[str], list[str], list[str]]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.refused, finder.links, finder.partials


def walk(client, start: list[str]) -> tuple[dict[str, list[str]], int]:
    """Follow same-site links breadth first; return {url: refused things} and pages seen."""
    queue = deque((url, False) for url in start)
    seen: set[str] = set(start)
    problems: dict[str, list[str]] = {}
    pages = 0
    while queue and pages < PAGES_PER_WALK:
        url, partial = queue.popleft()
        headers = {"HX-Request": "true"} if partial else {}
        response = client.get(url, headers=headers)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        if "Content-Security-Policy" not in response:
            problems.setdefault(url, []).append("no Content-Security-Policy header")
        refused, links, partials = refused_on(response.content.decode())
        if refused:
            problems[url] = refused
        for href, is_partial in [(h, False) for h in links] + [(h, True) for h in partials]:
            target = urldefrag(urljoin(url, href)).url
            parts = urlsplit(target)
            if parts.netloc not in {"", "testserver"} or parts.scheme not in {"", "http"}:
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(SKIPPED) or parts.path.endswith(DOWNLOADS) or path in seen:
                continue
            seen.add(path)
            queue.append((path, is_partial))
    return problems, pages


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module, and empty the database after."""
    with django_db_blocker.unblock():
        load_demo_for_test()
        yield
        call_command("flush", interactive=False, verbosity=0)


def test_every_response_carries_the_policy(client, partnership):
    for url in ("/", "/no-such-page/", "/api/v1/partnerships", reverse("login")):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "style-src 'self'" in policy, url
        assert "object-src 'none'" in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert "unsafe-inline" not in policy, url
        assert "unsafe-eval" not in policy, url


def test_the_finder_sees_what_the_policy_refuses():
    html = (
        '<body><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        '<button onclick="go()">y</button><p style="color:red">z</p><style>p{}</style>'
        '<script src="/static/app.js"></script><script type="application/json">{}</script>'
    )
    refused, _, _ = refused_on(html)
    assert refused == [
        "inline <script>",
        "<a href='javascript:alert(1)'>",
        "<button onclick=…> handler",
        "<p style='color:red'>",
        "<style> element",
    ]


def test_no_public_demo_page_has_inline_script_or_style(client, demo):
    start = [f"/?partnership={slug}" for slug in ("ealing", "warwick", "westminster")]
    problems, pages = walk(client, start)
    assert pages >= 100, f"only {pages} pages reached"
    assert problems == {}


def test_no_page_the_administrator_sees_has_inline_script_or_style(client, demo):
    from roundtable.accounts.models import User

    client.force_login(User.objects.get(username="demo-admin"))
    problems, pages = walk(client, ["/?partnership=ealing", "/accounts/"])
    assert pages >= 100, f"only {pages} pages reached"
    assert problems == {}


def test_the_report_stylesheet_colours_every_rag_status_as_the_pdf_does():
    from django.contrib.staticfiles import finders

    from roundtable.performance.renderers import RAG_COLOURS

    css = open(finders.find("performance/rag.css"), encoding="utf-8").read()
    for colour in RAG_COLOURS.values():
        rule = (
            f".rt-rag--{colour.name} {{ background-color: #{colour.fill}; color: #{colour.text}; }}"
        )
        assert rule in css
