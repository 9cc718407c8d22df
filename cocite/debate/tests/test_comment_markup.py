"""The debate's threads built in Python (debate/templatetags/comment_markup.py): every name escaped,
every element closed, every kind of comment shown as it was by the templates it replaced."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.debate import actions
from cocite.debate.models import Comment, Stance
from cocite.territory.models import DepartmentMembership
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & <b>'
VOID = {"input", "img", "br", "meta", "link", "hr", "source", "col", "area", "base", "wbr", "track", "embed"}


class _Balance(HTMLParser):
    """The open elements of a fragment, to check that every element the debate opens it closes."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.mismatched: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.mismatched.append(tag)
        else:
            self.open.pop()


def _debate_section(html: str) -> str:
    start = html.index('<section id="debat"')
    return html[start : html.index("</section>", start) + len("</section>")]


@pytest.fixture
def hostile_debate(idea: Any, voirie_theme: Any) -> dict[str, Any]:
    agent = UserFactory(display_name="Agent_V")
    department = DepartmentFactory(name=f"Voirie {HOSTILE}", themes=[voirie_theme])
    DepartmentMembership.objects.create(department=department, user=agent, job_title=f"Cheffe {HOSTILE}")
    official = actions.official_answer_post(
        author=agent, target=idea, department=department, body="Nous étudions la fermeture.", signed=True
    )
    resident = UserFactory(display_name=f"Zoé {HOSTILE}")
    root = actions.comment_post(author=resident, target=idea, stance=Stance.AGAINST, body="Les livraisons ?")
    parent = root
    chain = []
    for depth in range(5):  # deeper than shown nested: the deepest are shown flat, « en réponse à … »
        parent = actions.comment_post(author=resident if depth % 2 else UserFactory(), parent=parent, body=f"R{depth}")
        chain.append(parent)
    gone = actions.comment_post(author=resident, target=idea, stance=Stance.FOR, body="Je retire ce que j'ai dit.")
    actions.comment_post(author=UserFactory(), parent=gone, body="Dommage.")  # a deleted comment with replies stays
    actions.comment_delete(user=resident, comment=gone)
    actions.comment_edit(user=resident, comment=root, body="Les livraisons du matin ?")
    actions.useful_set(user=UserFactory(), comment=root, useful=True)
    return {"official": official, "root": root, "chain": chain, "gone": gone, "resident": resident}


def test_every_name_in_the_debate_is_escaped_and_every_element_closed(idea: Any, hostile_debate: Any) -> None:
    for client in (Client(), _signed_in(hostile_debate["resident"])):
        section = _debate_section(client.get(idea.get_absolute_url()).content.decode())
        assert "<script>" not in section
        assert "<b>" not in section
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in section
        balance = _Balance()
        balance.feed(section)
        assert balance.mismatched == []
        assert balance.open == []
        shown = {int(pk) for pk in re.findall(r'<article id="commentaire-(\d+)"', section)}
        assert shown == set(Comment.objects.filter(object_id=idea.pk).values_list("pk", flat=True))


def test_each_kind_of_comment_says_what_it_is(idea: Any, hostile_debate: Any) -> None:
    root, gone, official = hostile_debate["root"], hostile_debate["gone"], hostile_debate["official"]
    section = _debate_section(Client().get(idea.get_absolute_url()).content.decode())
    assert f'<article id="commentaire-{official.pk}" class="comment comment--official"' in section
    assert "Réponse officielle — Voirie &lt;script&gt;" in section
    assert '<span class="comment__role">Cheffe &lt;script&gt;' in section
    assert f'<article id="commentaire-{root.pk}" class="comment comment--contre"' in section
    assert '<span class="stance stance--contre">Contre</span>' in section
    assert '<span class="comment__edited">modifié</span>' in section
    assert "1 personne l'a trouvé utile" in section
    assert f'<article id="commentaire-{gone.pk}" class="comment comment--pour comment--deleted"' in section
    assert "Commentaire supprimé par son auteur." in section
    # A reply link for the signed-in, none for the anonymous: they are asked to sign in.
    assert "Répondre à" not in section
    signed_in = _debate_section(_signed_in(UserFactory()).get(idea.get_absolute_url()).content.decode())
    assert f'href="/commentaires/{root.pk}/repondre/" hx-get="/commentaires/{root.pk}/repondre/?niveau=4"' in signed_in
    assert "Répondre à Zoé &lt;script&gt;" in signed_in


def test_the_thread_page_and_its_htmx_part_show_the_same_replies(idea: Any, hostile_debate: Any) -> None:
    root = hostile_debate["root"]
    client = _signed_in(hostile_debate["resident"])
    page = client.get(f"/commentaires/{root.pk}/").content.decode()
    part = client.get(f"/commentaires/{root.pk}/?niveau=4", HTTP_HX_REQUEST="true").content.decode()
    assert part.lstrip().startswith(f'<div id="replies-{root.pk}" class="thread__replies">')
    for reply in hostile_debate["chain"]:
        assert f'id="commentaire-{reply.pk}"' in page
        assert f'id="commentaire-{reply.pk}"' in part
    # The deepest replies are shown flat, saying whom they answer (the last one answers Zoé).
    assert '<span class="comment__reply-to">en réponse à Zoé &lt;script&gt;' in page
    # The author's own links, on both.
    assert "Modifier mon commentaire" in page
    assert "Modifier mon commentaire" in part
    balance = _Balance()
    balance.feed(part)
    assert balance.mismatched == []


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
