"""The volunteering journey in Chromium (issue 19, acceptance 1): a resident signs up for a full mission
and is put on the waiting list; someone cancels and the resident is promoted; after the mission the
organiser confirms attendance and hours; the resident downloads the certificate of hours (PDF).

COCITE_NO_BROWSER=1 deselects these tests knowingly.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.missions import actions
from cocite.missions.models import Registration, Slot
from cocite.territory.tests.factories import OrganisationFactory

from .helpers import event, first_slot, mission, organiser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_full_mission_waiting_list_promotion_hours_and_certificate(page_as: Any, tmp_path: Path) -> None:
    OrganisationFactory(name="Ville de Testville")
    agent = organiser()
    m = mission(by=agent, capacity=1, title="Plantation de la haie du parc")
    slot = first_slot(m)
    first = UserFactory(display_name="Yanis")
    taken = actions.registration_create(person=first, slot=slot, consent=True)
    resident = UserFactory(display_name="Camille", first_name="Camille", last_name="Martin")

    # The mission is full: the resident joins the waiting list.
    page = page_as(resident)
    page.goto(m.get_absolute_url())
    page.get_by_text("Complet", exact=True).wait_for()
    page.get_by_label("J’accepte que mon nom et mon adresse électronique soient transmis aux organisateurs.").check()
    page.get_by_role("button", name="Rejoindre la liste d’attente").click()
    page.get_by_text("Liste d’attente : vous êtes en position 1.").wait_for()

    # The confirmed person cancels from their own page: the resident is promoted.
    other = page_as(first)
    other.goto("/missions/mes-inscriptions/")
    other.get_by_role("button", name="Annuler mon inscription").click()
    other.get_by_text("Votre inscription est annulée.").wait_for()
    assert Registration.objects.get(pk=taken.pk).status == "annulee"
    page.goto("/missions/mes-inscriptions/")
    page.get_by_text("Inscription confirmée").wait_for()

    # The mission took place (its slot moved into the past); the organiser confirms attendance and hours.
    start = slot.starts_at - datetime.timedelta(days=10)
    Slot.objects.filter(pk=slot.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    registration = Registration.objects.get(slot=slot, person=resident)
    organiser_page = page_as(agent)
    organiser_page.goto(m.get_absolute_url())
    organiser_page.get_by_role("link", name="Gérer les inscriptions").click()
    organiser_page.locator(f"#present-{registration.pk}").check()
    organiser_page.locator(f"#hours-{registration.pk}").fill("2,5")
    organiser_page.get_by_role("button", name="Confirmer les présences").click()
    organiser_page.get_by_text("Présences enregistrées (1).").wait_for()

    # The resident sees the hours and downloads the certificate.
    page.goto("/missions/mes-inscriptions/")
    page.get_by_text("2,5 heures de bénévolat confirmées").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mon attestation d’heures (PDF)").click()
    download = download_info.value
    target = tmp_path / "attestation.pdf"
    download.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert download.suggested_filename == "attestation-benevolat.pdf"


def test_an_event_registration_then_its_calendar_file(page_as: Any, tmp_path: Path) -> None:
    """Issue 20, acceptance 1: « an event with registration and .ics »."""
    e = event(capacity=2, title="Rencontre des acteurs du quartier de la Gare")
    resident = UserFactory(display_name="Camille")
    page = page_as(resident)
    page.goto(e.get_absolute_url())
    page.get_by_text("2 libres sur 2").wait_for()
    page.get_by_label("J’accepte que mon nom et mon adresse électronique soient transmis aux organisateurs.").check()
    page.get_by_role("button", name="S’inscrire").click()
    page.get_by_text("Vous êtes inscrit·e.").wait_for()
    page.get_by_text("1 libre sur 2").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    target = tmp_path / "rencontre.ics"
    download_info.value.save_as(target)
    calendar = target.read_bytes().decode()
    assert calendar.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT\r\n" in calendar
    unfolded = calendar.replace("\r\n ", "")
    assert "SUMMARY:Rencontre des acteurs du quartier de la Gare" in unfolded
    assert Registration.objects.get(person=resident).status == "confirmee"
