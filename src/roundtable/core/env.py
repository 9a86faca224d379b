"""Typed readers for settings that come from the environment.

Each helper returns the default when the variable is unset or empty and raises
`ImproperlyConfigured` with the variable's name when the value cannot be read,
so a misconfigured deployment fails at start-up rather than half-working.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false, yes/no, 1/0 (got {value!r})")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {value!r})") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more (got {number})")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    if value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_cache(name: str, default_folder: str) -> dict[str, object]:
    """A Django cache from an address: a folder (`file:///path` or a plain path,
    FileBasedCache), `db://table` (DatabaseCache; run `roundtable createcachetable`),
    `redis://host:port/n` (RedisCache) or `locmem://` (one process only)."""
    value = os.environ.get(name, "").strip() or default_folder
    scheme, _, rest = value.partition("://")
    if not rest and scheme == value:
        scheme, rest = "file", value
    if scheme == "file" and rest:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if scheme == "db" and rest:
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    raise ImproperlyConfigured(
        f"{name} must be a folder (file:///path), db://table, redis://host:port/0 "
        f"or locmem:// (got {value!r})"
    )


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`, read without regard to case or surrounding spaces."""
    value = env_str(name, default).strip().lower()
    if value not in choices:
        words = " or ".join(f"'{choice}'" for choice in choices)
        raise ImproperlyConfigured(f"{name} must be {words}.")
    return value


def with_jit(database: dict[str, Any], jit: str) -> dict[str, Any]:
    """`database` (one of Django's DATABASES) asking PostgreSQL for no JIT compiling
    (`-c jit=off` among the connection's startup options) when `jit` is "off"; as it
    is for "server" and for other databases. Startup options already in the address
    are kept, and a `jit` of their own wins."""
    if jit != "off" or database.get("ENGINE") != "django.db.backends.postgresql":
        return database
    options = dict(database.get("OPTIONS") or {})
    startup = options.get("options", "")
    if "jit" in startup:
        return database
    options["options"] = f"{startup} -c jit=off".strip()
    return {**database, "OPTIONS": options}
