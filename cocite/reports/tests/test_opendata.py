"""Reports in the open data: public reports only (never masked ones), never who reported them,
the point rounded as the site shows it, files valid against their Table Schema, listed on the page."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from frictionless import Resource, Schema

from cocite.accounts.tests.factories import UserFactory
from cocite.opendata import export
from cocite.reports import actions
from cocite.reports.models import Channel

from .helpers import category, report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path / "opendata"


def test_public_reports_are_published_without_masked_ones_or_personal_fields(media: Path, client: Any) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    reporter = UserFactory(
        display_name="Zoé du square", first_name="Zoé", last_name="Secretnom", email="zoe@exemple.fr"
    )
    shown = report(cat, author=reporter, lat=47.8312345678, lon=1.9387654321, description="Lampadaire 12 éteint")
    actions.report_set_status(agent=agent, report=shown, status="pris_en_charge", message="Vu")
    desk = report(
        cat,
        author=agent,
        channel=Channel.DESK,
        offline_author_name="Marcelle Dupont-Cachée",
        lat=None,
        lon=None,
        address="3 rue des Lilas",
    )
    hidden = report(cat, description="Texte masqué à ne pas publier")
    actions.report_mask(hidden, "Injurieux")

    manifest = export.generate()
    assert "signalements" in [d["name"] for d in manifest["datasets"] if not d.get("error")]
    schema = Schema.from_descriptor(json.loads((media / "signalements.schema.json").read_text()))
    for suffix in ("csv", "json"):
        checked = Resource(path=f"signalements.{suffix}", basepath=str(media), schema=schema).validate()
        assert checked.valid, checked.flatten(["rowNumber", "fieldName", "type", "note"])
    with open(media / "signalements.csv", encoding="utf-8", newline="") as handle:
        rows = {int(row["id"]): row for row in csv.DictReader(handle)}
    assert set(rows) == {shown.pk, desk.pk}  # never the masked one
    row = rows[shown.pk]
    assert (row["categorie"], row["categorie_code"], row["statut"]) == (cat.name, cat.slug, "pris_en_charge")
    assert row["service"] == cat.department.name
    assert row["quartier"] == "Quartier test"
    assert (row["latitude"], row["longitude"]) == ("47.83123", "1.93877")  # as the page shows it
    assert row["date_depot"].endswith("Z")
    assert row["date_premiere_reponse"]
    assert rows[desk.pk]["latitude"] == ""
    everything = (media / "signalements.csv").read_text() + (media / "signalements.json").read_text()
    for personal in (
        "Zoé du square",
        "Secretnom",
        "zoe@exemple.fr",
        "Marcelle",
        reporter.display_name,
        agent.email,
        "Texte masqué",
        "Lampadaire 12",  # the description is not exported
        "3 rue des Lilas",
    ):
        assert personal not in everything, personal
    columns = [field["name"] for field in schema.to_descriptor()["fields"]]
    assert not {"auteur", "author", "email", "nom", "description", "adresse", "saisi_par"} & set(columns)

    page = client.get(reverse("opendata:index")).content.decode()
    assert reverse("opendata:file", kwargs={"name": "signalements.csv"}) in page
    assert "jamais l&#x27;identité de la personne" in page or "jamais l'identité de la personne" in page
