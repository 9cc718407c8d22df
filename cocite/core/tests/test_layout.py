"""The shared layout, health check, legal pages, language switch and demo data."""

from __future__ import annotations

from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


class LandmarkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _parse(html: str) -> LandmarkParser:
    parser = LandmarkParser()
    parser.feed(html)
    return parser


@pytest.fixture
def demo(db: Any) -> None:
    """The demo authority and people only: fast, enough for layout checks."""
    from cocite.accounts.demo import seed as seed_people
    from cocite.territory.demo import seed as seed_territory

    seed_territory(StringIO())
    seed_people(StringIO())


@pytest.mark.parametrize("url_name", ["home", "accessibility", "legal_notice", "privacy", "account_login"])
def test_every_page_has_the_accessible_layout(client: Client, demo: None, url_name: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    parsed = _parse(response.content.decode())
    tags = [tag for tag, _attrs in parsed.tags]
    html_attrs = next(attrs for tag, attrs in parsed.tags if tag == "html")
    assert html_attrs["lang"] == "fr"
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) >= 1, landmark
    assert tags.count("main") == 1
    assert tags.count("h1") == 1
    first_link = next(attrs for tag, attrs in parsed.tags if tag == "a")
    assert first_link["href"] == "#contenu"
    main = next(attrs for tag, attrs in parsed.tags if tag == "main")
    assert main["id"] == "contenu"
    hrefs = {attrs.get("href") for tag, attrs in parsed.tags if tag == "a"}
    assert {reverse("accessibility"), reverse("legal_notice"), reverse("privacy")} <= hrefs
    assert 'name="viewport"' in response.content.decode()


def test_home_shows_the_demo_authority(client: Client, demo: None) -> None:
    body = client.get(reverse("home")).content.decode()
    assert "Ville de Bellerive" in body
    assert "Les Tilleuls" in body
    assert "Voirie et déplacements" in body
    assert reverse("theme_css") in body


def test_accessibility_statement_is_real(client: Client, demo: None) -> None:
    body = client.get(reverse("accessibility")).content.decode()
    assert "partiellement conforme" in body
    assert "accessibilite@bellerive.example" in body
    assert "Défenseur des droits" in body


def test_security_headers(client: Client, demo: None) -> None:
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    # No inline script or style at all (data blocks of type application/json aside),
    # so the policy needs no nonce and cached pages stay valid.
    parsed = _parse(response.content.decode())
    for tag, attrs in parsed.tags:
        if tag == "script":
            assert attrs.get("src") or attrs.get("type") == "application/json"
        assert tag != "style"
        assert "style" not in attrs


def test_static_assets_are_vendored(client: Client, demo: None) -> None:
    body = client.get(reverse("home")).content.decode()
    assert "https://" not in "".join(attrs.get("src") or "" for tag, attrs in _parse(body).tags if tag == "script")
    root = Path(__file__).resolve().parents[3] / "static" / "vendor"
    assert (root / "htmx" / "htmx.min.js").stat().st_size > 10_000
    assert (root / "leaflet" / "leaflet.js").stat().st_size > 10_000


def test_language_switch_by_get_keeps_the_page(client: Client, demo: None) -> None:
    response = client.get(reverse("switch_language"), {"lang": "en", "next": "/demarches/"})
    assert response.status_code == 302
    assert response["Location"] == "/demarches/"
    assert 'lang="en"' in client.get("/demarches/").content.decode()
    evil = client.get(reverse("switch_language"), {"lang": "fr", "next": "https://evil.example/"})
    assert evil["Location"] == "/"
    assert 'lang="fr"' in client.get("/").content.decode()


def test_theme_colours_come_from_the_organisation(client: Client, demo: None) -> None:
    css = client.get(reverse("theme_css")).content.decode()
    assert "--color-primary: #1d4e89" in css


def test_language_switch_to_english_and_back(client: Client, demo: None) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "Skip to content" in body
    assert "Accessibility: partially compliant" in body
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"}, follow=True)
    assert 'lang="fr"' in response.content.decode()
    assert "Aller au contenu" in response.content.decode()


def test_healthz_reports_database_and_migrations(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body.pop("tasks")["status"] == "ok"  # the queue: cocite/core/tests/test_taskqueue.py
    assert body == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_demo_logins_work(client: Client, demo: None) -> None:
    from cocite.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD

    assert client.login(username=f"camille.martin@{DEMO_DOMAIN}", password=DEMO_PASSWORD)


def test_the_site_has_an_icon_where_browsers_look_for_it(client: Client) -> None:
    """The pages name the icon, and /favicon.ico (asked for without reading the page) leads to it."""
    icon = static("img/favicon.svg")
    assert f'<link rel="icon" href="{icon}" type="image/svg+xml">' in client.get(reverse("home")).content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon
    assert finders.find("img/favicon.svg") is not None
