"""Open311 GeoReport v2: discovery, services, requests GET/POST, errors and API keys, in JSON and XML."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.reports import actions
from cocite.reports.models import ApiKey, Report, Status
from cocite.territory.tests.factories import DepartmentFactory, OrganisationFactory

from .helpers import LAT, LON, category, png, report

pytestmark = pytest.mark.django_db
BASE = "/open311/v2/"


def _parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314  (our own server's answer, in a test)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery(client: Client, fmt: str) -> None:
    response = client.get(f"{BASE}discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        assert response.json()["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    else:
        root = _parse(response.content)
        assert root.tag == "discovery"
        assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


def test_services_in_both_formats(client: Client) -> None:
    cat = category()
    rows = client.get(f"{BASE}services.json").json()
    assert rows == [
        {
            "service_code": cat.slug,
            "service_name": cat.name,
            "description": "",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": cat.department.name,
        }
    ]
    root = _parse(client.get(f"{BASE}services.xml").content)
    assert root.tag == "services"
    assert root.find("service/service_code").text == cat.slug  # type: ignore[union-attr]
    assert root.find("service/metadata").text == "false"  # type: ignore[union-attr]
    definition = client.get(f"{BASE}services/{cat.slug}.json").json()
    assert definition == {"service_code": cat.slug, "attributes": []}
    assert _parse(client.get(f"{BASE}services/{cat.slug}.xml").content).tag == "service_definition"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors_are_a_list_of_code_and_description(client: Client, fmt: str) -> None:
    response = client.get(f"{BASE}services/inconnu.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        [error] = response.json()
        assert error["code"] == 404
        assert error["description"]
    else:
        root = _parse(response.content)
        assert root.tag == "errors"
        assert root.find("error/code").text == "404"  # type: ignore[union-attr]
    assert client.get(f"{BASE}requests.{fmt}?status=perhaps").status_code == 400
    assert client.get(f"{BASE}requests.{fmt}?start_date=hier").status_code == 400
    assert client.get(f"{BASE}requests.{fmt}?service_request_id=1,x").status_code == 400
    assert client.get(f"{BASE}requests/999999.{fmt}").status_code == 404
    assert client.get(f"{BASE}requests.yaml").status_code == 404


def test_requests_get_filters_and_maps_statuses(client: Client) -> None:

    agent = UserFactory()
    cat = category(agents=[agent])
    other = category(slug="voirie")
    open_one, closed_one, elsewhere = report(cat), report(cat), report(other)
    actions.report_set_status(agent=agent, report=closed_one, status=Status.RESOLVED, message="Réparé")
    rows = client.get(f"{BASE}requests.json").json()
    assert {r["service_request_id"] for r in rows} == {str(open_one.pk), str(closed_one.pk), str(elsewhere.pk)}
    by_id = {r["service_request_id"]: r for r in rows}
    assert by_id[str(open_one.pk)]["status"] == "open"
    assert by_id[str(closed_one.pk)]["status"] == "closed"
    assert by_id[str(closed_one.pk)]["status_notes"] == "Réparé"
    assert by_id[str(open_one.pk)]["lat"] == LAT
    assert by_id[str(open_one.pk)]["long"] == LON
    closed = client.get(f"{BASE}requests.json?status=closed").json()
    assert [r["service_request_id"] for r in closed] == [str(closed_one.pk)]
    only = client.get(f"{BASE}requests.json?service_code={other.slug}").json()
    assert [r["service_request_id"] for r in only] == [str(elsewhere.pk)]
    listed = client.get(f"{BASE}requests.json?service_request_id={open_one.pk},{elsewhere.pk}").json()
    assert {r["service_request_id"] for r in listed} == {str(open_one.pk), str(elsewhere.pk)}
    assert client.get(f"{BASE}requests.json?start_date=2999-01-01T00:00:00Z").json() == []
    root = _parse(client.get(f"{BASE}requests/{open_one.pk}.xml").content)
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text == str(open_one.pk)  # type: ignore[union-attr]
    assert root.find("request/status").text == "open"  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_needs_a_valid_key_and_creates_a_report(client: Client, fmt: str) -> None:
    cat = category()
    key, raw = actions.api_key_create(name="Logiciel de la régie", department=None)
    stored = ApiKey.objects.get(pk=key.pk)
    assert raw not in (stored.key_hash, stored.prefix)
    assert stored.key_hash == actions.hash_key(raw)
    data = {"service_code": cat.slug, "lat": str(LAT), "long": str(LON), "description": "Poteau tordu"}
    assert client.post(f"{BASE}requests.{fmt}", data).status_code == 403
    assert client.post(f"{BASE}requests.{fmt}", {**data, "api_key": "c311_faux"}).status_code == 403
    response = client.post(f"{BASE}requests.{fmt}", {**data, "api_key": raw})
    assert response.status_code == 200
    if fmt == "json":
        request_id = response.json()[0]["service_request_id"]
    else:
        request_id = _parse(response.content).find("request/service_request_id").text  # type: ignore[union-attr]
    made = Report.objects.get(pk=int(request_id))  # type: ignore[arg-type]
    assert made.channel == "open311"
    assert made.department == cat.department
    assert made.quartier is not None
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None
    bad = client.post(f"{BASE}requests.{fmt}", {**data, "api_key": raw, "service_code": "nope"})
    assert bad.status_code == 400
    assert client.post(f"{BASE}requests.{fmt}", {**data, "api_key": raw, "lat": "nan"}).status_code == 400
    assert client.post(f"{BASE}requests.{fmt}", {**data, "api_key": raw, "description": ""}).status_code == 400


def test_a_department_key_creates_only_its_categories_and_an_inactive_key_nothing(client: Client) -> None:
    cat = category()
    _other_key, other_raw = actions.api_key_create(name="Autre service", department=DepartmentFactory())
    data = {"service_code": cat.slug, "address_string": "Place de la Mairie", "description": "Banc cassé"}
    assert client.post(f"{BASE}requests.json", {**data, "api_key": other_raw}).status_code == 403
    own_key, own_raw = actions.api_key_create(name="Régie", department=cat.department)
    assert client.post(f"{BASE}requests.json", {**data, "api_key": own_raw}).status_code == 200
    ApiKey.objects.filter(pk=own_key.pk).update(active=False)
    assert client.post(f"{BASE}requests.json", {**data, "api_key": own_raw}).status_code == 403


def test_post_is_rate_limited_per_key(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311": "2/h"}
    cat = category()
    _key, raw = actions.api_key_create(name="Régie")
    data = {"service_code": cat.slug, "address_string": "Place", "description": "Banc", "api_key": raw}
    statuses = [client.post(f"{BASE}requests.json", data).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.post(f"{BASE}requests.json", data).json()[0]["code"] == 429


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_jurisdiction_id_is_this_site_or_the_specifications_404(client: Client, fmt: str) -> None:
    OrganisationFactory(insee_code="45234")
    cat = category()
    made = report(cat)
    for path in ("services", "requests", "discovery"):
        assert client.get(f"{BASE}{path}.{fmt}?jurisdiction_id=testserver").status_code == 200
        assert client.get(f"{BASE}{path}.{fmt}?jurisdiction_id=45234").status_code == 200
        wrong = client.get(f"{BASE}{path}.{fmt}?jurisdiction_id=ailleurs.example")
        assert wrong.status_code == 404
        if fmt == "json":
            assert wrong["Content-Type"].startswith("application/json")
            [error] = wrong.json()
            assert error["code"] == 404
            assert "ailleurs.example" in error["description"]
        else:
            assert wrong["Content-Type"].startswith("text/xml")
            assert _parse(wrong.content).find("error/code").text == "404"  # type: ignore[union-attr]
    assert client.get(f"{BASE}requests/{made.pk}.{fmt}?jurisdiction_id=ailleurs.example").status_code == 404
    _key, raw = actions.api_key_create(name="Régie")
    data = {"service_code": cat.slug, "address_string": "Place", "description": "Banc", "api_key": raw}
    before = Report.objects.count()
    assert client.post(f"{BASE}requests.{fmt}", {**data, "jurisdiction_id": "ailleurs.example"}).status_code == 404
    assert Report.objects.count() == before
    assert client.post(f"{BASE}requests.{fmt}", {**data, "jurisdiction_id": "testserver"}).status_code == 200


def test_repeatable_filters_take_comma_lists_and_ids_override_the_others(client: Client) -> None:
    agent = UserFactory()
    lights, roads, bins = category(agents=[agent]), category(slug="voirie"), category(slug="proprete")
    light, road, _bin = report(lights), report(roads), report(bins)
    actions.report_set_status(agent=agent, report=light, status=Status.RESOLVED, message="Réparé")
    both = client.get(f"{BASE}requests.json?service_code={lights.slug},{roads.slug}").json()
    assert {r["service_request_id"] for r in both} == {str(light.pk), str(road.pk)}
    statuses = client.get(f"{BASE}requests.json?status=open,closed").json()
    assert len(statuses) == 3
    assert client.get(f"{BASE}requests.json?status=open,perhaps").status_code == 400
    # « service_request_id … overrides all other arguments »
    listed = client.get(f"{BASE}requests.json?service_request_id={light.pk}&status=open&service_code={roads.slug}")
    assert [r["service_request_id"] for r in listed.json()] == [str(light.pk)]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_other_methods_get_the_specifications_error_list(client: Client, fmt: str) -> None:
    category()
    for method, path in (("put", "services"), ("delete", "requests"), ("patch", "discovery"), ("post", "services")):
        response = getattr(client, method)(f"{BASE}{path}.{fmt}")
        assert response.status_code == 405, (method, path)
        assert "GET" in response["Allow"]
        if fmt == "json":
            assert response["Content-Type"].startswith("application/json")
            assert response.json()[0]["code"] == 405
        else:
            assert response["Content-Type"].startswith("text/xml")
            assert _parse(response.content).find("error/code").text == "405"  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_key_errors_are_in_the_requested_format(client: Client, fmt: str) -> None:
    cat = category()
    data = {"service_code": cat.slug, "address_string": "Place", "description": "Banc", "api_key": "c311_faux"}
    response = client.post(f"{BASE}requests.{fmt}", data)
    assert response.status_code == 403
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        assert response.json()[0]["code"] == 403
    else:
        assert response["Content-Type"].startswith("text/xml")
        root = _parse(response.content)
        assert root.tag == "errors"
        assert root.find("error/code").text == "403"  # type: ignore[union-attr]
        assert root.find("error/description").text  # type: ignore[union-attr]


def test_media_url_is_the_first_photo_not_the_page(client: Client) -> None:
    cat = category()
    with_photo = report(cat, images=[(png(), "Le lampadaire")])
    without = report(cat)
    rows = {r["service_request_id"]: r for r in client.get(f"{BASE}requests.json").json()}
    photo_url = rows[str(with_photo.pk)]["media_url"]
    assert photo_url == "http://testserver" + with_photo.photos.get().get_absolute_url()
    assert client.get(photo_url).status_code == 200
    assert rows[str(without.pk)]["media_url"] == ""
