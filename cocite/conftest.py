"""Shared fixtures. Tests run on a real database: SQLite by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    # Rate limits and page caches live in the cache; each test starts clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident(db: Any) -> Any:
    return UserFactory(quartier=QuartierFactory())


@pytest.fixture
def agent(db: Any) -> Any:
    user = UserFactory()
    DepartmentFactory(members=[user])
    return user


@pytest.fixture
def administrator(db: Any) -> Any:
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def moderator(db: Any) -> Any:
    return UserFactory(is_moderator=True)


@pytest.fixture
def client_for() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
