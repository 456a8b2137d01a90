"""Django settings. The environment is read here and nowhere else (DESIGN.md)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from parting.email_url import email_settings
from parting.home import data_home, secret_key

TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def envbool(name: str, default: bool = False) -> bool:
    """A yes/no setting; anything but the usual words stops the start (blank means default)."""
    raw = os.environ.get(name, "")
    value = raw.strip().lower()
    if not value:
        return default
    if value in TRUE or value in FALSE:
        return value in TRUE
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def envint(name: str, default: int, minimum: int = 1) -> int:
    """A whole number of at least `minimum`; blank means default."""
    raw = os.environ.get(name, "")
    if not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = envstr(name, default).strip().upper() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def base_url() -> str:
    """PARTING_BASE_URL: an http(s) address with a host, without the trailing slash."""
    value = envstr("PARTING_BASE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
    parsed = urlparse(value)
    try:
        parsed.port  # noqa: B018 (reading it checks it)
    except ValueError:
        parsed = urlparse("")
    if parsed.scheme not in ("http", "https") or not parsed.hostname or " " in value:
        raise ImproperlyConfigured(
            f"PARTING_BASE_URL must be an http:// or https:// address, not {value!r}"
        )
    return value


PARTING_HOME = data_home()
SECRET_KEY = envstr("PARTING_SECRET_KEY") or secret_key(PARTING_HOME)
DEBUG = envbool("PARTING_DEBUG")
PARTING_BASE_URL = base_url()
# Outgoing mail goes through Django's mail framework; without this it is printed.
PARTING_EMAIL_URL = envstr("PARTING_EMAIL_URL").strip()
globals().update(email_settings(PARTING_EMAIL_URL))  # EMAIL_BACKEND, EMAIL_HOST, ...

_base_host = urlparse(PARTING_BASE_URL).hostname or "127.0.0.1"
ALLOWED_HOSTS = [
    h for h in envstr("PARTING_ALLOWED_HOSTS", f"{_base_host},127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [PARTING_BASE_URL]
DEFAULT_FROM_EMAIL = f"Parting <parting@{_base_host}>"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "parting.core",
    "parting.web",
    "parting.api",
    "ninja",  # its Swagger UI files, served by the app for the API docs page
    "parting.webhooks",
]

MIDDLEWARE = [
    "parting.web.busy.BusyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "parting.web.middleware.SeekerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parting.web.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it answers attempts made while locked out.
    "axes.middleware.AxesMiddleware",
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
    },
    {
        # The few partials a page repeats dozens of times (parting/web/jinja2/).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "parting.web.jinja_env.environment"},
    },
]


def _database() -> dict[str, Any]:
    url = envstr("DATABASE_URL")
    if url:
        try:
            parsed = dj_database_url.parse(url, conn_max_age=envint("PARTING_CONN_MAX_AGE", 60, 0))
        except ValueError as exc:  # the message names the scheme, never the password
            raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {exc}") from None
        config: dict[str, Any] = dict(parsed)
        config["CONN_HEALTH_CHECKS"] = True
        if "postgresql" in str(config.get("ENGINE", "")):
            # Pages run short queries that PostgreSQL's JIT compiles for longer than they
            # run (a coach's cohort funnel: 1.2 s with JIT, 0.5 s without).
            options = config.setdefault("OPTIONS", {})
            options["options"] = f"-c jit=off {options.get('options', '')}".strip()
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
# Each process's own: what domain.freshness remembers under an account's data stamp, kept as
# objects rather than pickles (core.objectcache). The stamp lives in the database, so every
# process sees every write; nothing else is kept here.
CACHES = {
    "default": {
        "BACKEND": "parting.core.objectcache.ObjectCache",
        "OPTIONS": {"MAX_ENTRIES": 500},
    }
}

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
# Sign-in throttling (django-axes) guards every sign-in form, /admin/login/ included.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins allowed per account and per client address before a lockout.
AXES_FAILURE_LIMIT = envint("PARTING_SIGNIN_ATTEMPTS", 5)
# How long a lockout lasts, counted from the last failed attempt.
AXES_COOLOFF_TIME = dt.timedelta(minutes=envint("PARTING_SIGNIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are counted; successful sign-ins need no table
AXES_USERNAME_CALLABLE = "parting.web.signin.username"
AXES_CLIENT_IP_CALLABLE = "parting.web.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "parting.web.signin.locked_out"
AXES_VERBOSE = False
# Proxies in front of the app that append to X-Forwarded-For (0: callers connect directly).
PARTING_TRUSTED_PROXIES = envint("PARTING_TRUSTED_PROXIES", 0, 0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PARTING_BASE_URL.startswith("https://")
# An https base URL means a proxy terminates TLS in front of the app (waitress speaks plain
# HTTP): trust its X-Forwarded-Proto, and tell browsers to use https only (HSTS).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SESSION_COOKIE_SECURE else None
SECURE_HSTS_SECONDS = envint("PARTING_HSTS_SECONDS", 31536000, 0) if SESSION_COOKIE_SECURE else 0
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
    "root": {
        "handlers": ["console"],
        "level": envchoice("PARTING_LOG_LEVEL", "WARNING", LOG_LEVELS),
    },
}

# Largest import or restore file accepted; checked before a file is read into memory.
PARTING_IMPORT_MAX_MB = envint("PARTING_IMPORT_MAX_MB", 50)
# Most rows (people) one import file may hold; LinkedIn caps a network at 30,000.
PARTING_IMPORT_MAX_ROWS = envint("PARTING_IMPORT_MAX_ROWS", 50_000)

# The workers keep each account's rolling daily backup on a local install (SQLite). A hosted
# deployment backs up its database instead (or runs `parting backup --all` from cron),
# unless this is turned on.
PARTING_SERVE_BACKUPS = envbool("PARTING_SERVE_BACKUPS", not envstr("DATABASE_URL"))
# Webhooks may reach loopback and private addresses (the seeker's own machine and network):
# on for a local install (SQLite), off for a hosted one (DATABASE_URL), where an endpoint
# must resolve to public addresses only (SSRF). Metadata addresses are refused either way.
PARTING_WEBHOOKS_PRIVATE = envbool("PARTING_WEBHOOKS_PRIVATE", not envstr("DATABASE_URL"))


def _tasks() -> tuple[dict[str, Any], list[str]]:
    """The task queue: the app's own database by default, Redis (RQ) with PARTING_TASKS_URL.

    Application code only uses `@task` and `.enqueue()` (Django's Tasks API), so the backend
    is chosen here and nowhere else.
    """
    url = envstr("PARTING_TASKS_URL").strip()
    if not url or url == "database":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, []
    if url == "immediate":  # run each task inside the call that enqueues it (tests, debugging)
        return {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}, []
    if urlparse(url).scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(
            "PARTING_TASKS_URL must be empty (the database), 'immediate' or a redis:// address"
        )
    return {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}, ["django_rq"]


TASKS, _task_apps = _tasks()
INSTALLED_APPS += _task_apps
# An RQ job running longer than this is stopped and marked failed.
_RQ_TIMEOUT = 3600
RQ_QUEUES = (
    {"default": {"URL": envstr("PARTING_TASKS_URL").strip(), "DEFAULT_TIMEOUT": _RQ_TIMEOUT}}
    if _task_apps
    else {}
)
# A running task whose worker has not been seen for this long (killed, machine gone) is
# run again once, then marked failed. Workers note that they are alive six times as often.
PARTING_WORKER_STALE_SECONDS = envint("PARTING_WORKER_STALE_SECONDS", 60)
# How often each worker looks for periodic work that is due (backups, digests).
PARTING_SCHEDULER_SECONDS = envint("PARTING_SCHEDULER_SECONDS", 60)
# /healthz answers 503 once the oldest task ready to run has waited longer than this.
PARTING_HEALTH_MAX_WAIT = envint("PARTING_HEALTH_MAX_WAIT", 300)

# API requests one personal access token may make a minute (counted in the database, so
# across every app process); more are answered 429 with Retry-After.
PARTING_API_RATE_LIMIT = envint("PARTING_API_RATE_LIMIT", 300)
