from __future__ import annotations

import dj_database_url
import pytest
from django.core.exceptions import ImproperlyConfigured

from roundtable.core.env import (
    env_bool,
    env_cache,
    env_choice,
    env_int,
    env_list,
    env_str,
    with_jit,
)


def test_unset_values_take_the_default(monkeypatch):
    monkeypatch.delenv("RT_TEST", raising=False)
    assert env_str("RT_TEST", "x") == "x"
    assert env_bool("RT_TEST", True) is True
    assert env_int("RT_TEST", 7) == 7
    assert env_list("RT_TEST", ["a"]) == ["a"]


@pytest.mark.parametrize(("raw", "expected"), [("yes", True), ("0", False), ("TRUE", True)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("RT_TEST", raw)
    assert env_bool("RT_TEST", not expected) is expected


def test_a_malformed_boolean_fails_loudly_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env_bool("DEBUG", False)


def test_a_malformed_number_fails_loudly_naming_the_variable(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env_int("EMAIL_PORT", 25)


def test_env_list_splits_on_commas_and_trims(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " roundtable.example.org, localhost ,")
    assert env_list("ALLOWED_HOSTS", []) == ["roundtable.example.org", "localhost"]


def test_a_number_below_its_minimum_fails_loudly_naming_the_variable(monkeypatch):
    monkeypatch.setenv("ROUNDTABLE_LOGIN_FAILURE_LIMIT", "0")
    with pytest.raises(
        ImproperlyConfigured, match="ROUNDTABLE_LOGIN_FAILURE_LIMIT must be 1 or more"
    ):
        env_int("ROUNDTABLE_LOGIN_FAILURE_LIMIT", 10, minimum=1)


@pytest.mark.parametrize(
    ("raw", "backend", "location"),
    [
        ("", "filebased.FileBasedCache", "/srv/var/cache"),
        ("/srv/pages", "filebased.FileBasedCache", "/srv/pages"),
        ("file:///srv/pages", "filebased.FileBasedCache", "/srv/pages"),
        ("db://roundtable_cache", "db.DatabaseCache", "roundtable_cache"),
        ("redis://cache:6379/0", "redis.RedisCache", "redis://cache:6379/0"),
        ("locmem://", "locmem.LocMemCache", ""),
    ],
)
def test_env_cache_reads_a_folder_or_an_address(monkeypatch, raw, backend, location):
    monkeypatch.setenv("ROUNDTABLE_CACHE_URL", raw)
    cache = env_cache("ROUNDTABLE_CACHE_URL", "/srv/var/cache")
    assert cache["BACKEND"] == f"django.core.cache.backends.{backend}"
    assert cache["LOCATION"] == location


def test_an_unknown_cache_fails_loudly_naming_the_variable(monkeypatch):
    monkeypatch.setenv("ROUNDTABLE_CACHE_URL", "memcached://cache:11211")
    with pytest.raises(ImproperlyConfigured, match="ROUNDTABLE_CACHE_URL"):
        env_cache("ROUNDTABLE_CACHE_URL", "/srv/var/cache")


def test_env_choice_reads_one_of_its_choices_and_names_them_otherwise(monkeypatch):
    monkeypatch.delenv("DATABASE_JIT", raising=False)
    assert env_choice("DATABASE_JIT", "off", ("off", "server")) == "off"
    monkeypatch.setenv("DATABASE_JIT", " Server ")
    assert env_choice("DATABASE_JIT", "off", ("off", "server")) == "server"
    monkeypatch.setenv("DATABASE_JIT", "on")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_JIT must be 'off' or 'server'"):
        env_choice("DATABASE_JIT", "off", ("off", "server"))


POSTGRES = "postgres://someone:secret@db.example.org:5432/roundtable"


def _startup(url: str, jit: str) -> str:
    return with_jit(dj_database_url.parse(url), jit).get("OPTIONS", {}).get("options", "")


def test_postgresql_connections_ask_for_no_jit_unless_told_to_leave_the_server_alone():
    # The JIT compiler cost 0.5 s a query on a wrong estimate (settings.py says more).
    assert _startup(POSTGRES, "off") == "-c jit=off"
    assert _startup(POSTGRES, "server") == ""
    # Options already in the address are kept, and a jit of their own wins.
    timeout = f"{POSTGRES}?options=-c%20statement_timeout%3D5000"
    assert _startup(timeout, "off") == "-c statement_timeout=5000 -c jit=off"
    assert _startup(f"{POSTGRES}?options=-c%20jit%3Don", "off") == "-c jit=on"
    # SQLite has no such option.
    assert _startup("sqlite:////tmp/roundtable.sqlite3", "off") == ""


def test_with_jit_leaves_the_settings_it_was_given_alone():
    database = dj_database_url.parse(POSTGRES)
    with_jit(database, "off")
    assert "options" not in database.get("OPTIONS", {})
