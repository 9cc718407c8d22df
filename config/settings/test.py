"""Test settings: real databases (SQLite by default, PostgreSQL via DATABASE_URL), fast hashing."""

import os

from django.utils.csp import CSP

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cocite-tests"}}
# Visitors see a write at once in tests (production: within 1 s; test_cache.py checks that bound).
COCITE_VISITOR_VERSION_TTL = 0
# One test database per test run, so several runs on one machine (developers, CI) never
# share (and drop) each other's database.
_RUN = os.environ.get("COCITE_TEST_RUN", str(os.getpid()))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that threads in concurrency tests share one database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{_RUN}.sqlite3")}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_cocite_{_RUN}"}

# A resource that exists only in the tests (cocite/items/tests/toy): a new kind of item taken
# through routing, opinions, decisions, results and open data without touching the machinery.
INSTALLED_APPS = [*INSTALLED_APPS, "cocite.items.tests.toy"]  # noqa: F405
# The flush ending each transactional test, cheaper on PostgreSQL (DELETE, not TRUNCATE): cocite/core/tests/testdb.
INSTALLED_APPS = [*INSTALLED_APPS, "cocite.core.tests.testdb"]

# Offline: no basemap tiles, no geocoder. Tests that need one start a local stand-in that
# speaks the Base Adresse Nationale's API (cocite/territory/tests/ban_standin.py).
COCITE_MAP_TILES_URL = ""
COCITE_GEOCODER_URL = ""
SECURE_CSP = {**SECURE_CSP, "img-src": [CSP.SELF, "data:", "blob:"]}  # noqa: F405

# One identity provider is offered in every test, so the site-wide sweeps reach its pages (the
# buttons, the login and callback views, the refusals): a FranceConnect whose configuration is given
# whole (no discovery request) at an address where nothing listens (the discard port): pressing its
# button leads there, and its callback refuses what the sweeps send. The tests of the sign-in itself
# point it at a real provider on 127.0.0.1 (cocite/accounts/tests/identity_fixtures.py).
TEST_IDENTITY_PROVIDER_URL = "http://127.0.0.1:9"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        **SOCIALACCOUNT_PROVIDERS["openid_connect"],  # noqa: F405
        "APPS": [
            {
                "provider_id": "franceconnect",
                "name": "FranceConnect",
                "client_id": "cocite-tests",
                "secret": "cocite-tests-secret",
                "settings": {
                    "server_url": TEST_IDENTITY_PROVIDER_URL,
                    "scope": ["openid", "email", "given_name", "family_name"],
                    "acr_values": "eidas1",
                    "oauth_pkce_enabled": True,
                    "fetch_userinfo": True,
                    "openid_configuration": {
                        "issuer": TEST_IDENTITY_PROVIDER_URL,
                        "authorization_endpoint": f"{TEST_IDENTITY_PROVIDER_URL}/authorize",
                        "token_endpoint": f"{TEST_IDENTITY_PROVIDER_URL}/token",
                        "userinfo_endpoint": f"{TEST_IDENTITY_PROVIDER_URL}/userinfo",
                        "jwks_uri": f"{TEST_IDENTITY_PROVIDER_URL}/jwks",
                        "end_session_endpoint": f"{TEST_IDENTITY_PROVIDER_URL}/session/end",
                        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
                    },
                },
            }
        ],
    }
}
SECURE_CSP = {**SECURE_CSP, "form-action": [CSP.SELF, TEST_IDENTITY_PROVIDER_URL]}
