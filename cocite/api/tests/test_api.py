"""The API: reads with the site's visibility, tombstones, tokens and scopes, problem details, ETags,
rate-limit headers, CORS, and the plug-in registry."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from ninja import Router

from cocite.accounts.tests.factories import UserFactory
from cocite.api import registry
from cocite.api.actions import token_revoke
from cocite.api.models import ApiToken, Scope
from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.debate.models import Comment
from cocite.decisions.tests import factories as f
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import api_get, api_post, bearer, token_for

pytestmark = pytest.mark.django_db


def _contribution(demarche: Any = None, **kwargs: Any) -> Contribution:
    demarche = demarche or DemarcheFactory()
    return contribution_actions.contribution_submit(
        author=kwargs.pop("author", None) or UserFactory(),
        demarche=demarche,
        kind="idee",
        title=kwargs.pop("title", "Des bancs place du marché"),
        body="Pour s'asseoir à l'ombre.",
    )


def test_openapi_is_3_1_and_lists_every_operation() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"demarche_list", "contribution_list", "comment_create", "contribution_support", "log_list"} <= operations


def test_the_description_built_once_follows_the_address_it_is_served_at() -> None:
    """Built once per address and language (cocite.api.v1.CociteAPI): asked for another prefix, its
    paths carry that one; served again at the usual address, they do not; each language its own."""
    from cocite.api.v1 import api

    plain = Client().get("/api/v1/openapi.json").json()
    prefixed = api.get_openapi_schema(path_prefix="/mairie/api/v1/")
    again = Client().get("/api/v1/openapi.json").json()
    english = Client().get("/api/v1/openapi.json", headers={"accept-language": "en"}).json()
    assert "/api/v1/demarches" in plain["paths"]
    assert "/mairie/api/v1/demarches" in prefixed["paths"]
    assert not any(path.startswith("/mairie") for path in again["paths"])
    assert again == plain
    assert set(english["paths"]) == set(plain["paths"])


def test_the_apps_routers_are_plugged_in_with_unique_operation_ids() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert {
        "report_list", "report_detail", "report_status", "mission_list", "mission_detail", "event_list",
        "event_detail", "actor_list", "actor_detail", "initiative_list", "initiative_detail", "service_list",
        "service_detail", "information_page_list", "information_page_detail",
    } <= set(ids)  # fmt: skip
    assert "/api/v1/signalements/{pk}/status" in schema["paths"]
    developers = Client().get("/developpeurs/").content.decode()
    assert "signalements/42/status" in developers


def test_reads_follow_the_site_visibility() -> None:
    public = DemarcheFactory(title="Ouverte à tous")
    agents_only = DemarcheFactory(title="Réservée aux agents", audience=Audience.AGENTS)
    hidden = ContributionFactory(demarche=agents_only)
    client = Client()
    slugs = [d["slug"] for d in api_get(client, "/demarches").json()["items"]]
    assert public.slug in slugs
    assert agents_only.slug not in slugs
    assert api_get(client, f"/demarches/{agents_only.slug}").status_code == 404
    assert api_get(client, f"/contributions/{hidden.pk}").status_code == 404
    assert api_get(client, f"/contributions/{hidden.pk}/comments").status_code == 404
    agent = UserFactory()
    DepartmentFactory(members=[agent])
    assert api_get(client, f"/contributions/{hidden.pk}", token_for(agent)).status_code == 200


def test_hidden_contribution_is_a_tombstone_without_its_text() -> None:
    contribution = _contribution(title="Un titre qui sera masqué")
    contribution_actions.contribution_mask(contribution, "Propos injurieux")
    data = api_get(Client(), f"/contributions/{contribution.pk}").json()
    assert data["hidden"] == "moderated"
    assert data["title"] is None
    assert data["body"] is None
    assert data["author"] is None
    listed = api_get(Client(), f"/demarches/{contribution.demarche.slug}/contributions").json()
    assert contribution.pk not in [c["id"] for c in listed["items"]]


def test_contribution_list_filters_searches_and_pages_by_cursor() -> None:
    demarche = DemarcheFactory()
    Contribution.objects.bulk_create(
        [Contribution(demarche=demarche, kind="idee", title=f"Idée numéro {i}", body="x") for i in range(25)]
        + [Contribution(demarche=demarche, kind="probleme", title="Un nid-de-poule rue Haute", body="x")]
    )
    client = Client()
    first = api_get(client, f"/demarches/{demarche.slug}/contributions?kind=idee").json()
    assert first["total"] == 25
    assert len(first["items"]) == 20
    assert first["next_cursor"]
    second = api_get(client, f"/demarches/{demarche.slug}/contributions?kind=idee&after={first['next_cursor']}").json()
    assert len(second["items"]) == 5
    assert second["next_cursor"] is None
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}
    problems = api_get(client, f"/demarches/{demarche.slug}/contributions?kind=probleme").json()
    assert [c["title"] for c in problems["items"]] == ["Un nid-de-poule rue Haute"]


def test_support_scope_can_support_and_cannot_comment() -> None:
    contribution = _contribution()
    person = UserFactory()
    secret = token_for(person, Scope.SUPPORT)
    client = Client()
    supported = api_post(client, f"/contributions/{contribution.pk}/support", {"supported": True}, secret)
    assert supported.status_code == 200, supported.content
    assert supported.json() == {"supported": True, "support_count": 1}
    refused = api_post(
        client, f"/contributions/{contribution.pk}/comments", {"body": "Oui !", "stance": "pour"}, secret
    )
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("application/problem+json")
    assert refused.json()["code"] == "scope_missing"
    assert not Comment.objects.exists()


def test_comment_scope_comments_through_the_action() -> None:
    contribution = _contribution()
    secret = token_for(UserFactory(), Scope.COMMENT)
    response = api_post(
        Client(), f"/contributions/{contribution.pk}/comments", {"body": "Bonne idée.", "stance": "pour"}, secret
    )
    assert response.status_code == 201, response.content
    assert response.json()["body"] == "Bonne idée."
    assert response.json()["stance"] == "pour"
    debate = api_get(Client(), f"/contributions/{contribution.pk}/comments").json()
    assert [t["body"] for t in debate["threads"]] == ["Bonne idée."]
    assert {s["stance"]: s["count"] for s in debate["arguments"]}["pour"] == 1


def test_contribute_scope_submits_with_the_site_rate_limit(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contribution": "1/h"}
    demarche = DemarcheFactory()
    secret = token_for(UserFactory(), Scope.CONTRIBUTE)
    body = {"kind": "idee", "title": "Un composteur partagé", "body": "Dans le square."}
    first = api_post(Client(), f"/demarches/{demarche.slug}/contributions", body, secret)
    assert first.status_code == 201, first.content
    second = api_post(
        Client(), f"/demarches/{demarche.slug}/contributions", {**body, "title": "Un autre composteur"}, secret
    )
    assert second.status_code == 429
    assert second.json()["code"] == "rate_limited"


@pytest.mark.parametrize("how", ["expired", "revoked", "unknown"])
def test_expired_revoked_or_unknown_token_is_refused(how: str) -> None:
    contribution = _contribution()
    person = UserFactory()
    secret = token_for(person, Scope.SUPPORT)
    token = ApiToken.objects.get(user=person)
    if how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif how == "revoked":
        token_revoke(user=person, token=token)
    else:
        secret = secret[:-4] + "AAAA"
    write = api_post(Client(), f"/contributions/{contribution.pk}/support", {"supported": True}, secret)
    read = api_get(Client(), "/demarches", secret)
    assert write.status_code == 401
    assert read.status_code == 401
    assert write.json()["code"] in ("token_invalid", "token_required")
    assert contribution.supports.count() == 0


def test_application_token_reads_agents_only_content_only_with_its_scope() -> None:
    agents_only = DemarcheFactory(audience=Audience.AGENTS)
    service = UserFactory()
    DepartmentFactory(members=[service])
    plain = token_for(service, Scope.ROUTE, kind=ApiToken.Kind.APPLICATION)
    reading = token_for(service, Scope.READ_AGENTS, kind=ApiToken.Kind.APPLICATION)
    assert api_get(Client(), f"/demarches/{agents_only.slug}", plain).status_code == 404
    assert api_get(Client(), f"/demarches/{agents_only.slug}", reading).status_code == 200


def test_problem_details_follow_accept_language() -> None:
    french = api_get(Client(), "/contributions/999999", HTTP_ACCEPT_LANGUAGE="fr")
    english = api_get(Client(), "/contributions/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert french.status_code == english.status_code == 404
    assert french["Content-Type"].startswith("application/problem+json")
    assert french.json()["code"] == english.json()["code"] == "not_found"
    assert french.json()["title"] == "Introuvable"
    assert french["Content-Language"] == "fr"
    assert english["Content-Language"] == "en"
    invalid = api_get(Client(), "/contributions/0")
    assert invalid.status_code == 422
    assert invalid.json()["code"] == "invalid"


def test_etag_and_if_none_match() -> None:
    DemarcheFactory()
    client = Client()
    first = api_get(client, "/demarches")
    etag = first["ETag"]
    again = api_get(client, "/demarches", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content
    DemarcheFactory()
    assert api_get(client, "/demarches", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_rate_limit_headers_and_429(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/m"}
    client = Client()
    answers = [api_get(client, "/themes") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0]["RateLimit-Policy"] == '"api";q=3;w=60'
    assert answers[0]["RateLimit"].startswith('"api";r=2;t=')
    assert answers[3]["Content-Type"].startswith("application/problem+json")
    assert int(answers[3]["Retry-After"]) > 0


def test_cors_for_reads_only(settings: Any) -> None:
    client = Client()
    assert "Access-Control-Allow-Origin" not in api_get(client, "/themes", HTTP_ORIGIN="https://ville.example")
    settings.COCITE_API_CORS_ORIGINS = ["https://ville.example"]
    read = api_get(client, "/themes", HTTP_ORIGIN="https://ville.example")
    assert read["Access-Control-Allow-Origin"] == "https://ville.example"
    assert "Access-Control-Allow-Credentials" not in read
    other = api_get(client, "/themes", HTTP_ORIGIN="https://ailleurs.example")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v1/themes", HTTP_ORIGIN="https://ville.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD"
    write = client.post(
        "/api/v1/contributions/1/support", "{}", content_type="application/json", HTTP_ORIGIN="https://ville.example"
    )
    assert "Access-Control-Allow-Origin" not in write


def test_session_reads_as_the_signed_in_person_but_writes_need_a_token(client_for: Any) -> None:
    contribution = _contribution()
    client = client_for(UserFactory())
    assert api_get(client, f"/contributions/{contribution.pk}").status_code == 200
    response = api_post(client, f"/contributions/{contribution.pk}/support", {"supported": True})
    assert response.status_code == 401


def test_token_page_creates_shows_once_and_revokes(client_for: Any) -> None:
    person = UserFactory()
    client = client_for(person)
    page = client.post("/comptes/jetons/", {"name": "Mon appli", "scopes": ["support"], "days": "30"})
    assert page.status_code == 200
    token = ApiToken.objects.get(user=person)
    secret = next(w for w in page.content.decode().split('"') if w.startswith("cct_"))
    assert token.token_hash != secret
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert api_get(Client(), "/demarches", secret).status_code == 200
    assert secret not in client.get("/comptes/jetons/").content.decode()
    revoked = client.post(f"/comptes/jetons/{token.pk}/revoquer/")
    assert revoked.status_code == 302
    assert api_get(Client(), "/demarches", secret).status_code == 401
    other = client_for(UserFactory())
    assert other.post(f"/comptes/jetons/{token.pk}/revoquer/").status_code == 404
    bad = client.post("/comptes/jetons/", {"name": "", "scopes": ["route"], "days": "9999"})
    assert bad.status_code == 400


def test_registry_mounts_an_app_router() -> None:
    router = Router()
    registry.register("/essai", router, app="essai")
    try:
        assert any(m.router is router for m in registry.discovered())
    finally:
        registry._registered.clear()


def test_bearer_helper() -> None:
    assert bearer("x") == {"HTTP_AUTHORIZATION": "Bearer x"}


def test_application_token_routes_with_its_scope_and_the_site_rules(django_capture_on_commit_callbacks: Any) -> None:
    setup = f.routed_setup()
    contribution = setup["contributions"][0]
    other = f.department()
    routing = {"department": other.slug, "reason": "Relève de la voirie, pas des espaces verts."}
    manager_token = token_for(setup["manager"], Scope.ROUTE, kind=ApiToken.Kind.APPLICATION)
    reader_token = token_for(setup["manager"], Scope.READ_AGENTS, kind=ApiToken.Kind.APPLICATION)
    agent_token = token_for(setup["agent"], Scope.ROUTE, kind=ApiToken.Kind.APPLICATION)
    refused = api_post(Client(), f"/contributions/{contribution.pk}/routing", routing, reader_token)
    assert refused.status_code == 403
    assert refused.json()["code"] == "scope_missing"
    not_manager = api_post(Client(), f"/contributions/{contribution.pk}/routing", routing, agent_token)
    assert not_manager.status_code == 403
    assert not_manager.json()["code"] == "route_forbidden"
    with django_capture_on_commit_callbacks(execute=True):
        routed = api_post(Client(), f"/contributions/{contribution.pk}/routing", routing, manager_token)
    assert routed.status_code == 200, routed.content
    assert routed.json()["department"] == other.slug
