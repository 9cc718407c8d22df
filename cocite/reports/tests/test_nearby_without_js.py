"""The duplicate check works without JavaScript (audit of issue 19): « Vérifier les signalements proches » posts the
form, which comes back as typed with the open reports within 50 m; « c'est le même problème » is a button of the
report form posting elsewhere (formaction), never a form nested inside it."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.reports.models import Report

from .helpers import LAT, LON, category, png, report

pytestmark = pytest.mark.django_db


class _Forms(HTMLParser):
    """Counts forms opened inside another form (invalid HTML: the browser drops the inner one)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.nested = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.nested += self.depth > 0
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.depth -= 1


def _nested_forms(page: str) -> int:
    parser = _Forms()
    parser.feed(page)
    return parser.nested


def test_checking_nearby_reports_without_javascript_keeps_everything_typed(client_for: Callable[[Any], Any]) -> None:
    cat = category()
    first = report(cat, description="Lampadaire éteint au coin")
    neighbour = UserFactory()
    client = client_for(neighbour)
    typed = {
        "verifier": "1",
        "category": str(cat.pk),
        "latitude": str(LAT + 0.0001),  # about 11 m away
        "longitude": str(LON),
        "address": "Devant la boulangerie",
        "description": "Le lampadaire ne s'allume plus depuis lundi",
        "alt_1": "Le lampadaire de nuit",
        "image_1": png(),
    }
    response = client.post("/signalements/nouveau/", typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Report.objects.filter(author=neighbour).exists()  # only checked, not sent
    assert "1 signalement en cours à moins de 50 m" in page
    assert first.get_absolute_url() in page
    assert "Devant la boulangerie" in page
    assert "Le lampadaire ne s&#x27;allume plus depuis lundi" in page
    assert "Le lampadaire de nuit" in page
    assert re.search(rf'<option value="{cat.pk}" selected>', page)
    assert f'value="{LAT + 0.0001}"' in page
    assert "Les photos choisies n’ont pas été gardées" in page
    assert "errorlist" not in page  # checked, not refused: no error yet
    assert _nested_forms(page) == 0
    # « C'est le même problème » : a button of the report form posting to the report's own address.
    join = reverse_join(first.pk)
    assert re.search(rf'<button type="submit"[^>]*formaction="{join}"[^>]*formmethod="post"', page)
    joined = client.post(join, {"category": str(cat.pk), "description": "ignoré"})
    assert joined.status_code == 302
    first.refresh_from_db()
    assert first.plus_one_count == 1
    assert first.followers.filter(user=neighbour).exists()


def test_nothing_nearby_and_an_unchecked_follow_box_come_back_as_typed(client_for: Callable[[Any], Any]) -> None:
    cat = category()
    client = client_for(UserFactory())
    response = client.post(
        "/signalements/nouveau/",
        {"verifier": "1", "category": str(cat.pk), "latitude": "47.9", "longitude": "1.99", "description": "Trou"},
    )
    page = response.content.decode()
    assert "Aucun signalement en cours de cette catégorie à moins de 50 m." in page
    assert not re.search(r'name="follow"[^>]*checked', page)
    assert client.get("/signalements/nouveau/").status_code == 200
    assert re.search(r'name="follow"[^>]*checked', client.get("/signalements/nouveau/").content.decode())


def test_the_htmx_fragment_has_buttons_and_the_page_opened_directly_has_forms(client: Any) -> None:
    cat = category()
    first = report(cat)
    query = {"category": cat.pk, "lat": LAT, "lon": LON}
    fragment = client.get("/signalements/proches/", query, headers={"HX-Request": "true"}).content.decode()
    assert "<form" not in fragment
    assert f'formaction="{reverse_join(first.pk)}"' in fragment
    whole = client.get("/signalements/proches/", query).content.decode()
    assert f'action="{reverse_join(first.pk)}"' in whole
    assert _nested_forms(whole) == 0


def reverse_join(pk: int) -> str:
    return reverse("reports:join", kwargs={"pk": pk})


class _SubmitButtons(HTMLParser):
    """The submit buttons of the report form, in document order (the first is what Enter presses)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.buttons: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and values.get("id") == "report-form":
            self.inside = True
        elif self.inside and tag == "button" and values.get("type", "submit") == "submit":
            self.buttons.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def test_enter_in_a_field_sends_the_report_not_the_duplicate_check(client: Any) -> None:
    """A browser submits a form on Enter with its first submit button: it must be the one sending the report,
    carrying neither the duplicate check's name nor another formaction."""
    cat = category()
    report(cat)  # an open report nearby: its « c'est le même problème » button is in the form too
    client.force_login(UserFactory())
    page = client.post(
        reverse("reports:new"), {"category": cat.pk, "latitude": LAT, "longitude": LON, "verifier": "1"}
    ).content.decode()
    parser = _SubmitButtons()
    parser.feed(page)
    assert len(parser.buttons) >= 3  # the default one, the check, « c'est le même problème »…, the visible send
    first = parser.buttons[0]
    assert "name" not in first
    assert "formaction" not in first
