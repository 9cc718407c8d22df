"""Initiatives: calls for help, « je peux aider », accepting, news for followers, incubation in the
public decision log, « porter ce projet », moderation."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.decisions.models import Decision, LogEntry, Routing
from cocite.items.actions import ItemFacts, item_register, items_record_status
from cocite.items.models import ItemStatus
from cocite.moderation.registry import registry as moderation_registry
from cocite.network import actions, queries
from cocite.network.models import HelpOffer, Incubation
from cocite.notifications.actions import follow_set

from .helpers import EXPLANATION, make_actor, make_initiative, manager_of, theme_and_quartier

pytestmark = pytest.mark.django_db


def test_calls_answers_and_accepted_help(client_for: Any) -> None:
    holder, helper = UserFactory(), UserFactory()
    initiative = make_initiative(holder)
    call = actions.call_create(user=holder, initiative=initiative, kind="locaux", what="Une salle", when="Le samedi")
    with pytest.raises(PermissionDenied):
        actions.call_create(user=helper, initiative=initiative, kind="locaux", what="x", when="y")
    with pytest.raises(ActionError):
        actions.help_offer(user=holder, call=call, message="moi")
    answer = actions.help_offer(user=helper, call=call, message="J'ai une salle de réunion")
    with pytest.raises(Conflict):
        actions.help_offer(user=helper, call=call, message="encore")
    with pytest.raises(PermissionDenied):
        actions.help_decide(user=helper, answer=answer, accept=True)
    # Before it is accepted, only the holders read the answer.
    page = client_for(UserFactory()).get(initiative.get_absolute_url()).content.decode()
    assert "J&#x27;ai une salle" not in page
    assert "J'ai une salle" not in page
    actions.help_decide(user=holder, answer=answer, accept=True)
    assert HelpOffer.objects.get(pk=answer.pk).status == "acceptee"
    with pytest.raises(Conflict):
        actions.help_decide(user=holder, answer=answer, accept=False)
    page = client_for(UserFactory()).get(initiative.get_absolute_url()).content.decode()
    assert helper.display_name in page


def test_members_of_the_carrying_actor_are_holders() -> None:
    admin = UserFactory()
    actor = make_actor(admin)
    initiative = make_initiative(admin, actor=actor)
    member = UserFactory()
    invitation = actions.invitation_create(user=admin, actor=actor, email=member.email, role="membre")
    actions.invitation_accept(user=member, token=actions.invitation_token(invitation))
    assert actions.call_create(user=member, initiative=initiative, kind="financement", what="Subvention", when="2027")
    with pytest.raises(PermissionDenied):
        make_initiative(UserFactory(), actor=actor)


def test_followers_read_the_news_of_the_holders(client_for: Any) -> None:
    holder, follower = UserFactory(), UserFactory()
    initiative = make_initiative(holder)
    follow_set(user=follower, target=initiative, following=True)
    actions.news_post(user=holder, initiative=initiative, body="Premier chantier samedi !")
    with pytest.raises(PermissionDenied):
        actions.news_post(user=follower, initiative=initiative, body="Pirate")
    assert [p.body for p in queries.followed_news(follower)] == ["Premier chantier samedi !"]
    assert "Premier chantier" in client_for(follower).get("/initiatives/suivies/").content.decode()
    assert queries.followed_news(UserFactory()) == []


def test_incubation_is_routed_by_theme_and_granted_in_the_public_log(client_for: Any) -> None:
    theme, quartier = theme_and_quartier()
    department, manager = manager_of(theme)
    holder = UserFactory()
    initiative = make_initiative(holder, themes=[theme.pk], quartiers=[quartier.pk])
    with pytest.raises(PermissionDenied):
        actions.incubation_request(user=UserFactory(), initiative=initiative, request="Aidez-nous")
    incubation = actions.incubation_request(user=holder, initiative=initiative, request="Un local et une subvention")
    assert Routing.objects.get(item=incubation.item).department_id == department.pk
    with pytest.raises(Conflict):
        actions.incubation_request(user=holder, initiative=initiative, request="encore")
    with pytest.raises(PermissionDenied):
        actions.incubation_decide(
            user=holder,
            incubation=incubation,
            granted=True,
            explanation=EXPLANATION,
            support_kind="subvention",
            duration_months=6,
        )
    with pytest.raises(ActionError) as caught:
        actions.incubation_decide(
            user=manager,
            incubation=incubation,
            granted=True,
            explanation="Oui.",
            support_kind="subvention",
            duration_months=6,
        )
    assert caught.value.code == "explanation_too_short"
    with pytest.raises(ActionError):
        actions.incubation_decide(
            user=manager,
            incubation=incubation,
            granted=True,
            explanation=EXPLANATION,
            support_kind="subvention",
            duration_months=None,
        )
    response = client_for(manager).post(
        f"/initiatives/{initiative.pk}/accompagnement/decision/",
        {
            "granted": "1",
            "explanation": EXPLANATION,
            "support_kind": "subvention",
            "amount": "2000",
            "premises": "Salle des fêtes",
            "duration_months": "6",
        },
    )
    assert response.status_code == 302
    incubation = Incubation.objects.get(pk=incubation.pk)
    assert incubation.granted is True
    assert incubation.duration_months == 6
    decision = Decision.objects.get(pk=incubation.decision_id)
    assert decision.outcome == "retenue"
    assert decision.department_id == department.pk
    assert LogEntry.objects.filter(subject_key=f"decision:{decision.pk}").exists()
    journal = client_for(UserFactory()).get("/decisions/journal/")
    assert journal.status_code == 200
    page = client_for(UserFactory()).get(initiative.get_absolute_url()).content.decode()
    assert "Soutien accordé" in page
    with pytest.raises(Conflict):
        actions.incubation_decide(user=manager, incubation=incubation, granted=False, explanation=EXPLANATION)


def test_a_refusal_is_explained_too() -> None:
    theme, _quartier = theme_and_quartier()
    _department, manager = manager_of(theme)
    holder = UserFactory()
    initiative = make_initiative(holder, themes=[theme.pk])
    incubation = actions.incubation_request(user=holder, initiative=initiative, request="Un local")
    decision = actions.incubation_decide(user=manager, incubation=incubation, granted=False, explanation=EXPLANATION)
    assert decision.outcome == "non_retenue"
    assert Incubation.objects.get(pk=incubation.pk).granted is False


def test_carrying_a_retained_idea_links_both_ways(client_for: Any) -> None:

    admin = UserFactory()
    actor = make_actor(admin)
    item = item_register(
        kind="contribution", facts=ItemFacts(object_id=999, demarche_id=None, title="Idée", created_at=timezone.now())
    )
    with pytest.raises(ActionError):
        make_initiative(admin, actor=actor, carries=item)
    items_record_status(kind="contribution", object_ids=[999], status=ItemStatus.ACCEPTED)
    item.refresh_from_db()
    with pytest.raises(ActionError):
        make_initiative(admin, carries=item)  # a retained idea is carried by an actor
    initiative = make_initiative(admin, actor=actor, carries=item)
    assert queries.carried_initiative(item.pk) == initiative
    with pytest.raises(Conflict):
        make_initiative(admin, actor=actor, carries=item, title="Doublon")

    class Obj:
        pk = 999

        class _meta:
            model_name = "contribution"
            label = "contributions.Contribution"

    html = Template("{% load network %}{% carried_by obj %}").render(Context({"obj": Obj()}))
    assert initiative.title in html
    assert initiative.get_absolute_url() in html
    assert "Besoin exprimé dans" in client_for(UserFactory()).get(initiative.get_absolute_url()).content.decode()


def test_moderation_hides_initiatives_profiles_and_news_with_tombstones(client_for: Any, moderator: Any) -> None:
    holder = UserFactory()
    initiative = make_initiative(holder)
    post = actions.news_post(user=holder, initiative=initiative, body="Nouvelle douteuse")
    actor = make_actor()
    for kind, obj in (("initiative", initiative), ("initiative_news", post), ("actor", actor)):
        spec = moderation_registry.get(kind)
        assert spec is not None
        spec.hide(obj, "spam", moderator)
    visitor = client_for(UserFactory())
    assert "masquée par la modération" in visitor.get(initiative.get_absolute_url()).content.decode()
    assert "masqué par la modération" in visitor.get(actor.get_absolute_url()).content.decode()
    assert initiative.title not in visitor.get("/initiatives/").content.decode()
    assert actor.name not in visitor.get("/acteurs/").content.decode()


def test_hostile_ids_and_foreign_writes_answer_without_a_500(client_for: Any) -> None:
    holder = UserFactory()
    initiative = make_initiative(holder)
    call = actions.call_create(user=holder, initiative=initiative, kind="locaux", what="Salle", when="Samedi")
    stranger = client_for(UserFactory())
    assert (
        stranger.post(f"/initiatives/{initiative.pk}/appels/", {"kind": "locaux", "what": "x", "when": "y"}).status_code
        == 403
    )
    assert stranger.get(f"/initiatives/appels/{call.pk}/suggestions/").status_code == 403
    assert stranger.get("/initiatives/99999999/").status_code == 404
    assert stranger.get("/acteurs/?theme=abc&quartier=99999999999999999999").status_code == 400
    assert stranger.get("/initiatives/nouvelle/?porter=abc").status_code == 200
    assert stranger.get("/acteurs/invitation/pas-un-jeton/").status_code == 404
    assert stranger.post(f"/initiatives/{initiative.pk}/accompagnement/decision/").status_code == 404
