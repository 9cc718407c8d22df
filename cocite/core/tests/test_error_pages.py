"""Error pages (400, 403, CSRF failure, 404, 500): French or English, accessible, never Django's bare page.

The 503 page of a database outage is tested for real, with the database down, in
test_production.py; its accessibility and that of the others in a browser in
browser/test_error_pages.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cocite.core.tests.test_layout import _parse

pytestmark = pytest.mark.django_db


def assert_error_page(response: Any, status: int, *, language: str = "fr") -> str:
    """The status, the language and the accessible layout (landmarks, skip link, a way home)."""
    assert response.status_code == status
    body: str = response.content.decode()
    parsed = _parse(body)
    tags = [tag for tag, _attrs in parsed.tags]
    html = next(attrs for tag, attrs in parsed.tags if tag == "html")
    assert html["lang"] == language
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in tags, landmark
    assert tags.count("main") == 1
    assert tags.count("h1") == 1
    assert next(attrs for tag, attrs in parsed.tags if tag == "main")["id"] == "contenu"
    assert next(attrs for tag, attrs in parsed.tags if tag == "a")["href"] == "#contenu"
    assert reverse("home") in {attrs.get("href") for tag, attrs in parsed.tags if tag == "a"}
    assert "<title>" in body
    assert "<title> ·" not in body
    assert 'name="viewport"' in body
    return body


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_404_page(client: Client) -> None:
    body = assert_error_page(client.get("/cette-page-n-existe-pas/"), 404)
    assert "Page introuvable" in body
    english = assert_error_page(_english(client).get("/cette-page-n-existe-pas/"), 404, language="en")
    assert "Skip to content" in english


def test_403_page(client: Client) -> None:
    # An anonymous person posting to an analyst's action: PermissionDenied, before any lookup.
    response = client.post(reverse("analysis:theme_validate", args=[1]))
    body = assert_error_page(response, 403)
    assert "Accès refusé" in body
    assert reverse("account_login") in body  # a visitor is offered to sign in
    assert_error_page(_english(client).post(reverse("analysis:theme_validate", args=[1])), 403, language="en")


def test_400_page(client: Client) -> None:
    body = assert_error_page(client.get("/", HTTP_HOST="intrus.example"), 400)
    assert "Requête incorrecte" in body
    assert_error_page(_english(client).get("/", HTTP_HOST="intrus.example"), 400, language="en")


def test_csrf_failure_page_says_what_to_do() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@exemple.fr", "password": "x"})
    body = assert_error_page(response, 403)
    assert "Rechargez" in body
    assert "cookies" in body
    english = Client(enforce_csrf_checks=True)
    assert_error_page(_english(english).post(reverse("account_login"), {}), 403, language="en")


@pytest.mark.urls("cocite.core.tests.error_urls")
def test_500_page_touches_no_database(django_assert_num_queries: Any) -> None:
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/essai/erreur/")
    body = assert_error_page(response, 500)
    assert "Erreur du serveur" in body
    assert "no-store" in response["Cache-Control"]
    assert_error_page(_english(client).get("/essai/erreur/"), 500, language="en")


@pytest.mark.urls("cocite.core.tests.error_urls")
@pytest.mark.parametrize("path", ["/essai/doublon/", "/essai/table-absente/"])
def test_integrity_and_query_errors_stay_500s(path: str) -> None:
    """Only an unreachable database is a 503 (see test_production.py); a wrong query is a bug."""
    response = Client(raise_request_exception=False).get(path)
    assert_error_page(response, 500)
    assert "Retry-After" not in response
