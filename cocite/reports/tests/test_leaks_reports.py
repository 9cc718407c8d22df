"""What is not public in reports never reaches someone who may not see it, and no input makes a 500.

Reports belong to no démarche, so the site-wide leak test (core/tests/test_leaks.py) leaves them
to this one: a report hidden by the moderation (its description, its timeline's messages, its
photo) and the Open311 keys (name, hash, the key itself) are swept across every reports route, as
a visitor, a resident, an agent of another department; then every route gets hostile values.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.core.tests.hostile_corpus import VALUES
from cocite.moderation.registry import registry
from cocite.reports import actions
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import category, png, report

pytestmark = pytest.mark.django_db

HIDDEN = "MARQUEURCACHE7431"
EVENT = "MARQUEURETAPE9902"
KEY_NAME = "MARQUEURCLE5521"


def _world(settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = str(tmp_path)
    agent = UserFactory()
    cat = category(agents=[agent])
    hidden = report(cat, description=f"Texte {HIDDEN}", images=[(png(), "photo")])
    actions.report_set_status(agent=agent, report=hidden, status="pris_en_charge", message=f"Vu {EVENT}")
    spec = registry.get("report")
    assert spec is not None
    spec.hide(hidden, "Propos injurieux", None)
    visible = report(cat, description="Un lampadaire visible")
    key, raw = actions.api_key_create(name=KEY_NAME)
    return {"agent": agent, "cat": cat, "hidden": hidden, "visible": visible, "key": key, "raw": raw}


def _urls(world: dict[str, Any]) -> list[str]:
    hidden, cat = world["hidden"], world["cat"]
    photo = hidden.photos.get()
    return [
        reverse("reports:list"),
        reverse("reports:list") + "?statut=ouverts",
        reverse("reports:new"),
        reverse("reports:nearby") + f"?categorie={cat.slug}&lat={hidden.latitude}&lon={hidden.longitude}",
        reverse("reports:queue"),
        reverse("reports:patterns"),
        reverse("reports:detail", kwargs={"pk": hidden.pk}),
        reverse("reports:confirm", kwargs={"pk": hidden.pk}),
        photo.get_absolute_url(),
        *(f"/open311/v2/{name}.{fmt}" for name in ("discovery", "services", "requests") for fmt in ("json", "xml")),
        f"/open311/v2/services/{cat.slug}.json",
        f"/open311/v2/requests/{hidden.pk}.json",
        f"/open311/v2/requests/{hidden.pk}.xml",
        f"/open311/v2/requests.json?service_request_id={hidden.pk}",
        # The open API's reports: the list, the hidden one's page (and its status write, refused).
        reverse("api:report_list"),
        reverse("api:report_detail", kwargs={"pk": hidden.pk}),
        reverse("api:report_status", kwargs={"pk": hidden.pk}),
    ]


def test_a_hidden_report_and_the_api_keys_reach_no_one_who_may_not_see_them(settings: Any, tmp_path: Any) -> None:
    world = _world(settings, tmp_path)
    outsider_agent = UserFactory()
    DepartmentFactory(members=[outsider_agent])
    secrets = [HIDDEN, EVENT, KEY_NAME, world["raw"], world["key"].key_hash]
    for person in (None, UserFactory(), outsider_agent):
        client = Client()
        if person is not None:
            client.force_login(person)
        for url in _urls(world):
            response = client.get(url)
            assert response.status_code < 500, url
            body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
            for secret in secrets:
                assert secret.encode() not in body, f"{secret} leaked on {url} to {person}"
            if url.endswith(world["hidden"].photos.get().file_name):
                assert response.status_code == 404
    # The department's agents still see it (marked as hidden), to handle it.
    client = Client()
    client.force_login(world["agent"])
    assert HIDDEN.encode() in client.get(world["hidden"].get_absolute_url()).content


GET_ROUTES = ["reports:list", "reports:nearby", "reports:patterns", "reports:queue", "reports:new"]
PARAMS = ["categorie", "statut", "quartier", "age", "apres", "lat", "lon", "category", "service", "voir", "page"]
OPEN311_PARAMS = ["service_code", "status", "start_date", "end_date", "service_request_id"]


@pytest.mark.parametrize(("label", "value"), VALUES)
def test_hostile_values_make_no_server_error(label: str, value: str, settings: Any, tmp_path: Any) -> None:
    world = _world(settings, tmp_path)
    client = Client()
    client.force_login(world["agent"])
    for name in GET_ROUTES:
        response = client.get(reverse(name), dict.fromkeys(PARAMS, value))
        assert response.status_code < 500, (name, label)
    for fmt in ("json", "xml"):
        assert client.get(f"/open311/v2/requests.{fmt}", dict.fromkeys(OPEN311_PARAMS, value)).status_code < 500
        assert client.get(f"/open311/v2/requests/{value[:200]}.{fmt}").status_code < 500
        post = {
            "api_key": world["raw"],
            "service_code": world["cat"].slug,
            "lat": value,
            "long": value,
            "description": value,
            "address_string": value,
            "first_name": value,
        }
        assert client.post(f"/open311/v2/requests.{fmt}", post).status_code < 500, label
    pk = world["visible"].pk
    fields = ["status", "message", "planned_for", "competent_body", "forward_to", "department", "reason"]
    for route in ("status", "reassign"):
        response = client.post(reverse(f"reports:{route}", kwargs={"pk": pk}), dict.fromkeys(fields, value))
        assert response.status_code < 500, (route, label)
    form = ["category", "description", "address", "latitude", "longitude", "channel", "alt_1", "follow"]
    assert client.post(reverse("reports:new"), dict.fromkeys(form, value)).status_code < 500, label
    resident = Client()
    resident.force_login(world["visible"].author)
    assert (
        resident.post(reverse("reports:confirm", kwargs={"pk": pk}), {"solved": value, "message": value}).status_code
        < 500
    )
    assert resident.post(reverse("reports:patterns"), {"category": value, "title": value}).status_code < 500
