"""`next` parameters that are not a path of the site: the browser goes to the fallback, never a 500.

Django's redirect() takes a value without "/" or "." for a view name (« ² » raised NoReverseMatch)
and refuses a Location header with a line break (BadHeaderError). Found by the hostile-input class
test (issue 13).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.contributions.tests.factories import ContributionFactory
from cocite.debate.tests.factories import CommentFactory
from cocite.decisions.tests import factories as f

pytestmark = pytest.mark.django_db

BAD_NEXT = ["²", "9223372036854775808", "1e309", "nan", "/x\r\nSet-Cookie: a=b", "//evil.example/", "/\\evil.example"]


def _location(response: Any) -> str:
    assert response.status_code == 302, response.status_code
    return str(response["Location"])


def test_the_language_switch_goes_home_for_a_bad_next(client: Client) -> None:
    for value in BAD_NEXT:
        assert _location(client.get(reverse("switch_language"), {"lang": "en", "next": value})) == "/", value
    assert _location(client.get(reverse("switch_language"), {"lang": "en", "next": "/regles/"})) == "/regles/"


def test_follow_and_unfollow_go_back_to_a_safe_page(resident: Any, client_for: Any) -> None:
    contribution = ContributionFactory()
    client = client_for(resident)
    follow = reverse("notifications:follow", kwargs={"kind": "contribution", "pk": contribution.pk})
    unfollow = reverse("notifications:unfollow", kwargs={"kind": "contribution", "pk": contribution.pk})
    for value in BAD_NEXT:
        assert _location(client.post(follow, {"next": value})) == contribution.get_absolute_url(), value
        assert _location(client.post(unfollow, {"next": value})) == reverse("notifications:follows"), value


def test_marking_a_comment_useful_goes_back_to_it(resident: Any, client_for: Any) -> None:
    comment = CommentFactory()
    client = client_for(resident)
    url = reverse("debate:useful", kwargs={"pk": comment.pk})
    for value in BAD_NEXT:
        assert _location(client.post(url, {"useful": "1", "next": value})) == comment.get_absolute_url(), value


def test_the_inbox_bulk_action_goes_back_to_the_inbox(client_for: Any) -> None:
    setup = f.routed_setup()
    client = client_for(setup["manager"])
    slug = setup["department"].slug
    url = reverse("decisions:inbox_bulk", kwargs={"slug": slug})
    ids = [str(setup["contributions"][0].pk)]
    for value in BAD_NEXT:
        response = client.post(url, {"action": "examen", "ids": ids, "next": value})
        assert _location(response) == reverse("decisions:inbox", kwargs={"slug": slug}), value
