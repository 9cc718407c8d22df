"""Following and unfollowing: endpoints (htmx and no-JS), visibility, the button, "Mes abonnements"."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.items.registry import registry
from cocite.notifications import targets
from cocite.notifications.models import Follow
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory, ThemeFactory

from .helpers import follow, person

pytestmark = pytest.mark.django_db


def _follows(user: Any) -> set[tuple[str, int]]:
    return {
        (f.content_type.model, f.object_id) for f in Follow.objects.filter(user=user).select_related("content_type")
    }


@pytest.mark.parametrize("kind", ["contribution", "demarche", "quartier", "theme"])
def test_follow_and_unfollow_without_javascript(client_for: Any, kind: str) -> None:
    target = {
        "contribution": ContributionFactory,
        "demarche": DemarcheFactory,
        "quartier": QuartierFactory,
        "theme": ThemeFactory,
    }[kind]()
    user = person()
    client = client_for(user)
    response = client.post(reverse("notifications:follow", args=[kind, target.pk]), {"next": "/demarches/"})
    assert response.status_code == 302
    assert response["Location"] == "/demarches/"
    assert _follows(user) == {(kind, target.pk)}
    # Following twice is harmless.
    client.post(reverse("notifications:follow", args=[kind, target.pk]))
    assert Follow.objects.filter(user=user).count() == 1
    response = client.post(reverse("notifications:unfollow", args=[kind, target.pk]))
    assert response.status_code == 302
    assert _follows(user) == set()


def test_follow_with_htmx_returns_the_button_and_the_status(client_for: Any) -> None:
    demarche = DemarcheFactory()
    client = client_for(person())
    response = client.post(
        reverse("notifications:follow", args=["demarche", demarche.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("notifications:unfollow", args=["demarche", demarche.pk]) in html
    assert "Ne plus suivre" in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "Vous suivez cette démarche" in html
    response = client.post(
        reverse("notifications:unfollow", args=["demarche", demarche.pk]), headers={"HX-Request": "true"}
    )
    assert ">Suivre<" in response.content.decode()
    assert "Vous ne suivez plus" in response.content.decode()


def test_nobody_follows_what_they_cannot_see(client_for: Any) -> None:
    hidden = DemarcheFactory(audience=Audience.AGENTS)
    hidden_contribution = ContributionFactory(demarche=hidden)
    resident = person()
    client = client_for(resident)
    assert client.post(reverse("notifications:follow", args=["demarche", hidden.pk])).status_code == 404
    assert (
        client.post(reverse("notifications:follow", args=["contribution", hidden_contribution.pk])).status_code == 404
    )
    assert client.post(reverse("notifications:follow", args=["inconnu", 1])).status_code == 404
    assert client.post(reverse("notifications:follow", args=["demarche", 999999])).status_code == 404
    assert not Follow.objects.exists()
    agent = person()
    DepartmentFactory(members=[agent])
    assert client_for(agent).post(reverse("notifications:follow", args=["demarche", hidden.pk])).status_code == 302


def test_follow_asks_anonymous_visitors_to_log_in(client: Client) -> None:
    contribution = ContributionFactory()
    url = reverse("notifications:follow", args=["contribution", contribution.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert reverse("account_login") in response["HX-Redirect"]
    assert client.get(url).status_code == 405


def test_next_must_stay_on_the_site(client_for: Any) -> None:
    theme = ThemeFactory()
    response = client_for(person()).post(
        reverse("notifications:follow", args=["theme", theme.pk]), {"next": "https://ailleurs.example/"}
    )
    assert response["Location"] == reverse("notifications:follows")


def test_the_button_on_contribution_and_demarche_pages(client_for: Any, client: Client) -> None:
    contribution = ContributionFactory()
    user = person()
    follow(user, contribution)
    html = client_for(user).get(contribution.get_absolute_url()).content.decode()
    assert reverse("notifications:unfollow", args=["contribution", contribution.pk]) in html
    html = client_for(user).get(contribution.demarche.get_absolute_url()).content.decode()
    assert reverse("notifications:follow", args=["demarche", contribution.demarche.pk]) in html
    html = client.get(contribution.get_absolute_url()).content.decode()
    assert "Se connecter pour suivre" in html


def test_my_follows_page_lists_everything_and_hides_what_became_invisible(client_for: Any) -> None:
    user = person()
    visible = ContributionFactory(title="Une contribution visible de tous")
    hidden = ContributionFactory(title="Une contribution devenue interne", demarche=DemarcheFactory())
    quartier, theme = QuartierFactory(name="Les Tilleuls"), ThemeFactory(name="Propreté")
    for target in (visible, hidden, quartier, theme, visible.demarche):
        follow(user, target)
    hidden.demarche.audience = Audience.AGENTS
    hidden.demarche.save()
    response = client_for(user).get(reverse("notifications:follows"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Une contribution visible de tous" in html
    assert "Une contribution devenue interne" not in html
    assert "plus accessible" in html
    assert reverse("notifications:unfollow", args=["contribution", hidden.pk]) in html
    assert reverse("notifications:unfollow", args=["quartier", quartier.pk]) in html
    # Unfollowing what one can no longer see works.
    client_for(user).post(reverse("notifications:unfollow", args=["contribution", hidden.pk]))
    assert ("contribution", hidden.pk) not in _follows(user)


def _follow_contributions(user: Any, count: int) -> None:
    contribution_type = ContentType.objects.get_for_model(ContributionFactory._meta.model)
    demarche = DemarcheFactory()
    contributions = Contribution.objects.bulk_create(
        [Contribution(demarche=demarche, kind="idee", title=f"Suivie n° {i}", body="x") for i in range(count)]
    )
    Follow.objects.bulk_create(
        [Follow(user=user, content_type=contribution_type, object_id=c.pk) for c in contributions]
    )


def test_my_follows_page_costs_the_same_whatever_the_number_of_follows(client_for: Any) -> None:
    def page(count: int) -> list[str]:
        user = person()
        _follow_contributions(user, count)
        for _ in range(3):  # followed last, so on the first page too
            follow(user, QuartierFactory())
            follow(user, ThemeFactory())
        return real_render_queries(client_for(user), reverse("notifications:follows"))

    assert_same_cost(page(10), page(500), at_most=11, what="my follows")


def test_deleting_a_followed_object_removes_its_follows() -> None:
    theme = ThemeFactory()
    follow(person(), theme)
    theme.delete()
    assert not Follow.objects.exists()


def test_deleting_a_followed_contribution_removes_its_follows() -> None:
    # A followable resource's model gets the same cleanup, connected from the registry.
    contribution = ContributionFactory()
    follow(person(), contribution)
    contribution.delete()
    assert not Follow.objects.exists()


def test_a_followed_contribution_is_shown_with_its_kind_and_demarche(client_for: Any) -> None:
    user = person()
    contribution = ContributionFactory(title="Des bancs place du marché")
    follow(user, contribution)
    html = client_for(user).get(reverse("notifications:follows")).content.decode()
    assert "Des bancs place du marché" in html
    assert '<span class="card__meta">Contribution</span>' in html
    assert f'<span class="card__meta">{contribution.demarche.title}</span>' in html


def test_following_a_contribution_says_what_the_resource_says(client_for: Any) -> None:
    contribution = ContributionFactory()
    response = client_for(person()).post(
        reverse("notifications:follow", args=["contribution", contribution.pk]), headers={"HX-Request": "true"}
    )
    assert "Vous suivez cette contribution" in response.content.decode()


def test_followable_kinds_come_from_the_registry() -> None:
    assert registry.spec("contribution").followable is not None
    assert targets.followable()["contribution"] == "contributions.Contribution"
    assert set(targets.followable()) >= {"demarche", "quartier", "theme"}
    assert "contributions.Contribution" in targets.notified_with_their_demarche()
