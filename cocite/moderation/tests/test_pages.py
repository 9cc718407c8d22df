"""The moderation pages for each role (visitor, resident, author, moderator, agent), the tombstones
where hidden items were, hostile input on the new forms, and the cost of the queue and the report."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.debate import actions as debate_actions
from cocite.debate.tests.factories import CommentFactory
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.moderation import actions
from cocite.moderation.models import Appeal, Flag, ModerationAction, Sanction

pytestmark = pytest.mark.django_db


def _flag_url(comment: Any) -> str:
    return reverse("moderation:flag", kwargs={"kind": "comment", "pk": comment.pk})


def test_a_visitor_is_sent_to_login_to_flag(comment: Any) -> None:
    response = Client().get(_flag_url(comment))
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_a_resident_flags_once_and_the_author_cannot(client_for: Any, comment: Any, resident: Any, author: Any) -> None:
    client = client_for(resident)
    page = client.get(_flag_url(comment)).content.decode()
    assert "ZORGLUBMARK" in page
    assert "Propos injurieux" in page
    response = client.post(_flag_url(comment), {"reason": "propos_injurieux"})
    assert response.status_code == 302
    assert Flag.objects.get().reporter == resident
    again = client.post(_flag_url(comment), {"reason": "spam_publicite"})
    assert again.status_code == 409
    assert "déjà signalé" in again.content.decode()
    own = client_for(author).post(_flag_url(comment), {"reason": "spam_publicite"})
    assert own.status_code == 409
    assert "propre contenu" in own.content.decode()
    assert Flag.objects.count() == 1


def test_the_thread_offers_signaler_without_javascript(client_for: Any, comment: Any, idea: Any, resident: Any) -> None:
    page = client_for(resident).get(idea.get_absolute_url()).content.decode()
    assert _flag_url(comment) in page


@pytest.mark.parametrize(
    "data",
    [
        {"reason": "<script>alert(1)</script>"},
        {"reason": "autre_motif", "text": ""},
        {"reason": "spam_publicite", "text": "x" * 5000},
        {"reason": ["spam_publicite", "autre_motif"], "text": "\u202eabc"},
        {},
    ],
)
def test_hostile_input_on_the_flag_form_gets_a_french_error(
    client_for: Any, comment: Any, resident: Any, data: dict[str, Any]
) -> None:
    response = client_for(resident).post(_flag_url(comment), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert 'class="errorlist' in response.content.decode()


def test_unknown_kinds_and_numbers_are_404(client_for: Any, resident: Any) -> None:
    client = client_for(resident)
    assert client.get("/moderation/signaler/inconnu/1/").status_code == 404
    assert client.get("/moderation/signaler/comment/999999/").status_code == 404
    assert client.get("/moderation/signaler/comment/abc/").status_code == 404


def test_the_queue_is_for_moderators(client_for: Any, comment: Any, resident: Any, agent: Any, moderator: Any) -> None:
    actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="propos_injurieux", text="Insulte")
    url = reverse("moderation:queue")
    assert Client().get(url).status_code == 302
    assert client_for(resident).get(url).status_code == 403
    assert client_for(agent).get(url).status_code == 403
    page = client_for(moderator).get(url).content.decode()
    assert "ZORGLUBMARK" in page
    assert "Insulte" in page
    assert resident.display_name not in page  # who flagged is not needed to decide


def test_a_moderator_hides_from_the_queue_and_the_tombstone_shows_the_reason(
    client_for: Any, comment: Any, idea: Any, resident: Any, moderator: Any, author: Any
) -> None:
    actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="propos_injurieux")
    key = f"comment:{comment.pk}"
    response = client_for(moderator).post(
        reverse("moderation:queue"), {"action_masquer": key, f"motif-{key}": "propos_injurieux"}
    )
    assert response.status_code == 302
    for viewer in (Client(), client_for(resident)):
        page = viewer.get(idea.get_absolute_url()).content.decode()
        assert "Ce commentaire a été masqué par la modération" in page
        assert "Propos injurieux" in page
        assert "/regles/#article-1" in page
        assert "ZORGLUBMARK" not in page
    assert "ZORGLUBMARK" in client_for(moderator).get(idea.get_absolute_url()).content.decode()
    own = client_for(author).get(idea.get_absolute_url()).content.decode()
    assert reverse("moderation:appeal", kwargs={"kind": "comment", "pk": comment.pk}) in own


def test_bulk_actions_and_hostile_queue_input(
    client_for: Any, comment: Any, idea: Any, resident: Any, moderator: Any
) -> None:
    other = debate_actions.comment_post(author=UserFactory(), target=idea, body="Autre.", stance="pour")
    for target in (comment, other):
        actions.flag_submit(user=resident, kind="comment", object_id=target.pk, reason="spam_publicite")
    client = client_for(moderator)
    url = reverse("moderation:queue")
    for data in (
        {"selection": ["comment:abc", "x:1", ""], "conserver_selection": "1"},
        {"selection": [f"comment:{comment.pk}"], "masquer_selection": "1", "motif": "<b>"},
        {"selection": [f"comment:{comment.pk}"]},
        {"action_masquer": "comment:-1"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
    keys = [f"comment:{comment.pk}", f"comment:{other.pk}"]
    assert client.post(url, {"selection": keys, "masquer_selection": "1", "motif": "spam_publicite"}).status_code == 302
    assert ModerationAction.objects.filter(action="action_masquer").count() == 2


def test_the_appeal_goes_to_another_moderator(
    client_for: Any, comment: Any, author: Any, resident: Any, moderator: Any, second_moderator: Any
) -> None:
    actions.items_hide(actor=moderator, kind="comment", object_ids=[comment.pk], reason="propos_injurieux")
    url = reverse("moderation:appeal", kwargs={"kind": "comment", "pk": comment.pk})
    assert client_for(resident).get(url).status_code == 403
    assert client_for(author).post(url, {"text": ""}).status_code == 400
    assert client_for(author).post(url, {"text": "C'est une citation."}).status_code == 302
    assert client_for(author).post(url, {"text": "Encore."}).status_code == 409
    appeal = Appeal.objects.get()
    decide = reverse("moderation:appeal_decide", kwargs={"pk": appeal.pk})
    assert client_for(resident).get(decide).status_code == 403
    same = client_for(moderator).post(decide, {"decision": "retablir", "note": "Moi."})
    assert same.status_code == 403
    bad = client_for(second_moderator).post(decide, {"decision": "<x>", "note": ""})
    assert bad.status_code == 400
    ok = client_for(second_moderator).post(decide, {"decision": "retablir", "note": "Citation admise."})
    assert ok.status_code == 302
    comment.refresh_from_db()
    assert comment.masked_at is None


def test_sanctions_from_the_page_and_hostile_input(client_for: Any, author: Any, resident: Any, moderator: Any) -> None:
    url = reverse("moderation:sanction", kwargs={"pk": author.pk})
    assert client_for(resident).get(url).status_code == 403
    client = client_for(moderator)
    for data in (
        {"kind": "sanction_suspension", "reason": "spam_publicite"},
        {"kind": "sanction_suspension", "reason": "spam_publicite", "days": "-3"},
        {"kind": "sanction_suspension", "reason": "spam_publicite", "days": "abc"},
        {"kind": "bannissement", "reason": "spam_publicite"},
        {"kind": "sanction_avertissement", "reason": "??"},
    ):
        assert client.post(url, data).status_code == 400
    assert client.post(url, {"kind": "sanction_suspension", "reason": "spam_publicite", "days": "3"}).status_code == 302
    assert Sanction.objects.get().user == author


def test_a_suspended_person_sees_until_when_on_the_contribution(
    client_for: Any, idea: Any, author: Any, moderator: Any
) -> None:
    actions.person_sanction(actor=moderator, user=author, kind="sanction_suspension", reason="spam_publicite", days=2)
    page = client_for(author).get(idea.get_absolute_url()).content.decode()
    assert "suspendu par la modération jusqu’au" in page


def test_the_public_report_is_open_to_all_and_names_nobody(comment: Any, resident: Any, moderator: Any) -> None:
    actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="propos_injurieux")
    actions.items_hide(actor=moderator, kind="comment", object_ids=[comment.pk], reason="propos_injurieux")
    page = Client().get(reverse("moderation:report")).content.decode()
    assert "Propos injurieux" in page
    assert "<caption>" in page
    for secret in (resident.display_name, moderator.display_name, comment.author.display_name, "ZORGLUBMARK"):
        assert secret not in page


def test_the_charter_shows_the_articles_tombstones_link_to(db: Any) -> None:
    publish_version(RulebookFactory(title="Charte de la participation"))
    page = Client().get(reverse("demarches:charter")).content.decode()
    for number in range(1, 7):
        assert f'id="article-{number}"' in page
    assert reverse("moderation:report") in page


def _flag_many(idea: Any, n: int) -> None:
    reporter = UserFactory()
    for index in range(n):
        target = debate_actions.comment_post(
            author=UserFactory(), target=idea, body=f"Argument {index}", stance="pour", rate_limited=False
        )
        Flag.objects.create(kind="comment", object_id=target.pk, reporter=reporter, reason="spam_publicite")


def test_the_queue_costs_the_same_with_more_items(client_for: Any, idea: Any, moderator: Any) -> None:
    client = client_for(moderator)
    url = reverse("moderation:queue")
    _flag_many(idea, 2)
    small = real_render_queries(client, url)
    _flag_many(idea, 6)
    large = real_render_queries(client, url)
    assert_same_cost(small, large, at_most=20, what="the moderation queue")


def test_the_report_costs_the_same_with_more_months(comment: Any, idea: Any, moderator: Any) -> None:
    client = Client()
    url = reverse("moderation:report")
    _flag_many(idea, 1)
    small = real_render_queries(client, url)
    _flag_many(idea, 5)
    actions.items_hide(actor=moderator, kind="comment", object_ids=[comment.pk], reason="spam_publicite")
    large = real_render_queries(client, url)
    assert_same_cost(small, large, at_most=10, what="the public moderation report")


def test_my_space_counts_what_this_moderator_may_act_on(
    client_for: Any, comment: Any, resident: Any, moderator: Any
) -> None:
    """Each number of « Mon espace » matches the queue it leads to: items of a démarche the moderator
    may not see are not counted, and items waiting for approval have their own line."""
    actions.flag_submit(user=resident, kind="comment", object_id=comment.pk, reason="spam_publicite")
    agents_only = ContributionFactory(demarche=DemarcheFactory(audience=Audience.AGENTS), title="Réservé aux agents")
    internal = CommentFactory(on=agents_only, body="Un argument interne.")
    Flag.objects.create(kind="comment", object_id=internal.pk, reporter=UserFactory(), reason="spam_publicite")
    premoderated = ContributionFactory(demarche=DemarcheFactory(premoderation=True))
    debate_actions.comment_post(author=UserFactory(), target=premoderated, body="En attente.", stance="pour")
    page = client_for(moderator).get(reverse("spaces:mine")).content.decode()
    assert "File de modération : 1 contenu signalé à examiner" in page
    assert "À valider : 1 contenu en attente" in page
    assert "0 recours en attente" in page
