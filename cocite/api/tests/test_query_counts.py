"""Every list endpoint asks the same queries with 10 and with 500 rows (caches off, real renders)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.api.models import PERSONAL_SCOPES
from cocite.contributions.models import Contribution, Support
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.debate.models import Comment
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.test_decisions import _bulk_decisions
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.results.models import Milestone, Result
from cocite.results.tests.test_results import _decided
from cocite.territory.tests.factories import QuartierFactory, ThemeFactory

from .helpers import token_for

pytestmark = pytest.mark.django_db


def _client(with_token: bool) -> Client:
    if not with_token:
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(UserFactory(), *PERSONAL_SCOPES)}")


@pytest.mark.parametrize("with_token", [False, True])
def test_contribution_list_costs_the_same_with_10_and_500(with_token: bool) -> None:
    demarche = DemarcheFactory()
    user = UserFactory()
    theme = ThemeFactory()
    url = f"/api/v1/demarches/{demarche.slug}/contributions"

    def add(n: int) -> None:
        created = Contribution.objects.bulk_create(
            [
                Contribution(demarche=demarche, kind="idee", title=f"Contribution n° {i}", body="x", author=user,
                             quartier=QuartierFactory() if i % 50 == 0 else None)
                for i in range(n)
            ]
        )  # fmt: skip
        for item in created[::7]:
            item.themes.add(theme)
        Support.objects.bulk_create([Support(contribution=item, user=user) for item in created[::3]])

    client = _client(with_token)
    add(10)
    small = real_render_queries(client, url)
    small_sorted = real_render_queries(client, url, {"sort": "soutenues", "kind": "idee"})
    add(490)
    assert_same_cost(small, real_render_queries(client, url), at_most=14, what="the API's contribution list")
    assert_same_cost(
        small_sorted,
        real_render_queries(client, url, {"sort": "soutenues", "kind": "idee"}),
        at_most=14,
        what="the API's sorted contribution list",
    )


def test_demarche_list_costs_the_same_with_10_and_500() -> None:
    client = Client()
    DemarcheFactory.create_batch(10)
    small = real_render_queries(client, "/api/v1/demarches")
    for _ in range(49):
        DemarcheFactory.create_batch(10)
    assert_same_cost(small, real_render_queries(client, "/api/v1/demarches"), at_most=12, what="the démarches")


def test_comment_list_costs_the_same_with_10_and_500() -> None:
    demarche = DemarcheFactory()
    contribution = Contribution.objects.create(demarche=demarche, kind="idee", title="Une idée à débattre", body="x")
    author = UserFactory()
    url = f"/api/v1/contributions/{contribution.pk}/comments"

    def add(n: int) -> None:
        ct = ContentType.objects.get_for_model(Contribution)
        roots = Comment.objects.bulk_create(
            [Comment(content_type=ct, object_id=contribution.pk, author=author, stance="pour", body=f"Argument {i}")
             for i in range(n)]
        )  # fmt: skip
        Comment.objects.bulk_create(
            [Comment(content_type=ct, object_id=contribution.pk, author=author, parent=r, root=r, depth=1, body="Oui")
             for r in roots]
        )  # fmt: skip

    client = Client()
    add(10)
    small = real_render_queries(client, url)
    add(490)
    assert_same_cost(small, real_render_queries(client, url), at_most=14, what="the API's debate")


@pytest.mark.parametrize("url", ["/api/v1/decisions", "/api/v1/journal"])
def test_decisions_and_log_cost_the_same_with_10_and_500(url: str) -> None:
    setup = f.routed_setup()
    _bulk_decisions(setup, 10)
    client = Client()
    small = real_render_queries(client, url)
    _bulk_decisions(setup, 490)
    assert_same_cost(small, real_render_queries(client, url), at_most=8, what=url)


def test_results_cost_the_same_with_10_and_500() -> None:
    setup = _decided(count=1)

    def bulk(count: int) -> None:
        results = Result.objects.bulk_create(
            [Result(title=f"Résultat numéro {i:03d}", description="Texte.", department=setup["department"],
                    demarche=setup["demarche"], progress=i % 100) for i in range(count)]
        )  # fmt: skip
        Milestone.objects.bulk_create([Milestone(result=r, title="Étape", due_on=r.created_at.date()) for r in results])
        Result.decisions.through.objects.bulk_create(
            [Result.decisions.through(result=r, decision=setup["decision"]) for r in results]
        )

    client = Client()
    bulk(10)
    small = real_render_queries(client, "/api/v1/results")
    bulk(490)
    assert_same_cost(small, real_render_queries(client, "/api/v1/results"), at_most=8, what="the API's results")
