"""Shared start of every benchmark: a fresh database in a temporary folder
(or BENCH_DATABASE_URL), Django set up, and the schema migrated."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def start(*, own_database: bool = False) -> str:
    """Set up Django on a fresh database; returns where the database is, for the output.

    With `own_database`, a PostgreSQL BENCH_DATABASE_URL names only the server (and a
    role that may create databases): the benchmark creates a database of its own there,
    `<name>_bench_<pid>`, and drops it when it ends."""
    workdir = tempfile.mkdtemp(prefix="roundtable-bench-")
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{Path(workdir) / 'bench.sqlite3'}")
    if own_database and url.startswith(("postgres:", "postgresql:")):
        url = _own_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    os.environ["ROUNDTABLE_VAR_DIR"] = workdir
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    url = os.environ["DATABASE_URL"]
    return "SQLite (temporary file)" if url.startswith("sqlite") else url.split("@")[-1]


def _own_postgres_database(url: str) -> str:
    """Create a new database on the server of `url`; drop it at exit. Its URL."""
    import atexit
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'roundtable'}_bench_{os.getpid()}"
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return urlunsplit(parts._replace(path=f"/{name}"))


def free_port() -> int:
    """A TCP port nothing listens on, for a server the benchmark starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(server: subprocess.Popen, port: int, log: Path, name: str) -> None:
    """Wait (at most 60 s) until `server` listens on `port`; stop with its log if
    it exits first."""
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise SystemExit(f"{name} stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{name} did not start in 60 s") from None
            time.sleep(0.3)
