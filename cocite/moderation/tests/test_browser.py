"""The moderation journey in Chromium (issue 17, acceptance 1): a resident flags a comment; a moderator
hides it with a reason; the tombstone shows the reason; the author appeals; another moderator restores
it; the public report counts it. Without JavaScript-dependent steps: every form is a plain form.

Uses the system Chromium like the accessibility gate (``cocite/core/tests/browser/``);
COCITE_NO_BROWSER=1 deselects these tests knowingly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, NO_BROWSER_ENV
from cocite.debate import actions as debate_actions
from cocite.debate.models import Comment
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if os.environ.get(NO_BROWSER_ENV, "") not in ("", "0"):
        pytest.skip(f"{NO_BROWSER_ENV} set: browser tests deselected")
    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page_as(chromium: Any, live_server: Any) -> Iterator[Any]:
    contexts = []

    def open_as(user: Any) -> Any:
        context = chromium.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_flag_hide_tombstone_appeal_restore_and_the_public_report(page_as: Any) -> None:
    publish_version(RulebookFactory(title="Charte de la participation"))
    idea = ContributionFactory(demarche=DemarcheFactory(), title="Des bancs sur la place du marché")
    author = UserFactory(display_name="Bernard")
    comment = debate_actions.comment_post(
        author=author, target=idea, body="Ce voisin est un imbécile fini.", stance="contre"
    )
    resident = UserFactory(display_name="Camille")
    first_moderator = UserFactory(is_moderator=True, display_name="Modération A")
    second_moderator = UserFactory(is_moderator=True, display_name="Modération B")

    # A resident flags the comment from the contribution's page.
    page = page_as(resident)
    page.goto(idea.get_absolute_url())
    page.locator(f"#commentaire-{comment.pk}").get_by_role("link", name="Signaler").click()
    page.get_by_label("Propos injurieux").check()
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_text("Merci : votre signalement est transmis à la modération.").wait_for()

    # A moderator hides it from the queue with a reason of the charter.
    page = page_as(first_moderator)
    page.goto("/mon-espace/")
    page.get_by_role("link", name="File de modération : 1 contenu signalé à examiner").click()
    entry = page.locator(f"#a-moderer-comment-{comment.pk}")
    assert "imbécile" in entry.text_content()
    entry.get_by_label("Motif du masquage").select_option("propos_injurieux")
    entry.get_by_role("button", name="Masquer", exact=True).click()
    page.get_by_text("Aucun contenu à examiner.").wait_for()

    # The tombstone shows the reason and the charter article, to a visitor.
    page = page_as(None)
    page.goto(idea.get_absolute_url())
    tombstone = page.locator(f"#commentaire-{comment.pk}")
    text = tombstone.text_content()
    assert "Ce commentaire a été masqué par la modération" in text
    assert "Propos injurieux" in text
    assert "imbécile" not in page.content()
    tombstone.get_by_role("link", name="article 1 de la charte").click()
    page.locator("#article-1").wait_for()

    # The author appeals from the contribution's page.
    page = page_as(author)
    page.goto(idea.get_absolute_url())
    page.get_by_role("link", name="Contester ce masquage").click()
    page.get_by_label("Pourquoi contestez-vous ce masquage ?").fill(
        "J'ai mal choisi mes mots, mais je parlais du projet."
    )
    page.get_by_role("button", name="Envoyer mon recours").click()
    page.get_by_text("Votre recours est enregistré").wait_for()

    # The moderator who hid it cannot decide; another one restores it.
    page = page_as(first_moderator)
    page.goto("/moderation/file/")
    page.get_by_role("link", name="Recours déposé le", exact=False).click()
    page.get_by_text("Vous avez masqué ce contenu : un·e autre modérateur·rice tranchera ce recours.").wait_for()
    page = page_as(second_moderator)
    page.goto("/moderation/file/")
    page.get_by_role("link", name="Recours déposé le", exact=False).click()
    page.get_by_label("Rétablir le contenu").check()
    page.get_by_label("Motif de la décision (envoyé à l’auteur·rice)").fill("Le propos vise le projet, rétabli.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("La décision est enregistrée").wait_for()
    assert Comment.objects.get(pk=comment.pk).masked_at is None

    # The public report counts it: one flag, one hidden item, one appeal accepted.
    page = page_as(None)
    page.goto("/")
    page.get_by_role("link", name="Rapport de la modération").click()
    row = page.locator("section#par-mois, section[aria-labelledby='par-mois']").locator("tbody tr").first
    assert [cell.text_content() for cell in row.locator("td").all()] == ["1", "1", "1", "1"]
    assert "Propos injurieux" in page.locator("section[aria-labelledby='par-motif']").text_content()
