"""The signed-in person is loaded with their roles and unread count in one query (accounts.backends)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocite.accounts.tests.factories import PASSWORD, UserFactory
from cocite.notifications.queries import BELL_CAP
from cocite.notifications.tests.test_inbox import make_notifications
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _page(client: Client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/engagements/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


def _signed_in_by_email(user: Any) -> Client:
    """Through the site's own login form (allauth), as residents do."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("how", ["login form", "force_login"])
def test_the_viewer_comes_with_agent_role_and_unread_count_in_one_query(client_for: Any, how: str) -> None:
    resident, agent = UserFactory(), UserFactory()
    DepartmentFactory(members=[agent])
    make_notifications(resident, 3)
    make_notifications(resident, 2, read=True)
    sign_in = _signed_in_by_email if how == "login form" else client_for

    html, sql = _page(sign_in(resident))
    assert '<span class="badge badge--count">3</span>' in html
    assert "/analyse/" not in html  # the "Analyse" menu is for agents
    assert len([q for q in sql if q.startswith('SELECT "accounts_user"."id"')]) == 1
    assert not [q for q in sql if q.startswith('SELECT 1 AS "a" FROM "territory_departmentmembership"')]
    assert not [q for q in sql if q.startswith('SELECT COUNT(*) FROM (SELECT "notifications_notification"')]

    html, _sql = _page(sign_in(agent))
    assert "/analyse/" in html
    assert "badge--count" not in html


def test_the_bell_stays_capped(client_for: Any) -> None:
    resident = UserFactory()
    make_notifications(resident, BELL_CAP + 5)
    html, _sql = _page(client_for(resident))
    assert '<span class="badge badge--count">99+</span>' in html
