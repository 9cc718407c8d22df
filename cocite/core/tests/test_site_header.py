"""The header and footer are rendered once per process and variation, and stay each viewer's own."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.core.templatetags import layout
from cocite.notifications.tests.test_inbox import make_notifications
from cocite.territory.models import Organisation
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _header(client: Client, path: str = "/engagements/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


def _token(header: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header)
    assert found is not None
    return found.group(1)


@pytest.mark.caches_on  # the header rendered once per process is the point
def test_each_signed_in_person_gets_their_bell_and_token_from_one_rendering(client_for: Any) -> None:
    layout._rendered.clear()
    alice, bob = UserFactory(), UserFactory()
    make_notifications(alice, 3)
    alice_header = _header(client_for(alice))
    bob_client = client_for(bob)
    bob_header = _header(bob_client)
    assert len([key for key in layout._rendered if key[0] == "header"]) == 1  # the same variation
    assert '<span class="badge badge--count">3</span>' in alice_header
    assert "badge--count" not in bob_header
    assert _token(alice_header) != _token(bob_header)
    # Bob's token is his: the logout form it sits in is accepted.
    response = bob_client.post("/comptes/logout/", {"csrfmiddlewaretoken": _token(bob_header)})
    assert response.status_code == 302
    make_notifications(bob, 1)
    assert '<span class="badge badge--count">1</span>' in _header(client_for(bob))


def test_the_current_section_and_roles_change_the_header(client: Client, client_for: Any) -> None:
    layout._rendered.clear()
    resident, agent = UserFactory(), UserFactory()
    DepartmentFactory(members=[agent])
    assert '<a href="/decisions/" aria-current="page">' in _header(client, "/decisions/")
    assert '<a href="/engagements/" aria-current="page">' in _header(client, "/engagements/")
    anonymous = _header(client, "/decisions/")
    assert "Se connecter" in anonymous
    assert "Se déconnecter" not in anonymous
    assert "/analyse/" not in _header(client_for(resident))
    assert "/analyse/" in _header(client_for(agent))


def test_the_language_switcher_comes_back_to_this_page_escaped(client: Client) -> None:
    header = _header(client, '/decisions/?q="><script>alert(1)</script>')
    assert '<script>alert(1)</script>"' not in header
    assert 'name="next" value="/decisions/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"' in header
    assert 'name="next" value="/engagements/"' in _header(client, "/engagements/")


def test_an_edited_organisation_shows_at_once(client: Client) -> None:
    organisation = Organisation.objects.create(name="Ville de Bellerive", insee_code="12345")
    assert "Ville de Bellerive" in _header(client)
    organisation.name = "Bellerive-sur-Mer"
    organisation.save()
    assert "Bellerive-sur-Mer" in _header(client)


def test_the_footer_follows_the_language(client: Client) -> None:
    assert "Mentions légales" in client.get("/engagements/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/engagements/").content.decode()
    assert "Legal notice" in english
    assert "Mentions légales" not in english
