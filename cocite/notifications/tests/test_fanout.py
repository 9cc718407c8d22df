"""Events reach the followers who may see them: once each, never the actor, in constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution
from cocite.contributions.status import contribution_set_status
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.notifications import actions, events
from cocite.notifications.models import Follow, Notification, NotificationPreference
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory, ThemeFactory

from .helpers import follow, followers, person, prefer, with_verified_email

pytestmark = pytest.mark.django_db


def _submit(author: Any, demarche: Demarche, **extra: Any) -> Contribution:
    return contribution_actions.contribution_submit(
        author=author,
        demarche=demarche,
        kind=Contribution.Kind.IDEA,
        title="Des bancs à l'ombre sur la place",
        body="Les personnes âgées ne peuvent pas s'asseoir en été.",
        **extra,
    )


def _recipients(kind: str | None = None) -> list[int]:
    qs = Notification.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return sorted(qs.values_list("recipient_id", flat=True))


def test_new_contribution_reaches_each_follower_once_whatever_the_path(on_commit: Any) -> None:
    quartier, theme = QuartierFactory(), ThemeFactory()
    demarche = DemarcheFactory()
    everywhere, only_theme, unrelated = person(), person(), person()
    for target in (demarche, quartier, theme):
        follow(everywhere, target)
    follow(only_theme, theme)
    follow(unrelated, ThemeFactory())
    author = person()
    follow(author, demarche)  # the author follows the démarche too: still not told about their own act

    with on_commit():
        contribution = _submit(author, demarche, quartier=quartier, themes=[theme])

    assert _recipients(Notification.Kind.NEW_CONTRIBUTION) == sorted([everywhere.pk, only_theme.pk])
    notification = Notification.objects.get(recipient=everywhere)
    assert notification.url == contribution.get_absolute_url()
    assert notification.demarche_id == demarche.pk
    assert notification.target == contribution
    assert notification.text == (
        f"Nouvelle contribution dans « {demarche.title} » : « Des bancs à l'ombre sur la place »."
    )


def test_authors_supporters_and_commenters_follow_automatically(on_commit: Any) -> None:
    from cocite.debate.actions import comment_post

    demarche = DemarcheFactory()
    author, supporter, commenter = person(), person(), person()
    with on_commit():
        contribution = _submit(author, demarche)
    with on_commit():
        contribution_actions.support_set(user=supporter, contribution=contribution, supported=True)
    with on_commit():
        comment_post(author=commenter, body="Bonne idée, et des fontaines ?", stance="pour", target=contribution)

    followed_by = set(Follow.objects.filter(object_id=contribution.pk).values_list("user_id", flat=True))
    assert followed_by == {author.pk, supporter.pk, commenter.pk}
    # The comment told the author and the supporter, not the commenter.
    assert _recipients(Notification.Kind.COMMENT) == sorted([author.pk, supporter.pk])


def test_offline_contribution_has_no_author_to_follow_and_the_recording_agent_is_not_told(on_commit: Any) -> None:
    agent = person()
    DepartmentFactory(members=[agent])
    demarche = DemarcheFactory()
    follow(agent, demarche)
    watcher = person()
    follow(watcher, demarche)
    with on_commit():
        contribution = _submit(agent, demarche, channel=Contribution.Channel.PAPER, offline_author_name="Mme Roux")
    assert contribution.author_id is None
    assert not Follow.objects.filter(object_id=contribution.pk, content_type__model="contribution").exists()
    assert _recipients() == [watcher.pk]
    assert Notification.objects.get().payload["actor_name"] == "Mme Roux"


def test_unfollowing_stops_the_news(on_commit: Any) -> None:
    from cocite.debate.actions import comment_post

    demarche = DemarcheFactory()
    author, commenter = person(), person()
    with on_commit():
        contribution = _submit(author, demarche)
    actions.unfollow(user=author, kind="contribution", object_id=contribution.pk)
    with on_commit():
        comment_post(author=commenter, body="Et pourquoi pas des arbres ?", stance="nuance", target=contribution)
    assert not Notification.objects.filter(recipient=author).exists()


def test_reply_tells_the_parent_author_it_is_a_reply_and_the_others_it_is_a_comment(on_commit: Any) -> None:
    from cocite.debate.actions import comment_post

    contribution = ContributionFactory()
    first, second, watcher = person(), person(), person()
    follow(watcher, contribution)
    with on_commit():
        parent = comment_post(author=first, body="Il faudrait des bancs.", stance="pour", target=contribution)
    Notification.objects.all().delete()
    with on_commit():
        comment_post(author=second, body="D'accord avec vous.", parent=parent, rate_limited=False)

    kinds = dict(Notification.objects.values_list("recipient_id", "kind"))
    assert kinds == {
        first.pk: Notification.Kind.REPLY,
        watcher.pk: Notification.Kind.COMMENT,
    }  # the factory-made contribution's author does not follow it (factories skip actions)
    reply = Notification.objects.select_related("actor").get(recipient=first)
    assert reply.text == f"{second.display_name} a répondu à votre commentaire sur « {contribution.title} »."


def test_official_answer_names_the_department_and_replaces_a_comment_notification(on_commit: Any) -> None:
    contribution = ContributionFactory()
    watcher = person()
    follow(watcher, contribution)
    department = DepartmentFactory(name="Voirie")
    agent = person()

    class Answer:  # the debate app sends a real Comment; only pk, author_id and a URL matter here
        pk = 424242
        author_id = agent.pk

        def get_absolute_url(self) -> str:
            return f"/debat/{self.pk}/"

    answer = Answer()
    with on_commit():
        actions.event_publish(events.comment_posted(answer, contribution))
    assert Notification.objects.get(recipient=watcher).kind == Notification.Kind.COMMENT
    with on_commit():
        actions.event_publish(events.official_answer_posted(answer, contribution, department))
    notification = Notification.objects.get(recipient=watcher)
    assert notification.kind == Notification.Kind.OFFICIAL_ANSWER
    assert notification.text == f"Réponse officielle du service Voirie sur « {contribution.title} »."
    assert Notification.objects.count() == 1


def test_official_answer_through_the_debate_app(on_commit: Any) -> None:
    from cocite.debate.actions import official_answer_post

    theme = ThemeFactory()
    contribution = ContributionFactory()
    contribution.themes.set([theme])
    contribution.demarche.themes.set([theme])
    agent = person()
    department = DepartmentFactory(members=[agent], themes=[theme])
    watcher = person()
    follow(watcher, contribution)
    follow(agent, contribution)
    with on_commit():
        official_answer_post(author=agent, target=contribution, department=department, body="Ce sera fait en mai.")
    assert _recipients(Notification.Kind.OFFICIAL_ANSWER) == [watcher.pk]


def test_status_change_tells_followers_but_not_whoever_changed_it(on_commit: Any) -> None:
    contribution = ContributionFactory()
    supporter, agent = person(), person()
    follow(supporter, contribution)
    follow(agent, contribution)
    follow(contribution.author, contribution)
    with on_commit():
        contribution_set_status(contribution=contribution, status=Contribution.Status.ACCEPTED, actor=agent)
    assert _recipients(Notification.Kind.STATUS_CHANGED) == sorted([supporter.pk, contribution.author.pk])
    notification = Notification.objects.get(recipient=supporter)
    assert notification.text == f"« {contribution.title} » a désormais le statut « Retenue »."
    assert notification.payload["old_status"] == Contribution.Status.RECEIVED


def test_a_withdrawal_is_the_authors_own_act(on_commit: Any) -> None:
    demarche = DemarcheFactory()
    author, supporter = person(), person()
    with on_commit():
        contribution = _submit(author, demarche)
    follow(supporter, contribution)
    with on_commit():
        contribution_actions.contribution_withdraw(user=author, contribution=contribution)
    assert _recipients(Notification.Kind.STATUS_CHANGED) == [supporter.pk]


@pytest.mark.parametrize(
    ("audience", "told"),
    [
        (Audience.EVERYONE, {"resident", "agent", "invited", "admin"}),
        (Audience.AGENTS, {"agent", "admin"}),
        # Not every agent: those the démarche names (issue 13, defect 13).
        (Audience.INVITED, {"invited", "admin"}),
    ],
)
def test_only_people_who_may_see_the_demarche_are_told(on_commit: Any, audience: str, told: set[str]) -> None:
    demarche = DemarcheFactory(audience=audience)
    people = {"resident": person(), "agent": person(), "invited": person(), "admin": person(is_superuser=True)}
    DepartmentFactory(members=[people["agent"]])
    demarche.invited.add(people["invited"])
    inactive = person(is_active=False)
    for user in [*people.values(), inactive]:
        follow(user, demarche)
    author = person(is_superuser=True)
    with on_commit():
        actions.event_publish(events.new_contribution(ContributionFactory(demarche=demarche, author=author)))
    assert set(_recipients()) == {people[name].pk for name in told}


def test_a_draft_demarche_tells_administrators_only(on_commit: Any) -> None:
    demarche = DemarcheFactory(status=Demarche.Status.DRAFT)
    resident, admin = person(), person(is_superuser=True)
    follow(resident, demarche)
    follow(admin, demarche)
    with on_commit():
        actions.event_publish(events.new_contribution(ContributionFactory(demarche=demarche)))
    assert _recipients() == [admin.pk]


def test_pseudonymous_demarche_names_nobody(on_commit: Any) -> None:
    from cocite.debate.actions import comment_post

    demarche = DemarcheFactory(pseudonymous=True)
    contribution = ContributionFactory(demarche=demarche)
    watcher, commenter = person(), person()
    follow(watcher, contribution)
    with on_commit():
        comment_post(author=commenter, body="Je propose autre chose.", stance="contre", target=contribution)
    notification = Notification.objects.select_related("actor").get(recipient=watcher)
    assert commenter.display_name not in notification.text
    assert notification.text.startswith("Une personne a commenté")


def test_a_retried_fan_out_creates_nothing_twice(on_commit: Any) -> None:
    contribution = ContributionFactory()
    people = followers(contribution.demarche, 5)
    event = events.new_contribution(contribution)
    actions.notifications_deliver(event=event)
    actions.notifications_deliver(event=events.Event.from_json(event.as_json()))
    assert Notification.objects.count() == len(people)


def _fan_out_queries(count: int) -> int:
    contribution = ContributionFactory()
    theme = ThemeFactory()
    contribution.themes.set([theme])
    crowd = followers(contribution.demarche, count)
    # A tenth also follow the theme (dedup), a few want immediate mails.
    from django.contrib.contenttypes.models import ContentType

    theme_type = ContentType.objects.get_for_model(theme)
    Follow.objects.bulk_create([Follow(user=u, content_type=theme_type, object_id=theme.pk) for u in crowd[::10]])
    with_verified_email(crowd[:3])
    for user in crowd[:3]:
        prefer(user, NotificationPreference.EmailFrequency.IMMEDIATE)
    event = events.new_contribution(contribution)
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        actions.notifications_deliver(event=event)
    assert Notification.objects.filter(event_key=event.key).count() == count
    assert len(mail.outbox) == 3
    Notification.objects.all().delete()
    return len(queries.captured_queries)


def test_fan_out_costs_the_same_for_10_or_1000_followers() -> None:
    # A first delivery does what each process keeps once read (content types, the site's name for
    # the mails): counted, it made the result depend on which test ran before in this process.
    _fan_out_queries(3)
    small = _fan_out_queries(10)
    large = _fan_out_queries(1000)
    assert small == large, (small, large)
    assert large <= 10


def test_a_correction_tells_followers_it_was_published_with_its_reason_and_links_to_it(
    on_commit: Any, client: Any
) -> None:
    """Not just « a désormais le statut … »: a correcting decision, what it corrects, and where to read it."""
    from django.utils import timezone

    from cocite.decisions.actions import decision_correct
    from cocite.decisions.models import Decision
    from cocite.decisions.tests import factories as f
    from cocite.decisions.tests.factories import items_of

    setup = f.routed_setup()
    contribution = setup["contributions"][0]
    watcher = person()
    follow(watcher, contribution)
    with on_commit():
        first = f.publish(actor=setup["manager"], items=items_of([contribution]), outcome="retenue")
    assert not Notification.objects.filter(kind=Notification.Kind.DECISION_CORRECTED).exists()
    with on_commit():
        second = decision_correct(
            actor=setup["manager"],
            original=first,
            correction_reason="Le budget voté ne couvre que la moitié des travaux.",
            outcome=Decision.Outcome.ACCEPTED,  # same outcome: no status change to tell
            explanation=f.EXPLANATION,
            body=Decision.Body.MAYOR,
            decided_on=timezone.localdate(),
        )
    notification = Notification.objects.get(recipient=watcher, kind=Notification.Kind.DECISION_CORRECTED)
    assert notification.text == (
        f"Une décision rectificative (n° {second.pk}) remplace la décision n° {first.pk} sur « {contribution.title} ». "
        "Ce qu'elle corrige : Le budget voté ne couvre que la moitié des travaux."
    )
    assert notification.url == second.get_absolute_url()
    assert setup["manager"].pk not in _recipients(Notification.Kind.DECISION_CORRECTED)
    # The captions: the new one corrects, the old one is replaced.
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Décision rectificative" in page
    assert f"Remplacée par la décision n° {second.pk}" in client.get(first.get_absolute_url()).content.decode()
    panel = client.get(contribution.get_absolute_url()).content.decode()
    assert f"Corrige la décision n° {first.pk}" in panel
    assert "Décision corrigée" not in panel
