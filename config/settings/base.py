"""Cocité settings, driven by environment variables only.

Every value that differs between machines comes from the environment (or a
`.env`-style default below). App modules never read settings at import time.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from cocite.operations.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("COCITE_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
)


def _development_secret_key() -> str:
    """A key generated once per checkout into var/, never committed."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env("DEBUG")
SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret_key()
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "cocite.core.admin_config.CociteAdminConfig",  # Django's admin, hardened against hostile input
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "cocite.core.third_party_apps.AllauthAccountConfig",  # allauth.account, named apart from our « Comptes et profils »
    "cocite.core.third_party_apps.TaskQueueConfig",  # django_tasks_db, named in French
    "cocite.core",
    "cocite.territory",
    "cocite.accounts",
    "cocite.demarches",
    "cocite.items",
    "cocite.contributions",
    "cocite.debate",
    "cocite.scale",
    "cocite.notifications",
    "cocite.decisions",
    "cocite.results",
    "cocite.opinions",
    "cocite.analysis",
    "cocite.opendata",
    "cocite.spaces",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cocite.accounts.context_processors.platform",
                "cocite.notifications.context_processors.notifications",
            ],
            # Localized dates and punctuation in every template (cocite/core/templatetags/wording.py).
            "builtins": ["cocite.core.templatetags.wording"],
        },
    },
]

# Database: embedded SQLite (WAL) by default, PostgreSQL through DATABASE_URL.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'cocite.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE makes writers queue on the lock instead of failing
            # with "database is locked" when two requests write at once.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
            ),
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side parameters, and statements prepared by psycopg once a connection has run them
    # five times: PostgreSQL stops re-planning the queries every request repeats (planning the
    # signed-in person's query took 0.85 ms, longer than running it). Needs direct connections
    # (or PgBouncer ≥ 1.21 with max_prepared_statements); restart workers after a migration.
    if env.bool("DATABASE_SERVER_SIDE_BINDING", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cocite",
        }
    }

# Every cache of the application (pages, fragments, reference data, counts) on or off: off,
# everything is computed on each request (benchmark's uncached rows, query-count tests).
# Sessions and rate limits keep using the cache backend: they are storage, not caches.
COCITE_CACHING = env.bool("COCITE_CACHING", default=True)

# Sessions read through the cache: no database query per request when the cache is shared.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# The task worker (`manage.py task_worker`, cocite/core/worker.py): it waits for the database
# with an exponential backoff capped at TASK_WORKER_BACKOFF_MAX seconds; it writes a heartbeat
# every TASK_WORKER_HEARTBEAT seconds; a worker silent for TASK_WORKER_STALE_AFTER seconds is
# dead, and the tasks it left RUNNING are run again (idempotent tasks, at most TASK_MAX_ATTEMPTS
# runs in all) or marked failed. `/healthz?tasks=1` answers 503 when the oldest ready task
# waited more than TASKS_HEALTH_MAX_AGE seconds.
TASK_WORKER_BACKOFF_MAX = env.float("TASK_WORKER_BACKOFF_MAX", default=30.0)
TASK_WORKER_HEARTBEAT = env.float("TASK_WORKER_HEARTBEAT", default=5.0)
TASK_WORKER_STALE_AFTER = env.float("TASK_WORKER_STALE_AFTER", default=60.0)
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=3)
TASKS_HEALTH_MAX_AGE = env.float("TASKS_HEALTH_MAX_AGE", default=600.0)
# The task workers regenerate the open-data files every night at this hour (local time).
OPENDATA_EXPORT_HOUR = env.int("OPENDATA_EXPORT_HOUR", default=3)
# Whether the task workers queue the daily tasks themselves (cocite.core.taskqueue.run_daily); off
# where cron runs them instead, or in tests that count the tasks they queue.
TASK_WORKER_DAILY_TASKS = env.bool("TASK_WORKER_DAILY_TASKS", default=True)

AUTHENTICATION_BACKENDS = [
    "cocite.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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

# django-allauth: email accounts, mandatory verification, rate-limited logins.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "cocite.accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Subjects start with « [Cocité — <commune>] »: the adapter (cocite.accounts.adapter) names the site.
ACCOUNT_EMAIL_SUBJECT_PREFIX = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Behind reverse proxies: how many of them append to X-Forwarded-For (0: use REMOTE_ADDR).
# cocite.core.network.client_ip is the one reader; allauth's limits use it via the adapter.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Per address ("ip" = cocite.core.network.client_ip). Failures per account are counted by
# the adapter (RATE_LIMITS["login_account"]), not by allauth's "key", which also varies with
# the Host header.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
ACCOUNT_ADAPTER = "cocite.accounts.adapter.AccountAdapter"

# Per-person limits on writes that publish something (cocite.core.ratelimit), "N/window".
RATE_LIMITS = {
    # Failed logins on one account, from anywhere: then locked until the window ends.
    "login_account": env.str("RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT", default="5/5m"),
    "contribution": env.str("RATE_LIMIT_CONTRIBUTIONS", default="10/h"),
    # An agent typing contributions collected on paper, by phone or at the front desk.
    "contribution_offline": env.str("RATE_LIMIT_OFFLINE_CONTRIBUTIONS", default="120/h"),
    # Comments, replies and official answers.
    "comment": env.str("RATE_LIMIT_COMMENTS", default="10/m"),
    # Opinion-map statements.
    "statement": env.str("RATE_LIMIT_STATEMENTS", default="10/h"),
    # Address searches through the server's geocoder proxy (/carte/adresse/), per address.
    "geocoder": env.str("RATE_LIMIT_GEOCODER", default="60/m"),
}
LOGIN_REDIRECT_URL = "spaces:mine"  # « Mon espace »; allauth returns to `?next=` first
LOGIN_URL = "account_login"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cocité <ne-pas-repondre@cocite.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes (and whitenoise serves from) in production.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Contribution images go through a permission check (cocite.contributions.views.image). With a
# reverse proxy, set this to its internal location for MEDIA_ROOT (nginx: `location
# /_protected/media/ { internal; alias …/media/; }`): the view answers with X-Accel-Redirect.
# Empty: the view streams the file itself.
MEDIA_ACCEL_REDIRECT_PREFIX = env.str("MEDIA_ACCEL_REDIRECT_PREFIX", default="")
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
WHITENOISE_USE_FINDERS = DEBUG

# Security headers, on in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A French page saying what to do when a form's CSRF token is missing or stale.
CSRF_FAILURE_VIEW = "cocite.core.errorpages.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# The maps' basemap (Leaflet tile layer): a URL template with {z}/{x}/{y}, and its attribution.
# Empty: no tiles (tests, the offline demo); the quartier outlines carry their names as labels.
# Default: IGN Géoplateforme « Plan IGN » (WMTS in the web-mercator tile matrix). OpenStreetMap:
# COCITE_MAP_TILES_URL=https://tile.openstreetmap.org/{z}/{x}/{y}.png
# COCITE_MAP_ATTRIBUTION="© les contributeurs d'OpenStreetMap"
COCITE_MAP_TILES_URL = env.str(
    "COCITE_MAP_TILES_URL",
    default=(
        "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png"
        "&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
    ),
)
COCITE_MAP_ATTRIBUTION = env.str("COCITE_MAP_ATTRIBUTION", default="© IGN – Géoplateforme")
# The Base Adresse Nationale geocoder (its /search/ and /reverse/), called by the server only
# (cocite/territory/geocoder.py): the browser never talks to it, so the CSP stays tight.
# Empty: no address search and no reverse geocoding (contributions keep their point, no address).
COCITE_GEOCODER_URL = env.str("COCITE_GEOCODER_URL", default="https://api-adresse.data.gouv.fr/")
COCITE_GEOCODER_TIMEOUT = env.float("COCITE_GEOCODER_TIMEOUT", default=3.0)


def _origin(url: str) -> str | None:
    """The scheme and host of a tile URL template, for the CSP (None when unset or not http(s))."""
    parts = urlsplit(url.replace("{s}", "SUBDOMAIN"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    # Leaflet's {s} subdomains (a.tile…, b.tile…): a CSP wildcard on the leftmost label.
    return f"{parts.scheme}://{parts.netloc.replace('SUBDOMAIN', '*')}"


_TILES_ORIGIN = _origin(COCITE_MAP_TILES_URL)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    # No nonces: pages carry no inline script or style, so cached pages stay valid.
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # The basemap's tiles come from its configured host only; the geocoder is reached through
    # the server, so connect-src stays 'self'.
    "img-src": [CSP.SELF, "data:", "blob:", *([_TILES_ORIGIN] if _TILES_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Logs on stderr, each line with its request id: `text` (development) or `json` (one object per
# line; production's default, config/settings/prod.py). cocite/operations/logs.py.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = logging_config(level=LOG_LEVEL, log_format=LOG_FORMAT)

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Operations (cocite/operations, docs/deployment.md): request ids and JSON logs, Prometheus
# metrics, the scheduler of the cron-like commands, backups.
INSTALLED_APPS = [*INSTALLED_APPS, "cocite.operations"]
# First: every later middleware, view and log line sees request.id; the metrics time the whole request.
MIDDLEWARE = [
    "cocite.operations.middleware.RequestIdMiddleware",
    "cocite.operations.middleware.MetricsMiddleware",
    *MIDDLEWARE,
]
# /metrics answers only to `Authorization: Bearer <METRICS_TOKEN>`; empty: /metrics is a 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Mails go through a backend that counts them (cocite_mails_sent), then through EMAIL_URL's.
COCITE_EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "cocite.operations.mail.CountingEmailBackend"
# Where `manage.py backup` writes by default; set, the scheduler also makes one every night.
BACKUP_DIR = env.str("BACKUP_DIR", default="")
