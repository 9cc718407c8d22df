"""Reports (« Signalements ») in a real browser, issue 19's acceptance: a resident reports a problem with a
point and a photo; a second person is shown the duplicate and clicks « c'est le même problème »; the
department's agent plans then resolves it; four weeks later the reporter answers « non » and it reopens.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from cocite.accounts.demo import DEMO_DOMAIN

pytestmark = pytest.mark.browser

REPORTER = f"lea.dubois@{DEMO_DOMAIN}"
NEIGHBOUR = f"mamadou.diallo@{DEMO_DOMAIN}"
AGENT = f"n.perrin@{DEMO_DOMAIN}"  # responsable voirie: the lighting category's department
LAT, LON = "47.830500", "1.935000"  # Centre-Ville, far from the demo's lighting reports


def field(page: Page, label: str) -> Any:
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\W*$"))


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (40, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_report_duplicate_plan_resolve_and_reopen(page: Page, log_in_as: Callable[[str], None]) -> None:
    from cocite.reports.models import Report

    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    # 1. A resident reports a street light out, with a point and a photo.
    log_in_as(REPORTER)
    page.goto("/signalements/nouveau/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler un problème dans l’espace public")
    field(page, "Catégorie").select_option(label="Éclairage public")
    field(page, "Latitude").fill(LAT)
    field(page, "Longitude").fill(LON)
    field(page, "Longitude").press("Tab")
    expect(page.locator("#doublons")).to_contain_text("Aucun signalement en cours de cette catégorie à moins de 50 m.")
    field(page, "Description").fill("Le lampadaire au coin de la place est éteint tous les soirs.")
    field(page, "Photo 1 (facultative)").set_input_files(
        {"name": "lampadaire.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    field(page, "Description de la photo 1").fill("Le lampadaire éteint, la nuit")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Éclairage public — 47.83050, 1.93500")
    expect(page.get_by_role("img", name="Le lampadaire éteint, la nuit")).to_be_visible()
    report = Report.objects.get(author__email=REPORTER, latitude=float(LAT))
    assert report.quartier is not None
    assert report.quartier.slug == "centre-ville"
    assert report.photos.count() == 1

    # 2. A neighbour starts the same report: the duplicate is shown; « c'est le même problème ».
    log_in_as(NEIGHBOUR)
    page.goto("/signalements/nouveau/")
    field(page, "Catégorie").select_option(label="Éclairage public")
    field(page, "Latitude").fill("47.830520")
    field(page, "Longitude").fill("1.935020")
    field(page, "Longitude").press("Tab")
    duplicates = page.locator("#doublons")
    expect(duplicates).to_contain_text("1 signalement en cours à moins de 50 m")
    expect(page.locator("#report-form form")).to_have_count(0)  # a formaction button, never a nested form
    duplicates.get_by_role("button", name="C’est le même problème").click()
    expect(page.get_by_text("Merci : vous suivez ce signalement et il compte une personne de plus.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Éclairage public — 47.83050, 1.93500")
    report.refresh_from_db()
    assert report.plus_one_count == 1

    # 3. The department's agent plans the repair, then resolves it.
    log_in_as(AGENT)
    page.goto(report.get_absolute_url())
    field(page, "Nouveau statut").select_option(label="Planifié")
    field(page, "Message public").fill("Une équipe passe jeudi.")
    field(page, "Date prévue (pour « planifié »)").fill("2030-03-14")
    page.get_by_role("button", name="Enregistrer le statut").click()
    expect(page.get_by_text("intervention prévue le 14 mars 2030")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Une équipe passe jeudi.")
    field(page, "Nouveau statut").select_option(label="Résolu")
    field(page, "Message public").fill("Ampoule remplacée.")
    page.get_by_role("button", name="Enregistrer le statut").click()
    expect(page.locator(".timeline")).to_contain_text("Ampoule remplacée.")

    # 4. Four weeks later the reporter is asked; « non » reopens it in the queue, on the timeline.
    Report.objects.filter(pk=report.pk).update(resolved_at=timezone.now() - datetime.timedelta(weeks=4, days=1))
    call_command("ask_report_confirmations")
    log_in_as(REPORTER)
    page.goto("/notifications/")
    page.goto(f"/signalements/{report.pk}/confirmer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le problème est-il réglé ?")
    page.get_by_role("radio", name="Non, le problème est toujours là").check()
    field(page, "Précisions (facultatives)").fill("Il s'est de nouveau éteint hier.")
    page.get_by_role("button", name="Répondre").click()
    expect(page.locator(".timeline")).to_contain_text("Rouvert : le problème n'est pas réglé")
    expect(page.locator(".timeline")).to_contain_text("Il s'est de nouveau éteint hier.")
    report.refresh_from_db()
    assert report.status == "recu"
    assert page_errors == []
