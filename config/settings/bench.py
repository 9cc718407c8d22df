"""Benchmark settings: production behaviour (DEBUG off, compiled templates) on plain HTTP on 127.0.0.1."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "config.urls_bench"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# A shared cache across workers, as in production (Redis on this machine).
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env.str("REDIS_URL", default="redis://127.0.0.1:6379/1"),
    }
}
# Benchmark accounts post many writes per second on purpose.
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]
# …and the API's readers are one address: its per-address limit would measure the limiter.
RATE_LIMITS = {**RATE_LIMITS, "api": "100000000/m"}  # noqa: F405
