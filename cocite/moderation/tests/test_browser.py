"""The moderation journey in Chromium (issue 17, acceptance 1): a resident flags a comment; a moderator
hides it with a reason; the tombstone shows the reason; the author appeals; another moderator restores
it; the public report counts it. Without JavaScript-dependent steps: every form is a plain form.

Uses the system Chromium like the accessibility gate (``cocite/core/tests/browser/``);
COCITE_NO_BROWSER=1 deselects these tests knowingly.
"""

from __future__ import annotations

from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.debate import actions as debate_actions
from cocite.debate.models import Comment
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
