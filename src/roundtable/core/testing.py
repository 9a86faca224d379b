"""Test support shared by every app's tests.

`AddressClient` is Django's test client that, like a browser, follows the
permanent redirect of an old address (one without a partnership's slug) to the
same page under a partnership, and of a record asked for under another
partnership's slug to its own, and only those: every other redirect is
returned to the test as it is. Tests written against `reverse()` outside a
request (no slug) so exercise the page they name. The redirects themselves are
tested in `partnership/tests/test_addresses.py` with the plain client.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.test import Client


def moved_under_partnership(path: str, response: HttpResponse) -> str | None:
    """The new address when `response` moves `path` to the same page under a
    partnership's slug: `/meetings/` to `/ealing/meetings/` (an old address), or
    `/warwick/meetings/12/` to `/ealing/meetings/12/` (a record asked for under
    another partnership's address). None for any other response."""
    if response.status_code not in (301, 308) or "Location" not in response:
        return None
    target = urlsplit(response["Location"])
    if target.netloc:
        return None
    slug, _, rest = target.path.lstrip("/").partition("/")
    asked_rest = "/" + path.lstrip("/").partition("/")[2]
    if slug and "/" + rest in (path, asked_rest):
        return response["Location"]
    return None


class AddressClient(Client):
    def request(self, **request: Any) -> HttpResponse:
        response = super().request(**request)
        for _ in range(3):  # an old address, then a record's own partnership: 2 at most
            target = moved_under_partnership(request.get("PATH_INFO", ""), response)
            if target is None:
                return response
            parts = urlsplit(target)
            request = {**request, "PATH_INFO": parts.path, "QUERY_STRING": parts.query}
            if response.status_code == 301 and request.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                request["REQUEST_METHOD"] = "GET"
            response = super().request(**request)
        return response


def under(partnership: object, path: str) -> str:
    """`path` (as `reverse()` gives it out of a request) under `partnership`'s
    slug: the address a page has. For tests that count a page's queries, which
    must not count the redirect of an old address."""
    slug = getattr(partnership, "slug", partnership)
    return f"/{slug}{path}"


def page_text(client: Any, partnership: object, name: str, *args: object, **query: Any) -> str:
    """The HTML of the page `name` (a URL name, with `args`) under `partnership`'s
    slug, asked with `query`; it must answer 200."""
    from django.urls import reverse

    response = client.get(under(partnership, reverse(name, args=args)), query)
    if response.status_code != 200:
        raise AssertionError(f"{name} answered {response.status_code}, not 200")
    return response.content.decode()


# The parts of an answer that differ on every request or every run, and so may hold
# any short word by chance (a CSRF token once held "...dRAGUS..."): a form's CSRF
# token and the one htmx sends (base.html's `hx-headers`), a CSP nonce, a UUID (a
# meeting's iCalendar UID, an Atom entry's id) or the 32 hex digits of one (a stored
# file's name), an API token, a password-reset link's user and token, a static
# file's hashed name (ManifestStaticFilesStorage), and a record's id in an address
# or as a JSON `id` (on PostgreSQL ids run on from every earlier test's rows:
# `/meetings/987/`, `"person/987"`, `"project_id": 987`, `"IndicatorId": 987`).
_RANDOM_PARTS = re.compile(
    r"""
    (?<=csrfmiddlewaretoken"\ value=")[^"]*
    | (?<="X-CSRFToken":\ ")[^"]*
    | (?<=csrftoken=)[A-Za-z0-9]+
    | (?<=nonce=")[^"]*
    | [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}
    | (?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])
    | rt_[A-Za-z0-9_-]{43}
    | (?<=/reset/)[A-Za-z0-9_-]+/[0-9a-z]+-[0-9a-f]+
    | (?<=\.)[0-9a-f]{12}(?=\.(?:css|js|mjs|map|svg|png|ico|woff2?)\b)
    | (?<=[a-z]/)[0-9]+(?![0-9A-Za-z.,])
    | (?<=[iI]d":\ )[0-9]+
    """,
    re.VERBOSE,
)


def without_random_parts(text: str | bytes) -> str:
    """`text` (a page, JSON, an email, CSV; bytes are read as UTF-8) with each part
    that is random (`_RANDOM_PARTS`) put as `<random>`, and everything else as it
    was: the words a page shows, its attributes and its JSON are all still there."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return _RANDOM_PARTS.sub("<random>", text)


def found_in(text: str | bytes, *words: str, ignore_case: bool = False) -> list[str]:
    """Those of `words` that `text` holds (as `in` finds them: inside a longer word
    too), leaving out its random parts, where a short word may turn up by chance.
    For a test that a page, an email or a file leaves words out:
    `assert not found_in(page, "RAG", "Off track")`."""
    kept = without_random_parts(text)
    if ignore_case:
        kept = kept.lower()
        return [word for word in words if word.lower() in kept]
    return [word for word in words if word in kept]


_PRIVATE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
}


def prepare_test_run() -> None:
    """Everything the suite sets up before its first test (both conftests' pytest
    hook calls it: `src/` and `tests/` are collected apart when run alone)."""
    travel_to_test_now()
    use_private_cache()
    use_fast_password_hashing()
    build_test_databases_from_models()
    fresh_statistics_after_flush()
    limit_test_statements()


def use_private_cache() -> None:
    """Keep pages in tests, and keep them and their generation in this process
    only (a pytest hook calls it): test processes running side by side, each
    with its own database, must not serve each other pages from a shared folder."""
    from django.conf import settings
    from django.test.utils import override_settings

    if settings.CACHES != _PRIVATE_CACHE:
        # Pages are kept in tests as in production (the default is off with DEBUG).
        override_settings(CACHES=_PRIVATE_CACHE, ROUNDTABLE_PAGE_CACHE_SECONDS=300).enable()


def use_fast_password_hashing() -> None:
    """Hash the passwords tests set with a fast algorithm (a pytest hook calls it).

    Django's default (PBKDF2, a million rounds) takes most of a second per password
    on purpose; a test suite that creates thousands of users cannot wait for it. The
    default stays second so that a password hashed outside the tests still checks."""
    from django.conf import settings
    from django.test.utils import override_settings

    fast = "django.contrib.auth.hashers.MD5PasswordHasher"
    if settings.PASSWORD_HASHERS[0] != fast:
        override_settings(PASSWORD_HASHERS=[fast, *settings.PASSWORD_HASHERS]).enable()


def build_test_databases_from_models() -> None:
    """Create the test databases from the models instead of by running every
    migration (Django's `TEST: {"MIGRATE": False}`; a pytest hook calls it).

    Running the project's migrations took 1.5 to 3.5 minutes for each test process
    on each database before its first test: Django renders the models' state again
    after each operation, about 24,000 times, because every model is related to every
    other through the user and the partnership. Building the tables from the models
    takes about 4 seconds. The migrations are still run in full, on each database, by
    `tests/test_migrations.py`, which checks that they build the same tables,
    columns, indexes and constraints, and by the production smoke run. What a
    migration makes that no model declares is made by `add_what_only_migrations_make`."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        database.setdefault("TEST", {})["MIGRATE"] = False


#: The longest one statement of the suite may run on PostgreSQL. None takes a tenth of
#: it; one that does is a bad plan, and fails its test, naming the SQL, instead of
#: holding a CI run until its time is up.
LONGEST_STATEMENT = "300s"


def limit_test_statements() -> None:
    """Ask PostgreSQL to cancel any statement of the suite that runs longer than
    LONGEST_STATEMENT (`-c statement_timeout` among the connection's startup options;
    a pytest hook calls it)."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database.get("ENGINE") != "django.db.backends.postgresql":
            continue
        options = database.setdefault("OPTIONS", {})
        startup = options.get("options", "")
        if "statement_timeout" not in startup:
            options["options"] = f"{startup} -c statement_timeout={LONGEST_STATEMENT}".strip()


def fresh_statistics() -> None:
    """On PostgreSQL, ANALYZE now: for a fixture that has just made big data (all of
    England's authorities, an authority's LSOAs and their figures), so its test's
    queries are planned for those rows, not for what an earlier test left in the
    statistics (see `fresh_statistics_after_flush`). Inside a test's transaction
    too: ANALYZE counts the transaction's own new rows."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def fresh_statistics_after_flush() -> None:
    """On PostgreSQL, renew the planner's statistics each time a test empties the
    database (a pytest hook calls it once).

    A test that commits its rows (browser and live-server tests) is followed by a
    flush: TRUNCATE empties the tables and leaves their row counts "never counted"
    (the planner then guesses ten pages a table) and their column statistics as an
    earlier test's data left them. Queries of a later test were planned for that
    data: the LIS map's query once ran 48 s where it takes 2 ms, and a CI run stopped
    at 99 % with one LIS observations query 18 minutes in. ANALYZE after the flush
    counts the empty tables (so a test's few rows are planned as few); it cannot
    forget a column's old statistics (PostgreSQL keeps them while a table is empty),
    so a test that makes big data of its own still ANALYZEs it, and
    `limit_test_statements` stops a bad plan early. The flush sends `post_migrate`
    once for each app: this listens for one app only (under 0.2 s a flush)."""
    from django.apps import apps
    from django.db import connections
    from django.db.models.signals import post_migrate

    def analyze(using: str = "default", **_: Any) -> None:
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    post_migrate.connect(
        analyze,
        sender=apps.get_app_config("core"),
        weak=False,
        dispatch_uid="roundtable.core.testing.fresh_statistics_after_flush",
    )


def add_what_only_migrations_make(statements: dict[str, list[str]]) -> None:
    """Run `statements` (by database vendor: "sqlite", "postgresql") on every test
    database built from the models: the objects a migration makes with SQL of its own,
    which the models cannot declare (a pytest fixture calls it once the test databases
    exist). Each statement must be safe to run again (`IF NOT EXISTS`)."""
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        with connection.cursor() as cursor:
            for statement in statements.get(connection.vendor, []):
                cursor.execute(statement)


_TRAVELLER: list[Any] = []


def travel_to_test_now() -> None:
    """Run the tests as if it were the moment `ROUNDTABLE_TEST_NOW` names (an ISO
    date and time; with no offset, UTC), the clock ticking on from there (a pytest
    hook calls it; nothing happens without the variable). The suite must pass on any
    day: this tries it on the days that break date arithmetic, e.g.
    `ROUNDTABLE_TEST_NOW=2027-03-31T23:30 make test-sqlite` (the last half hour of a
    financial year in UTC, the first of the next in London), 2028-02-29T12:00,
    2026-12-31T23:59. Tests that travel themselves (time_machine) still do."""
    import datetime
    import os

    moment = os.environ.get("ROUNDTABLE_TEST_NOW", "").strip()
    if not moment or _TRAVELLER:
        return
    import zoneinfo

    import time_machine
    from django.conf import settings

    when = datetime.datetime.fromisoformat(moment)
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    # In the site's zone, as a server runs: time_machine then keeps the process's local
    # time (Django sets TZ) too, so `date.today()` is London's day, as it is for real.
    when = when.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    traveller = time_machine.travel(when, tick=True)
    traveller.start()
    _TRAVELLER.append(traveller)


def clear_cache() -> None:
    """Forget every kept page (a fixture calls it before each test)."""
    from django.core.cache import cache

    cache.clear()


def templates_writing(*markup: str) -> list[str]:
    """The templates whose source holds any of `markup`, by path under the `roundtable`
    package, sorted: for a test that keeps a piece of markup to the one partial
    that draws it."""
    source = Path(__file__).resolve().parent.parent
    return sorted(
        str(path.relative_to(source))
        for path in source.rglob("*.html")
        if "templates" in path.parts
        and any(written in path.read_text(encoding="utf-8") for written in markup)
    )


@dataclass
class DatabaseSnapshot:
    """Every row of the test database, and the files its rows name, taken once and
    put back in a moment: for tests that need a large data set (the demo) loaded
    afresh, where loading it again would take most of a minute.

    Take it outside a transaction, from a database that holds only what it should
    (the data set just loaded); `restore` replaces every row of every table with the
    snapshot's, sets the id sequences where they were, and copies the files back.
    On SQLite it is SQLite's online backup, both ways; on PostgreSQL, `COPY` of each
    table out and back in one transaction."""

    vendor: str
    media: Path
    sqlite: sqlite3.Connection | None = None
    tables: dict[str, bytes] = field(default_factory=dict)
    sequences: list[tuple[str, int | None]] = field(default_factory=list)

    @classmethod
    def take(cls, media: Path) -> DatabaseSnapshot:
        """The database as it is, and the files under `media` (a folder that holds
        only the files of these rows, kept as it is until the process ends)."""
        from django.db import connection

        snapshot = cls(vendor=connection.vendor, media=media)
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            snapshot.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(snapshot.sqlite)
            return snapshot
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
            for (table,) in cursor.fetchall():
                name = connection.ops.quote_name(table)
                with cursor.cursor.copy(f"COPY {name} TO STDOUT (FORMAT binary)") as copy:
                    snapshot.tables[table] = b"".join(bytes(block) for block in copy)
            cursor.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), "
                "last_value FROM pg_sequences WHERE schemaname = current_schema()"
            )
            snapshot.sequences = list(cursor.fetchall())
        return snapshot

    def restore(self, media: Path) -> None:
        """Put the rows back, and copy the files into `media` (MEDIA_ROOT)."""
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection, transaction

        if connection.vendor != self.vendor:
            raise RuntimeError(f"a {self.vendor} snapshot cannot go back into {connection.vendor}")
        connection.ensure_connection()
        if self.sqlite is not None:
            if connection.in_atomic_block:
                raise RuntimeError("a snapshot goes back outside a transaction (transactional_db)")
            self.sqlite.backup(connection.connection)
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                names = [connection.ops.quote_name(table) for table in self.tables]
                cursor.execute(f"TRUNCATE {', '.join(names)}")
                for name, data in zip(names, self.tables.values(), strict=True):
                    with cursor.cursor.copy(f"COPY {name} FROM STDIN (FORMAT binary)") as copy:
                        copy.write(data)
                for sequence, last in self.sequences:
                    if last is None:
                        cursor.execute("SELECT setval(%s, 1, false)", [sequence])
                    else:
                        cursor.execute("SELECT setval(%s, %s)", [sequence, last])
            # Statistics of the rows just put back (an empty database's, otherwise).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        shutil.copytree(self.media, media, dirs_exist_ok=True)
        # Content types keep their ids in a cache; the snapshot's may differ from the
        # ones a flush since made again.
        ContentType.objects.clear_cache()
        clear_cache()
