"""Each role, from login to « Mon espace » and on to one daily task, in a real browser.

The demo people (`manage.py demo_logins`) log in through the form, as they would; every page
on the way must open (no 403 or 404), and « Mon espace » must fit a 375 px wide phone.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from cocite.accounts import totp
from cocite.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET
from cocite.core.tests.browser.conftest import MOBILE

from .header import open_menu

pytestmark = pytest.mark.browser

RESIDENT = f"camille.martin@{DEMO_DOMAIN}"
AGENT = f"n.perrin@{DEMO_DOMAIN}"  # manager of « Voirie et déplacements »
ELECTED = f"maire@{DEMO_DOMAIN}"
ADMINISTRATOR = f"admin@{DEMO_DOMAIN}"
LEGAL_AGENT = f"p.renard@{DEMO_DOMAIN}"  # manager of « Affaires juridiques », asked for an opinion


def menu(page: Page) -> Locator:
    return open_menu(page)  # unfolded first on a phone


def log_in(page: Page, email: str) -> None:
    open_menu(page).get_by_role("link", name="Se connecter").click()
    page.get_by_label(re.compile(r"^\s*Courriel\W*$")).fill(email)
    page.get_by_label(re.compile(r"^\s*Mot de passe\W*$")).fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Connexion").click()
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    complete_second_factor(page)


def complete_second_factor(page: Page) -> None:
    """Administrators and moderators type their authenticator's code (the demo's published secret),
    as a person would; allauth accepts each code once, so a refused one is followed by the next."""
    for code in totp.codes_now(DEMO_TOTP_SECRET):
        if "/comptes/2fa/authenticate/" not in page.url:
            return
        page.get_by_label(re.compile(r"^\s*Code\W*$")).fill(code)
        page.get_by_role("main").get_by_role("button", name="Connexion").click()
        page.wait_for_load_state()


def section(page: Page, heading: str) -> Locator:
    """A region of the page, found by the heading that names it."""
    return page.get_by_role("region", name=heading)


def open_link(page: Page, link: Locator) -> None:
    """Follow a link and check the page it leads to opens for this person."""
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None
    assert response.status == 200, f"{page.url} answered {response.status}"


def start_from_home(page: Page, email: str) -> None:
    page.goto("/")
    log_in(page, email)
    expect(page).to_have_url(re.compile(r"/mon-espace/$"))
    expect(page.get_by_role("heading", level=1, name="Mon espace")).to_be_visible()
    expect(menu(page).get_by_role("link", name="Mon espace")).to_have_attribute("aria-current", "page")


def test_a_resident_finds_their_contributions(page: Page) -> None:
    start_from_home(page, RESIDENT)
    participation = section(page, "Ma participation")
    expect(participation.get_by_role("heading", name=re.compile("Mes contributions"))).to_be_visible()
    expect(section(page, "Mes services")).to_have_count(0)
    expect(section(page, "Décisions à prendre")).to_have_count(0)
    mine = participation.get_by_role("list", name=re.compile("Mes contributions")).get_by_role("link").first
    title = mine.inner_text()
    open_link(page, mine)
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    # Under « Suivre », the reason the support button is missing is hers, not the phase's.
    expect(page.get_by_text("Vous ne pouvez pas soutenir votre propre contribution.")).to_be_visible()


def test_an_agent_finds_their_department_inbox(page: Page) -> None:
    start_from_home(page, AGENT)
    services = section(page, "Mes services")
    open_link(page, services.get_by_role("link", name="Boîte de réception : Voirie et déplacements"))
    expect(page).to_have_url(re.compile(r"/services/voirie/boite/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voirie et déplacements")
    # The daily task: an item of the inbox opens its instruction page.
    item = page.get_by_role("main").locator("a[href^='/instruction/contributions/']").first
    open_link(page, item)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_an_agent_asked_for_an_opinion_reaches_the_form(page: Page) -> None:
    start_from_home(page, LEGAL_AGENT)
    due = page.get_by_role("list", name=re.compile("Avis demandés à mon service")).get_by_role("link").first
    open_link(page, due)
    expect(page).to_have_url(re.compile(r"/instruction/avis/\d+/$"))
    expect(page.get_by_role("main").get_by_role("button", name="Enregistrer l'avis")).to_be_visible()


def test_an_elected_official_finds_the_decisions_to_take(page: Page) -> None:
    start_from_home(page, ELECTED)
    decisions = section(page, "Décisions à prendre")
    expect(section(page, "Mes services")).to_have_count(0)  # /mon-service/ would answer 403
    ready = decisions.get_by_role("list", name=re.compile("Prêtes pour décision")).get_by_role("link").first
    title = ready.inner_text()
    open_link(page, ready)
    expect(page).to_have_url(re.compile(r"/instruction/contributions/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.get_by_role("main")).to_contain_text("Décision")
    # The daily task: the decision form opens from the instruction page (no 403 on the way).
    open_link(page, page.get_by_role("main").get_by_role("link", name="Rédiger la décision"))
    expect(page.get_by_role("heading", level=1, name="Publier une décision")).to_be_visible()
    expect(page.get_by_role("button", name="Publier la décision")).to_be_visible()


def test_an_administrator_finds_every_section_and_the_settings(page: Page) -> None:
    start_from_home(page, ADMINISTRATOR)
    for heading in ("Mes services", "Décisions à prendre", "Ma participation"):
        expect(section(page, heading)).to_be_visible()
    admin = section(page, "Administration du site")
    open_link(page, admin.get_by_role("link", name="Contributions non orientées"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.go_back()
    open_link(page, admin.get_by_role("link", name="Paramètres de la collectivité"))
    expect(page).to_have_url(re.compile(r"/admin/territory/organisation/$"))


def test_logging_in_from_a_page_comes_back_to_it(page: Page) -> None:
    page.goto("/decisions/")
    log_in(page, RESIDENT)
    expect(page).to_have_url(re.compile(r"/decisions/$"))
    expect(menu(page).get_by_role("link", name="Mon espace")).to_be_visible()


def test_my_space_fits_a_phone(page: Page) -> None:
    page.set_viewport_size(MOBILE)
    start_from_home(page, ADMINISTRATOR)  # the longest space: every section
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"« Mon espace » is {width} px wide on a {MOBILE['width']} px phone"
    open_link(page, section(page, "Mes services").get_by_role("link").first)
