"""Gaps an outside tester found in missions (audit of issue 19): « where (map) » — the organiser places the
point on a map (address search, position or click) when publishing; the mission's page shows it on a map."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cocite.missions.models import Mission
from cocite.territory.tests.factories import QuartierFactory

from .helpers import organiser

pytestmark = pytest.mark.django_db


def _quartiers_json(page: str) -> list[dict[str, Any]]:
    found = re.search(r'<script id="map-quartiers" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no quartiers for the map picker"
    return json.loads(found.group(1))


@pytest.mark.parametrize("route", ["missions:create", "missions:event_create"])
def test_the_publishing_forms_have_a_map_picker_wired_to_the_point_fields(client_for: Any, route: str) -> None:
    quartier = QuartierFactory()
    page = client_for(organiser()).get(reverse(route)).content.decode()
    assert 'id="map-picker"' in page
    assert 'data-lat="id_latitude" data-lon="id_longitude"' in page
    assert 'id="address-search"' in page
    assert 'role="combobox"' in page
    assert [q["name"] for q in _quartiers_json(page)] == [quartier.name]
    assert "js/map.js" in page
    assert "vendor/leaflet/leaflet.js" in page
    # The fields the picker fills are still there, labelled, for those who type coordinates.
    assert '<label for="id_latitude">' in page
    assert '<label for="id_longitude">' in page


def test_a_point_placed_when_publishing_shows_on_the_missions_page(client_for: Any) -> None:
    quartier = QuartierFactory()
    lon, lat = quartier.boundary["coordinates"][0][0]
    agent = organiser()
    department = agent.department_memberships.first().department
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = client_for(agent).post(
        reverse("missions:create"),
        {
            "title": "Nettoyer les berges",
            "what": "Ramasser les déchets.",
            "why": "Pour la rivière.",
            "department": department.pk,
            "address": "Quai du Port",
            "latitude": str(lat + 0.001),
            "longitude": str(lon + 0.001),
            "capacity": "5",
            "schedule": "date",
            "day": day.isoformat(),
            "start": "09:00",
            "end": "12:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Mission.objects.get(title="Nettoyer les berges")
    assert made.quartier_id == quartier.pk
    page = client_for(agent).get(made.get_absolute_url()).content.decode()
    assert 'id="place-map"' in page
    assert f'data-lat="{made.latitude:f}" data-lon="{made.longitude:f}"' in page
    assert "js/map.js" in page
