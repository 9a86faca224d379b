"""Run the documented production path (docs/deployment.md) and request the demo's pages.

In a throwaway folder, with DEBUG=false, a fresh SECRET_KEY, BEHIND_TLS_PROXY=true
and a new SQLite database: `roundtable migrate`, `roundtable demo load`,
`roundtable collectstatic`, `roundtable check --deploy --fail-level WARNING`,
then gunicorn on a free port of 127.0.0.1. It follows the links of every public
page from each demo partnership's home page (same host only, at most
--max-pages pages), requests every script, stylesheet, image and font they use
(and the files stylesheets use), and fails on:

- any answer of 500 or more, from a page, a download or a static file;
- a static file that is not there (any answer but 200);
- an HTML page without a Content-Security-Policy, or with an inline <script>.

Requests carry `X-Forwarded-Proto: https`, as the TLS proxy sends it. Run by
`make smoke` and by .ci/run after the test suite:

    .venv/bin/python scripts/smoke_production.py
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PARTNERSHIPS = ("ealing", "warwick", "westminster")
# Not pages to read: sign-out only takes POST; the admin site is for superusers.
SKIPPED = ("/accounts/sign-out/", "/admin/")
DOWNLOADS = (".pdf", ".xlsx", ".csv", ".ics", ".json", ".xml", ".zip")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)


class Links(HTMLParser):
    """The links (pages) and assets (static files) of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {name: value or "" for name, value in attrs}
        if tag == "a" and named.get("href"):
            self.pages.append(named["href"])
        elif tag in {"script", "img"} and named.get("src"):
            self.assets.append(named["src"])
        elif tag == "link" and named.get("href"):
            self.assets.append(named["href"])
        elif tag == "form" and named.get("method", "get").lower() == "get" and named.get("action"):
            self.pages.append(named["action"])
        if named.get("data-govuk-frontend"):
            self.assets.append(named["data-govuk-frontend"])


@dataclass
class Crawl:
    port: int
    max_pages: int
    started: float = field(default_factory=time.monotonic)
    pages: int = 0
    downloads: int = 0
    assets: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    not_found: list[str] = field(default_factory=list)

    def get(self, path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def local(self, base: str, href: str) -> str | None:
        """The path and query of a same-host link, or None for another host."""
        target = urldefrag(urljoin(f"https://127.0.0.1{base}", href)).url
        parts = urlsplit(target)
        if parts.scheme not in {"http", "https"} or parts.hostname not in {"127.0.0.1", None}:
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def check_asset(self, path: str) -> None:
        if path in self.assets:
            return
        self.assets.add(path)
        status, headers, body = self.get(path)
        if status != 200:
            self.failures.append(f"static file {path}: HTTP {status}")
            return
        if path.endswith(".css"):
            for found in CSS_URL.findall(body.decode("utf-8", "replace")):
                if found.startswith("data:"):
                    continue
                target = self.local(path, found)
                if target:
                    self.check_asset(target)

    def walk(self, start: str) -> None:
        """Breadth first from one partnership's home page, with that visitor's cookie."""
        cookie = ""
        queue = deque([start])
        seen = {start}
        while queue and self.pages < self.max_pages:
            path = queue.popleft()
            status, headers, body = self.get(path, cookie)
            self.statuses[status] += 1
            if status == 404:
                self.not_found.append(path)
            if "set-cookie" in headers and not cookie:
                cookie = headers["set-cookie"].split(";")[0]
            if status >= 500:
                self.failures.append(f"page {path}: HTTP {status}")
                continue
            if status in {301, 302, 303, 307, 308}:
                target = self.local(path, headers.get("location", ""))
                if target and target not in seen and not target.startswith(SKIPPED):
                    seen.add(target)
                    queue.append(target)
                continue
            if "text/html" not in headers.get("content-type", ""):
                self.downloads += 1
                continue
            self.pages += 1
            html = body.decode("utf-8", "replace")
            if "content-security-policy" not in headers:
                self.failures.append(f"page {path}: no Content-Security-Policy header")
            if INLINE_SCRIPT.search(html):
                self.failures.append(f"page {path}: inline <script>")
            links = Links()
            links.feed(html)
            for href in links.assets:
                target = self.local(path, href)
                if target:
                    self.check_asset(target)
            for href in links.pages:
                target = self.local(path, href)
                if (
                    target is None
                    or target in seen
                    or target.startswith(SKIPPED)
                    or target.startswith("/static/")
                ):
                    continue
                seen.add(target)
                queue.append(target)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def roundtable(env: dict[str, str], *args: str) -> None:
    """Run one `roundtable` command; its output is shown only when it fails."""
    started = time.monotonic()
    command = [sys.executable, "-c", "from roundtable.cli import main; main()", *args]
    done = subprocess.run(  # noqa: S603 - our own command
        command, env=env, capture_output=True, text=True, check=False
    )
    took = time.monotonic() - started
    print(f"== roundtable {' '.join(args)} ({took:.0f} s)", flush=True)
    if done.returncode != 0:
        print(done.stdout + done.stderr)
        raise SystemExit(f"roundtable {' '.join(args)} failed (exit {done.returncode})")


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[None]:
    print(f"== gunicorn roundtable.wsgi on 127.0.0.1:{port}", flush=True)
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 - gunicorn from our own virtualenv
            [
                str(BIN / "gunicorn"),
                "roundtable.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "120",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"gunicorn stopped:\n{log.read_text()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("gunicorn did not start in 60 s") from None
                    time.sleep(0.3)
            yield
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-pages", type=int, default=400, help="pages to read in all")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="roundtable-smoke-"))
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "DJANGO_", "SECURE_", "ROUNDTABLE_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        BEHIND_TLS_PROXY="true",
        ROUNDTABLE_VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'roundtable.sqlite3'}",
        DJANGO_SETTINGS_MODULE="roundtable.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
        LOG_LEVEL="ERROR",
    )
    started = time.monotonic()
    try:
        roundtable(env, "migrate", "--no-input", "-v", "0")
        roundtable(env, "demo", "load")
        roundtable(env, "collectstatic", "--no-input", "-v", "0")
        roundtable(env, "check", "--deploy", "--fail-level", "WARNING")
        crawl = Crawl(port=port, max_pages=options.max_pages)
        with gunicorn(env, port, folder / "gunicorn.log"):
            print(f"== Requesting the demo's pages (at most {options.max_pages})", flush=True)
            crawl.started = time.monotonic()
            share = options.max_pages // len(PARTNERSHIPS)
            for number, slug in enumerate(PARTNERSHIPS, start=1):
                crawl.max_pages = (
                    share * number if number < len(PARTNERSHIPS) else options.max_pages
                )
                crawl.walk(f"/?partnership={slug}")
    finally:
        if options.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    for failure in crawl.failures:
        print(f"FAILED {failure}")
    print(
        f"Requested {crawl.pages} pages, {crawl.downloads} downloads and "
        f"{len(crawl.assets)} static files in {time.monotonic() - crawl.started:.0f} s "
        f"({time.monotonic() - started:.0f} s in all)"
    )
    print("Pages by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(crawl.statuses.items())))
    for path in crawl.not_found:
        print(f"  404 (a link to a page that is not there) {path}")
    checked = crawl.pages + crawl.downloads + len(crawl.assets)
    # The plain closing line CI reads: "N passed, N failed".
    print(f"smoke: {checked - len(crawl.failures)} passed, {len(crawl.failures)} failed")
    return 1 if crawl.failures or crawl.pages == 0 else 0


if __name__ == "__main__":
    raise SystemExit(main())
