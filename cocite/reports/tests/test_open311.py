"""Open311 GeoReport v2: discovery, services, requests GET/POST, errors and API keys, in JSON and XML."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from cocite.reports import actions
from cocite.reports.models import ApiKey, Report, Status
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import LAT, LON, category, report

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
    from cocite.accounts.tests.factories import UserFactory  # an agent of the category's department

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
