"""Logged-in pages share their cached parts, yet each person sees their own state, never another's.

The list of cards and the debate are rendered once for everyone with the same permissions
(cocite/core/fragments.py), then personalised: the "Vous soutenez" badges, the pressed
"Utile" buttons, the edit / delete links of one's own comments, the CSRF token.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions as contribution_actions
from cocite.contributions.tests.factories import ContributionFactory
from cocite.debate import actions
from cocite.debate.models import Stance

pytestmark = pytest.mark.django_db


def _logged_in(user: Any) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _csrf(html: str) -> str:
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) >= 1
    return tokens.pop()


def test_the_list_shows_each_person_their_own_supports(idea: Any) -> None:
    other = ContributionFactory(demarche=idea.demarche, title="Planter des arbres dans la cour d'école")
    alice, bob = UserFactory(), UserFactory()
    contribution_actions.support_set(user=alice, contribution=idea, supported=True)
    url = f"/demarches/{idea.demarche.slug}/contributions/"
    alice_html = _logged_in(alice).get(url).content.decode()
    bob_html = _logged_in(bob).get(url).content.decode()  # same shared fragment
    assert alice_html.count("Vous soutenez") == 1
    assert "Vous soutenez" not in bob_html
    assert "1 soutien" in bob_html
    # Bob supports the other one: his next page shows it at once (count and badge), Alice's badge stays hers.
    bob_client = _logged_in(bob)
    bob_client.get(url)
    contribution_actions.support_set(user=bob, contribution=other, supported=True)
    bob_html = bob_client.get(url).content.decode()
    assert bob_html.count("Vous soutenez") == 1
    assert bob_html.count("1 soutien") == 2
    alice_html = _logged_in(alice).get(url).content.decode()
    assert alice_html.count("Vous soutenez") == 1


def test_the_debate_shows_own_links_and_pressed_buttons_to_their_owner_only(idea: Any) -> None:
    author, reader = UserFactory(display_name="Autrice"), UserFactory(display_name="Lecteur")
    comment = actions.comment_post(author=author, target=idea, stance=Stance.FOR, body="Les enfants iront à pied.")
    url = idea.get_absolute_url()
    edit_link = f"/commentaires/{comment.pk}/modifier/"

    author_html = _logged_in(author).get(url).content.decode()
    reader_client = _logged_in(reader)
    reader_html = reader_client.get(url).content.decode()
    assert edit_link in author_html
    assert edit_link not in reader_html
    # Nobody marks their own comment useful; the reader may.
    assert f'id="useful-button-{comment.pk}"' not in author_html
    assert f'id="useful-button-{comment.pk}"' in reader_html
    assert 'aria-pressed="true"' not in reader_html

    # The reader marks it useful with the token of their own page (CSRF enforced).
    response = reader_client.post(
        f"/commentaires/{comment.pk}/utile/", {"useful": "1", "csrfmiddlewaretoken": _csrf(reader_html)}
    )
    assert response.status_code == 302
    reader_html = reader_client.get(url).content.decode()
    assert re.search(rf'id="useful-button-{comment.pk}"[^>]*aria-pressed="true"', reader_html)
    assert "1 personne l'a trouvé utile" in reader_html
    third_html = _logged_in(UserFactory()).get(url).content.decode()
    assert re.search(rf'id="useful-button-{comment.pk}"[^>]*aria-pressed="false"', third_html)
    assert edit_link not in third_html


def test_each_person_gets_their_own_csrf_token_in_a_shared_fragment(idea: Any) -> None:
    first, second = _logged_in(UserFactory()), _logged_in(UserFactory())
    url = idea.get_absolute_url()
    first_token = _csrf(first.get(url).content.decode())
    second_token = _csrf(second.get(url).content.decode())
    assert "<!--c:csrf-->" not in first.get(url).content.decode()
    # A comment posted with one's own page token goes through; with the other person's, it is refused.
    ok = second.post(
        f"/contributions/{idea.pk}/debat/commenter/",
        {"stance": "pour", "body": "Bonne idée.", "csrfmiddlewaretoken": second_token},
    )
    assert ok.status_code in (200, 302)
    refused = second.post(
        f"/contributions/{idea.pk}/debat/commenter/",
        {"stance": "pour", "body": "Encore.", "csrfmiddlewaretoken": first_token},
    )
    assert refused.status_code == 403


def test_permissions_are_never_shared_between_roles(idea: Any, voirie_agent: Any) -> None:
    url = idea.get_absolute_url()
    agent_html = _logged_in(voirie_agent).get(url).content.decode()
    resident_html = _logged_in(UserFactory()).get(url).content.decode()
    visitor_html = Client().get(url).content.decode()
    assert "Publier une réponse officielle" in agent_html
    assert "Publier une réponse officielle" not in resident_html
    assert "Publier mon commentaire" in resident_html
    assert "Publier mon commentaire" not in visitor_html
    assert "Connectez-vous pour participer au débat" in visitor_html


def test_user_text_cannot_forge_a_personalisation_marker(idea: Any) -> None:
    author = UserFactory()
    body = "Voici <!--c:csrf--> et <!--c:own:1--> et &lt;!--c:csrf--&gt;"
    actions.comment_post(author=author, target=idea, stance=Stance.FOR, body=body)
    html = _logged_in(UserFactory()).get(idea.get_absolute_url()).content.decode()
    comment_body = html.split('class="comment__body prose">', 1)[1].split("</div>", 1)[0]
    assert "<!--c:" not in comment_body
    assert "csrfmiddlewaretoken" not in comment_body
