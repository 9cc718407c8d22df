"""Public profiles: a pseudonym leads to what the person published that the viewer may see, and
nothing private; deleted, anonymised or private profiles answer 404 with an explanation; the page
costs the same queries whatever the amount of activity."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.actions import account_anonymise
from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution, Support
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.debate.models import Comment
from cocite.debate.tests.factories import CommentFactory
from cocite.decisions.tests import factories as f
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.notifications.models import Follow

pytestmark = pytest.mark.django_db


def url(user: User) -> str:
    return reverse("spaces:person", kwargs={"pk": user.pk})


def text(client: Client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def test_the_pseudonym_links_to_the_profile_on_contributions_and_comments(client: Client) -> None:
    author = UserFactory(display_name="Camille Vélo")
    contribution = ContributionFactory(author=author, title="Une piste cyclable rue Haute")
    CommentFactory(on=contribution, author=author, body="Je soutiens cette piste.")
    page = text(client, contribution.get_absolute_url())
    assert f'href="{url(author)}"' in page
    listing = text(client, reverse("contributions:list", kwargs={"slug": contribution.demarche.slug}))
    assert f'href="{url(author)}"' in listing


def test_the_profile_lists_public_activity_and_nothing_private(client: Client) -> None:
    department = f.department(name="Voirie")
    author = f.member(department, display_name="Camille Vélo", first_name="Prénomsecret", last_name="Nomsecret")
    public = DemarcheFactory(title="Démarche publique")
    agents_only = DemarcheFactory(title="Démarche interne", audience=Audience.AGENTS)
    pseudonymous = DemarcheFactory(title="Démarche pseudonyme", audience=Audience.AGENTS, pseudonymous=True)
    draft = DemarcheFactory(title="Démarche brouillon", status="draft")
    shown = ContributionFactory(author=author, demarche=public, title="Contribution publique visible")
    ContributionFactory(author=author, demarche=agents_only, title="Contribution interne AGENTSONLY")
    ContributionFactory(author=author, demarche=pseudonymous, title="Contribution PSEUDONYMOUS")
    ContributionFactory(author=author, demarche=draft, title="Contribution DRAFTMARKER")
    ContributionFactory(
        author=author, demarche=public, title="Contribution WITHDRAWNMARKER", status=Contribution.Status.WITHDRAWN
    )
    supported = ContributionFactory(demarche=public, title="Contribution SUPPORTEDMARKER d'une autre")
    followed = ContributionFactory(demarche=public, title="Contribution FOLLOWEDMARKER d'une autre")
    Support.objects.create(user=author, contribution=supported)
    Follow.objects.create(user=author, content_type=ContentType.objects.get_for_model(followed), object_id=followed.pk)
    other = ContributionFactory(demarche=public, title="Contribution commentée")
    CommentFactory(on=other, author=author, body="Argument VISIBLEARGUMENT")
    CommentFactory(on=other, author=author, body="Argument MASKEDMARKER", masked_at=timezone.now(), masked_reason="x")
    CommentFactory(on=other, author=author, body="Argument DELETEDMARKER", deleted_at=timezone.now())
    internal = ContributionFactory(demarche=agents_only, title="Autre contribution interne")
    CommentFactory(on=internal, author=author, body="Argument INTERNALARGUMENT")
    CommentFactory(
        on=other, author=author, body="Réponse SIGNEDANSWER", stance="", is_official=True, department=department,
        signed=True, official_title="Chargée de mission",
    )  # fmt: skip
    CommentFactory(
        on=other, author=author, body="Réponse UNSIGNEDANSWER", stance="", is_official=True, department=department
    )

    visitor = text(client, url(author))
    assert "Camille Vélo" in visitor
    assert "Contribution publique visible" in visitor
    assert shown.get_absolute_url() in visitor
    assert "VISIBLEARGUMENT" in visitor
    assert "SIGNEDANSWER" in visitor
    assert "Voirie" in visitor
    for private in (
        "AGENTSONLY", "PSEUDONYMOUS", "DRAFTMARKER", "WITHDRAWNMARKER", "SUPPORTEDMARKER", "FOLLOWEDMARKER",
        "MASKEDMARKER", "DELETEDMARKER", "INTERNALARGUMENT", "UNSIGNEDANSWER", "Prénomsecret", "Nomsecret",
        author.email,
    ):  # fmt: skip
        assert private not in visitor, private

    # An agent sees the agents-only démarche's contribution and argument, still nothing private.
    client.force_login(f.member(department))
    agent = text(client, url(author))
    assert "AGENTSONLY" in agent
    assert "INTERNALARGUMENT" in agent
    for private in ("PSEUDONYMOUS", "DRAFTMARKER", "SUPPORTEDMARKER", "UNSIGNEDANSWER", "Prénomsecret", author.email):
        assert private not in agent, private


def test_an_anonymised_account_has_no_profile_and_no_link(client: Client) -> None:
    author = UserFactory(display_name="Camille Vélo")
    contribution = ContributionFactory(author=author, title="Une piste cyclable rue Haute")
    account_anonymise(author)
    page = text(client, url(author), status=404)
    assert "Ce compte a été supprimé" in page
    assert "Camille" not in page
    assert url(author) not in text(client, contribution.get_absolute_url())


def test_a_private_profile_answers_404_and_the_pseudonym_is_not_linked(client: Client) -> None:
    author = UserFactory(display_name="Camille Vélo", public_profile=False)
    contribution = ContributionFactory(author=author, title="Une piste cyclable rue Haute")
    assert "a choisi de ne pas afficher" in text(client, url(author), status=404)
    page = text(client, contribution.get_absolute_url())
    assert "Camille Vélo" in page
    assert url(author) not in page


def test_unknown_person_and_hostile_parameters(client: Client) -> None:
    assert "Aucune personne" in text(client, "/personnes/999999/", status=404)
    assert client.get("/personnes/99999999999999999999999/").status_code == 404
    author = UserFactory()
    hostile = ("?liste=contributions&apres=abc", "?liste=%00&apres=-1", "?liste=reponses&apres=99999999999999999999")
    for query in hostile:
        assert client.get(url(author) + query).status_code == 200


def test_the_profile_preference_is_in_the_account_settings(client: Client) -> None:
    person = UserFactory(display_name="Camille Vélo")
    client.force_login(person)
    page = text(client, reverse("accounts:profile"))
    assert 'name="public_profile"' in page
    response = client.post(reverse("accounts:profile"), {"display_name": "Camille Vélo"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.public_profile is False


def test_see_more_goes_on_after_the_last_row(client: Client) -> None:
    author = UserFactory()
    demarche = DemarcheFactory()
    titles = [f"Contribution numéro {i:02d} de la liste" for i in range(15)]
    for title in titles:
        ContributionFactory(author=author, demarche=demarche, title=title)
    first = text(client, url(author))
    assert titles[14] in first
    assert titles[5] in first
    assert titles[4] not in first
    assert "liste=contributions" in first
    last_pk = Contribution.objects.get(title=titles[5]).pk
    more = text(client, f"{url(author)}?liste=contributions&apres={last_pk}")
    assert titles[4] in more
    assert titles[0] in more
    assert titles[5] not in more
    assert "Voir plus de contributions" not in more


def _grow(author: User, n: int, demarche: Any, target: Contribution) -> None:
    content_type = ContentType.objects.get_for_model(Contribution)
    Contribution.objects.bulk_create(
        Contribution(author=author, demarche=demarche, kind="idee", title=f"Idée {author.pk}-{i}", body="Un texte.")
        for i in range(n)
    )
    Comment.objects.bulk_create(
        Comment(
            author=author, content_type=content_type, object_id=target.pk, stance="pour", body=f"Argument {i}",
            body_html=f"<p>Argument {i}</p>",
        )
        for i in range(n)
    )  # fmt: skip


def test_the_profile_costs_the_same_at_10_and_500_items(client: Client) -> None:
    department = f.department()
    demarche = DemarcheFactory()
    small, large = UserFactory(), UserFactory()
    target = ContributionFactory(demarche=demarche)
    _grow(small, 10, demarche, target)
    _grow(large, 500, demarche, target)
    for viewer in (None, f.member(department)):
        if viewer is not None:
            client.force_login(viewer)
        assert_same_cost(
            real_render_queries(client, url(small)),
            real_render_queries(client, url(large)),
            at_most=9 if viewer is None else 11,
            what="public profile",
        )


def test_no_link_to_a_profile_from_a_pseudonymous_demarche(client: Client) -> None:
    department = f.department()
    author = f.member(department, display_name="Agent Discret")
    demarche = DemarcheFactory(audience=Audience.AGENTS, pseudonymous=True)
    contribution = ContributionFactory(author=author, demarche=demarche, title="Une idée interne au service")
    comment = CommentFactory(on=contribution, author=author, body="Un argument interne.")
    client.force_login(f.member(department))
    for path in (contribution.get_absolute_url(), comment.get_absolute_url()):
        page = text(client, path)
        assert "Un argument interne." in page
        assert url(author) not in page, path
    assert url(author) not in text(client, reverse("contributions:list", kwargs={"slug": demarche.slug}))
