"""Images of contributions and public profiles can be flagged and moderated like the rest.

A hidden image leaves a tombstone on its contribution's page and its file is the moderators' only
(its address alone must not show it, nor any image of a hidden contribution); a hidden profile
becomes a tombstone and its pseudonym gives way to « Pseudonyme masqué » everywhere until an appeal
or a moderator restores it.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from cocite.accounts.forms import ProfileForm, clean_display_name_value
from cocite.accounts.models import MASKED_DISPLAY_NAME, User
from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution, ContributionImage
from cocite.moderation import actions, queries
from cocite.moderation.models import Appeal
from cocite.moderation.registry import registry

pytestmark = pytest.mark.django_db

IMAGE_KIND = "contribution_image"
PROFILE_KIND = "profile"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def picture(idea: Contribution) -> ContributionImage:
    return ContributionImage.objects.create(
        contribution=idea, image=ContentFile(_png(), name="photo.png"), alt_text="Plaque IMAGEMARK du voisin"
    )


def test_a_flagged_image_hidden_leaves_a_tombstone_and_its_file_is_the_moderators_only(
    picture: ContributionImage, idea: Contribution, resident: Any, moderator: Any, second_moderator: Any
) -> None:
    url = picture.get_absolute_url()
    assert _client().get(url).status_code == 200
    page = _client(resident).get(idea.get_absolute_url()).content.decode()
    flag_url = reverse("moderation:flag", kwargs={"kind": IMAGE_KIND, "pk": picture.pk})
    assert flag_url in page, "each image has its « Signaler »"

    response = _client(resident).post(flag_url, {"reason": "donnees_personnelles"})
    assert response.status_code == 302
    entries = queries.queue(moderator)
    assert [(e.spec.kind, e.obj.pk) for e in entries] == [(IMAGE_KIND, picture.pk)]
    actions.items_hide(actor=moderator, kind=IMAGE_KIND, object_ids=[picture.pk], reason="donnees_personnelles")

    for viewer in (None, resident, idea.author):
        body = _client(viewer).get(idea.get_absolute_url()).content.decode()
        if viewer is not idea.author:  # the author reads their own description beside the appeal's link
            assert "IMAGEMARK" not in body
        assert "Cette image a été masquée par la modération" in body
        assert url not in body
        assert _client(viewer).get(url).status_code == 404, "the hidden file is not served by its address"
    assert _client(moderator).get(url).status_code == 200, "moderators still see what they judge"
    assert Contribution.objects.get(pk=idea.pk).masked_at is None, "the contribution itself stays"

    # The author contests from the contribution's page; another moderator restores the image.
    author_page = _client(idea.author).get(idea.get_absolute_url()).content.decode()
    appeal_url = reverse("moderation:appeal", kwargs={"kind": IMAGE_KIND, "pk": picture.pk})
    assert appeal_url in author_page
    assert appeal_url not in _client(resident).get(idea.get_absolute_url()).content.decode()
    appeal = actions.appeal_submit(user=idea.author, kind=IMAGE_KIND, object_id=picture.pk, text="C'est ma rue.")
    actions.appeal_decide(actor=second_moderator, appeal_id=appeal.pk, restore=True, note="Plaque illisible.")
    assert Appeal.objects.get(pk=appeal.pk).outcome == Appeal.Outcome.RESTORED
    assert _client().get(url).status_code == 200
    assert "IMAGEMARK" in _client().get(idea.get_absolute_url()).content.decode()


def test_the_images_of_a_hidden_contribution_are_not_served_by_their_address(
    picture: ContributionImage, idea: Contribution, moderator: Any
) -> None:
    url = picture.get_absolute_url()
    actions.items_hide(actor=moderator, kind="contribution", object_ids=[idea.pk], reason="spam_publicite")
    assert _client().get(url).status_code == 404
    assert _client(idea.author).get(url).status_code == 404
    assert _client(moderator).get(url).status_code == 200


def test_a_moderator_edits_personal_data_out_of_an_image_description(
    picture: ContributionImage, moderator: Any
) -> None:
    actions.item_redact(actor=moderator, kind=IMAGE_KIND, object_id=picture.pk, texts={"alt_text": "Une plaque"})
    picture.refresh_from_db()
    assert picture.alt_text == "Une plaque"
    assert "IMAGEMARK" in queries.redactions_of(IMAGE_KIND, picture.pk)[0].original["alt_text"]


def test_a_hidden_profile_is_a_tombstone_and_its_pseudonym_is_masked_everywhere(
    idea: Contribution, resident: Any, moderator: Any, second_moderator: Any
) -> None:
    person = idea.author
    person.display_name = "Insulte_PROFILMARK"
    person.save()
    profile_url = reverse("spaces:person", kwargs={"pk": person.pk})
    flag_url = reverse("moderation:flag", kwargs={"kind": PROFILE_KIND, "pk": person.pk})
    assert flag_url in _client(resident).get(profile_url).content.decode()
    assert _client(resident).post(flag_url, {"reason": "propos_injurieux"}).status_code == 302
    entries = queries.queue(moderator)
    assert [(e.spec.kind, e.obj.pk) for e in entries] == [(PROFILE_KIND, person.pk)]

    actions.items_hide(actor=moderator, kind=PROFILE_KIND, object_ids=[person.pk], reason="propos_injurieux")
    person.refresh_from_db()
    assert person.display_name == MASKED_DISPLAY_NAME
    for viewer in (None, resident):
        profile = _client(viewer).get(profile_url)
        assert profile.status_code == 200
        text = profile.content.decode()
        assert "Ce profil a été masqué par la modération" in text
        assert "PROFILMARK" not in text
        contribution_page = _client(viewer).get(idea.get_absolute_url()).content.decode()
        assert "PROFILMARK" not in contribution_page
        assert MASKED_DISPLAY_NAME in contribution_page
    # What the pseudonym was stays the moderators' (the queue's excerpt, the appeal's page).
    spec = registry.get(PROFILE_KIND)
    assert spec is not None
    assert "PROFILMARK" in spec.excerpt(User.objects.get(pk=person.pk))

    # The person cannot choose another pseudonym meanwhile; the form says why.
    form = ProfileForm(data={"display_name": "Nouveau_Nom", "public_profile": "on"}, instance=person)
    assert not form.is_valid()
    assert "masqué par la modération" in form.errors["display_name"][0]

    # They contest from their own page; another moderator restores: the pseudonym comes back.
    own_page = _client(person).get(profile_url).content.decode()
    appeal_url = reverse("moderation:appeal", kwargs={"kind": PROFILE_KIND, "pk": person.pk})
    assert appeal_url in own_page
    appeal = actions.appeal_submit(user=person, kind=PROFILE_KIND, object_id=person.pk, text="Un surnom.")
    actions.appeal_decide(actor=second_moderator, appeal_id=appeal.pk, restore=True, note="Admis.")
    person.refresh_from_db()
    assert person.display_name == "Insulte_PROFILMARK"
    assert person.profile_masked_at is None
    assert "PROFILMARK" in _client().get(profile_url).content.decode()


def test_a_restored_pseudonym_someone_took_meanwhile_comes_back_with_the_account_number(
    author: Any, moderator: Any
) -> None:
    name = author.display_name
    actions.items_hide(actor=moderator, kind=PROFILE_KIND, object_ids=[author.pk], reason="propos_injurieux")
    UserFactory(display_name=name)  # free again once masked: someone takes it
    actions.item_restore(actor=moderator, kind=PROFILE_KIND, object_id=author.pk, note="Erreur")
    author.refresh_from_db()
    assert author.display_name == f"{name} ({author.pk})"


def test_no_one_may_choose_the_masked_pseudonym() -> None:
    for name in ("Pseudonyme masqué", "pseudonyme MASQUE #3"):
        with pytest.raises(Exception, match="réservé"):
            clean_display_name_value(name)


def test_a_moderator_edits_personal_data_out_of_a_pseudonym(author: Any, moderator: Any) -> None:
    actions.item_redact(actor=moderator, kind=PROFILE_KIND, object_id=author.pk, texts={"display_name": "Voisin_42"})
    author.refresh_from_db()
    assert author.display_name == "Voisin_42"
    taken = UserFactory(display_name="Pris_Deja")
    with pytest.raises(Exception, match="déjà pris"):
        actions.item_redact(
            actor=moderator, kind=PROFILE_KIND, object_id=author.pk, texts={"display_name": taken.display_name}
        )
    assert re.fullmatch("Voisin_42", User.objects.get(pk=author.pk).display_name)
