"""Hostile GeoJSON in a quartier's boundary: a French form error, never a 500 (issue 13, defect 7)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cocite.core.tests.hostile_corpus import deep_json, geojson_with_number
from cocite.territory.geo import validate_boundary
from cocite.territory.models import Quartier
from cocite.territory.tests.factories import square


@pytest.mark.parametrize("number", ["9" * 400, "-" + "9" * 400, "1" + "0" * 309])
def test_a_coordinate_too_large_for_a_float_is_out_of_bounds(number: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_boundary(json.loads(geojson_with_number(number)))
    assert caught.value.code == "geojson_range"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "boundary", "message"),
    [
        ("400 digits", geojson_with_number("9" * 400), "coordonnées hors limites"),
        ("5000 digits", geojson_with_number("9" * 5000), "JSON"),
        ("50,000 levels", deep_json(), "JSON"),
        ("50,000 levels in an object", '{"type": "Polygon", "coordinates": ' + deep_json() + "}", "JSON"),
    ],
)
def test_the_admin_answers_hostile_geojson_with_a_form_error(
    client_for: Any, administrator: Any, label: str, boundary: str, message: str
) -> None:
    client: Client = client_for(administrator)
    url = reverse("admin:territory_quartier_add")
    base = {"name": "Les Coteaux", "slug": "les-coteaux", "population": "2650"}
    response = client.post(url, {**base, "boundary": boundary})
    assert response.status_code == 200, label
    assert message in response.content.decode(), label
    assert not Quartier.objects.exists()
    ok = client.post(url, {**base, "boundary": json.dumps(square(1.9, 47.8))})
    assert ok.status_code == 302
