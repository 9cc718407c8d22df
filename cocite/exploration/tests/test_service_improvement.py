"""« Améliorer notre service » (issue 21): an agents-only, pseudonymous démarche launched by a department's
manager, who answers with the same decision records as for residents — and who, like the administrators,
cannot trace a contribution to the agent who wrote it: not on the pages, the exports, the JSON, the
notifications."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.pseudonyms import alias
from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.actions import contribution_submit
from cocite.contributions.status import KIND
from cocite.debate.actions import comment_post
from cocite.decisions.actions import decision_publish
from cocite.decisions.models import Routing
from cocite.demarches.actions import demarche_from_preset
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.presets import SERVICE_IMPROVEMENT
from cocite.items.models import Item
from cocite.notifications.actions import follow_set
from cocite.notifications.models import Notification
from cocite.opendata import export
from cocite.territory.models import DepartmentMembership
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def internal(django_capture_on_commit_callbacks: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = str(tmp_path)
    manager = UserFactory(display_name="La Cheffe")
    writer = UserFactory(display_name="Plume Discrète", first_name="Odile", last_name="Secrète", email="odile@ville.fr")
    colleague = UserFactory(display_name="Collègue Bavard")
    department = DepartmentFactory(members=[writer, colleague])
    DepartmentMembership.objects.create(department=department, user=manager, role=DepartmentMembership.Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        demarche = demarche_from_preset(actor=manager, preset=SERVICE_IMPROVEMENT, department=department)
        follow_set(user=manager, target=demarche, following=True)
        contribution = contribution_submit(
            author=writer,
            demarche=demarche,
            kind="idee",
            title="Un agenda partagé pour les rendez-vous",
            body="Trois agendas papier, des doubles réservations.",
        )
        comment_post(author=writer, target=contribution, stance="pour", body="Et je le redis ici.")
        comment_post(author=colleague, target=contribution, stance="nuance", body="Bonne idée, mais le coût ?")
    return {
        "manager": manager,
        "writer": writer,
        "colleague": colleague,
        "department": department,
        "demarche": demarche,
        "contribution": contribution,
        "admin": UserFactory(is_superuser=True, is_moderator=True),
    }


def test_the_template_makes_an_agents_only_pseudonymous_demarche_with_its_rules() -> None:
    manager = UserFactory()
    department = DepartmentFactory(name="État civil")
    DepartmentMembership.objects.create(department=department, user=manager, role=DepartmentMembership.Role.MANAGER)
    response = _as(manager).post(reverse("demarches:service_improvement"), {"department": str(department.pk)})
    demarche = Demarche.objects.get()
    assert response.status_code == 302
    assert response["Location"] == demarche.get_absolute_url()
    assert demarche.audience == Audience.AGENTS
    assert demarche.pseudonymous
    assert demarche.managing_department == department
    assert demarche.status == Demarche.Status.PUBLISHED
    assert demarche.current_phase().kind == "collecte"  # type: ignore[union-attr]
    assert demarche.rulebook.versions.count() == 1
    assert "État civil" in demarche.title


def test_only_a_manager_or_an_administrator_launches_it() -> None:
    agent = UserFactory()
    department = DepartmentFactory(members=[agent])
    url = reverse("demarches:service_improvement")
    assert _as(agent).get(url).status_code == 403
    assert _as(UserFactory()).get(url).status_code == 403
    other = DepartmentFactory()
    manager = UserFactory()
    DepartmentMembership.objects.create(department=department, user=manager, role=DepartmentMembership.Role.MANAGER)
    assert _as(manager).post(url, {"department": str(other.pk)}).status_code == 400  # not their department
    assert _as(manager).post(url, {"department": "99999999999999999999"}).status_code == 400
    assert not Demarche.objects.exists()
    assert _as(UserFactory(is_superuser=True)).post(url, {"department": str(other.pk)}).status_code == 302


def test_the_contribution_reaches_the_manager_who_answers_with_a_decision(internal: dict[str, Any]) -> None:
    item = Item.objects.get(kind=KIND, object_id=internal["contribution"].pk)
    assert Routing.objects.get(item=item).department == internal["department"]
    decision = decision_publish(
        actor=internal["manager"],
        items=[item],
        outcome="retenue",
        body="service",
        decided_on=timezone.localdate(),
        explanation=(
            "Nous retenons cette proposition. Un agenda partagé en ligne remplacera les trois agendas papier des "
            "rendez-vous à partir du mois prochain, sans dépense nouvelle, car l'outil de réservation de la commune "
            "le permet déjà ; une demi-journée de prise en main est prévue pour toute l'équipe."
        ),
    )
    assert decision.department == internal["department"]


def _traces(person: Any) -> list[str]:
    return [
        person.display_name,
        person.first_name,
        person.last_name,
        person.email,
        reverse("spaces:person", kwargs={"pk": person.pk}),
    ]


def test_neither_the_manager_nor_an_administrator_can_trace_the_author(
    internal: dict[str, Any], tmp_path: Path
) -> None:
    writer, contribution, demarche = internal["writer"], internal["contribution"], internal["demarche"]
    item = Item.objects.get(kind=KIND, object_id=contribution.pk)
    urls = [
        demarche.get_absolute_url(),
        reverse("contributions:list", kwargs={"slug": demarche.slug}),
        contribution.get_absolute_url(),
        reverse("contributions:similar", kwargs={"slug": demarche.slug}) + "?title=agenda+partag%C3%A9+rendez-vous",
        reverse("decisions:inbox", kwargs={"slug": internal["department"].slug}),
        reverse("decisions:workspace", kwargs={"kind": "contributions", "pk": item.pk}),
        reverse("notifications:list"),
        reverse("spaces:search") + "?q=agenda",
        reverse("spaces:mine"),
    ]
    alias_name = alias(demarche.pk, writer.pk)
    assert alias_name not in writer.display_name
    for viewer in (internal["manager"], internal["admin"]):
        client = _as(viewer)
        for url in urls:
            response = client.get(url, follow=True)
            text = response.content.decode()
            for trace in _traces(writer):
                assert trace not in text, (viewer.display_name, url, trace)
        # The writer's public page lists nothing of the internal démarche.
        profile = client.get(reverse("spaces:person", kwargs={"pk": writer.pk})).content.decode()
        assert contribution.title not in profile
        assert demarche.title not in profile
    page = _as(internal["manager"]).get(contribution.get_absolute_url()).content.decode()
    assert alias_name in page  # the same alias on the contribution and on its author's comment
    assert page.count(alias_name) >= 2
    assert alias(demarche.pk, internal["colleague"].pk) in page
    # The notifications the manager got name nobody.
    notes = Notification.objects.filter(recipient=internal["manager"])
    assert notes.exists()
    for note in notes:
        assert note.payload.get("anonymous") is True
        assert writer.display_name not in str(note.payload)
    # The open data leave internal démarches out entirely.
    export.generate()
    folder = tmp_path / "opendata"
    everything = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir() if p.suffix in {".csv", ".json"})
    for trace in _traces(writer):
        assert trace not in everything


def test_aliases_differ_between_demarches_and_people() -> None:
    assert alias(1, 7) != alias(2, 7)
    assert alias(1, 7) != alias(1, 8)
    assert alias(1, 7) == alias(1, 7)
