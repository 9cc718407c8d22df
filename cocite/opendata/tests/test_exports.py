"""Open data: files valid against their Table Schemas, public démarches only, no personal data."""

from __future__ import annotations

import csv
import hashlib
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from frictionless import Resource, Schema

from cocite.accounts.tests.factories import UserFactory
from cocite.analysis.merge import contribution_merge
from cocite.analysis.models import MergeRecord
from cocite.contributions.actions import support_set
from cocite.contributions.models import Contribution, Support
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.tests.demo import load_demo
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.opendata import export
from cocite.territory.tests.factories import QuartierFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path / "opendata"


@pytest.fixture
def content(db: Any, agent: Any) -> dict[str, Any]:
    quartier = QuartierFactory(name="Les Tilleuls")
    public = DemarcheFactory(
        title="Rues apaisées", slug="rues-apaisees", managing_department=agent.department_memberships.get().department
    )
    verified = DemarcheFactory(title="Budget", slug="budget", audience=Audience.VERIFIED)
    closed = DemarcheFactory(title="Ancienne", slug="ancienne", status=Demarche.Status.CLOSED)
    internal = DemarcheFactory(title="Interne", slug="interne", audience=Audience.AGENTS)
    invited = DemarcheFactory(title="Atelier", slug="atelier", audience=Audience.INVITED)
    draft = DemarcheFactory(title="Brouillon", slug="brouillon", status=Demarche.Status.DRAFT)
    author = UserFactory(display_name="Léa à vélo", first_name="Léa", last_name="Dubois", email="lea@exemple.fr")
    idea = ContributionFactory(
        demarche=public, author=author, quartier=quartier, title="Une rue, aux écoles", latitude=48.8, longitude=2.3
    )
    idea.themes.add(ThemeFactory(name="Mobilité"))
    offline = ContributionFactory(
        demarche=public,
        author=None,
        recorded_by=agent,
        channel=Contribution.Channel.PAPER,
        offline_author_name="Marcelle Dupont-Secret",
        title="Un banc « à l'ombre », svp",
        body='Texte avec, des virgules et des "guillemets"\net un retour à la ligne.',
    )
    twin = ContributionFactory(demarche=public, title="Une rue aux écoles, vraiment")
    ContributionFactory(demarche=verified)
    ContributionFactory(demarche=closed)
    secrets = [
        ContributionFactory(demarche=d, title=f"Secret de {d.slug} à ne pas publier")
        for d in (internal, invited, draft)
    ]
    for person in UserFactory.create_batch(3):
        support_set(user=person, contribution=idea, supported=True)
    Support.objects.create(user=UserFactory(), contribution=secrets[0])
    contribution_merge(analyst=agent, target=idea, sources=[twin])
    return {"idea": idea, "offline": offline, "twin": twin, "secrets": secrets, "author": author}


def _validate(folder: Path, name: str) -> None:
    schema = Schema.from_descriptor(json.loads((folder / f"{name}.schema.json").read_text()))
    for suffix in ("csv", "json"):
        report = Resource(path=f"{name}.{suffix}", basepath=str(folder), schema=schema).validate()
        assert report.valid, (name, suffix, report.flatten(["rowNumber", "fieldName", "type", "note"]))


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    # newline="": a carriage return inside a quoted cell stays one (read_text would make it "\n").
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_export_validates_against_its_table_schema(content: dict[str, Any], media: Path) -> None:
    manifest = export.generate()
    names = [d["name"] for d in manifest["datasets"]]
    assert {"contributions", "soutiens"} <= set(names)
    assert not [d for d in manifest["datasets"] if d.get("error")]
    for name in names:
        _validate(media, name)


def test_contributions_hold_public_demarches_only_and_no_personal_data(content: dict[str, Any], media: Path) -> None:
    export.generate()
    rows = {int(r["id"]): r for r in _rows(media, "contributions")}
    assert {r["demarche"] for r in rows.values()} == {"rues-apaisees", "budget", "ancienne"}
    for secret in content["secrets"]:
        assert secret.pk not in rows
    everything = "".join((media / f).read_text(encoding="utf-8") for f in ("contributions.csv", "contributions.json"))
    everything += (media / "soutiens.csv").read_text(encoding="utf-8")
    for private in ("Marcelle", "Dupont-Secret", "lea@exemple.fr", "Dubois", "Secret de", "interne", "atelier"):
        assert private not in everything
    idea, offline, twin = rows[content["idea"].pk], rows[content["offline"].pk], rows[content["twin"].pk]
    assert idea["auteur_pseudonyme"] == "Léa à vélo"
    assert idea["quartier"] == "Les Tilleuls"
    assert idea["themes"] == "Mobilité"
    assert idea["soutiens"] == "3"
    assert idea["latitude"] == "48.8"
    assert offline["auteur_pseudonyme"] == ""
    assert offline["canal"] == "papier"
    assert offline["description"] == 'Texte avec, des virgules et des "guillemets"\net un retour à la ligne.'
    assert twin["statut"] == "fusionnee"
    assert twin["fusionnee_dans"] == str(content["idea"].pk)
    assert idea["date_depot"].endswith("Z")


def test_supports_are_daily_counts_never_people(content: dict[str, Any], media: Path) -> None:
    export.generate()
    rows = _rows(media, "soutiens")
    assert set(rows[0]) == {"contribution", "demarche", "date", "soutiens"}
    assert sum(int(r["soutiens"]) for r in rows if r["contribution"] == str(content["idea"].pk)) == 3
    assert all(r["demarche"] != "interne" for r in rows)


def test_manifest_lists_rows_sizes_and_sha256_of_every_file(content: dict[str, Any], media: Path) -> None:
    manifest = export.generate()
    assert manifest["generated_at"].endswith("Z")
    assert manifest["licenses"][0]["name"] == "etalab-2.0"
    for resource in manifest["resources"]:
        data = (media / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert (media / resource["schema"]).exists()
    contributions = next(r for r in manifest["resources"] if r["name"] == "contributions")
    assert contributions["rows"] == 5  # 3 in the public démarche (merged one included), 1 verified, 1 closed
    assert json.loads((media / "manifest.json").read_text()) == manifest
    assert not list(media.glob(".*.tmp"))


def test_json_matches_csv(content: dict[str, Any], media: Path) -> None:
    export.generate()
    from_json = json.loads((media / "contributions.json").read_text(encoding="utf-8"))
    from_csv = _rows(media, "contributions")
    assert [row["id"] for row in from_json] == [int(row["id"]) for row in from_csv]
    assert from_json[0]["soutiens"] == int(from_csv[0]["soutiens"])


def test_comments_are_pseudonymised_and_follow_visibility(content: dict[str, Any], media: Path) -> None:
    from django.contrib.contenttypes.models import ContentType

    comment_model = apps.get_model("debate", "Comment")
    fields = {f.name for f in comment_model._meta.get_fields()}
    contribution_type = ContentType.objects.get_for_model(Contribution)
    author = content["author"]
    extra: dict[str, Any] = {"stance": "pour"} if "stance" in fields else {}
    public = comment_model.objects.create(
        content_type=contribution_type, object_id=content["idea"].pk, author=author, body="Bonne idée", **extra
    )
    secret = comment_model.objects.create(
        content_type=contribution_type, object_id=content["secrets"][0].pk, author=author, body="Secret", **extra
    )
    export.generate()
    _validate(media, "commentaires")
    rows = {int(r["id"]): r for r in _rows(media, "commentaires")}
    assert public.pk in rows
    assert secret.pk not in rows
    assert rows[public.pk]["auteur_pseudonyme"] == "Léa à vélo"
    assert "Dubois" not in (media / "commentaires.csv").read_text(encoding="utf-8")


def test_the_page_lists_datasets_formats_schemas_and_the_licence(
    content: dict[str, Any], media: Path, client: Any
) -> None:
    url = reverse("opendata:index")
    assert "pas encore été générés" in client.get(url).content.decode()
    export.generate()
    html = client.get(url).content.decode()
    assert "Licence Ouverte 2.0 (Etalab)" in html
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in html
    for name in ("contributions.csv", "contributions.json", "contributions.schema.json", "manifest.json"):
        assert reverse("opendata:file", kwargs={"name": name}) in html
    download = client.get(reverse("opendata:file", kwargs={"name": "contributions.csv"}))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Access-Control-Allow-Origin"] == "*"
    body = b"".join(download.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("id,demarche,")
    for forbidden in ("secret_key", "..%2Fsecret_key", ".lock", "inconnu.csv"):
        assert client.get(f"/donnees/fichiers/{forbidden}").status_code == 404


def test_only_administrators_regenerate_from_the_page(
    media: Path, client_for: Any, administrator: Any, agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("opendata:regenerate")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent).post(url)
    assert not (media / "manifest.json").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(administrator).post(url)
    assert response.status_code == 302
    assert (media / "manifest.json").exists()
    assert "Régénérer les fichiers" in client_for(administrator).get(reverse("opendata:index")).content.decode()


def test_the_nightly_command_writes_the_files(content: dict[str, Any], media: Path) -> None:
    out = StringIO()
    call_command("export_opendata", stdout=out)
    assert "contributions: 5 lignes" in out.getvalue()
    assert (media / "contributions.csv").exists()
    assert MergeRecord.objects.count() == 1


def test_demo_exports_validate_and_leave_out_the_internal_demarche(media: Path) -> None:
    """The whole demo territory (comments, decisions, results included when installed)."""
    load_demo()
    manifest = export.generate()
    assert not [d["name"] for d in manifest["datasets"] if d.get("error")]
    internal_ids = set(Contribution.objects.filter(demarche__slug="accueil-du-public").values_list("pk", flat=True))
    assert internal_ids
    for dataset in manifest["datasets"]:
        _validate(media, dataset["name"])
        text = (media / f"{dataset['name']}.csv").read_text(encoding="utf-8")
        assert "accueil-du-public" not in text
        assert "@demo.bellerive.example" not in text
    exported = {int(r["id"]) for r in _rows(media, "contributions")}
    assert exported
    assert not exported & internal_ids
    for name in ("commentaires", "soutiens"):
        if (media / f"{name}.csv").exists():
            column = "contribution"
            assert not {int(r[column]) for r in _rows(media, name)} & internal_ids


HOSTILE = ('=HYPERLINK("https://pirate.example","x")', "+1+1", "-2+3", "@SUM(1,1)", "\tTAB", "\rCR")


def test_formula_like_text_is_neutralised_in_csv_and_kept_as_is_in_json(media: Path, client: Any) -> None:
    """OWASP CSV injection: text cells that begin like a formula get a leading quote; numbers stay numbers."""
    from django.contrib.contenttypes.models import ContentType

    demarche = DemarcheFactory(title="=cmd|' /C calc'!A0", slug="-rues")
    author = UserFactory(display_name="@pseudo")
    contributions = [
        ContributionFactory(
            demarche=demarche,
            author=author,
            title=f"{text} titre assez long",
            body=text,
            latitude=-12.5,
            longitude=-3.25,
        )
        for text in HOSTILE
    ]
    longest = ContributionFactory(demarche=demarche, title="=" + "x" * 139)  # 140 characters, the most allowed
    comment_model = apps.get_model("debate", "Comment")
    comment = comment_model.objects.create(
        content_type=ContentType.objects.get_for_model(Contribution),
        object_id=contributions[0].pk,
        author=author,
        body="=1+1",
        stance="pour",
    )
    export.generate()
    for name in ("contributions", "commentaires"):
        _validate(media, name)
    rows = {int(r["id"]): r for r in _rows(media, "contributions")}
    for contribution, text in zip(contributions, HOSTILE, strict=True):
        row = rows[contribution.pk]
        assert row["titre"] == f"'{text} titre assez long"
        assert row["description"] == f"'{text}"
        assert row["demarche_titre"] == "'=cmd|' /C calc'!A0"
        assert row["demarche"] == "'-rues"
        assert row["auteur_pseudonyme"] == "'@pseudo"
        assert row["latitude"] == "-12.5"  # a number column: never prefixed
        assert row["longitude"] == "-3.25"
    assert rows[longest.pk]["titre"] == "'=" + "x" * 139  # still valid: the schema allows the quote
    comments = {int(r["id"]): r for r in _rows(media, "commentaires")}
    assert comments[comment.pk]["texte"] == "'=1+1"
    assert comments[comment.pk]["auteur_pseudonyme"] == "'@pseudo"
    from_json = {row["id"]: row for row in json.loads((media / "contributions.json").read_text(encoding="utf-8"))}
    assert from_json[contributions[0].pk]["description"] == HOSTILE[0]
    assert from_json[contributions[0].pk]["latitude"] == -12.5
    schema = json.loads((media / "contributions.schema.json").read_text(encoding="utf-8"))
    titre = next(f for f in schema["fields"] if f["name"] == "titre")
    assert "apostrophe" in titre["description"]
    assert not any("apostrophe" in f.get("description", "") for f in schema["fields"] if f["type"] != "string")
    assert "Protection des tableurs" in client.get(reverse("opendata:index")).content.decode()
