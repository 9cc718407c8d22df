"""A contribution's place (its address, found at submission; its small map) and the photo kept
when the form comes back with errors; a point outside the démarche's quartiers said by the map."""

from __future__ import annotations

import datetime
import io
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image

from cocite.accounts.actions import account_anonymise
from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions
from cocite.contributions.models import Contribution, ContributionImage, PendingImage
from cocite.territory.tests.ban_standin import BanStandIn
from cocite.territory.tests.factories import QuartierFactory, square

pytestmark = pytest.mark.django_db

TITLE = "Un passage piéton rue des Écoles"


@pytest.fixture
def la_gare() -> Any:
    return QuartierFactory(name="La Gare", boundary=square(1.94, 47.825, 0.02))


@pytest.fixture
def le_port() -> Any:
    return QuartierFactory(name="Le Port", boundary=square(1.96, 47.825, 0.02))


def _jpeg(name: str = "passage.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 120, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _submit(client: Client, demarche: Any, **overrides: Any) -> Any:
    data = {"kind": "probleme", "title": TITLE, "body": "Les voitures passent vite devant l'école."}
    data.update(overrides)
    return client.post(f"/demarches/{demarche.slug}/contribuer/", data)


def _kept_token(page: str, slot: int = 1) -> str:
    match = re.search(rf'name="kept_image_{slot}" value="([^"]+)"', page)
    assert match, "no kept image in the form"
    return match[1]


# --- The address ---------------------------------------------------------------------------


def test_the_address_of_the_point_is_stored_at_submission_and_shown_with_a_small_map(
    client_for: Any, demarche: Any, la_gare: Any, ban_geocoder: BanStandIn
) -> None:
    client = client_for(UserFactory())
    response = _submit(client, demarche, latitude="47.8413", longitude="1.9511")
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.address == "12 Rue des Écoles 99100 Bellerive"
    assert contribution.quartier == la_gare
    assert any(path.startswith("/reverse/?lon=1.951100&lat=47.841300") for path in ban_geocoder.requests)
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "12 Rue des Écoles 99100 Bellerive" in page
    assert 'id="place-map"' in page
    assert 'data-lat="47.8413" data-lon="1.9511"' in page
    assert "latitude 47,84130" not in page


@pytest.mark.parametrize("mode", ["error", "garbage", "slow"])
def test_when_the_geocoder_fails_the_submission_succeeds_without_an_address(
    client_for: Any, demarche: Any, la_gare: Any, ban_geocoder: BanStandIn, mode: str
) -> None:
    ban_geocoder.mode = mode
    ban_geocoder.delay = 1.5
    client = client_for(UserFactory())
    assert _submit(client, demarche, latitude="47.8413", longitude="1.9511").status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.address == ""
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "Un point placé sur la carte, dans le quartier La Gare (adresse inconnue)." in page


def test_without_a_point_nothing_is_asked_and_no_place_is_shown(
    client_for: Any, demarche: Any, ban_geocoder: BanStandIn
) -> None:
    client = client_for(UserFactory())
    assert _submit(client, demarche).status_code == 302
    assert ban_geocoder.requests == []
    contribution = Contribution.objects.get()
    assert contribution.address == ""
    assert 'id="place-map"' not in client.get(contribution.get_absolute_url()).content.decode()


def test_the_maps_table_shows_the_kinds_labels_and_the_address(
    client: Client, demarche: Any, la_gare: Any, ban_geocoder: BanStandIn
) -> None:
    author = UserFactory()
    for kind, title in (("idee", "Des arceaux vélo devant la gare"), ("probleme", "Le trottoir est défoncé ici")):
        actions.contribution_submit(
            author=author,
            demarche=demarche,
            kind=kind,
            title=title,
            body="Voir le lieu.",
            latitude=47.8413,
            longitude=1.9511,
            address="12 Rue des Écoles 99100 Bellerive",
        )
    page = client.get(f"/demarches/{demarche.slug}/contributions/?vue=carte").content.decode()
    table = page[page.index("<table>") : page.index("</table>")]
    assert "<td>Idée</td>" in table
    assert "<td>Problème</td>" in table
    assert "<td>idee</td>" not in table
    assert "<td>probleme</td>" not in table
    assert "12 Rue des Écoles 99100 Bellerive" in table


# --- The map's quartiers and a point outside the démarche ------------------------------------


def test_the_picker_knows_each_quartier_and_which_the_demarche_concerns(
    client_for: Any, demarche: Any, la_gare: Any, le_port: Any
) -> None:
    demarche.quartiers.add(la_gare)
    page = client_for(UserFactory()).get(f"/demarches/{demarche.slug}/contribuer/").content.decode()
    data = re.search(r'<script id="map-quartiers" type="application/json">(.*?)</script>', page, re.S)
    assert data
    quartiers = {q["name"]: q for q in json.loads(data[1])}
    assert quartiers["La Gare"]["in_scope"] is True
    assert quartiers["La Gare"]["id"] == la_gare.pk
    assert quartiers["Le Port"]["in_scope"] is False
    assert 'data-quartier-field="id_quartier"' in page


def test_a_point_outside_the_demarches_quartiers_is_said_next_to_the_map_not_on_a_field(
    client_for: Any, demarche: Any, la_gare: Any, le_port: Any
) -> None:
    demarche.quartiers.add(la_gare)
    response = _submit(client_for(UserFactory()), demarche, latitude="47.84", longitude="1.97")  # Le Port
    assert response.status_code == 400
    page = response.content.decode()
    status = re.search(r'<p id="map-status"[^>]*>(.*?)</p>', page, re.S)
    assert status
    assert "Cette démarche concerne seulement : La Gare." in status[1]
    assert 'href="#map-status"' in page  # the error summary leads to the map
    assert 'id="id_quartier_error"' not in page
    assert 'aria-invalid="true"' not in page
    assert not Contribution.objects.exists()


def test_a_point_outside_the_commune_is_said_next_to_the_map(client_for: Any, demarche: Any, la_gare: Any) -> None:
    response = _submit(client_for(UserFactory()), demarche, latitude="47.90", longitude="2.50")
    assert response.status_code == 400
    status = re.search(r'<p id="map-status"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    assert status
    assert "en dehors du territoire de la commune" in status[1]


# --- The kept photo ----------------------------------------------------------------------------


def test_the_photo_is_kept_when_the_form_comes_back_with_errors_and_published_after(
    client_for: Any, demarche: Any
) -> None:
    resident = UserFactory()
    client = client_for(resident)
    response = _submit(client, demarche, title="", image_1=_jpeg("passage.jpg"), alt_1="Le passage effacé")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Donnez un titre" in page
    assert "Photo conservée : passage.jpg" in page
    assert 'value="Le passage effacé"' in page
    token = _kept_token(page)
    pending = PendingImage.objects.get()
    assert pending.user == resident
    assert pending.original_name == "passage.jpg"

    # Another person cannot use the token: it finds nothing for them.
    other = client_for(UserFactory())
    assert _submit(other, demarche, kept_image_1=token, alt_1="Volée").status_code == 302
    assert not ContributionImage.objects.exists()

    assert _submit(client, demarche, kept_image_1=token, alt_1="Le passage effacé").status_code == 302
    contribution = Contribution.objects.get(author=resident)
    image = contribution.images.get()
    assert image.alt_text == "Le passage effacé"
    assert image.width == 60
    assert not PendingImage.objects.exists()  # deleted once published


def test_a_kept_photo_can_be_removed_or_replaced(client_for: Any, demarche: Any) -> None:
    client = client_for(UserFactory())
    first = _submit(client, demarche, title="", image_1=_jpeg("avant.jpg"), alt_1="Avant")
    token = _kept_token(first.content.decode())

    replaced = _submit(client, demarche, title="", kept_image_1=token, image_1=_jpeg("apres.jpg"), alt_1="Après")
    page = replaced.content.decode()
    assert "Photo conservée : apres.jpg" in page
    assert "avant.jpg" not in page
    assert list(PendingImage.objects.values_list("original_name", flat=True)) == ["apres.jpg"]

    removed = _submit(client, demarche, title="", kept_image_1=_kept_token(page), remove_image_1="1", alt_1="Après")
    assert "Photo conservée" not in removed.content.decode()
    assert not PendingImage.objects.exists()


def test_a_kept_photo_still_needs_its_description(client_for: Any, demarche: Any) -> None:
    client = client_for(UserFactory())
    token = _kept_token(_submit(client, demarche, title="", image_1=_jpeg(), alt_1="Vue").content.decode())
    response = _submit(client, demarche, kept_image_1=token, alt_1="")
    assert response.status_code == 400
    assert "texte alternatif" in response.content.decode()
    assert "Photo conservée : passage.jpg" in response.content.decode()


def test_a_file_that_is_not_an_image_is_not_kept_and_says_why(client_for: Any, demarche: Any) -> None:
    client = client_for(UserFactory())
    fake = SimpleUploadedFile("photo.jpg", b"pas une image", content_type="image/jpeg")
    response = _submit(client, demarche, title="", image_1=fake, alt_1="Rien")
    assert response.status_code == 400
    assert "pas une image lisible" in response.content.decode()
    assert not PendingImage.objects.exists()


def test_kept_photos_are_purged_after_a_day(client_for: Any, demarche: Any) -> None:
    client = client_for(UserFactory())
    _submit(client, demarche, title="", image_1=_jpeg(), alt_1="Vue")
    pending = PendingImage.objects.get()
    stored = pending.image.name
    assert pending.image.storage.exists(stored)
    PendingImage.objects.update(created_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    out = io.StringIO()
    call_command("purge_pending_images", stdout=out)
    assert out.getvalue().startswith("1 image(s)")
    assert not PendingImage.objects.exists()
    assert not pending.image.storage.exists(stored)


def test_kept_photos_go_with_the_account(client_for: Any, demarche: Any) -> None:
    resident = UserFactory()
    _submit(client_for(resident), demarche, title="", image_1=_jpeg(), alt_1="Vue")
    pending = PendingImage.objects.get()
    account_anonymise(resident)
    assert not PendingImage.objects.exists()
    assert not pending.image.storage.exists(pending.image.name)


def test_a_person_keeps_a_bounded_number_of_images_the_oldest_go() -> None:
    """Forms that keep coming back with errors cannot pile files up in the storage."""
    person = UserFactory()
    kept = [actions.pending_image_keep(user=person, upload=_jpeg(f"p{n}.jpg"), name=f"p{n}.jpg") for n in range(12)]
    remaining = list(PendingImage.objects.filter(user=person).order_by("pk"))
    assert len(remaining) == actions.PENDING_IMAGE_CAP
    assert [p.pk for p in remaining] == [p.pk for p in kept[-actions.PENDING_IMAGE_CAP :]]
    assert not kept[0].image.storage.exists(kept[0].image.name)  # the oldest file went with its row
    other = UserFactory()
    actions.pending_image_keep(user=other, upload=_jpeg(), name="x.jpg")
    assert PendingImage.objects.filter(user=person).count() == actions.PENDING_IMAGE_CAP  # per person
