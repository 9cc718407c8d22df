"""The later kinds (issue 17: « and later items »: reports, missions and meetings, actors, initiatives) on
their own pages, as a person in each role meets them: « Signaler » for whoever reads the item, a tombstone
stating the reason and the charter article once it is hidden (never the reason's code), and « Contester ce
masquage » for its author — from the item's page, leading to the appeal form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.debate.tests.factories import CommentFactory
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import RulebookFactory, publish_version
from cocite.missions import actions as mission_actions
from cocite.missions.tests import helpers as mission_helpers
from cocite.moderation import actions
from cocite.network.tests import helpers as network_helpers
from cocite.opinions import actions as opinion_actions
from cocite.opinions.tests.factories import conversation_for, opinion_demarche
from cocite.reports.tests import helpers as report_helpers
from cocite.residency.tests import helpers as residency_helpers

pytestmark = pytest.mark.django_db


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _page(user: Any, url: str) -> str:
    response = _client(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _hide(kind: str, pk: int) -> None:
    actions.items_hide(actor=UserFactory(is_moderator=True), kind=kind, object_ids=[pk], reason="propos_injurieux")


def _tombstone_then_appeal(kind: str, obj: Any, author: Any, url: str, secret: str) -> None:
    flag_url = reverse("moderation:flag", kwargs={"kind": kind, "pk": obj.pk})
    assert flag_url in _page(UserFactory(), url)
    _hide(kind, obj.pk)
    charter = reverse("demarches:charter")
    for viewer in (None, UserFactory(), author):
        page = _page(viewer, url)
        assert "Propos injurieux" in page, viewer
        assert f'{charter}#article-1"' in page, viewer
        assert "propos_injurieux" not in page
        assert flag_url not in page
    appeal_url = reverse("moderation:appeal", kwargs={"kind": kind, "pk": obj.pk})
    assert appeal_url not in _page(UserFactory(), url)
    page = _page(author, url)
    assert appeal_url in page
    assert "Contester ce masquage" in page
    assert secret not in _page(None, url)
    response = _client(author).post(appeal_url, {"text": "Je ne visais personne."})
    assert response.status_code == 302


def test_a_report(settings: Any) -> None:
    publish_version(RulebookFactory(title="Charte de la participation"))
    author = UserFactory()
    report = report_helpers.report(
        report_helpers.category(), author=author, description="Le voisin du 12 est un imbécile."
    )
    _tombstone_then_appeal("report", report, author, report.get_absolute_url(), "imbécile")


def test_an_initiative_and_an_actor() -> None:
    publish_version(RulebookFactory(title="Charte de la participation"))
    holder = UserFactory()
    initiative = network_helpers.make_initiative(holder=holder, title="Un composteur géré par des imbéciles")
    _tombstone_then_appeal("initiative", initiative, holder, initiative.get_absolute_url(), "imbéciles")
    admin = UserFactory()
    actor = network_helpers.make_actor(admin=admin, name="Les imbéciles du quartier")
    _tombstone_then_appeal("actor", actor, admin, actor.get_absolute_url(), "imbéciles du quartier")


def test_a_mission() -> None:
    publish_version(RulebookFactory(title="Charte de la participation"))
    organiser = mission_helpers.organiser()
    mission = mission_helpers.mission(by=organiser, title="Planter une haie avec les imbéciles")
    _tombstone_then_appeal("mission", mission, organiser, mission.get_absolute_url(), "imbéciles")


def test_a_hidden_missions_title_leaves_its_volunteers_registrations() -> None:
    """A volunteer registered before the hiding keeps the registration, not the hidden text."""
    mission = mission_helpers.mission(title="Planter une haie avec les imbéciles")
    volunteer = UserFactory()
    mission_actions.registration_create(
        person=volunteer, slot=mission_helpers.first_slot(mission), consent=True, age_confirmed=True
    )
    mine = reverse("missions:mine")
    assert "les imbéciles" in _page(volunteer, mine)
    _hide("mission", mission.pk)
    page = _page(volunteer, mine)
    assert "les imbéciles" not in page
    assert "Contenu masqué" in page


def test_an_opinion_statement_can_be_flagged_by_whoever_reads_it_even_without_a_vote() -> None:
    """The card shows the statement to everyone; « Signaler » was only beside the vote buttons."""
    demarche = opinion_demarche(audience=Audience.VERIFIED)
    statement = opinion_actions.statement_submit(
        author=residency_helpers.verified(UserFactory()),
        conversation=conversation_for(demarche),
        text="Une proposition à lire pour tous",
    )
    flag_url = reverse("moderation:flag", kwargs={"kind": "statement", "pk": statement.pk})
    main = reverse("opinions:main", kwargs={"slug": demarche.slug})
    for viewer in (UserFactory(), residency_helpers.verified(UserFactory())):
        page = _page(viewer, main)
        assert "Une proposition à lire pour tous" in page
        assert flag_url in page, viewer


def test_a_hidden_comment_on_its_own_page() -> None:
    """The comment's page (/commentaires/N/, where a notification leads) offers its author the appeal too."""
    author = UserFactory()
    comment = CommentFactory(author=author, body="Un avis un peu vif SECRETCOMMENTAIRE")
    Contribution.objects.filter(pk=comment.object_id).update(comment_count=1)  # the factory keeps no counter
    _tombstone_then_appeal(
        "comment", comment, author, reverse("debate:thread", kwargs={"pk": comment.pk}), "SECRETCOMMENTAIRE"
    )
