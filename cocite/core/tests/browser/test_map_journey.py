"""The map, in a real browser (issue 16, acceptance 2): search an address, pick it, see the point's
quartier at once and selected; a first submission with an error keeps the photo; the published
contribution shows its address and a small map. Then « Utiliser ma position », granted (a point
outside the démarche's quartiers is said next to the map) and refused.

The geocoder is a local stand-in speaking the Base Adresse Nationale's API (the `ban_geocoder`
fixture, cocite/territory/tests/ban_standin.py); the browser only ever talks to the site.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.core.tests.browser.conftest import DESKTOP, MOBILE
from cocite.core.tests.browser.test_accessibility import AXE_OPTIONS, SMALL_TARGETS_JS, _axe, _axe_report, _unexplained
from cocite.territory.tests.ban_standin import BanStandIn

pytestmark = pytest.mark.browser

DEMARCHE = "securite-rue-ecoles"  # concerns La Gare only
SUBMIT_URL = f"/demarches/{DEMARCHE}/contribuer/"
RESIDENT = f"nadia.haddad@{DEMO_DOMAIN}"
ADDRESS = "12 Rue des Écoles 99100 Bellerive"


def field(page: Page, label: str) -> Any:
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\W*$"))


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (40, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def map_status(page: Page) -> Any:
    return page.locator("#map-status")


def test_search_an_address_see_the_quartier_keep_the_photo_after_an_error_and_see_the_place(
    page: Page, site: str, log_in_as: Callable[[str], None], ban_geocoder: BanStandIn
) -> None:
    from cocite.territory.models import Quartier

    la_gare = Quartier.objects.get(slug="la-gare")
    log_in_as(RESIDENT)
    elsewhere: list[str] = []
    page.on("request", lambda request: request.url.startswith(site) or elsewhere.append(request.url))
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(SUBMIT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Contribuer")
    page.get_by_role("radio", name="Problème").check()
    field(page, "Description").fill("Le marquage du passage piéton a disparu devant l'école Jules-Ferry.")

    # Search an address: the results are a listbox, chosen with the keyboard.
    search = page.get_by_role("combobox", name="Rechercher une adresse")
    search.press_sequentially("12 rue des écoles", delay=30)
    results = page.get_by_role("listbox", name="Adresses trouvées")
    expect(results.get_by_role("option", name=f"{ADDRESS} — La Gare")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Adresses trouvées : 1.")).to_be_visible()
    search.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", "adresse-option-0")
    search.press("Enter")  # picks the address, does not submit the form
    expect(results).to_be_hidden()

    # The point is placed, its quartier said at once and selected in the form.
    expect(map_status(page)).to_have_text(f"Point placé : {ADDRESS} (quartier La Gare).")
    expect(map_status(page)).to_have_attribute("role", "status")
    expect(field(page, "Quartier")).to_have_value(str(la_gare.pk))
    expect(field(page, "Latitude")).to_have_value("47.841200")
    expect(field(page, "Longitude")).to_have_value("1.951200")
    assert any(path.startswith("/search/?q=12+rue+des+") for path in ban_geocoder.requests)

    # A photo, and a first submission without a title.
    field(page, "Image 1 (facultative)").set_input_files(
        {"name": "passage-efface.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    field(page, "Description de l'image 1").fill("Le passage piéton effacé devant l'école")
    page.get_by_role("button", name="Publier ma contribution").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Donnez un titre à votre contribution.")
    # The photo is kept, said so, and can be removed; the point and its quartier are still there.
    expect(page.get_by_text("Photo conservée : passage-efface.jpg")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Retirer cette photo")).not_to_be_checked()
    expect(field(page, "Latitude")).to_have_value("47.841200")
    expect(map_status(page)).to_have_text("Point placé dans le quartier La Gare.")

    title = f"Le passage piéton rue des Écoles a disparu {uuid.uuid4().hex[:6]}"
    field(page, "Titre").fill(title)
    page.get_by_role("button", name="Publier ma contribution").click()

    # The contribution's page: its address, a small map of the place, the photo.
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    article = page.get_by_role("article", name=title)
    expect(article.get_by_role("region", name="Lieu").get_by_text(ADDRESS, exact=True)).to_be_visible()
    small_map = article.get_by_role("img", name=f"Carte : le lieu de la contribution, {ADDRESS}")
    expect(small_map).to_be_visible()
    expect(small_map.locator(".leaflet-interactive").first).to_be_attached()  # the point is drawn
    expect(article.get_by_role("img", name="Le passage piéton effacé devant l'école")).to_be_visible()
    expect(article.get_by_text("latitude", exact=False)).to_have_count(0)
    assert elsewhere == []
    assert page_errors == []  # no tiles, no geocoder: the browser talks to the site only

    from cocite.contributions.models import Contribution, PendingImage

    contribution = Contribution.objects.get(title=title)
    assert contribution.address == ADDRESS
    assert contribution.quartier_id == la_gare.pk
    assert contribution.images.count() == 1
    assert not PendingImage.objects.filter(user__email=RESIDENT).exists()


def test_my_position_outside_the_demarche_is_said_next_to_the_map(
    browser: Any, site: str, ban_geocoder: BanStandIn, log_in_as: Callable[[str], None], context: Any
) -> None:
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 47.8391, "longitude": 1.9702})  # 5 Quai du Port, Le Port
    log_in_as(RESIDENT)
    page = context.new_page()
    page.goto(SUBMIT_URL)
    page.get_by_role("button", name="Utiliser ma position").click()
    expect(map_status(page)).to_contain_text("Ce point est dans le quartier Le Port, qui n’est pas concerné")
    expect(map_status(page)).to_contain_text("(elle concerne : La Gare)")
    expect(field(page, "Quartier")).to_have_value("")
    expect(page.get_by_role("combobox", name="Rechercher une adresse")).to_have_value("5 Quai du Port 99100 Bellerive")
    # Not an error on a field the person never touched.
    expect(page.locator("[aria-invalid=true]")).to_have_count(0)


def test_a_refused_position_says_what_to_do_instead(page: Page, log_in_as: Callable[[str], None]) -> None:
    log_in_as(RESIDENT)  # no geolocation permission granted: the browser refuses
    page.goto(SUBMIT_URL)
    page.get_by_role("button", name="Utiliser ma position").click()
    expect(map_status(page)).to_contain_text("Votre position n’a pas pu être obtenue")
    expect(field(page, "Latitude")).to_have_value("")


def test_the_map_pages_pass_axe_and_fit_375_px(
    page: Page, log_in_as: Callable[[str], None], ban_geocoder: BanStandIn
) -> None:
    """The picker with its address results open, a contribution's place and the map view."""
    from cocite.accounts.models import User
    from cocite.contributions import actions
    from cocite.demarches.models import Demarche

    located = actions.contribution_submit(
        author=User.objects.get(email=RESIDENT),
        demarche=Demarche.objects.get(slug=DEMARCHE),
        kind="probleme",
        title=f"Une bordure trop haute devant la gare {uuid.uuid4().hex[:6]}",
        body="Les poussettes ne passent pas.",
        latitude=47.8447,
        longitude=1.9478,
        address="27 Avenue de la Gare 99100 Bellerive",
        rate_limited=False,
    )
    log_in_as(RESIDENT)

    def check(what: str) -> list[str]:
        problems = []
        violations = _unexplained("/demarches/", _axe.run(page, options=AXE_OPTIONS).response["violations"])
        if violations:
            problems.append(f"{what}: axe violations:\n{_axe_report(violations)}")
        page.set_viewport_size(MOBILE)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            problems.append(f"{what}: {width} px wide at 375 px")
        small = page.evaluate(SMALL_TARGETS_JS)
        if small:
            problems.append(f"{what}: small targets at 375 px: {small}")
        page.set_viewport_size(DESKTOP)
        return problems

    problems = []
    page.goto(SUBMIT_URL)
    page.get_by_role("combobox", name="Rechercher une adresse").press_sequentially("rue des écoles", delay=20)
    expect(page.get_by_role("listbox", name="Adresses trouvées").get_by_role("option").first).to_be_visible()
    problems += check("the picker, results open")
    page.goto(located.get_absolute_url())
    expect(page.get_by_role("img", name=re.compile("^Carte : le lieu de la contribution"))).to_be_visible()
    problems += check("a contribution's place")
    page.goto(f"/demarches/{DEMARCHE}/contributions/?vue=carte")
    expect(page.get_by_role("cell", name="27 Avenue de la Gare 99100 Bellerive").first).to_be_visible()
    expect(page.get_by_role("cell", name="Problème").first).to_be_visible()
    problems += check("the map view")
    assert not problems, "\n".join(problems)
