"""The exploration's pages: who sees what, the forms through the browser's path, the photo's protection."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocite.contributions.models import Contribution
from cocite.exploration.models import FieldNote, FieldNotePhoto, Finding, Irritant, JourneyStep, Volunteer

from .helpers import exploring, finding, journey, note, png

pytestmark = pytest.mark.django_db


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_public_sees_published_findings_and_their_public_sources_only() -> None:
    setting = exploring()
    shown = finding(setting)
    Finding.objects.filter(pk=shown.pk).update(title="Constat publié")
    draft = finding(setting, published=False)
    Finding.objects.filter(pk=draft.pk).update(title="Constat brouillon")
    hidden = shown.contributions.get()
    visible_note = shown.field_notes.get()
    page = Client().get(reverse("exploration:findings", kwargs={"slug": setting.demarche.slug}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Constat publié" in text
    assert "Constat brouillon" not in text
    assert visible_note.title in text
    assert visible_note.notes not in text
    assert hidden.get_absolute_url() in text
    Contribution.objects.filter(pk=hidden.pk).update(masked_at="2026-01-01T00:00Z", masked_reason="hors charte")
    text = Client().get(reverse("exploration:findings", kwargs={"slug": setting.demarche.slug})).content.decode()
    assert hidden.get_absolute_url() not in text


def test_findings_follow_the_demarche_audience() -> None:
    setting = exploring(audience="agents")
    finding(setting)
    url = reverse("exploration:findings", kwargs={"slug": setting.demarche.slug})
    assert Client().get(url).status_code == 404
    assert _as(setting.resident).get(url).status_code == 404
    assert _as(setting.outsider_agent).get(url).status_code == 200


@pytest.mark.parametrize("who", ["resident", "outsider_agent"])
def test_the_field_work_is_the_teams_only(who: str) -> None:
    setting = exploring()
    made = note(setting, photos=[(png(), "Le guichet", True)])
    trip = journey(setting)
    irritant = Irritant.objects.filter(step__journey=trip).first()
    assert irritant is not None
    photo = FieldNotePhoto.objects.get()
    client = _as(getattr(setting, who))
    slug = setting.demarche.slug
    for url in (
        reverse("exploration:workspace", kwargs={"slug": slug}),
        reverse("exploration:field_note_new", kwargs={"slug": slug}),
        reverse("exploration:journey_new", kwargs={"slug": slug}),
        reverse("exploration:finding_new", kwargs={"slug": slug}),
        made.get_absolute_url(),
        photo.get_absolute_url(),
        trip.get_absolute_url(),
        reverse("exploration:irritant_contribution", kwargs={"pk": irritant.pk}),
    ):
        assert client.get(url).status_code == 404, url
    assert Client().get(photo.get_absolute_url()).status_code == 404


def test_a_draft_demarches_field_work_stays_with_the_administrators() -> None:
    """A draft démarche is the administrators' until published, its managing department's agents
    included: its field work and its draft findings too (found by the shared leak sweep)."""
    from cocite.accounts.tests.factories import UserFactory
    from cocite.demarches.models import Demarche

    setting = exploring()
    made = note(setting)
    draft = finding(setting, published=False)
    Finding.objects.filter(pk=draft.pk).update(summary="Ce que l'équipe a vu")
    workspace = reverse("exploration:workspace", kwargs={"slug": setting.demarche.slug})
    page = _as(setting.agent).get(workspace)
    assert page.status_code == 200
    assert "Ce que l&#x27;équipe a vu" in page.content.decode()  # the team reads a draft before publishing it
    setting.demarche.status = Demarche.Status.DRAFT
    setting.demarche.save()
    for url in (workspace, made.get_absolute_url()):
        assert _as(setting.agent).get(url).status_code == 404, url
        assert _as(setting.manager).get(url).status_code == 404, url
        assert _as(UserFactory(is_superuser=True, is_staff=True)).get(url).status_code == 200, url


def test_the_team_sees_the_photo_privately() -> None:
    setting = exploring()
    note(setting, photos=[(png(), "Le guichet", True)])
    photo = FieldNotePhoto.objects.get()
    response = _as(setting.manager).get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    wrong = reverse("exploration:photo", kwargs={"pk": photo.pk, "name": "autre.png"})
    assert _as(setting.manager).get(wrong).status_code == 404


def test_a_field_note_through_its_form() -> None:
    setting = exploring()
    client = _as(setting.agent)
    url = reverse("exploration:field_note_new", kwargs={"slug": setting.demarche.slug})
    data = {
        "kind": "entretien",
        "title": "Entretien avec deux parents",
        "happened_on": "2026-01-10",
        "place": "Centre social",
        "participants_count": "2",
        "participant_profiles": "Deux parents",
        "named_participants": "Mme Martin",
        "notes": "Ils travaillent en horaires décalés.",
        "learned": "Le guichet ne leur convient pas.",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "accord" in refused.content.decode()
    photo = png()
    response = client.post(
        url, {**data, "names_consent": "on", "photo_1": photo, "photo_alt_1": "Le centre", "photo_consent_1": "on"}
    )
    made = FieldNote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == made.get_absolute_url()
    assert made.photos.count() == 1
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Mme Martin" in page
    assert made.photos.get().get_absolute_url() in page


def test_a_journey_its_steps_an_irritant_and_the_contribution_made_from_it() -> None:
    setting = exploring()
    client = _as(setting.agent)
    response = client.post(
        reverse("exploration:journey_new", kwargs={"slug": setting.demarche.slug}),
        {"title": "Inscrire son enfant", "case": "cas_reel", "who": "Un père", "goal": "Inscrire son fils"},
    )
    url = response["Location"]
    assert (
        client.post(
            url, {"form": "etape", "title": "Chercher", "channel": "en_ligne", "feeling": "negatif", "minutes": "20"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url, {"form": "etape", "title": "Déposer", "channel": "guichet", "feeling": "tres_negatif", "minutes": "-3"}
        ).status_code
        == 400
    )
    step = JourneyStep.objects.get()
    assert (
        client.post(url, {"form": "irritant", "step": str(step.pk), "text": "Aucune liste des pièces"}).status_code
        == 302
    )
    irritant = Irritant.objects.get()
    page = client.get(url).content.decode()
    create = reverse("exploration:irritant_contribution", kwargs={"pk": irritant.pk})
    assert create in page
    response = client.post(
        create,
        {"kind": "probleme", "title": "Aucune liste des pièces à fournir", "body": "Observé en suivant un père."},
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == contribution.get_absolute_url()
    assert contribution.channel == "terrain"
    page = client.get(url).content.decode()
    assert contribution.get_absolute_url() in page
    assert create not in page


def test_a_finding_through_its_form_then_published() -> None:
    setting = exploring()
    made = note(setting)
    client = _as(setting.manager)
    url = reverse("exploration:finding_new", kwargs={"slug": setting.demarche.slug})
    assert client.post(url, {"title": "Sans source", "summary": "Texte"}).status_code == 400
    assert (
        client.post(url, {"title": "Un constat", "summary": "Texte", "field_notes": [str(made.pk)]}).status_code == 302
    )
    saved = Finding.objects.get()
    assert not saved.published
    client.post(reverse("exploration:finding_publish", kwargs={"pk": saved.pk}), {"published": "1"})
    saved.refresh_from_db()
    assert saved.published
    assert (
        _as(setting.resident)
        .post(reverse("exploration:finding_publish", kwargs={"pk": saved.pk}), {"published": "0"})
        .status_code
        == 404
    )


def test_a_resident_volunteers_from_the_findings_page() -> None:
    setting = exploring()
    url = reverse("exploration:findings", kwargs={"slug": setting.demarche.slug})
    assert Client().post(url, {"interview": "on", "consent": "on"}).status_code == 302  # to the login
    client = _as(setting.resident)
    assert client.post(url, {"interview": "on"}).status_code == 400
    assert client.post(url, {"interview": "on", "consent": "on", "availability": "Le soir"}).status_code == 302
    assert Volunteer.objects.get().availability == "Le soir"
    workspace = _as(setting.agent).get(reverse("exploration:workspace", kwargs={"slug": setting.demarche.slug}))
    assert setting.resident.email in workspace.content.decode()
    assert client.post(url, {"withdraw": "1"}).status_code == 302
    assert not Volunteer.objects.exists()
