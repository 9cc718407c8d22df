from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cocite.territory.geo import contains_point, validate_boundary
from cocite.territory.models import Quartier
from cocite.territory.queries import quartier_for_point
from cocite.territory.tests.factories import QuartierFactory, square
from cocite.territory.validators import contrast_ratio, validate_siren, validate_theme_colour


def test_point_in_polygon_with_hole() -> None:
    polygon = {
        "type": "Polygon",
        "coordinates": [
            [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
            [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
        ],
    }
    assert contains_point(polygon, 1, 1)
    assert not contains_point(polygon, 5, 5)  # in the hole
    assert not contains_point(polygon, 11, 5)
    multi = {
        "type": "MultiPolygon",
        "coordinates": [polygon["coordinates"], [[[20, 20], [21, 20], [21, 21], [20, 20]]]],
    }
    assert contains_point(multi, 20.6, 20.2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("pas un objet", "objet GeoJSON"),
        ({"type": "Point", "coordinates": [1, 2]}, "non pris en charge"),
        ({"type": "Polygon", "coordinates": []}, "au moins un anneau"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "au moins 4 positions"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "anneau fermé"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, "a"], [0, 0]]]}, "des nombres"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]}, "hors limites"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [2, 0], [0, 0]]]}, "surface nulle"),
    ],
)
def test_bad_geojson_is_explained(value: Any, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_boundary(value)
    assert message in " ".join(error.value.messages)


def test_siren_checksum() -> None:
    validate_siren("217500016")  # Ville de Paris... checksum-valid SIREN
    with pytest.raises(ValidationError):
        validate_siren("217500017")
    with pytest.raises(ValidationError):
        validate_siren("12345")


def test_theme_colours_must_contrast_with_white() -> None:
    validate_theme_colour("#1d4e89")
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    with pytest.raises(ValidationError) as error:
        validate_theme_colour("#ffcc00")
    assert "4,5:1" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_theme_colour("bleu")


@pytest.mark.django_db
def test_quartier_for_point_uses_boundaries() -> None:
    inside = QuartierFactory(boundary=square(2.0, 48.0, 0.01))
    QuartierFactory(boundary=square(3.0, 48.0, 0.01))
    assert quartier_for_point(2.005, 48.005) == inside
    assert quartier_for_point(5.0, 40.0) is None


@pytest.mark.django_db
def test_admin_rejects_bad_geojson_with_a_clear_error(client_for: Any, administrator: Any) -> None:
    client: Client = client_for(administrator)
    url = reverse("admin:territory_quartier_add")
    base = {"name": "Les Coteaux", "slug": "les-coteaux", "population": "2650"}
    not_json = client.post(url, {**base, "boundary": "{pas du json"})
    assert not_json.status_code == 200
    assert Quartier.objects.count() == 0
    wrong_type = client.post(url, {**base, "boundary": json.dumps({"type": "Point", "coordinates": [1, 2]})})
    assert "non pris en charge" in wrong_type.content.decode()
    assert Quartier.objects.count() == 0
    feature = {"type": "Feature", "properties": {}, "geometry": square(1.9, 47.8)}
    ok = client.post(url, {**base, "boundary": json.dumps(feature)})
    assert ok.status_code == 302
    quartier = Quartier.objects.get()
    assert quartier.boundary["type"] == "Polygon"  # the Feature wrapper is dropped


@pytest.mark.django_db
def test_admin_organisation_validates_colours(client_for: Any, administrator: Any) -> None:
    client: Client = client_for(administrator)
    response = client.post(
        reverse("admin:territory_organisation_add"),
        {"name": "Ville", "insee_code": "123", "siren": "", "primary_color": "#ffff00", "secondary_color": "#7a3b00"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "code INSEE" in body
    assert "contraste" in body


@pytest.mark.django_db
def test_admin_is_in_french(client_for: Any, administrator: Any) -> None:
    body = client_for(administrator).get(reverse("admin:index")).content.decode()
    assert "Configuration du territoire" in body
    assert "Quartiers" in body
    assert "Services" in body
