"""The network in the open API: actors (filters, cursor, never an email) and initiatives with their
calls for help; nothing hidden by the moderation, to a visitor or to any token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.api.models import PERSONAL_SCOPES, ApiToken, Scope
from cocite.api.tests.helpers import api_get, token_for
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.network import actions
from cocite.network.models import Actor, CallForHelp, Initiative

from .helpers import make_actor, make_initiative, theme_and_quartier

pytestmark = pytest.mark.django_db


def test_actor_directory_filters_and_never_shows_an_email() -> None:
    theme, quartier = theme_and_quartier()
    admin = UserFactory(email="presidente@asso.example")
    park = make_actor(
        admin,
        themes=[theme.pk],
        quartiers=[quartier.pk],
        offers=[("propose", "locaux", "Une salle le mardi")],
        website="https://amis-du-parc.example",
    )
    school = make_actor(kind="ecole", name="École Jean Jaurès")
    actions.invitation_create(user=admin, actor=park, email="invitee@exemple.fr", role="membre")
    client = Client()
    listed = api_get(client, "/reseau/acteurs").json()
    assert {a["id"] for a in listed["items"]} == {park.pk, school.pk}
    assert [a["id"] for a in api_get(client, "/reseau/acteurs?type=ecole").json()["items"]] == [school.pk]
    assert [a["id"] for a in api_get(client, "/reseau/acteurs?theme=solidarite").json()["items"]] == [park.pk]
    by_quartier = api_get(client, f"/reseau/acteurs?quartier={quartier.slug}").json()["items"]
    assert [a["id"] for a in by_quartier] == [park.pk]
    assert api_get(client, "/reseau/acteurs?theme=inconnu").json()["items"] == []
    assert api_get(client, "/reseau/acteurs?type=inconnu").status_code == 422
    detail = api_get(client, f"/reseau/acteurs/{park.pk}")
    assert detail.status_code == 200
    assert detail.json()["offers"] == [{"direction": "propose", "category": "locaux", "details": "Une salle le mardi"}]
    shown = detail.content.decode() + api_get(client, "/reseau/acteurs").content.decode()
    for secret in ("presidente@asso.example", "invitee@exemple.fr", admin.display_name, "@"):
        assert secret not in shown.replace("https://", "")


def test_actor_list_pages_by_cursor() -> None:
    Actor.objects.bulk_create(
        [Actor(kind="association", name=f"Association {i:02d}", description="x") for i in range(35)]
    )
    client = Client()
    first = api_get(client, "/reseau/acteurs").json()
    assert len(first["items"]) == 30
    second = api_get(client, f"/reseau/acteurs?after={first['next_cursor']}").json()
    assert [a["name"] for a in second["items"]] == [f"Association {i:02d}" for i in range(30, 35)]
    assert second["next_cursor"] is None


def test_initiatives_with_their_calls_for_help() -> None:
    theme, quartier = theme_and_quartier()
    holder = UserFactory(display_name="Porteuse Discrète")
    compost = make_initiative(holder, themes=[theme.pk], quartiers=[quartier.pk])
    other = make_initiative(title="Une grainothèque", stage="test")
    call = actions.call_create(
        user=holder, initiative=compost, kind="benevoles", what="Retourner le compost", when="Le samedi"
    )
    helper = UserFactory(display_name="Voisin Serviable")
    answer = actions.help_offer(user=helper, call=call, message="Je peux le samedi matin.", rate_limited=False)
    actions.help_decide(user=holder, answer=answer, accept=True)
    client = Client()
    listed = api_get(client, "/reseau/initiatives").json()
    assert {i["id"] for i in listed["items"]} == {compost.pk, other.pk}
    assert next(i for i in listed["items"] if i["id"] == compost.pk)["open_calls"] == 1
    assert [i["id"] for i in api_get(client, "/reseau/initiatives?stage=test").json()["items"]] == [other.pk]
    assert [i["id"] for i in api_get(client, "/reseau/initiatives?theme=solidarite").json()["items"]] == [compost.pk]
    detail = api_get(client, f"/reseau/initiatives/{compost.pk}")
    assert detail.status_code == 200
    [shown_call] = detail.json()["calls"]
    assert shown_call["what"] == "Retourner le compost"
    assert shown_call["open"] is True
    assert shown_call["accepted_answers"] == 1
    text = detail.content.decode() + api_get(client, "/reseau/initiatives").content.decode()
    for secret in (holder.display_name, helper.display_name, "Je peux le samedi matin.", holder.email):
        assert secret not in text


@pytest.mark.parametrize("who", ["visitor", "person", "application", "moderator", "member"])
def test_hidden_actors_and_initiatives_never_appear(who: str) -> None:
    admin = UserFactory()
    shown_actor, hidden_actor = make_actor(admin), make_actor(admin, name="Acteur masqué")
    shown_initiative = make_initiative(admin)
    hidden_initiative = make_initiative(admin, title="Initiative masquée")
    Actor.objects.filter(pk=hidden_actor.pk).update(masked_at=timezone.now(), masked_reason="spam")
    Initiative.objects.filter(pk=hidden_initiative.pk).update(masked_at=timezone.now(), masked_reason="spam")
    makers: dict[str, Any] = {
        "visitor": lambda: None,
        "person": lambda: token_for(UserFactory(), *PERSONAL_SCOPES),
        "application": lambda: token_for(UserFactory(), Scope.READ_AGENTS, kind=ApiToken.Kind.APPLICATION),
        "moderator": lambda: token_for(UserFactory(is_moderator=True), *PERSONAL_SCOPES),
        "member": lambda: token_for(admin, *PERSONAL_SCOPES),
    }
    token = makers[who]()
    client = Client()
    assert [a["id"] for a in api_get(client, "/reseau/acteurs", token).json()["items"]] == [shown_actor.pk]
    assert [i["id"] for i in api_get(client, "/reseau/initiatives", token).json()["items"]] == [shown_initiative.pk]
    assert api_get(client, f"/reseau/acteurs/{hidden_actor.pk}", token).status_code == 404
    assert api_get(client, f"/reseau/initiatives/{hidden_initiative.pk}", token).status_code == 404


def _bulk(n: int, theme: Any, quartier: Any, demarche: Any, holder: Any) -> None:
    actors = Actor.objects.bulk_create(
        [Actor(kind="association", name=f"Acteur {i}", description="x", website="https://a.example") for i in range(n)]
    )
    Actor.themes.through.objects.bulk_create([Actor.themes.through(actor=a, theme=theme) for a in actors])
    Actor.quartiers.through.objects.bulk_create([Actor.quartiers.through(actor=a, quartier=quartier) for a in actors])
    initiatives = Initiative.objects.bulk_create(
        [Initiative(title=f"Initiative {i}", need="x", solution="y", holder=holder, demarche=demarche,
                    actor=actors[i]) for i in range(n)]
    )  # fmt: skip
    Initiative.themes.through.objects.bulk_create(
        [Initiative.themes.through(initiative=i, theme=theme) for i in initiatives]
    )
    CallForHelp.objects.bulk_create([CallForHelp(initiative=i, kind="benevoles", what="Aide", when="Samedi")
                                     for i in initiatives])  # fmt: skip


@pytest.mark.parametrize("path", ["/api/v1/reseau/acteurs", "/api/v1/reseau/initiatives"])
@pytest.mark.parametrize("with_token", [False, True])
def test_lists_cost_the_same_with_10_and_500(path: str, with_token: bool) -> None:
    theme, quartier = theme_and_quartier()
    holder = UserFactory()
    demarche = make_initiative(holder).demarche
    client = Client()
    if with_token:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(UserFactory(), *PERSONAL_SCOPES)}")
    _bulk(10, theme, quartier, demarche, holder)
    small = real_render_queries(client, path)
    small_filtered = real_render_queries(client, path, {"theme": theme.slug})
    _bulk(490, theme, quartier, demarche, holder)
    assert_same_cost(small, real_render_queries(client, path), at_most=10, what=path)
    assert_same_cost(small_filtered, real_render_queries(client, path, {"theme": theme.slug}), at_most=10, what=path)
