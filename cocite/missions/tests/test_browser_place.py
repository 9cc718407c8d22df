"""« Where (map) » in Chromium (audit of issue 19): an organiser searches the mission's address on the publishing
form's map, picks it with the keyboard, the point fills latitude and longitude and its quartier is said; the
published mission's page shows the place on a map and the quartier derived from the point.

COCITE_NO_BROWSER=1 deselects these tests knowingly.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from cocite.missions.models import Mission
from cocite.territory.models import Quartier
from cocite.territory.tests.ban_standin import BanStandIn
from cocite.territory.tests.factories import square

from .helpers import organiser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organiser_places_the_mission_by_address_search(page_as: Any, ban_geocoder: BanStandIn) -> None:
    # « 12 Rue des Écoles » of the stand-in lies at (47.8412, 1.9512).
    gare = Quartier.objects.create(name="La Gare", slug="la-gare", population=1000, boundary=square(1.94, 47.835, 0.02))
    agent = organiser()
    page = page_as(agent)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/missions/nouvelle/")
    search = page.get_by_role("combobox", name="Rechercher une adresse")
    search.press_sequentially("12 rue des écoles", delay=20)
    page.locator("#adresse-resultats [role=option]").first.wait_for()
    search.press("ArrowDown")
    search.press("Enter")
    page.get_by_text("Point placé : 12 Rue des Écoles 99100 Bellerive (quartier La Gare).").wait_for()
    assert page.get_by_label("Latitude").input_value() == "47.841200"
    assert page.get_by_label("Longitude").input_value() == "1.951200"
    page.get_by_label("Titre").fill("Repeindre les bancs de l’école")
    page.get_by_label("Ce que vous ferez").fill("Poncer et repeindre.")
    page.get_by_label("Pourquoi cette mission").fill("Pour la rentrée.")
    page.get_by_label("Service organisateur").select_option(index=1)
    page.get_by_label("Adresse ou lieu").fill("Cour de l’école, 12 rue des Écoles")
    day = timezone.localdate() + datetime.timedelta(days=6)
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_start").fill("09:00")
    page.locator("#id_end").fill("12:00")
    page.get_by_role("button", name="Publier la mission").click()
    page.get_by_text("La mission est publiée.").wait_for()
    made = Mission.objects.get(title="Repeindre les bancs de l’école")
    assert made.quartier_id == gare.pk
    page.locator("#place-map.leaflet-container .leaflet-overlay-pane path").first.wait_for()  # the point
    assert errors == []
