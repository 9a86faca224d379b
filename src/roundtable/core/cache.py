"""Whole rendered pages kept for anonymous visitors, and the generation that
invalidates them on every write.

Public pages are read far more often than anything is written, so a page an
anonymous visitor asked for is kept (`store`) and given to the next anonymous
visitor asking for the same address (`fetch`), until anything is written. Which
requests and responses may be kept is decided by the middleware that uses this
(`partnership.pagecache`); this module keeps them.

Invalidation is one *generation* for the whole site, kept in Django's cache
(`CACHES["default"]`: a folder of files under `var/` by default, shared by every
gunicorn worker on the machine; `ROUNDTABLE_CACHE_URL` names another). Every
page's key has the generation in it, so a new generation makes every kept page
unreachable at once; they expire by themselves. The generation changes after
every statement that writes to the database (INSERT, UPDATE, DELETE, whatever
made it: `save()`, `QuerySet.update()`, bulk imports, raw SQL), seen by a
database execute wrapper rather than model signals, which `update()` and bulk
inserts do not send. Inside a transaction it changes when the transaction
commits (a page read by another worker before the commit shows what was there
before, and is dropped at the commit), and in this process at once (a page read
later in the same transaction, as in tests). Writes to the session and sign-in
throttling tables change no page and are ignored.

A page's key also names the release of the code that made it (`release`), so a
deploy never serves pages made by the old templates. A page also carries the day
in its key and lives at most
`ROUNDTABLE_PAGE_CACHE_SECONDS` (5 minutes by default): pages that say
"upcoming" or "held" never outlive the day they were made on.
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils import timezone

GENERATION_KEY = "roundtable:pages:generation"
HEADER = "X-Roundtable-Cache"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# Tables whose rows no page shows: the sessions of signed-in users and
# django-axes' record of sign-in attempts.
IGNORED_TABLES = ("django_session", "axes_")
# A write into a connection's own temporary table (the meetings search's scratch
# table of a query's words): the statement's target is `temp.<name>`. Only the
# target counts, so `INSERT INTO real_table SELECT … FROM temp.x` is still a write.
TEMPORARY_TARGET = re.compile(
    r"(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|DELETE\s+FROM|UPDATE(?:\s+OR\s+\w+)?)"
    r"\s+temp\.",
    re.IGNORECASE,
)

_pending = False  # a write in this process that no generation has followed yet


def generation() -> str:
    """The current generation: a random token, so one lost (a cache cleared or
    culled) is never replaced by an old value whose pages are still kept."""
    global _pending
    if _pending:
        _pending = False
        bump()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump() -> None:
    """Start a new generation: no page kept before it is served again."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


@functools.cache
def release() -> str:
    """What code this process runs: `ROUNDTABLE_RELEASE` when set (a deploy's commit,
    say), otherwise a digest of the name, size and time of every file of the
    installed `roundtable` package (code, templates, static files). A deploy that
    changes any of them gives new pages, never ones made by the old templates."""
    configured = getattr(settings, "ROUNDTABLE_RELEASE", "")
    if configured:
        return configured
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(
                f"{path.relative_to(package)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()[:16]


def page_key(generation_now: str, address: str) -> str:
    """The key of the page at `address` (scheme, host, path and query) today, made
    by this release of the code."""
    day = timezone.localdate().isoformat()
    text = f"{release()}|{generation_now}|{day}|{address}"
    return f"roundtable:page:{hashlib.sha256(text.encode()).hexdigest()}"


def fetch(key: str) -> tuple[HttpResponse, str] | None:
    """The kept page under `key`, as a new response marked as a hit, and the
    note kept with it; None when there is none."""
    kept = cache.get(key)
    if kept is None:
        return None
    status, headers, content, note = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers[HEADER] = "hit"
    return response, note


def store(key: str, response: HttpResponse, note: str = "") -> None:
    """Keep `response` (its status, headers and content; never its cookies),
    with a note for whoever serves it again."""
    headers = [(name, value) for name, value in response.headers.items() if name != HEADER]
    cache.set(
        key,
        (response.status_code, headers, response.content, note),
        timeout=settings.ROUNDTABLE_PAGE_CACHE_SECONDS,
    )


def _writes(sql: object) -> bool:
    if not isinstance(sql, str):
        return True  # a composed statement: assume it writes
    start = sql.lstrip()[:80]
    if not start[:7].upper().startswith(WRITES):
        return False
    if TEMPORARY_TARGET.match(start):
        return False
    return not any(table in start for table in IGNORED_TABLES)


def _after_commit() -> None:
    bump()


def _watch_writes(
    execute: Callable[..., Any], sql: object, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if _writes(sql):
        global _pending
        connection = context["connection"]
        if connection.in_atomic_block:
            _pending = True
            if not any(entry[1] is _after_commit for entry in connection.run_on_commit):
                transaction.on_commit(_after_commit, using=connection.alias)
        else:
            bump()
    return result


def _install(sender: object, connection: Any, **kwargs: object) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def _settings_changed(**kwargs: object) -> None:
    global _pending
    _pending = True  # tests that change settings see pages made with them


def connect() -> None:
    """Watch every database connection for writes (called once at start-up)."""
    from django.db import connections

    connection_created.connect(_install, dispatch_uid="roundtable.core.cache")
    setting_changed.connect(_settings_changed, dispatch_uid="roundtable.core.cache")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
