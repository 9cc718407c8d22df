"""Hostile uploads: images whose metadata inflates past Pillow's limits are a form error (issue 13, defect 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.images import clean_image
from cocite.contributions.models import Contribution
from cocite.core.tests.hostile_corpus import FILES, png_iccp_bomb, png_pixel_bomb, png_ztxt_bomb
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version

# Readable despite the damage: re-encoded without their metadata.
READABLE = {"garbage EXIF"}


@pytest.mark.parametrize("label", [label for label, *_rest in FILES])
def test_every_hostile_file_is_refused_in_words_or_cleaned(label: str) -> None:
    _label, name, content_type, data = next(entry for entry in FILES if entry[0] == label)
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    if label in READABLE:
        assert clean_image(upload).size > 0
        return
    with pytest.raises(ValidationError) as caught:
        clean_image(upload)
    assert str(caught.value.code).startswith("image_")
    assert caught.value.messages[0].startswith(("Ce fichier", "L'image", "Format"))


@pytest.mark.parametrize("bomb", [png_ztxt_bomb, png_iccp_bomb])
def test_a_png_whose_metadata_inflates_too_far_is_not_an_image(bomb: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_image(SimpleUploadedFile("bombe.png", bomb(), content_type="image/png"))
    assert caught.value.code == "image_invalid"


def test_a_png_declaring_too_many_pixels_says_so() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_image(SimpleUploadedFile("bombe.png", png_pixel_bomb(), content_type="image/png"))
    assert caught.value.code == "image_too_many_pixels"


@pytest.mark.django_db
def test_a_resident_uploading_a_bomb_gets_a_form_error(client_for: Any) -> None:
    demarche = DemarcheFactory()
    publish_version(RulebookFactory(demarche=demarche), 1)
    client = client_for(UserFactory())
    for bomb in (png_ztxt_bomb, png_iccp_bomb):
        response = client.post(
            f"/demarches/{demarche.slug}/contribuer/",
            {
                "kind": "probleme",
                "title": "Un trou dans la chaussée",
                "body": "Devant le 12.",
                "image_1": SimpleUploadedFile("trou.png", bomb(), content_type="image/png"),
                "alt_1": "Le trou",
            },
        )
        assert response.status_code == 400
        assert "pas une image lisible" in response.content.decode()
    assert not Contribution.objects.exists()
