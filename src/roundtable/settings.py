"""Django settings for Roundtable.

Every value that differs between a laptop demo and production comes from the
environment (see README "Configuration" and `.env.example`). The defaults give a
working SQLite demo; a malformed value stops start-up with a clear message.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from roundtable.core.env import (
    env_bool,
    env_cache,
    env_choice,
    env_int,
    env_list,
    env_str,
    with_jit,
)

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env_str("ROUNDTABLE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "insecure-demo-key-only-for-debug"  # noqa: S105 - DEBUG-only fallback
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "csp",
    "django_htmx",
    # Serves the API docs' Swagger UI from our own static files (no CDN).
    "ninja",
    "simple_history",
    "axes",
    "roundtable.core",
    "roundtable.accounts",
    "roundtable.partnership",
    "roundtable.geography",
    "roundtable.strategy",
    "roundtable.performance",
    "roundtable.meetings",
    "roundtable.recommendations",
    "roundtable.lis",
    "roundtable.engagement",
    "roundtable.projects",
    "roundtable.assets",
    "roundtable.personal",
    "roundtable.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' pages, kept until the next write (partnership.pagecache).
    "roundtable.partnership.pagecache.PageCacheMiddleware",
    # Before everything that reads the address: strips the partnership's slug.
    "roundtable.partnership.middleware.PartnershipAddressMiddleware",
    "roundtable.core.middleware.UploadLimitMiddleware",
    "roundtable.core.middleware.UploadNamesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "roundtable.partnership.middleware.CurrentPartnershipMiddleware",
    "roundtable.core.security.SecurityLogMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "roundtable.urls"
WSGI_APPLICATION = "roundtable.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "src" / "roundtable" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "roundtable.core.context_processors.service",
                "roundtable.partnership.context_processors.addresses",
                "roundtable.performance.context_processors.returns",
            ],
        },
    }
]
FORM_RENDERER = "roundtable.core.forms.GovukFormRenderer"

# Connections are kept for a minute unless DEBUG is on: opening one costs more than
# most answers (SQLite reads its whole schema again, about 5 ms; PostgreSQL a new
# backend). The development server's thread per request would only leak them.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'roundtable.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
# PostgreSQL's JIT compiler is for long analytical queries: it starts when the
# planner's estimate passes a cost, and costs 0.4 to 0.6 s a query while compiling.
# A web answer's queries run in milliseconds, and a wrong estimate (statistics not yet
# renewed after a bulk load, say) made them pay that, or far more on a busy machine.
# `DATABASE_JIT=server` leaves the server's own setting (e.g. behind a connection
# pooler that refuses startup options; then `ALTER ROLE ... SET jit = off`).
DATABASE_JIT = env_choice("DATABASE_JIT", "off", ("off", "server"))
DATABASES["default"] = with_jit(DATABASES["default"], DATABASE_JIT)
# Shared by every worker: it holds the kept pages and their generation (core.cache).
CACHES = {"default": env_cache("ROUNDTABLE_CACHE_URL", str(VAR_DIR / "cache"))}
# How long an anonymous visitor's page is kept at most (0: never kept). Off by
# default with DEBUG, so a developer's template edits show at once.
ROUNDTABLE_PAGE_CACHE_SECONDS = env_int(
    "ROUNDTABLE_PAGE_CACHE_SECONDS", 0 if DEBUG else 300, minimum=0
)
# Names the code's release in the kept pages' keys (a commit id, say); blank: a
# digest of the installed files, so a deploy never serves the old templates' pages.
ROUNDTABLE_RELEASE = env_str("ROUNDTABLE_RELEASE", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): after ROUNDTABLE_LOGIN_FAILURE_LIMIT wrong
# passwords for one account, or from one address, sign-in is refused for
# ROUNDTABLE_LOGIN_COOLOFF_MINUTES, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("ROUNDTABLE_LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ROUNDTABLE_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "roundtable.core.security.client_address"
AXES_LOCKOUT_CALLABLE = "roundtable.accounts.views.locked_out"
AXES_VERBOSE = False  # roundtable.security logs each failure with user, address and path
LOGIN_URL = "login"
# Signing in lands on My Roundtable (in the account's own partnership: personal.views.SignInView).
LOGIN_REDIRECT_URL = "personal:home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "var" / "frontend"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Source maps are for developers' tools only: not worth compressing (several MB,
# most of collectstatic's time).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# The SQLite database and WhiteNoise both expect these folders to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Uploads: anything larger than this is refused with a message (bytes).
ROUNDTABLE_MAX_UPLOAD_MB = env_int("ROUNDTABLE_MAX_UPLOAD_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = ROUNDTABLE_MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Roundtable <roundtable@localhost>")
# The address emails sent by commands (no request to take it from) link to.
ROUNDTABLE_SITE_URL = env_str("ROUNDTABLE_SITE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind a proxy that terminates TLS: trust its X-Forwarded-Proto (and the address
# it appends to X-Forwarded-For, see core.security.client_address), send plain
# HTTP to HTTPS and tell browsers to use HTTPS only (HSTS, a year by default).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_SSL_REDIRECT = BEHIND_TLS_PROXY
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if BEHIND_TLS_PROXY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy on every response (django-csp): scripts, styles, fonts
# and images come from our own static files only. No inline <script>, no on*=
# handlers and no style="" attributes in templates: page behaviour lives in
# static JS files. Leaflet and htmx set styles through the DOM (element.style),
# which CSP allows; htmx's own indicator <style> is turned off in base.html.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROUNDTABLE_SERVICE_NAME = env_str("ROUNDTABLE_SERVICE_NAME", "Roundtable")
# Slug of the partnership shown when a visitor has not chosen one.
ROUNDTABLE_DEFAULT_PARTNERSHIP = env_str("ROUNDTABLE_DEFAULT_PARTNERSHIP", "")
# Where `roundtable geography load` finds the ONS and OS wheels (downloaded when absent).
ROUNDTABLE_GEOGRAPHY_CACHE = Path(
    env_str("ROUNDTABLE_GEOGRAPHY_CACHE", str(VAR_DIR / "geography-cache"))
)

# Where `roundtable lis boundaries` keeps the map boundaries it builds (lis/boundary_store.py).
ROUNDTABLE_LIS_BOUNDARIES = Path(
    env_str("ROUNDTABLE_LIS_BOUNDARIES", str(VAR_DIR / "lis-boundaries"))
)

NINJA_PAGINATION_PER_PAGE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
