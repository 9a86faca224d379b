"""The documented production path (docs/deployment.md) works: static files and checks.

These run the `roundtable` command in a subprocess with the production
environment, so they read settings.py exactly as a deployment does.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment docs/deployment.md asks for, with a throwaway SQLite database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_")) and key != "DEBUG"
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="roundtable.example.org",
        CSRF_TRUSTED_ORIGINS="https://roundtable.example.org",
        BEHIND_TLS_PROXY="true",
        ROUNDTABLE_SITE_URL="https://roundtable.example.org",
        ROUNDTABLE_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'roundtable.sqlite3'}",
        DJANGO_SETTINGS_MODULE="roundtable.settings",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    env.update(extra)
    return env


def roundtable(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-c", "from roundtable.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_collectstatic_with_the_manifest_storage_succeeds(tmp_path):
    result = roundtable("collectstatic", "--no-input", "-v", "0", env=production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    # Leaflet's source map is referenced from leaflet.js, so it must ship with it.
    for name in (
        "roundtable.css",
        "htmx/htmx.min.js",
        "govuk/govuk-frontend.min.js",
        "leaflet/leaflet.js",
        "leaflet/leaflet.js.map",
    ):
        assert name in manifest, name
        assert (tmp_path / "static" / manifest[name]).exists(), manifest[name]


def test_check_deploy_passes_with_the_documented_production_settings(tmp_path):
    result = roundtable(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_tls_is_not_enforced(tmp_path):
    # Without a TLS proxy nothing redirects to HTTPS or sends HSTS, and the check says so.
    env = production_env(tmp_path, BEHIND_TLS_PROXY="false")
    result = roundtable("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W004" in result.stderr


def test_check_deploy_warns_when_emails_would_link_to_a_host_the_site_does_not_serve(tmp_path):
    # Left at its default, ROUNDTABLE_SITE_URL sent a new partnership's administrator
    # an invitation to http://127.0.0.1:8000/... from a production site.
    env = production_env(tmp_path)
    del env["ROUNDTABLE_SITE_URL"]
    result = roundtable("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "roundtable.W001" in result.stderr
    assert "ROUNDTABLE_SITE_URL is http://127.0.0.1:8000" in result.stderr


@pytest.mark.parametrize(
    ("site_url", "allowed", "problem"),
    [
        ("https://roundtable.example.org", ["roundtable.example.org"], ""),
        ("https://roundtable.example.org/", [".example.org"], ""),
        ("http://127.0.0.1:8000", ["127.0.0.1", "localhost"], ""),
        ("https://anything.example.org", ["*"], ""),
        ("http://127.0.0.1:8000", ["roundtable.example.org"], "whose host this site does not"),
        ("roundtable.example.org", ["roundtable.example.org"], "not a web address"),
    ],
)
def test_the_site_url_must_be_a_web_address_of_a_host_the_site_serves(site_url, allowed, problem):
    from roundtable.core.checks import site_url_problem

    found = site_url_problem(site_url, allowed)
    assert (problem in found) if problem else found == ""


@pytest.mark.parametrize("name", ["SECURE_HSTS_SECONDS"])
def test_a_malformed_security_setting_stops_start_up_naming_it(tmp_path, name):
    result = roundtable("check", env=production_env(tmp_path, **{name: "a year"}))
    assert result.returncode != 0
    assert f"{name} must be a whole number" in result.stderr


def _database_setting(env: dict[str, str]) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_database_connections_are_kept_for_a_minute_unless_debugging(tmp_path):
    # A new SQLite connection reads the whole schema again (about 5 ms a request).
    assert _database_setting(production_env(tmp_path)) == "60 True"
    assert _database_setting(production_env(tmp_path, DEBUG="true")) == "0 True"
    kept = production_env(tmp_path, DATABASE_CONN_MAX_AGE="0")
    assert _database_setting(kept) == "0 True"


def _startup_options(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''))"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


POSTGRES = "postgres://someone:secret@db.example.org:5432/roundtable"


def test_settings_ask_postgresql_connections_for_no_jit(tmp_path):
    # The JIT compiler cost 0.5 s a query on a wrong estimate (settings.py says more).
    # The rule itself (`core.env.with_jit`) is tested in test_env.py; this is the wiring.
    plain = _startup_options(production_env(tmp_path, DATABASE_URL=POSTGRES))
    assert plain.stdout.strip() == "-c jit=off", plain.stderr


@pytest.mark.django_db
def test_the_suites_postgresql_connection_runs_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no JIT compiler")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
