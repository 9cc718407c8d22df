"""A suspension or a ban stops every write, not only those a démarche's rule guards (issue 17: « suspend
the author for a period, ban »; the sentence they read says « vous ne pouvez plus publier ni voter »).

The sweep walks the writes of `core/tests/test_write_limits.py` (every action that publishes a person's
text or counts their vote, each with a scenario that performs it): after the scenario's setup, every person
it made is banned — or suspended —, and the write must be refused with the moderation's French sentence.
The few writes a sanction leaves open say why below, so a new write cannot slip in unclassified.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import PermissionDenied
from cocite.core.tests.test_write_limits import LIMITED
from cocite.debate import actions as debate_actions
from cocite.debate.tests.factories import CommentFactory
from cocite.moderation import actions
from cocite.moderation.models import Sanction
from cocite.moderation.sanctions import forget_cached_block
from cocite.network.models import Initiative
from cocite.quality.models import PageQuestion
from cocite.quality.tests import helpers as quality_helpers
from cocite.reports import actions as report_actions
from cocite.reports.models import Report
from cocite.reports.tests import helpers as report_helpers
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

# Writes a sanction leaves open, and why.
STILL_OPEN: dict[str, str] = {
    "moderation.appeal_submit": "contesting the moderation's decision is the sanctioned person's remedy",
    "residency.residence_check_franceconnect": "proving one's residence publishes nothing and casts no vote",
    "missions.registration_create": "signing up for a volunteering slot publishes nothing and casts no vote",
    "reports.report_submit_open311": "an application's key, no person behind the write",
}


def _users_in(value: Any, depth: int = 0) -> Iterator[User]:
    """The people a scenario's closure holds (directly, or in the dict or list it set up)."""
    if isinstance(value, User):
        yield value
    elif depth < 2 and isinstance(value, dict):
        for item in value.values():
            yield from _users_in(item, depth + 1)
    elif depth < 2 and isinstance(value, list | tuple):
        for item in value:
            yield from _users_in(item, depth + 1)


def _sanction_everyone(moderator: User, kind: str, write: Callable[[int], Any]) -> None:
    for person in User.objects.exclude(pk=moderator.pk).filter(is_moderator=False, is_superuser=False):
        actions.person_sanction(actor=moderator, user=person, kind=kind, reason="spam_publicite", days=3)
    # The scenario's objects were loaded before the sanction (a request loads the person afresh).
    for cell in write.__closure__ or ():
        for person in _users_in(cell.cell_contents):
            forget_cached_block(person)


@pytest.mark.parametrize("kind", [Sanction.Kind.BAN, Sanction.Kind.SUSPENSION])
def test_every_write_refuses_a_sanctioned_person(kind: str) -> None:
    assert not set(STILL_OPEN) - set(LIMITED), "stale entries"
    moderator = UserFactory(is_moderator=True)
    refused = []
    for name, makers in LIMITED.items():
        for maker in makers:
            if name in STILL_OPEN or maker.__name__ == "_feedback_anonymous":  # a visitor: no account to sanction
                continue
            _scope, write = maker()
            _sanction_everyone(moderator, kind, write)
            with pytest.raises(PermissionDenied) as error:
                write(1)
            assert "par la modération" in error.value.message, (name, maker.__name__, error.value.message)
            refused.append(name)
    assert len(set(refused)) == len(LIMITED) - len(STILL_OPEN)


def test_a_warning_blocks_nothing_and_a_lifted_ban_opens_again() -> None:
    moderator = UserFactory(is_moderator=True)
    category, person = report_helpers.category(slug="averti"), UserFactory()
    actions.person_sanction(actor=moderator, user=person, kind=Sanction.Kind.WARNING, reason="hors_sujet")
    report_actions.report_submit(user=person, category=category, description="Banc cassé", address="Rue Haute")
    actions.person_sanction(actor=moderator, user=person, kind=Sanction.Kind.BAN, reason="hors_sujet")
    with pytest.raises(PermissionDenied):
        report_actions.report_submit(user=person, category=category, description="Banc cassé 2", address="Rue Haute")
    actions.sanction_lift(actor=moderator, user=person, note="Exclusion levée après échange.")
    report_actions.report_submit(
        user=User.objects.get(pk=person.pk), category=category, description="Banc cassé 3", address="Rue Haute"
    )


def _banned_client(moderator: User) -> tuple[User, Client]:
    person = UserFactory()
    actions.person_sanction(actor=moderator, user=person, kind=Sanction.Kind.BAN, reason="propos_injurieux")
    client = Client()
    client.force_login(person)
    return person, client


def test_the_pages_tell_a_banned_person_why_in_french() -> None:
    """Through the forms: a French sentence, never a 500, nothing written."""
    moderator = UserFactory(is_moderator=True)
    person, client = _banned_client(moderator)
    category = report_helpers.category(slug="pages-exclu")
    response = client.post(
        reverse("reports:new"),
        {"category": category.pk, "description": "Un lampadaire éteint", "address": "Rue de la Gare"},
    )
    assert response.status_code in {200, 400, 403}, response.status_code
    assert "exclu par la modération" in response.content.decode()
    assert not Report.objects.filter(author=person).exists()

    info = quality_helpers.page(DepartmentFactory())
    response = client.post(
        reverse("quality:ask", kwargs={"slug": info.slug}), {"kind": "question", "body": "Pourquoi ?"}
    )
    assert response.status_code in {200, 400, 403}, response.status_code
    assert "exclu par la modération" in response.content.decode()
    assert not PageQuestion.objects.filter(author=person).exists()

    response = client.post(
        reverse("network:initiative_create"),
        {"title": "Un composteur partagé", "need": "Des déchets verts.", "solution": "Un bac.", "stage": "idee"},
    )
    assert response.status_code in {200, 400, 403}, response.status_code
    assert "exclu par la modération" in response.content.decode()
    assert not Initiative.objects.filter(holder=person).exists()


@pytest.mark.parametrize("kind", [Sanction.Kind.SUSPENSION, Sanction.Kind.BAN])
def test_a_sanctioned_author_may_not_edit_a_recent_comment(kind: str) -> None:
    """An edit publishes new text: the 15 minutes an author has to edit do not outlast a sanction."""
    moderator, author = UserFactory(is_moderator=True), UserFactory()
    comment = CommentFactory(author=author, body="Un avis publié il y a une minute")
    page = comment.target.get_absolute_url()
    client = Client()
    client.force_login(author)
    edit = reverse("debate:edit", kwargs={"pk": comment.pk})
    assert edit in client.get(page).content.decode()  # before: the author's edit link
    actions.person_sanction(actor=moderator, user=author, kind=kind, reason="propos_injurieux", days=3)
    assert edit not in client.get(page).content.decode()
    with pytest.raises(PermissionDenied) as refused:
        debate_actions.comment_edit(user=User.objects.get(pk=author.pk), comment=comment, body="Un autre texte")
    assert refused.value.code == "sanctioned"
    response = client.post(edit, {"body": "Un autre texte"})
    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.body == "Un avis publié il y a une minute"
