from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from roundtable.core.env import env_bool, env_cache, env_int, env_list, env_str


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
