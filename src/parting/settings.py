"""Django settings. The environment is read here and nowhere else (DESIGN.md)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlparse

import dj_database_url

from parting.home import data_home, secret_key


def envbool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


PARTING_HOME = data_home()
SECRET_KEY = envstr("PARTING_SECRET_KEY") or secret_key(PARTING_HOME)
DEBUG = envbool("PARTING_DEBUG")
PARTING_BASE_URL = envstr("PARTING_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
PARTING_EMAIL_URL = envstr("PARTING_EMAIL_URL")
PARTING_USER = envstr("PARTING_USER")

_base_host = urlparse(PARTING_BASE_URL).hostname or "127.0.0.1"
ALLOWED_HOSTS = [
    h for h in envstr("PARTING_ALLOWED_HOSTS", f"{_base_host},127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [PARTING_BASE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "parting.core",
    "parting.web",
]

MIDDLEWARE = [
    "parting.web.busy.BusyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parting.web.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "parting.urls"
WSGI_APPLICATION = "parting.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parting.web.context.navigation",
            ],
        },
    }
]


def _database() -> dict[str, Any]:
    url = envstr("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=envint("PARTING_CONN_MAX_AGE", 60))
        )
        config["CONN_HEALTH_CHECKS"] = True
        # Test runs get their own database name, so two runs on one server never collide.
        config["TEST"] = {"NAME": envstr("PARTING_TEST_DB") or f"test_parting_{os.getpid()}"}
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(PARTING_HOME / "parting.sqlite3"),
        "OPTIONS": {
            # WAL lets the web server read while a CLI command writes; IMMEDIATE avoids
            # "database is locked" upgrades inside transactions.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # Seconds a writer waits for the lock before the answer is "busy, try again".
            "timeout": envint("PARTING_DB_TIMEOUT", 10),
        },
        "TEST": {"NAME": envstr("PARTING_TEST_SQLITE") or None},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PARTING_BASE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Only hosted deployments that run collectstatic need a STATIC_ROOT.
STATIC_ROOT = envstr("PARTING_STATIC_ROOT") or None
# Assets ship inside the package; WhiteNoise serves them straight from the finders,
# so there is no collectstatic step for a local install.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("PARTING_LOG_LEVEL", "WARNING")},
}

# Days until a check-back when the seeker left their number (R5).
PARTING_CHECK_BACK_DAYS = envint("PARTING_CHECK_BACK_DAYS", 14)

# Largest import or restore file accepted; checked before a file is read into memory.
PARTING_IMPORT_MAX_MB = envint("PARTING_IMPORT_MAX_MB", 50)
# Most rows (people) one import file may hold; LinkedIn caps a network at 30,000.
PARTING_IMPORT_MAX_ROWS = envint("PARTING_IMPORT_MAX_ROWS", 50_000)

# `parting serve` keeps rolling daily backups itself on a local install (SQLite). A hosted
# deployment runs several app processes over many accounts: there cron runs
# `parting backup --all` instead, unless this is turned on.
PARTING_SERVE_BACKUPS = envbool("PARTING_SERVE_BACKUPS", not envstr("DATABASE_URL"))
