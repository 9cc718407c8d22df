"""The address search proxy (/carte/adresse/) in front of the Base Adresse Nationale geocoder.

A local stand-in speaks the BAN's API (ban_standin.py); each test makes it answer, fail,
talk nonsense or hang, and checks the proxy always answers JSON with a code — never a 500.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.test import Client

from cocite.territory import geocoder
from cocite.territory.tests.ban_standin import BanStandIn
from cocite.territory.tests.factories import QuartierFactory, square

pytestmark = pytest.mark.django_db

SEARCH = "/carte/adresse/"
REVERSE = "/carte/adresse/inverse/"


@pytest.fixture
def la_gare() -> Any:
    # The demo town's La Gare: longitudes 1.94–1.96, latitudes 47.825–47.85.
    return QuartierFactory(name="La Gare", boundary=square(1.94, 47.825, 0.02))


def test_a_search_answers_the_geocoders_addresses_with_the_quartier_each_falls_in(
    client: Client, ban_geocoder: BanStandIn, la_gare: Any
) -> None:
    response = client.get(SEARCH, {"q": "12 rue des ecoles bellerive"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["label"] == "12 Rue des Écoles 99100 Bellerive"
    assert (results[0]["lat"], results[0]["lon"]) == (47.8412, 1.9512)
    assert results[0]["quartier"] == {"id": la_gare.pk, "name": "La Gare"}
    assert ban_geocoder.requests[0].startswith("/search/?q=12+rue+des+ecoles+bellerive&limit=5")


def test_an_address_outside_every_quartier_has_none(client: Client, ban_geocoder: BanStandIn, la_gare: Any) -> None:
    results = client.get(SEARCH, {"q": "route de saint-martin"}).json()["results"]
    assert [r["quartier"] for r in results] == [None]


def test_reverse_gives_the_nearest_address_or_none(client: Client, ban_geocoder: BanStandIn, la_gare: Any) -> None:
    near = client.get(REVERSE, {"lat": "47.8413", "lon": "1.9511"}).json()["results"]
    assert near[0]["label"] == "12 Rue des Écoles 99100 Bellerive"
    assert client.get(REVERSE, {"lat": "45.0", "lon": "5.0"}).json() == {"results": []}
    assert geocoder.reverse_label(47.8413, 1.9511) == "12 Rue des Écoles 99100 Bellerive"


@pytest.mark.parametrize(
    ("params", "code"),
    [({"q": "ab"}, "query_too_short"), ({"q": "x" * 201}, "query_too_long"), ({}, "query_too_short")],
)
def test_a_bad_query_is_a_json_error_and_never_reaches_the_geocoder(
    client: Client, ban_geocoder: BanStandIn, params: dict[str, str], code: str
) -> None:
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert ban_geocoder.requests == []


@pytest.mark.parametrize("params", [{"lat": "nan", "lon": "1"}, {"lat": "91", "lon": "1"}, {"lat": "x"}, {}])
def test_a_bad_point_is_a_json_error(client: Client, ban_geocoder: BanStandIn, params: dict[str, str]) -> None:
    response = client.get(REVERSE, params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "point_invalid"


@pytest.mark.parametrize(
    ("mode", "status", "code"),
    [
        ("error", 502, "geocoder_unavailable"),
        ("garbage", 502, "geocoder_garbage"),
        ("shape", 502, "geocoder_garbage"),
        ("slow", 504, "geocoder_timeout"),
    ],
)
def test_a_failing_geocoder_is_a_json_error_with_a_code(
    client: Client, ban_geocoder: BanStandIn, mode: str, status: int, code: str
) -> None:
    ban_geocoder.mode = mode
    ban_geocoder.delay = 1.5  # the fixture's timeout is 0.5 s
    for response in (client.get(SEARCH, {"q": "rue des écoles"}), client.get(REVERSE, {"lat": "47.84", "lon": "1.95"})):
        assert response.status_code == status, response.content
        error = response.json()["error"]
        assert error["code"] == code
        assert "Réessayez plus tard" in error["message"]
    assert geocoder.reverse_label(47.84, 1.95) == ""  # a submission goes on without an address


def test_a_geocoder_that_is_down_is_a_json_error(client: Client, settings: Any) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.COCITE_GEOCODER_URL = f"http://127.0.0.1:{port}/"
    response = client.get(SEARCH, {"q": "rue des écoles"})
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "geocoder_unavailable"
    assert geocoder.reverse_label(47.84, 1.95) == ""


def test_without_a_geocoder_configured_the_search_says_so(client: Client, settings: Any) -> None:
    settings.COCITE_GEOCODER_URL = ""
    for response in (client.get(SEARCH, {"q": "rue des écoles"}), client.get(REVERSE, {"lat": "47", "lon": "1"})):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "geocoder_off"
    assert geocoder.reverse_label(47.84, 1.95) == ""


def test_features_of_a_bad_shape_are_skipped_not_trusted() -> None:
    answer = {
        "features": [
            {"properties": {"label": "1 Rue Juste"}, "geometry": {"coordinates": [1.95, 47.84]}},
            {"properties": {"label": "<script>"}, "geometry": {"coordinates": ["1", 47.84]}},
            {"properties": {"label": 3}, "geometry": {"coordinates": [1.95, 47.84]}},
            {"properties": {"label": "Loin"}, "geometry": {"coordinates": [400, 47.84]}},
            {"properties": {"label": "Infini"}, "geometry": {"coordinates": [float("inf"), 47.84]}},
            "nonsense",
        ]
    }
    assert [a.label for a in geocoder._addresses(answer)] == ["1 Rue Juste"]


def test_the_search_is_rate_limited(client: Client, ban_geocoder: BanStandIn, settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "geocoder": "2/m"}
    assert client.get(SEARCH, {"q": "rue des écoles"}).status_code == 200
    assert client.get(SEARCH, {"q": "rue des écoles"}).status_code == 200
    refused = client.get(SEARCH, {"q": "rue des écoles"})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert len(ban_geocoder.requests) == 2


def test_the_csp_names_the_tiles_host_alone() -> None:
    from config.settings.base import _origin

    ign = "https://data.geopf.fr/wmts?SERVICE=WMTS&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
    assert _origin(ign) == "https://data.geopf.fr"
    assert _origin("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://*.tile.openstreetmap.org"
    assert _origin("") is None
    assert _origin("javascript:alert(1)//{z}") is None


def test_the_maps_carry_the_configured_basemap(client: Client, settings: Any) -> None:
    from cocite.territory.templatetags.maps import basemap_attributes

    settings.COCITE_MAP_TILES_URL = "https://tuiles.example/{z}/{x}/{y}.png?a=1&b=2"
    settings.COCITE_MAP_ATTRIBUTION = "© Tuiles <b>libres</b>"
    html = str(basemap_attributes())
    assert 'data-tiles="https://tuiles.example/{z}/{x}/{y}.png?a=1&amp;b=2"' in html
    assert 'data-attribution="© Tuiles &lt;b&gt;libres&lt;/b&gt;"' in html
    assert 'data-zoom-in="Zoom avant"' in html
    settings.COCITE_MAP_TILES_URL = ""
    assert 'data-tiles=""' in str(basemap_attributes())
