"""The debate as people live it, through Django's test client: plain forms, then the htmx variants."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.debate import signals
from cocite.debate.models import Comment, Stance, UsefulMark

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _section(html: str) -> str:
    return html[html.index('id="debat"') :]


def _balance(html: str) -> dict[str, str]:
    """Side -> the text of its count ("1 argument", "0 argument": French singular for 0 and 1)."""
    found = re.findall(r'stance--(pour|contre|nuance)">[^<]*</span>\s*<strong>([^<]+)</strong>', html)
    return dict(found)


def test_a_contradictory_debate_from_first_argument_to_official_answer(
    client_for: Any, idea: Any, voirie_agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    posted: list[Any] = []
    answered: list[Any] = []

    def on_posted(**kwargs: Any) -> None:
        posted.append(kwargs)

    def on_answered(**kwargs: Any) -> None:
        answered.append(kwargs)

    signals.comment_posted.connect(on_posted)
    signals.official_answer_posted.connect(on_answered)
    try:
        # A resident argues against the idea.
        resident = UserFactory(display_name="Bernard, retraité")
        alice = client_for(resident)
        page = alice.get(idea.get_absolute_url()).content.decode()
        assert "Donner votre avis" in page
        assert _balance(page) == {"pour": "0 argument", "contre": "0 argument", "nuance": "0 argument"}
        with django_capture_on_commit_callbacks(execute=True):
            response = alice.post(
                f"/contributions/{idea.pk}/debat/commenter/",
                {"stance": "contre", "body": "Les riverains âgés ont besoin de leur voiture le matin."},
            )
        assert response.status_code == 302
        argument = Comment.objects.get()
        assert response["Location"].endswith(f"?tri=recents#commentaire-{argument.pk}")
        assert (argument.stance, argument.depth, argument.author) == (Stance.AGAINST, 0, resident)
        page = alice.get(response["Location"]).content.decode()
        assert "Votre commentaire est publié." in page
        assert "Les riverains âgés ont besoin de leur voiture le matin." in page
        assert _balance(page)["contre"] == "1 argument"

        # Another resident replies, without a stance.
        other = UserFactory(display_name="Léa à vélo")
        lea = client_for(other)
        response = lea.get(f"/commentaires/{argument.pk}/repondre/")
        assert response.status_code == 200
        assert "Répondre à Bernard, retraité" in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = lea.post(
                f"/commentaires/{argument.pk}/repondre/",
                {"body": "Les riverains auraient un badge : ils passeraient quand même."},
            )
        assert response.status_code == 302
        reply = Comment.objects.get(parent=argument)
        assert (reply.depth, reply.root_id, reply.stance) == (1, argument.pk, "")
        assert response["Location"] == f"/commentaires/{reply.pk}/#commentaire-{reply.pk}"
        thread = lea.get(response["Location"]).content.decode()
        assert "Les riverains auraient un badge" in thread

        # She also finds the argument useful, though she disagrees.
        response = lea.post(f"/commentaires/{argument.pk}/utile/", {"useful": "1", "next": idea.get_absolute_url()})
        assert response.status_code == 302
        assert response["Location"] == idea.get_absolute_url()

        # The competent department answers officially, without the agent's private name.
        agent = client_for(voirie_agent)
        page = agent.get(idea.get_absolute_url()).content.decode()
        assert "Publier une réponse officielle" in page
        department = voirie_agent.departments.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = agent.post(
                f"/contributions/{idea.pk}/debat/reponse-officielle/",
                {"department": department.pk, "body": "Une expérimentation aura lieu au printemps, avec badges."},
            )
        assert response.status_code == 302
        answer = Comment.objects.get(is_official=True)
        assert answer.department == department

        page = _section(Client().get(idea.get_absolute_url()).content.decode())
        assert "Réponse officielle — Voirie et déplacements" in page
        assert "Responsable de la voirie" in page
        assert "Perrin-Secret" not in page
        assert "Nathalie_P" not in page
        # Pinned first: the official answer comes before the residents' arguments.
        assert page.index(f'id="commentaire-{answer.pk}"') < page.index(f'id="commentaire-{argument.pk}"')
        # The balance counts arguments (not the official answer) and shows the most useful one.
        assert _balance(page) == {"pour": "0 argument", "contre": "1 argument", "nuance": "0 argument"}
        assert "Bernard, retraité, jugé utile par 1 personne" in page

        idea.refresh_from_db()
        assert idea.comment_count == 3
        assert [p["comment"] for p in posted] == [argument, reply]
        assert posted[0]["target"] == idea
        assert [(a["comment"], a["department"], a["target"]) for a in answered] == [(answer, department, idea)]
    finally:
        signals.comment_posted.disconnect(on_posted)
        signals.official_answer_posted.disconnect(on_answered)


def test_signed_official_answer_shows_the_display_name_never_the_real_name(
    client_for: Any, idea: Any, voirie_agent: Any
) -> None:
    department = voirie_agent.departments.get()
    client_for(voirie_agent).post(
        f"/contributions/{idea.pk}/debat/reponse-officielle/",
        {"department": department.pk, "body": "Réponse signée.", "signed": "on"},
    )
    page = Client().get(idea.get_absolute_url()).content.decode()
    # The signed name links to the agent's public page (spaces:person).
    link = f'<a class="person-link" href="/personnes/{voirie_agent.pk}/">Nathalie_P</a>'
    assert f"Responsable de la voirie — {link}" in page
    assert "Perrin-Secret" not in page


def test_official_answer_without_job_title_says_agent_of_the_department(
    client_for: Any, idea: Any, voirie_agent: Any
) -> None:
    membership = voirie_agent.department_memberships.get()
    membership.job_title = ""
    membership.save()
    client_for(voirie_agent).post(
        f"/contributions/{idea.pk}/debat/reponse-officielle/",
        {"department": membership.department_id, "body": "Nous étudions la question."},
    )
    assert "Agent·e du service" in _section(Client().get(idea.get_absolute_url()).content.decode())


def test_htmx_reply_useful_and_more_comments_swap_in_place(client_for: Any, idea: Any) -> None:
    author = UserFactory(display_name="Camille")
    first = client_for(author)
    first.post(f"/contributions/{idea.pk}/debat/commenter/", {"stance": "pour", "body": "Enfin des rues calmes."})
    argument = Comment.objects.get()
    reader = client_for(UserFactory(display_name="Yanis"))

    # The inline reply form comes as a fragment, focused, posting to the thread's replies.
    fragment = reader.get(f"/commentaires/{argument.pk}/repondre/?niveau=4", **HTMX).content.decode()
    assert "<html" not in fragment
    assert f'hx-post="/commentaires/{argument.pk}/repondre/"' in fragment
    assert f'hx-target="#replies-{argument.pk}"' in fragment
    assert "autofocus" in fragment

    # Invalid: the form comes back into its slot with the error, nothing recorded.
    response = reader.post(f"/commentaires/{argument.pk}/repondre/", {"body": "  ", "niveau": "4"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#reply-slot-{argument.pk}"
    assert "Écrivez votre commentaire." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert Comment.objects.count() == 1

    # Valid: the thread's replies come back with the new one focused, and the live region speaks.
    response = reader.post(
        f"/commentaires/{argument.pk}/repondre/", {"body": "Et les livraisons ?", "niveau": "4"}, **HTMX
    )
    html = response.content.decode()
    reply = Comment.objects.get(parent=argument)
    assert html.lstrip().startswith(f'<div id="replies-{argument.pk}"')
    assert f'id="commentaire-{reply.pk}"' in html
    assert 'tabindex="-1" autofocus' in html
    assert f'<h5 id="commentaire-{reply.pk}-titre"' in html
    assert 'hx-swap-oob="innerHTML:#debate-status">Votre réponse est publiée.' in html
    assert f'<div id="reply-slot-{argument.pk}" class="comment__reply-slot" hx-swap-oob="true">' in html

    # "Utile" toggles in place, idempotently, with the pressed state.
    response = reader.post(f"/commentaires/{argument.pk}/utile/", {"useful": "1"}, **HTMX)
    html = response.content.decode()
    assert 'aria-pressed="true"' in html
    assert "1 personne l'a trouvé utile" in html
    reader.post(f"/commentaires/{argument.pk}/utile/", {"useful": "1"}, **HTMX)
    assert UsefulMark.objects.count() == 1
    html = reader.post(f"/commentaires/{argument.pk}/utile/", {"useful": "0"}, **HTMX).content.decode()
    assert 'aria-pressed="false"' in html
    argument.refresh_from_db()
    assert argument.useful_count == 0


def test_more_top_level_comments_load_with_htmx_or_as_a_page(client: Client, idea: Any) -> None:
    from cocite.debate.queries import PAGE_SIZE
    from cocite.debate.tests.factories import CommentFactory

    comments = [CommentFactory(on=idea, body=f"Argument {n:02d}") for n in range(PAGE_SIZE + 5)]
    page = _section(client.get(idea.get_absolute_url() + "?tri=anciens").content.decode())
    assert "Argument 00" in page
    assert f"Argument {PAGE_SIZE - 1:02d}" in page
    assert f"Argument {PAGE_SIZE:02d}" not in page
    link = re.search(r'id="debate-more-link"[^>]* href="([^"]+)" hx-get="([^"]+)"', page)
    assert link is not None
    href, hx_get = (value.replace("&amp;", "&") for value in link.groups())
    assert "niveau=4" in hx_get
    assert "niveau" not in href

    # Without JavaScript: a full page of the following comments.
    full = client.get(href).content.decode()
    assert "<h1>Débat : " in full
    assert f"Argument {PAGE_SIZE:02d}" in full
    assert "Argument 00" not in full
    assert f'<h3 id="commentaire-{comments[PAGE_SIZE].pk}-titre"' in full

    # With htmx: only the threads, appended to the list, the first one focused, announced.
    fragment = client.get(hx_get, **HTMX).content.decode()
    assert "<html" not in fragment
    assert 'hx-swap-oob="beforeend:#debate-list"' in fragment
    assert "5 commentaires de plus affichés." in fragment
    assert fragment.count('tabindex="-1" autofocus') == 1
    assert f'<h4 id="commentaire-{comments[PAGE_SIZE].pk}-titre"' in fragment
    assert 'id="debate-more-link"' not in fragment  # nothing further


def test_see_all_replies_with_htmx_or_the_thread_page(client: Client, idea: Any) -> None:
    from cocite.debate.queries import PREVIEW_REPLIES
    from cocite.debate.tests.factories import CommentFactory

    root = CommentFactory(on=idea, reply_count=PREVIEW_REPLIES + 3)
    for n in range(PREVIEW_REPLIES + 3):
        CommentFactory(parent=root, body=f"Réponse {n:02d}")
    page = _section(client.get(idea.get_absolute_url()).content.decode())
    assert f"Réponse {PREVIEW_REPLIES - 1:02d}" in page
    assert f"Réponse {PREVIEW_REPLIES:02d}" not in page
    assert "Voir les 3 autres réponses" in page
    fragment = client.get(f"/commentaires/{root.pk}/?niveau=4", **HTMX).content.decode()
    assert fragment.lstrip().startswith(f'<div id="replies-{root.pk}"')
    assert f"Réponse {PREVIEW_REPLIES + 2:02d}" in fragment
    assert f'<p id="more-replies-{root.pk}" class="thread__loaded" tabindex="-1">8 réponses affichées' in fragment
    full = client.get(f"/commentaires/{root.pk}/").content.decode()
    assert "<h1>Fil de discussion</h1>" in full
    assert f"Réponse {PREVIEW_REPLIES + 2:02d}" in full


def test_anonymous_visitors_read_and_are_sent_to_log_in_to_write(client: Client, idea: Any) -> None:
    from cocite.debate.tests.factories import CommentFactory

    comment = CommentFactory(on=idea)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Connectez-vous pour participer au débat" in page
    assert 'id="useful-button-' not in page
    assert "Répondre à" not in page
    for url, data in [
        (f"/contributions/{idea.pk}/debat/commenter/", {"stance": "pour", "body": "x"}),
        (f"/contributions/{idea.pk}/debat/reponse-officielle/", {"body": "x"}),
        (f"/commentaires/{comment.pk}/repondre/", {"body": "x"}),
        (f"/commentaires/{comment.pk}/utile/", {"useful": "1"}),
        (f"/commentaires/{comment.pk}/modifier/", {"body": "x"}),
        (f"/commentaires/{comment.pk}/supprimer/", {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/comptes/login/?next="), url
    response = client.post(f"/commentaires/{comment.pk}/utile/", {"useful": "1"}, **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/comptes/login/")
    assert Comment.objects.count() == 1
    assert UsefulMark.objects.count() == 0


def test_posts_need_the_csrf_token(idea: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(f"/contributions/{idea.pk}/debat/commenter/", {"stance": "pour", "body": "Sans jeton."})
    assert response.status_code == 403
    assert Comment.objects.count() == 0
