"""The debate in Chromium: htmx swaps land where they should, focus follows, axe finds nothing.

Uses the system Chromium like the accessibility gate (``cocite/core/tests/browser/``);
COCITE_NO_BROWSER=1 deselects these tests knowingly.
"""

from __future__ import annotations

from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.debate import actions
from cocite.debate.models import Comment, Stance
from cocite.debate.queries import PAGE_SIZE
from cocite.debate.tests.factories import CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _wait_focus(page: Any, script: str, arg: str) -> None:
    """Focus moves once htmx has settled the swap: wait for it (fails after 5 s)."""
    page.wait_for_function(script, arg=arg, timeout=5000)


FOCUS_ID = "id => document.activeElement !== null && document.activeElement.id === id"
FOCUS_TEXT = "text => document.activeElement !== null && document.activeElement.textContent.includes(text)"


def _axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response.get("violations", [])]


def test_reply_inline_mark_useful_and_load_more_with_htmx(page_as: Any, idea: Any, voirie_agent: Any) -> None:
    for n in range(PAGE_SIZE + 2):
        CommentFactory(on=idea, body=f"Argument en plus {n}", stance=Stance.FOR)
    author = UserFactory(display_name="Camille")
    # The newest argument: first on the page (sorted by usefulness, then newest first).
    argument = actions.comment_post(author=author, target=idea, stance=Stance.AGAINST, body="Trop de voitures.")
    actions.official_answer_post(
        author=voirie_agent, target=idea, department=voirie_agent.departments.get(), body="Le service étudie."
    )
    page = page_as(UserFactory(display_name="Yanis"))
    page.goto(idea.get_absolute_url())
    assert _axe_violations(page) == []

    # Reply inline: the form appears in place, focused; the reply lands in the thread, focused.
    page.get_by_role("link", name="Répondre à Camille").click()
    textarea = page.locator(f"#reply-{argument.pk}-body")
    textarea.wait_for()
    _wait_focus(page, FOCUS_ID, f"reply-{argument.pk}-body")
    page.get_by_role("button", name="Publier ma réponse").click()  # empty: error in place
    page.get_by_text("Écrivez votre commentaire.").wait_for()
    assert textarea.get_attribute("aria-invalid") == "true"
    textarea.fill("Et les livraisons du matin ?")
    page.get_by_role("button", name="Publier ma réponse").click()
    reply = page.locator("article", has_text="Et les livraisons du matin ?")
    reply.wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'ARTICLE'")
    _wait_focus(page, FOCUS_TEXT, "Et les livraisons du matin ?")
    assert page.evaluate("document.activeElement.textContent").count("Et les livraisons du matin ?") == 1
    assert page.locator("#debate-status").text_content() == "Votre réponse est publiée."
    assert page.locator(f"#reply-{argument.pk}-body").count() == 0
    assert Comment.objects.filter(parent=argument).count() == 1
    assert page.url.endswith(idea.get_absolute_url())  # no page load

    # "Utile": pressed state toggles, focus stays on the button.
    button = page.locator(f"#useful-button-{argument.pk}")
    button.click()
    page.wait_for_function(
        f"() => document.querySelector('#useful-button-{argument.pk}').getAttribute('aria-pressed') === 'true'"
    )
    _wait_focus(page, FOCUS_ID, f"useful-button-{argument.pk}")
    assert "1 personne l'a trouvé utile" in page.locator(f"#useful-{argument.pk}").text_content()

    # More comments: appended to the same list, the first new one focused, announced.
    before = page.locator("#debate-list > li").count()
    page.get_by_role("link", name="Afficher plus de commentaires").click()
    page.wait_for_function(f"() => document.querySelectorAll('#debate-list > li').length > {before}")
    assert page.locator("#debate-list > li").count() == PAGE_SIZE + 3  # 23 arguments in all
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'ARTICLE'")
    assert "de plus affiché" in page.locator("#debate-status").text_content()
    assert page.locator("#debate-more-link").count() == 0
    assert _axe_violations(page) == []


def test_debate_pages_and_forms_pass_axe(page_as: Any, idea: Any, voirie_agent: Any) -> None:
    author = UserFactory(display_name="Camille")
    argument = actions.comment_post(author=author, target=idea, stance=Stance.NUANCED, body="À tester d'abord.")
    parent = argument
    for depth in range(5):
        parent = actions.comment_post(author=UserFactory(), parent=parent, body=f"Réponse au niveau {depth + 1}.")
    page = page_as(author)
    for url in (
        f"/contributions/{idea.pk}/debat/",
        f"/commentaires/{argument.pk}/",
        f"/contributions/{idea.pk}/debat/commenter/",
        f"/commentaires/{parent.pk}/repondre/",
        f"/commentaires/{argument.pk}/modifier/",
        f"/commentaires/{argument.pk}/supprimer/",
    ):
        page.goto(url)
        assert _axe_violations(page) == [], url
    page.goto(f"/contributions/{idea.pk}/debat/commenter/")
    page.get_by_role("button", name="Publier mon commentaire").click()
    page.get_by_text("Indiquez votre position : pour, contre ou nuance.").wait_for()
    assert page.get_by_text("Indiquez votre position : pour, contre ou nuance.").count() == 1
    assert _axe_violations(page) == []
    agent_page = page_as(voirie_agent)
    agent_page.goto(f"/contributions/{idea.pk}/debat/reponse-officielle/")
    assert _axe_violations(agent_page) == []
    # Deep replies are shown flat under their depth-3 ancestor, saying whom they answer.
    page.goto(f"/commentaires/{argument.pk}/")
    assert page.get_by_text("en réponse à").count() == 2
    assert _axe_violations(page) == []
