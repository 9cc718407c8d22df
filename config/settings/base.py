"""Cocité settings, driven by environment variables only.

Every value that differs between machines comes from the environment (or a
`.env`-style default below). App modules never read settings at import time.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
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
    # FranceConnect / ProConnect identities (cocite/accounts/oidc.py); a FranceConnect identity is one
    # way to become a verified resident (cocite.residency).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # The second factor (TOTP, recovery codes), required of administrators and moderators.
    "cocite.core.third_party_apps.AllauthMfaConfig",
    "cocite.core.third_party_apps.TaskQueueConfig",  # django_tasks_db, named in French
    "cocite.core",
    "cocite.territory",
    "cocite.accounts",
    "cocite.residency",
    "cocite.reports",
    "cocite.demarches",
    "cocite.items",
    "cocite.contributions",
    "cocite.debate",
    "cocite.moderation",
    "cocite.scale",
    "cocite.notifications",
    "cocite.decisions",
    "cocite.results",
    "cocite.opinions",
    "cocite.analysis",
    "cocite.exploration",
    "cocite.surveys",
    "cocite.opendata",
    "cocite.network",
    "cocite.quality",
    "cocite.missions",
    "cocite.spaces",
    "cocite.api",
    "cocite.budgets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # /api/: rate limits and their headers, ETags and 304, CORS for reads (cocite/api/middleware.py).
    "cocite.api.middleware.ApiMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Administrators and moderators set up their second factor before anything else.
    "cocite.accounts.middleware.SecondFactorRequiredMiddleware",
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

# Forms: Django's renderer, the labels written in Python (cocite/core/forms.py, issue 15).
FORM_RENDERER = "cocite.core.forms.FormRenderer"

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
            "BACKEND": "django_redis.cache.RedisCache",
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
    # The exploration: a team's field notes, journeys and findings, and residents volunteering for it.
    "exploration": env.str("RATE_LIMIT_EXPLORATION", default="120/h"),
    # Opinion-map statements.
    "statement": env.str("RATE_LIMIT_STATEMENTS", default="10/h"),
    # Addresses checked against the commune's streets or roll by a person with FranceConnect.
    "residence_check": env.str("RATE_LIMIT_RESIDENCE_CHECKS", default="10/h"),
    # « Signaler » and appeals to the moderation.
    "flag": env.str("RATE_LIMIT_FLAGS", default="20/h"),
    # Registrations to missions and events (cocite.missions), a person's questions to their
    # organisers, and organisers' messages to the people registered.
    "volunteering": env.str("RATE_LIMIT_VOLUNTEERING", default="30/h"),
    "volunteering_contact": env.str("RATE_LIMIT_VOLUNTEERING_CONTACT", default="5/h"),
    "volunteering_message": env.str("RATE_LIMIT_VOLUNTEERING_MESSAGES", default="20/h"),
    # Survey steps saved (each question of a questionnaire), and questionnaires sent.
    "survey_step": env.str("RATE_LIMIT_SURVEY_STEPS", default="600/h"),
    "survey_response": env.str("RATE_LIMIT_SURVEY_RESPONSES", default="20/h"),
    # Address searches through the server's geocoder proxy (/carte/adresse/), per address.
    "geocoder": env.str("RATE_LIMIT_GEOCODER", default="60/m"),
    # The network of actors (cocite.network): profiles, initiatives, calls, answers, news posts…
    "network": env.str("RATE_LIMIT_NETWORK", default="30/h"),
    # …and messages sent to an actor through the platform.
    "network_message": env.str("RATE_LIMIT_NETWORK_MESSAGES", default="10/h"),
    # « Je donne mon avis » on a public service (cocite.quality): signed-in people (one per service and
    # day besides), and visitors counted by their address (a counter's tablet is one address).
    "feedback": env.str("RATE_LIMIT_FEEDBACK", default="30/h"),
    "feedback_anonymous": env.str("RATE_LIMIT_FEEDBACK_ANONYMOUS", default="60/h"),
    # Requests to the API (/api/), per token, or per address without one.
    "api": env.str("RATE_LIMIT_API", default="600/m"),
    # Reports of problems in the public space (cocite.reports): online, by an agent for someone, per Open311 key.
    "report": env.str("RATE_LIMIT_REPORTS", default="10/h"),
    "report_offline": env.str("RATE_LIMIT_OFFLINE_REPORTS", default="120/h"),
    "open311": env.str("RATE_LIMIT_OPEN311", default="600/h"),
    # Participatory budget: a person casting or changing their ballot; an agent keying paper ballots.
    "ballot": env.str("RATE_LIMIT_BALLOTS", default="20/h"),
    "paper_ballot": env.str("RATE_LIMIT_PAPER_BALLOTS", default="600/h"),
    # Anyone recounting a pabulib file (/budget-participatif/recompter/), per address.
    "pb_recount": env.str("RATE_LIMIT_PB_RECOUNTS", default="20/h"),
}
# The API's reads are open to these other sites' pages (CORS: GET only, no credentials); "*" for any.
COCITE_API_CORS_ORIGINS = env.list("COCITE_API_CORS_ORIGINS", default=[])
# Webhooks may be sent to private networks (a commune's internal systems); off: refused (SSRF).
COCITE_WEBHOOKS_ALLOW_PRIVATE = env.bool("COCITE_WEBHOOKS_ALLOW_PRIVATE", default=False)
# The second factor (allauth.mfa): TOTP with recovery codes, required of administrators and
# moderators (cocite.accounts.middleware, cocite.core.admin_site). The issuer shown in authenticator
# apps: « Cocité — <commune> » unless set.
MFA_ADAPTER = "cocite.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="")
MFA_TOTP_TOLERANCE = 1  # the previous and next 30-second codes too (clocks of phones drift)

# A verified resident's status lasts this many days (cocite.residency), then is renewed the same way.
COCITE_RESIDENCE_VERIFICATION_DAYS = env.int("COCITE_RESIDENCE_VERIFICATION_DAYS", default=365)

# The charter's promise (/regles/): flags and items waiting for validation are examined within this
# many hours; the commitments dashboard (/engagements/) measures it.
COCITE_MODERATION_DELAY_HOURS = env.int("COCITE_MODERATION_DELAY_HOURS", default=48)


# Identity providers (OpenID Connect, through allauth.socialaccount): FranceConnect for residents,
# ProConnect for agents, and one generic provider (e.g. the commune's Publik). A provider is offered
# only when its client id is set. The allauth provider ids (SocialAccount.provider) are exactly
# "franceconnect", "proconnect" and OIDC_PROVIDER_ID. cocite/accounts/oidc.py verifies every ID
# token against the provider's JWKS, checks the nonce, reads userinfo served as a signed JWT, records
# the acr (eIDAS level) and logs out through the provider's end-session endpoint.
def _oidc_app(
    prefix: str, provider_id: str, name: str, server_url: str, scope: str, acr_values: str
) -> dict[str, Any] | None:
    client_id = env.str(f"{prefix}_CLIENT_ID", default="")
    if not client_id:
        return None
    return {
        "provider_id": env.str(f"{prefix}_PROVIDER_ID", default=provider_id),
        "name": env.str(f"{prefix}_NAME", default=name),
        "client_id": client_id,
        "secret": env.str(f"{prefix}_SECRET", default=""),
        "settings": {
            # The issuer URL (or the full discovery URL ending in /.well-known/openid-configuration).
            "server_url": env.str(f"{prefix}_SERVER_URL", default=server_url),
            "scope": env.str(f"{prefix}_SCOPE", default=scope).split(),
            # The eIDAS level asked for; the answer's acr must be at least as high.
            "acr_values": env.str(f"{prefix}_ACR_VALUES", default=acr_values),
            "oauth_pkce_enabled": True,
            "fetch_userinfo": True,
        },
    }


_OIDC_APPS = [
    app
    for app in (
        _oidc_app(
            "FRANCECONNECT",
            "franceconnect",
            "FranceConnect",
            "https://oidc.franceconnect.gouv.fr/api/v2",
            "openid email given_name family_name",
            "eidas1",
        ),
        _oidc_app(
            "PROCONNECT",
            "proconnect",
            "ProConnect",
            "https://auth.agentconnect.gouv.fr/api/v2",
            "openid email given_name usual_name uid",
            "eidas1",
        ),
        _oidc_app("OIDC", "commune", "le compte de la commune", "", "openid profile email", ""),
    )
    if app is not None and app["settings"]["server_url"]
]
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "cocite.accounts.oidc.CociteOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": _OIDC_APPS,
    }
}
SOCIALACCOUNT_ADAPTER = "cocite.accounts.adapter.SocialAccountAdapter"
# The person always sees the sign-up form (pseudonym, quartier) before an account is created.
SOCIALACCOUNT_AUTO_SIGNUP = False
# Sign in to an existing account through its e-mail address only when the address is verified on
# both sides (the provider's email_verified claim and Cocité's own confirmation): see the adapter.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("OIDC_REQUESTS_TIMEOUT", default=5)

LOGIN_REDIRECT_URL = "spaces:mine"  # « Mon espace »; allauth returns to `?next=` first
LOGIN_URL = "account_login"

# EMAIL_URL chooses the backend and its server (django-environ's schemes: smtp+tls://, consolemail://…);
# every mail goes through a backend that counts it (cocite_mails_sent) and hands it to that one.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
# django-environ's keys → the options of Django's backends (only those the URL set: the console,
# file and dummy backends take none of the server's).
_MAILER_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
    "EMAIL_FILE_PATH": "file_path",
}
_MAILER = {
    option: EMAIL_CONFIG[key] for key, option in _MAILER_OPTIONS.items() if EMAIL_CONFIG.get(key) not in (None, "")
}
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    # Seconds a mail server may take to answer (Django waits forever by default): a task worker
    # blocked on a server that stopped answering sends nothing else.
    _MAILER.setdefault("timeout", env.int("EMAIL_TIMEOUT", default=10))
MAILERS = {
    "default": {
        "BACKEND": "cocite.operations.mail.CountingEmailBackend",
        "OPTIONS": {"backend": EMAIL_CONFIG["EMAIL_BACKEND"], "options": _MAILER},
    }
}
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
# The identity providers' hosts (their authorization and end-session endpoints), plus any other
# host their discovery documents name for those endpoints (OIDC_EXTRA_FORM_ACTION, a list).
_OIDC_ORIGINS = sorted(
    {origin for app in _OIDC_APPS if (origin := _origin(app["settings"]["server_url"]))}
    | set(env.list("OIDC_EXTRA_FORM_ACTION", default=[]))
)

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
    # The sign-in buttons and the logout form redirect to the identity providers.
    "form-action": [CSP.SELF, *_OIDC_ORIGINS],
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
# Where `manage.py backup` writes by default; set, the scheduler also makes one every night.
BACKUP_DIR = env.str("BACKUP_DIR", default="")
