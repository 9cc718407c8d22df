"""Production settings: base plus HTTPS hardening. SECRET_KEY must come from the environment."""

from cocite.operations.logs import logging_config

from .base import *  # noqa: F403
from .base import LOG_LEVEL, env

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = False
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# A load balancer's health check asks over plain HTTP: answer it instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
# One JSON object per log line, with the request id (LOG_FORMAT=text to read them by eye).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = logging_config(level=LOG_LEVEL, log_format=LOG_FORMAT)
