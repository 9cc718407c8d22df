"""Submitting, editing, withdrawing, offline entry, bad input, similar suggestions, rule versions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions, queries
from cocite.contributions.models import Contribution, ContributionImage, Support
from cocite.core.errors import ActionError
from cocite.demarches.models import PhaseKind
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory, ThemeFactory, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def quartier() -> Any:
    return QuartierFactory(name="Les Tilleuls", boundary=square(1.90, 47.80, 0.02))


def _png(size: tuple[int, int] = (40, 30), exif: bool = False, fmt: str = "PNG") -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    if exif:
        exif_data = Image.Exif()
        exif_data[0x010F] = "AppareilSecret"  # Make
        image.save(buffer, format="JPEG", exif=exif_data)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def _post(client: Client, demarche: Any, **overrides: Any) -> Any:
    data = {"kind": "idee", "title": "Des bancs ombragés près de la gare", "body": "Il fait très chaud l'été."}
    data.update(overrides)
    return client.post(f"/demarches/{demarche.slug}/contribuer/", data)


def test_submit_in_the_browser_records_rule_version_and_quartier(client_for: Any, demarche: Any, quartier: Any) -> None:
    theme = ThemeFactory(name="Espaces verts")
    demarche.themes.add(theme)
    resident = UserFactory()
    response = _post(client_for(resident), demarche, themes=[theme.pk], latitude="47.81", longitude="1.91")
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert response["Location"] == contribution.get_absolute_url()
    assert contribution.author == resident
    assert contribution.quartier == quartier  # derived from the point
    assert contribution.rule_version is not None
    assert contribution.rule_version.number == 1
    assert contribution.status == Contribution.Status.RECEIVED
    assert list(contribution.themes.all()) == [theme]
    page = client_for(resident).get(contribution.get_absolute_url()).content.decode()
    assert "version 1" in page
    assert contribution.rule_version.get_absolute_url() in page.replace("&amp;", "&")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "Trop court"[:8]}, "au moins 10 caractères"),
        ({"title": "x" * 141}, "140 caractères"),
        ({"body": "a" * 10001}, "10 000 caractères"),
        ({"kind": ""}, "Choisissez le type"),
        ({"title": ""}, "Donnez un titre"),
        ({"body": ""}, "Décrivez votre contribution"),
        ({"latitude": "48.5", "longitude": "2.5"}, "en dehors du territoire"),
        ({"latitude": "47.81"}, "latitude et la longitude"),
        ({"latitude": "pas un nombre", "longitude": "1.91"}, "nombre"),
    ],
)
def test_bad_input_gives_french_errors_and_no_record(
    client_for: Any, demarche: Any, quartier: Any, overrides: dict[str, str], message: str
) -> None:
    response = _post(client_for(UserFactory()), demarche, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Contribution.objects.count() == 0


def test_wrong_image_type_is_refused(client_for: Any, demarche: Any) -> None:
    client = client_for(UserFactory())
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(
        f"/demarches/{demarche.slug}/contribuer/",
        {
            "kind": "probleme",
            "title": "Un trou dans la chaussée",
            "body": "Devant le 12.",
            "image_1": fake,
            "alt_1": "x",
        },
    )
    assert response.status_code == 400
    assert "pas une image lisible" in response.content.decode()
    gif = io.BytesIO()
    Image.new("RGB", (5, 5)).save(gif, format="GIF")
    response = client.post(
        f"/demarches/{demarche.slug}/contribuer/",
        {"kind": "probleme", "title": "Un trou dans la chaussée", "body": "Devant le 12.",
         "image_1": SimpleUploadedFile("a.gif", gif.getvalue(), content_type="image/gif"), "alt_1": "Un trou"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Format d&#x27;image non accepté" in response.content.decode()
    assert Contribution.objects.count() == 0
    assert ContributionImage.objects.count() == 0


def test_image_needs_alt_text_and_loses_its_metadata(client_for: Any, demarche: Any) -> None:
    client = client_for(UserFactory())
    upload = SimpleUploadedFile("photo.jpg", _png(exif=True), content_type="image/jpeg")
    response = client.post(
        f"/demarches/{demarche.slug}/contribuer/",
        {"kind": "probleme", "title": "Un trou dans la chaussée", "body": "Devant le 12.", "image_1": upload},
    )
    assert response.status_code == 400
    assert "texte alternatif" in response.content.decode()
    upload = SimpleUploadedFile("photo.jpg", _png(exif=True), content_type="image/jpeg")
    response = client.post(
        f"/demarches/{demarche.slug}/contribuer/",
        {"kind": "probleme", "title": "Un trou dans la chaussée", "body": "Devant le 12.", "image_1": upload,
         "alt_1": "Un nid-de-poule rempli d'eau"},
    )  # fmt: skip
    assert response.status_code == 302
    image = ContributionImage.objects.get()
    with image.image.open("rb") as stored:
        data = stored.read()
    assert b"AppareilSecret" not in data
    assert Image.open(io.BytesIO(data)).getexif() == {}


def test_phase_gates_submission(client_for: Any) -> None:
    demarche = DemarcheFactory(phase=PhaseKind.EXPLORATION)
    response = _post(client_for(UserFactory()), demarche)
    assert response.status_code == 403
    page = response.content.decode()
    # What is closed, why, and that no later phase reopens it (the factory's démarche has one phase).
    assert "« Contribuer » n&#x27;est pas possible pendant la phase « Exploration »." in page
    assert "Aucune phase à venir de cette démarche ne le permet." in page
    with pytest.raises(ActionError):
        actions.contribution_submit(
            author=UserFactory(), demarche=demarche, kind="idee", title="Une idée valable ici", body="x"
        )
    assert Contribution.objects.count() == 0


def test_anonymous_visitor_is_sent_to_login(client: Client, demarche: Any) -> None:
    response = client.get(f"/demarches/{demarche.slug}/contribuer/")
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_agent_records_offline_contribution_with_channel(client_for: Any, demarche: Any) -> None:
    agent = UserFactory()
    DepartmentFactory(members=[agent])
    response = _post(client_for(agent), demarche, channel="telephone", offline_author_name="Mme Dupont")
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.channel == "telephone"
    assert contribution.author is None
    assert contribution.recorded_by == agent
    assert contribution.public_author_name == "Mme Dupont"
    listing = client_for(agent).get(f"/demarches/{demarche.slug}/contributions/?channel=telephone").content.decode()
    assert "recueillie : Téléphone" in listing
    assert "1 contribution" in listing


def test_residents_cannot_record_offline(client_for: Any, demarche: Any) -> None:
    resident = UserFactory()
    with pytest.raises(ActionError, match="Seuls les agents"):
        actions.contribution_submit(
            author=resident,
            demarche=demarche,
            kind="idee",
            title="Une idée par téléphone",
            body="x",
            channel="telephone",
        )
    # The form does not even offer the channel field to a resident.
    assert 'name="channel"' not in client_for(resident).get(f"/demarches/{demarche.slug}/contribuer/").content.decode()


def test_edit_until_first_support_with_history(client_for: Any, demarche: Any) -> None:
    author = UserFactory()
    contribution = actions.contribution_submit(
        author=author, demarche=demarche, kind="idee", title="Un composteur au square", body="Version 1"
    )
    client = client_for(author)
    response = client.post(
        f"/contributions/{contribution.pk}/modifier/", {"title": "Un composteur au square Vert", "body": "V2"}
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.edited_at is not None
    assert contribution.revisions.get().body == "Version 1"
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "modifiée le" in page
    assert "Version 1" in client.get(f"/contributions/{contribution.pk}/historique/").content.decode()
    actions.support_set(user=UserFactory(), contribution=contribution, supported=True)
    response = client.post(
        f"/contributions/{contribution.pk}/modifier/", {"title": "Encore un autre titre", "body": "V3"}
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.body == "V2"


def test_withdraw_keeps_it_visible(client_for: Any, demarche: Any) -> None:
    author = UserFactory()
    contribution = actions.contribution_submit(
        author=author, demarche=demarche, kind="question", title="Quand ouvre la piscine ?", body="En juin ?"
    )
    assert client_for(UserFactory()).post(f"/contributions/{contribution.pk}/retirer/").status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.RECEIVED  # someone else cannot withdraw it
    client_for(author).post(f"/contributions/{contribution.pk}/retirer/")
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.WITHDRAWN
    page = Client().get(contribution.get_absolute_url()).content.decode()
    assert "a été retirée par son auteur" in page
    with pytest.raises(ActionError):
        actions.support_set(user=UserFactory(), contribution=contribution, supported=True)


def test_similar_contributions_are_suggested(client: Client, demarche: Any) -> None:
    actions.contribution_submit(
        author=UserFactory(),
        demarche=demarche,
        kind="idee",
        title="Plus de stationnements pour les vélos",
        body="Rue X",
    )
    actions.contribution_submit(
        author=UserFactory(), demarche=demarche, kind="idee", title="Fleurir les balcons de la mairie", body="Y"
    )
    other = DemarcheFactory()
    actions.contribution_submit(
        author=UserFactory(), demarche=other, kind="idee", title="Des vélos partout en ville", body="Z"
    )
    response = client.get(f"/demarches/{demarche.slug}/contribuer/similaires/", {"title": "stationnement velo"})
    body = response.content.decode()
    assert "Plus de stationnements pour les vélos" in body
    assert "soutenir celle-ci plutôt" in body
    assert "Fleurir" not in body
    assert "partout en ville" not in body  # another démarche


def test_support_toggle_in_the_browser_without_js(client_for: Any, demarche: Any) -> None:
    contribution = actions.contribution_submit(
        author=UserFactory(), demarche=demarche, kind="idee", title="Une fontaine à eau au parc", body="Pour l'été"
    )
    supporter = UserFactory()
    client = client_for(supporter)
    url = f"/contributions/{contribution.pk}/soutien/"
    assert client.post(url, {"supported": "1"}).status_code == 302
    assert client.post(url, {"supported": "1"}).status_code == 302  # idempotent
    contribution.refresh_from_db()
    assert contribution.support_count == 1
    assert Support.objects.count() == 1
    htmx = client.post(url, {"supported": "0"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    assert "0 soutien" in htmx.content.decode()
    assert client.post(url, {"supported": "peut-être"}).status_code == 400
    own = client_for(contribution.author).post(url, {"supported": "1"}, headers={"HX-Request": "true"})
    assert own.status_code == 403
    assert "votre propre contribution" in own.content.decode()
    anonymous = Client().post(url, {"supported": "1"})
    assert anonymous.status_code == 302
    assert "/comptes/login/" in anonymous["Location"]


def test_supporting_updates_the_follow_button_in_the_same_response(client_for: Any, demarche: Any) -> None:
    """Supporting follows the contribution: the htmx answer swaps the follow button too (out of band),
    and without JavaScript the page after the redirect shows « Ne plus suivre » (issue 16)."""
    contribution = actions.contribution_submit(
        author=UserFactory(), demarche=demarche, kind="idee", title="Des bancs au square", body="Pour s'asseoir"
    )
    url = f"/contributions/{contribution.pk}/soutien/"
    client = client_for(UserFactory())
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert ">Suivre<" in page
    assert "Ne plus suivre" not in page
    htmx = client.post(url, {"supported": "1"}, headers={"HX-Request": "true"}).content.decode()
    form = htmx[htmx.index(f'id="suivi-contribution-{contribution.pk}"') :]
    assert 'hx-swap-oob="outerHTML"' in htmx
    assert f"/ne-plus-suivre/contribution/{contribution.pk}/" in form
    assert "Ne plus suivre" in form
    assert f'id="suivi-contribution-{contribution.pk}-statut" hx-swap-oob="innerHTML">Vous suivez' in htmx
    # Without JavaScript: POST, redirect, and the page shows the right state.
    other = client_for(UserFactory())
    response = other.post(url, {"supported": "1"}, follow=True)
    assert response.redirect_chain
    assert "Ne plus suivre" in response.content.decode()
    # Withdrawing the support keeps the follow (as the page said): no swap of the follow button.
    withdrawn = client.post(url, {"supported": "0"}, headers={"HX-Request": "true"}).content.decode()
    assert "hx-swap-oob" not in withdrawn


def test_similar_suggestions_read_bodies_and_stems_and_find_the_school_street(client_for: Any, demarche: Any) -> None:
    """« Une rue aux écoles devant Jules-Ferry » finds « Fermer la rue des Écoles aux voitures », whose body
    says « rue aux écoles », among contributions that all name the street and the school (issue 16)."""
    neighbours = [
        ("Stationnement en double file rue des Écoles", "Des voitures en double file devant Jules-Ferry chaque matin."),
        ("Les voitures roulent trop vite devant l'arrêt de bus Jules-Ferry", "L'arrêt Jules-Ferry est dangereux."),
        ("Impossible de garer son vélo devant l'école Jules-Ferry", "Quatre arceaux devant Jules-Ferry."),
        ("Un pédibus entre le square et Jules-Ferry", "Accompagner les enfants de l'école à pied."),
        ("Un passage piéton devant l'école Jules-Ferry", "Les enfants traversent rue des Écoles sans passage."),
        ("Des trottinettes sur le trottoir devant Jules-Ferry", "À la sortie de l'école, rue des Écoles."),
        ("Un radar pédagogique rue des Écoles", "Les voitures passent vite devant Jules-Ferry."),
    ]
    for title, body in neighbours:
        actions.contribution_submit(author=UserFactory(), demarche=demarche, kind="probleme", title=title, body=body)
    wanted = actions.contribution_submit(
        author=UserFactory(),
        demarche=demarche,
        kind="idee",
        title="Fermer la rue des Écoles aux voitures à l'entrée et à la sortie des classes",
        body="Une « rue aux écoles » comme à Paris : des barrières amovibles fermées de 8 h à 8 h 45.",
    )
    writer = UserFactory()
    own = actions.contribution_submit(
        author=writer, demarche=demarche, kind="idee", title="Une rue aux écoles devant Jules-Ferry", body="Déjà dit."
    )
    url = f"/demarches/{demarche.slug}/contribuer/similaires/"
    query = {"title": "Une rue aux écoles devant Jules-Ferry"}
    found = [c.pk for c in queries.similar_contributions(demarche, query["title"], viewer=writer)]
    assert found[0] == wanted.pk, found
    body = client_for(writer).get(url, query).content.decode()
    assert "Fermer la rue des Écoles aux voitures" in body
    # Never one's own contribution: one cannot support it.
    assert f"/contributions/{own.pk}/" not in body
    assert f"/contributions/{own.pk}/" in client_for(UserFactory()).get(url, query).content.decode()
    # The body typed so far counts too: accents and stems ignored (« barriere amovible » finds « barrières amovibles »).
    by_body = client_for(writer).get(url, {"title": "Une idée pour le matin", "body": "des barriere amovible"}).text
    assert "Fermer la rue des Écoles aux voitures" in by_body
