"""Contribution images: unguessable names, served only through a permission check.

The page links each image to a view that fetches the contribution as the viewer may see
it (`queries.contribution_get_for`); the view answers with X-Accel-Redirect to an internal
location when MEDIA_ACCEL_REDIRECT_PREFIX says a reverse proxy serves protected files, and
streams the file otherwise. No route serves MEDIA_ROOT/contributions/ directly, even in DEBUG.
"""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver
from django.views.static import serve
from PIL import Image

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution, ContributionImage
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version

pytestmark = pytest.mark.django_db

IMG_SRC = re.compile(r'<figure class="contribution__image"[^>]*><img src="([^"]+)"')


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _submit_with_image(client: Client, demarche: Any, n: int = 1) -> Contribution:
    response = client.post(
        f"/demarches/{demarche.slug}/contribuer/",
        {
            "kind": "probleme",
            "title": f"Un trou dans la chaussée numéro {n}",
            "body": "Devant le 12.",
            "image_1": SimpleUploadedFile("photo.png", _png(), content_type="image/png"),
            "alt_1": "Un nid-de-poule rempli d'eau",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Contribution.objects.order_by("-pk").first()  # type: ignore[return-value]


def _image_src(client: Client, contribution: Contribution) -> str:
    page = client.get(f"/contributions/{contribution.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/media/" not in html
    match = IMG_SRC.search(html)
    assert match, "the page shows the image"
    return match.group(1)


@pytest.fixture
def invited() -> Any:
    return UserFactory()


@pytest.fixture
def restricted(invited: Any) -> Any:
    demarche = DemarcheFactory(audience=Audience.INVITED)
    demarche.invited.add(invited)
    publish_version(RulebookFactory(demarche=demarche), 1)
    return demarche


def test_an_invitation_only_image_is_served_to_the_invited_and_hidden_from_visitors(
    restricted: Any, invited: Any
) -> None:
    client = _client(invited)
    contribution = _submit_with_image(client, restricted)
    src = _image_src(client, contribution)
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert (
        b"".join(response.streaming_content)
        == default_storage.open(  # type: ignore[attr-defined]
            contribution.images.get().image.name
        ).read()
    )
    # A visitor, or a signed-in person who is not invited, gets nothing, as for the page itself.
    assert _client().get(src).status_code == 404
    assert _client(UserFactory()).get(src).status_code == 404


def test_a_public_image_may_be_cached_by_anyone() -> None:
    demarche = DemarcheFactory()
    publish_version(RulebookFactory(demarche=demarche), 1)
    contribution = _submit_with_image(_client(UserFactory()), demarche)
    response = _client().get(_image_src(_client(), contribution))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_names_are_unguessable(restricted: Any, invited: Any) -> None:
    client = _client(invited)
    names = [_submit_with_image(client, restricted, n).images.get().image.name for n in range(2)]
    for name in names:
        token = Path(name).stem
        assert re.fullmatch(r"[A-Za-z0-9_-]{24,}", token), name
        assert "image" not in token
    assert names[0] != names[1]


def test_with_a_reverse_proxy_the_view_answers_with_x_accel_redirect(
    settings: Any, restricted: Any, invited: Any
) -> None:
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_protected/media/"
    client = _client(invited)
    contribution = _submit_with_image(client, restricted)
    response = client.get(_image_src(client, contribution))
    assert response.status_code == 200
    name = contribution.images.get().image.name
    assert response["X-Accel-Redirect"] == f"/_protected/media/{name}"
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    assert response.content == b""
    assert _client().get(_image_src(client, contribution)).status_code == 404


def test_an_existing_file_with_an_old_name_keeps_working(restricted: Any, invited: Any) -> None:
    contribution = ContributionFactory(demarche=restricted)
    stored = default_storage.save("contributions/2025/11/image-1.png", ContentFile(_png()))
    ContributionImage.objects.create(contribution=contribution, image=stored, alt_text="Ancienne image")
    client = _client(invited)
    response = client.get(_image_src(client, contribution))
    assert response.status_code == 200
    assert _client().get(_image_src(client, contribution)).status_code == 404


def test_a_wrong_name_or_a_missing_file_is_a_404(restricted: Any, invited: Any) -> None:
    client = _client(invited)
    contribution = _submit_with_image(client, restricted)
    src = _image_src(client, contribution)
    assert client.get(src.rsplit("/", 1)[0] + "/autre.png").status_code == 404
    default_storage.delete(contribution.images.get().image.name)
    assert client.get(src).status_code == 404


def _serving_patterns(patterns: list[Any]) -> Iterator[URLPattern]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _serving_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.callback is serve:
            yield pattern


def test_no_route_serves_the_raw_path(settings: Any, restricted: Any, invited: Any) -> None:
    contribution = _submit_with_image(_client(invited), restricted)
    raw = settings.MEDIA_URL + contribution.images.get().image.name
    assert _client(invited).get(raw).status_code == 404
    contributions_dir = Path(settings.MEDIA_ROOT) / "contributions"
    urls = importlib.import_module(settings.ROOT_URLCONF)
    try:
        for debug in (False, True):
            settings.DEBUG = debug
            clear_url_caches()
            importlib.reload(urls)
            for pattern in _serving_patterns(get_resolver().url_patterns):
                root = Path(pattern.default_args["document_root"])
                assert not contributions_dir.is_relative_to(root), f"DEBUG={debug}: {pattern} serves {root}"
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
        clear_url_caches()
