"""The debate's rules, enforced in the actions (not only hidden): official answers, phases, stances,
the edit window, deletion and tombstones, the rate limit, and bad input that never yields a 500."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions as contribution_actions
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core import ratelimit
from cocite.core.errors import ActionError, PermissionDenied
from cocite.core.ratelimit import rate_for
from cocite.debate import actions, permissions
from cocite.debate.models import Comment, CommentRevision, Stance
from cocite.debate.tests.factories import CommentFactory
from cocite.demarches.models import Audience, DemarcheComponent, PhaseKind
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.models import Department

pytestmark = pytest.mark.django_db


def _post(author: Any, target: Any, body: str = "Un argument.", stance: str = Stance.FOR, **kwargs: Any) -> Comment:
    return actions.comment_post(author=author, target=target, body=body, stance=stance, **kwargs)


# ---------------------------------------------------------------------------
# Official answers
# ---------------------------------------------------------------------------


def test_an_agent_of_a_non_competent_department_cannot_answer_officially(
    client_for: Any, idea: Any, culture_agent: Any, voirie_agent: Any
) -> None:
    target = permissions.comment_target(idea)
    assert target is not None
    assert permissions.official_departments(culture_agent, target) == []
    page = client_for(culture_agent).get(idea.get_absolute_url()).content.decode()
    assert "Publier une réponse officielle" not in page
    # Enforced in the action, whatever the form says…
    culture = culture_agent.departments.get()
    with pytest.raises(PermissionDenied) as error:
        actions.official_answer_post(author=culture_agent, target=idea, department=culture, body="Réponse.")
    assert error.value.code == "official_forbidden"
    # …even naming a competent department they do not belong to.
    voirie = voirie_agent.departments.get()
    with pytest.raises(PermissionDenied):
        actions.official_answer_post(author=culture_agent, target=idea, department=voirie, body="Réponse.")
    response = client_for(culture_agent).post(
        f"/contributions/{idea.pk}/debat/reponse-officielle/", {"department": voirie.pk, "body": "Réponse."}
    )
    assert response.status_code == 403
    assert "service compétent" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_resident_cannot_answer_officially(client_for: Any, idea: Any, voirie_agent: Any) -> None:
    voirie = voirie_agent.departments.get()
    with pytest.raises(PermissionDenied):
        actions.official_answer_post(author=UserFactory(), target=idea, department=voirie, body="Je suis le service.")
    assert client_for(UserFactory()).get(f"/contributions/{idea.pk}/debat/reponse-officielle/").status_code == 403


def test_an_administrator_may_answer_for_a_competent_department(
    client_for: Any, idea: Any, administrator: Any, voirie_agent: Any
) -> None:
    voirie = voirie_agent.departments.get()
    Department.objects.create(name="Finances", slug="finances")  # not competent: not offered
    target = permissions.comment_target(idea)
    assert target is not None
    assert permissions.official_departments(administrator, target) == [voirie]
    page = client_for(administrator).get(f"/contributions/{idea.pk}/debat/reponse-officielle/").content.decode()
    assert "Voirie et déplacements" in page
    assert "Finances" not in page
    response = client_for(administrator).post(
        f"/contributions/{idea.pk}/debat/reponse-officielle/", {"department": voirie.pk, "body": "Le service répond."}
    )
    assert response.status_code == 302
    answer = Comment.objects.get()
    assert answer.is_official
    assert answer.department == voirie
    assert answer.official_title == ""


def test_an_agent_in_two_competent_departments_chooses(client_for: Any, idea: Any, voirie_agent: Any) -> None:
    from cocite.territory.tests.factories import DepartmentFactory

    second = DepartmentFactory(name="Tranquillité publique", themes=list(idea.themes.all()), members=[voirie_agent])
    target = permissions.comment_target(idea)
    assert target is not None
    assert {d.name for d in permissions.official_departments(voirie_agent, target)} == {
        "Voirie et déplacements",
        "Tranquillité publique",
    }
    response = client_for(voirie_agent).post(
        f"/contributions/{idea.pk}/debat/reponse-officielle/", {"department": "999999", "body": "Réponse."}
    )
    assert response.status_code == 400
    assert "Choisissez l&#x27;un de vos services compétents" in response.content.decode()
    answer = actions.official_answer_post(author=voirie_agent, target=idea, department=second, body="Réponse.")
    assert answer.official_title == "Agent·e"  # the factory's job title for this membership


def test_without_themes_on_the_contribution_the_demarche_themes_decide(idea: Any, voirie_agent: Any) -> None:
    idea.themes.clear()
    target = permissions.comment_target(idea)
    assert target is not None
    assert [d.name for d in permissions.official_departments(voirie_agent, target)] == ["Voirie et déplacements"]


# ---------------------------------------------------------------------------
# Phases, audiences, withdrawn contributions
# ---------------------------------------------------------------------------


def test_no_comments_when_the_phase_does_not_allow_it(client_for: Any) -> None:
    demarche = DemarcheFactory(phase=PhaseKind.ARBITRAGE)
    DemarcheComponent.objects.filter(demarche=demarche).update(settings={"phase_actions": {"arbitrage": []}})
    contribution = ContributionFactory(demarche=demarche)
    existing = CommentFactory(on=contribution, body="Écrit pendant la collecte.")
    person = UserFactory()
    with pytest.raises(PermissionDenied) as error:
        _post(person, contribution)
    assert "« Commenter » n'est pas possible pendant la phase « Arbitrage »." in error.value.message
    with pytest.raises(PermissionDenied):
        _post(person, None, parent=existing)
    with pytest.raises(PermissionDenied):
        actions.useful_set(user=person, comment=existing, useful=True)
    client = client_for(person)
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "Écrit pendant la collecte." in page  # still readable
    assert "« Commenter » n&#x27;est pas possible pendant la phase « Arbitrage »." in page
    assert 'action="/contributions/' + str(contribution.pk) + '/debat/commenter/"' not in page
    assert "Répondre à" not in page
    response = client.post(f"/contributions/{contribution.pk}/debat/commenter/", {"stance": "pour", "body": "x"})
    assert response.status_code == 403
    assert client.post(f"/commentaires/{existing.pk}/repondre/", {"body": "x"}).status_code == 403
    assert Comment.objects.count() == 1


def test_default_phases_allow_comments_until_the_end(client_for: Any) -> None:
    for kind in PhaseKind.values:
        contribution = ContributionFactory(demarche=DemarcheFactory(phase=kind))
        assert _post(UserFactory(), contribution).pk


def test_no_comments_on_a_withdrawn_contribution(client_for: Any, idea: Any) -> None:
    contribution_actions.contribution_withdraw(user=idea.author, contribution=idea)
    with pytest.raises(PermissionDenied) as error:
        _post(UserFactory(), idea)
    assert error.value.message == "Les commentaires sont fermés ici."


def test_verified_audience_and_hidden_demarches(client_for: Any, client: Client) -> None:
    verified_only = ContributionFactory(demarche=DemarcheFactory(audience=Audience.VERIFIED))
    with pytest.raises(PermissionDenied) as error:
        _post(UserFactory(), verified_only)
    assert "résidence est vérifiée" in error.value.message
    now = timezone.now()
    verified = UserFactory(residence_verified_at=now, residence_verified_until=now + datetime.timedelta(days=1))
    assert _post(verified, verified_only).pk
    hidden = ContributionFactory(demarche=DemarcheFactory(audience=Audience.AGENTS))
    comment = CommentFactory(on=hidden)
    for url in (f"/contributions/{hidden.pk}/debat/", f"/commentaires/{comment.pk}/"):
        assert client.get(url).status_code == 404
        assert client_for(UserFactory()).get(url).status_code == 404


# ---------------------------------------------------------------------------
# Stances and bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message", "field"),
    [
        ({"body": "Sans position."}, "Indiquez votre position : pour, contre ou nuance.", "stance"),
        ({"stance": "peut-etre", "body": "Position inconnue."}, "Choisissez pour, contre ou nuance.", "stance"),
        ({"stance": "pour", "body": "   "}, "Écrivez votre commentaire.", "body"),
        ({"stance": "pour", "body": "a" * 5001}, "5 000 caractères", "body"),
    ],
)
def test_bad_top_level_comments_get_french_errors_and_no_record(
    client_for: Any, idea: Any, data: dict[str, str], message: str, field: str
) -> None:
    response = client_for(UserFactory()).post(f"/contributions/{idea.pk}/debat/commenter/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="comment-{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert (
        f'aria-describedby="comment-{field}_error"' in html or f"comment-{field}_helptext comment-{field}_error" in html
    )
    assert not Comment.objects.exists()
    idea.refresh_from_db()
    assert idea.comment_count == 0


def test_stance_is_required_on_top_level_comments_only(idea: Any) -> None:
    person = UserFactory()
    with pytest.raises(ActionError) as error:
        _post(person, idea, stance="")
    assert (error.value.code, error.value.field) == ("stance_required", "stance")
    with pytest.raises(ActionError):
        _post(person, idea, stance="bof")
    top = _post(person, idea)
    assert _post(person, None, parent=top, stance="").stance == ""
    assert _post(person, None, parent=top, stance=Stance.NUANCED).stance == Stance.NUANCED
    with pytest.raises(ActionError):
        _post(person, None, parent=top, stance="bof")


def test_markdown_is_sanitised(idea: Any) -> None:
    comment = _post(UserFactory(), idea, body="**Oui** <script>alert(1)</script> [lien](javascript:alert(1))")
    assert "<strong>Oui</strong>" in comment.body_html
    assert "<script" not in comment.body_html
    assert "javascript:" not in comment.body_html


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/contributions/{idea}/debat/?apres=pas-un-curseur&tri=inconnu", None),
        ("get", "/contributions/{idea}/debat/?apres=12.x&tri=utiles", None),
        ("get", "/commentaires/{comment}/?apres=abc", None),
        ("post", "/commentaires/{comment}/utile/", {"useful": "peut-être"}),
        ("post", "/commentaires/{comment}/utile/", {}),
        ("post", "/commentaires/{comment}/repondre/", {"stance": "xx", "body": ""}),
        ("post", "/contributions/{idea}/debat/reponse-officielle/", {"department": "abc"}),
        ("get", "/commentaires/999999/", None),
        ("get", "/contributions/999999/debat/", None),
        ("post", "/commentaires/{comment}/modifier/", {"body": ""}),
    ],
)
def test_bad_requests_never_give_a_500(
    client_for: Any, idea: Any, voirie_agent: Any, method: str, url: str, data: dict[str, str] | None
) -> None:
    comment = CommentFactory(on=idea, author=voirie_agent)
    client = client_for(voirie_agent)
    response = getattr(client, method)(url.format(idea=idea.pk, comment=comment.pk), data or {})
    assert response.status_code in {200, 302, 400, 403, 404}
    assert Comment.objects.count() == 1


def test_a_reply_to_a_comment_of_another_debate_is_refused(idea: Any) -> None:
    elsewhere = CommentFactory()
    with pytest.raises(ActionError) as error:
        actions.comment_post(author=UserFactory(), target=idea, parent=elsewhere, body="Hors sujet.")
    assert error.value.code == "parent_mismatch"


# ---------------------------------------------------------------------------
# Editing, revisions, deletion
# ---------------------------------------------------------------------------


def test_the_author_edits_within_15_minutes_and_moderators_see_earlier_versions(
    client_for: Any, idea: Any, moderator: Any
) -> None:
    author = UserFactory()
    comment = _post(author, idea, body="Premier jet.", stance=Stance.AGAINST)
    client = client_for(author)
    assert client.get(f"/commentaires/{comment.pk}/modifier/").status_code == 200
    response = client.post(f"/commentaires/{comment.pk}/modifier/", {"stance": "nuance", "body": "Version revue."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.stance, comment.edited_at is not None) == ("Version revue.", Stance.NUANCED, True)
    revision = CommentRevision.objects.get()
    assert (revision.body, revision.stance, revision.edited_by) == ("Premier jet.", Stance.AGAINST, author)

    page = client_for(UserFactory()).get(idea.get_absolute_url()).content.decode()
    assert "modifié" in page
    assert "Premier jet." not in page
    assert f"/commentaires/{comment.pk}/versions/" not in page
    assert client_for(UserFactory()).get(f"/commentaires/{comment.pk}/versions/").status_code == 403
    assert client_for(author).get(f"/commentaires/{comment.pk}/versions/").status_code == 403
    moderation = client_for(moderator)
    assert f"/commentaires/{comment.pk}/versions/" in moderation.get(idea.get_absolute_url()).content.decode()
    history = moderation.get(f"/commentaires/{comment.pk}/versions/").content.decode()
    assert "Premier jet." in history
    assert "Version revue." in history

    # Sixteen minutes later, the window is closed, in the action as on the page.
    later = comment.created_at + datetime.timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with pytest.raises(PermissionDenied) as error:
            actions.comment_edit(user=author, comment=comment, body="Trop tard.")
        assert "15 minutes" in error.value.message
        response = client.post(f"/commentaires/{comment.pk}/modifier/", {"stance": "pour", "body": "Trop tard."})
        assert response.status_code == 403
        assert "Modifier mon commentaire" not in client.get(idea.get_absolute_url()).content.decode()
    comment.refresh_from_db()
    assert comment.body == "Version revue."


def test_only_the_author_edits_or_deletes(client_for: Any, idea: Any) -> None:
    comment = _post(UserFactory(), idea)
    intruder = UserFactory()
    with pytest.raises(PermissionDenied):
        actions.comment_edit(user=intruder, comment=comment, body="Piraté.")
    with pytest.raises(PermissionDenied):
        actions.comment_delete(user=intruder, comment=comment)
    assert client_for(intruder).post(f"/commentaires/{comment.pk}/supprimer/").status_code == 403
    comment.refresh_from_db()
    assert comment.deleted_at is None


def test_editing_keeps_the_stance_rules(idea: Any) -> None:
    author = UserFactory()
    top = _post(author, idea)
    with pytest.raises(ActionError):
        actions.comment_edit(user=author, comment=top, body="Sans position.", stance="")
    reply = _post(author, None, parent=top, stance="")
    assert actions.comment_edit(user=author, comment=reply, body="Toujours sans.", stance="").stance == ""


def test_deleting_without_replies_removes_it_and_decrements_exactly(client_for: Any, idea: Any) -> None:
    author = UserFactory()
    comment = _post(author, idea, body="Je retire ce que j'ai dit.")
    actions.comment_edit(user=author, comment=comment, body="Je retire vraiment.")
    idea.refresh_from_db()
    assert idea.comment_count == 1
    client = client_for(author)
    assert "Supprimer définitivement" in client.get(f"/commentaires/{comment.pk}/supprimer/").content.decode()
    response = client.post(f"/commentaires/{comment.pk}/supprimer/")
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url() + "#debat"
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert comment.body == ""
    assert comment.body_html == ""
    assert not comment.revisions.exists()
    idea.refresh_from_db()
    assert idea.comment_count == 0
    # Idempotent: a second deletion changes nothing.
    client.post(f"/commentaires/{comment.pk}/supprimer/")
    actions.comment_delete(user=author, comment=comment)
    idea.refresh_from_db()
    assert idea.comment_count == 0
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Je retire" not in page
    assert "supprimé par son auteur" not in page
    assert client.get(f"/commentaires/{comment.pk}/").status_code == 404


def test_deleting_with_replies_leaves_a_tombstone(client_for: Any, idea: Any) -> None:
    author = UserFactory(display_name="Auteur pressé")
    top = _post(author, idea, body="Un avis tranché.")
    middle = _post(author, None, parent=top, body="Et je précise.")
    answer = _post(UserFactory(display_name="Voisine"), None, parent=middle, body="Je vous réponds quand même.")
    actions.comment_delete(user=author, comment=top)
    actions.comment_delete(user=author, comment=middle)
    idea.refresh_from_db()
    top.refresh_from_db()
    assert idea.comment_count == 1
    assert top.reply_count == 1
    html = client_for(UserFactory()).get(idea.get_absolute_url()).content.decode()
    assert html.count("Commentaire supprimé par son auteur.") == 2
    assert "Un avis tranché." not in html
    assert "Et je précise." not in html
    assert "Je vous réponds quand même." in html
    assert f'id="useful-button-{top.pk}"' not in html
    assert f"/commentaires/{top.pk}/repondre/" not in html
    # The tombstones keep no stance in the balance.
    assert "<strong>0 argument</strong>" in html  # French: zero is singular
    with pytest.raises(PermissionDenied):
        _post(UserFactory(), None, parent=top, body="Réponse à un fantôme.")
    # When the last reply goes too, so do the tombstones.
    actions.comment_delete(user=answer.author, comment=answer)
    html = client_for(UserFactory()).get(idea.get_absolute_url()).content.decode()
    assert "supprimé par son auteur" not in html


def test_masked_comments_show_the_reason(client_for: Any, idea: Any) -> None:
    comment = CommentFactory(on=idea, body="Texte insultant.")
    Comment.objects.filter(pk=comment.pk).update(masked_at=timezone.now(), masked_reason="propos_injurieux")
    html = client_for(UserFactory()).get(idea.get_absolute_url()).content.decode()
    assert "Ce commentaire a été masqué par la modération" in html
    assert "Propos injurieux" in html  # the reason of the charter (cocite/moderation/reasons.py)
    assert "Texte insultant." not in html
    with pytest.raises(PermissionDenied):
        _post(UserFactory(), None, parent=comment, body="Réponse.")


# ---------------------------------------------------------------------------
# "Utile" and the rate limit
# ---------------------------------------------------------------------------


def test_useful_is_once_per_person_idempotent_and_not_for_oneself(idea: Any) -> None:
    author = UserFactory()
    comment = _post(author, idea)
    reader = UserFactory()
    assert actions.useful_set(user=reader, comment=comment, useful=True) == (True, 1)
    assert actions.useful_set(user=reader, comment=comment, useful=True) == (True, 1)
    assert actions.useful_set(user=UserFactory(), comment=comment, useful=True) == (True, 2)
    assert actions.useful_set(user=reader, comment=comment, useful=False) == (False, 1)
    assert actions.useful_set(user=reader, comment=comment, useful=False) == (False, 1)
    with pytest.raises(PermissionDenied) as error:
        actions.useful_set(user=author, comment=comment, useful=True)
    assert error.value.code == "own_useful"


def test_the_most_useful_argument_of_each_side_leads_the_balance(client: Client, idea: Any) -> None:
    weak = _post(UserFactory(display_name="Pour faible"), idea, body="Argument pour, faible.", stance=Stance.FOR)
    strong = _post(UserFactory(display_name="Pour fort"), idea, body="Argument pour, solide.", stance=Stance.FOR)
    against = _post(UserFactory(display_name="Contre"), idea, body="Argument contre.", stance=Stance.AGAINST)
    for person in [UserFactory() for _ in range(3)]:
        actions.useful_set(user=person, comment=strong, useful=True)
    actions.useful_set(user=UserFactory(), comment=weak, useful=True)
    actions.useful_set(user=UserFactory(), comment=against, useful=True)
    html = client.get(idea.get_absolute_url()).content.decode()
    balance = html[html.index('class="balance"') : html.index('id="debat-participer"')]
    assert "Argument pour, solide." in balance
    assert "Argument pour, faible." not in balance
    assert "Pour fort, jugé utile par 3 personnes" in balance
    assert "Contre, jugé utile par 1 personne" in balance
    assert "<strong>2 arguments</strong>" in balance
    # Sorted by usefulness by default: the strong argument first.
    section = html[html.index('id="debat-commentaires"') :]
    assert section.index("Argument pour, solide.") < section.index("Argument pour, faible.")


def test_posting_is_rate_limited_with_a_clear_message(client_for: Any, idea: Any) -> None:
    person = UserFactory()
    limit = rate_for("comment").count
    for n in range(limit):
        _post(person, idea, body=f"Commentaire {n}.")
    with pytest.raises(ActionError) as error:
        _post(person, idea, body="Un de trop.")
    assert error.value.code == "rate_limited"
    response = client_for(person).post(
        f"/contributions/{idea.pk}/debat/commenter/", {"stance": "pour", "body": "Encore un."}
    )
    assert response.status_code == 429
    assert "Vous pourrez publier à nouveau à partir de" in response.content.decode()
    assert _post(UserFactory(), idea, body="Quelqu'un d'autre peut encore écrire.").pk
    # A minute later, it is possible again (the rate limits' clock is held still in the tests).
    later = ratelimit.clock() + 61
    with mock.patch.object(ratelimit, "clock", return_value=later):
        assert _post(person, idea, body="Après une pause.").pk
    idea.refresh_from_db()
    assert idea.comment_count == limit + 2 == Comment.objects.filter(deleted_at__isnull=True).count()
