"""The Redis cache backend (django-redis), as production and `make bench` use it (a real Redis on 127.0.0.1:6379).

The page caches rely on Django's cache contract: get_many in one round trip, add, and incr that never
creates a key. django-redis keeps one Redis client per server, where Django's own RedisCache builds a
client on every call (about 100 µs each with redis-py 8, five to eight calls a request: issue 15)."""

from __future__ import annotations

import os
import uuid

import pytest
from django_redis.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")


def test_the_backend_keeps_the_contract_the_page_caches_rely_on() -> None:
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("page", (b"<html>", "text/html"), 5)
    assert cache.get("page") == (b"<html>", "text/html")
    assert cache.get("missing", "default") == "default"
    assert cache.add("version", 1, None)
    assert not cache.add("version", 5, None)
    assert cache.incr("version") == 2
    assert cache.incr("version", 3) == 5
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")  # Django's contract: no key is created by incr
    assert cache.get("never-set") is None
    cache.set("version", 2, None)
    assert cache.get_many(["page", "version", "missing"]) == {"page": (b"<html>", "text/html"), "version": 2}
    cache.delete_many(["page", "version"])
    assert cache.get("page") is None


def test_the_backend_reuses_its_redis_client() -> None:
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("a", 1)
    assert cache.client.get_client(write=True) is cache.client.get_client(write=True)
    assert cache.client.get_client(write=False) is cache.client.get_client(write=True)  # one server
