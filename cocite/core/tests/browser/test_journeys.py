"""What people do on Cocité, in a real browser, seen the way they see it.

Only what a person perceives is used: roles, accessible names, labels and visible text
(``get_by_role``, ``get_by_label``, ``get_by_text``) — never CSS selectors on internals.
The steps every journey shares (sign up, read a mail, log in, log out) are plain functions
below; a new journey (submitting an idea, supporting it, debating) is one more test
function that composes them, in its own section at the end of the file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Locator, Page, expect

from cocite.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD

pytestmark = pytest.mark.browser

RESIDENT = f"camille.martin@{DEMO_DOMAIN}"
NEW_PASSWORD = "Un-quai-fleuri-2026"


# --- Shared steps -------------------------------------------------------------------


def field(page: Page, label: str) -> Locator:
    """The form field a person finds by its label (the label may end with « : »)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\W*$"))


def tab_until(page: Page, target: Locator, *, max_tabs: int = 40) -> list[str]:
    """Press Tab until `target` has the focus; return the outline style at each stop."""
    outlines = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        outlines.append(page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))
        if target.evaluate("element => element === document.activeElement"):
            return outlines
    raise AssertionError(f"{target} never received the focus after {max_tabs} Tab presses")


def shown_choice(select: Locator) -> str:
    """The option a closed drop-down list shows."""
    return str(select.evaluate("select => select.selectedOptions[0].text"))


def page_language(page: Page) -> str:
    return str(page.evaluate("document.documentElement.lang"))


def last_mail_to(address: str) -> Any:
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no mail was sent to {address} (outbox: {[m.to for m in mail.outbox]})"
    return sent[-1]


def link_in_mail(address: str, fragment: str) -> str:
    """The path of the first link containing `fragment` in the last mail sent to `address`."""
    body = last_mail_to(address).body
    match = re.search(rf"https?://[^/\s]+(/\S*{re.escape(fragment)}\S*)", body)
    assert match, f"no link with {fragment!r} in the mail:\n{body}"
    return match.group(1)


def fill_sign_up_form(page: Page, *, email: str, display_name: str, password: str, quartier: str = "") -> None:
    field(page, "Courriel").fill(email)
    field(page, "Nom affiché (pseudonyme public)").fill(display_name)
    if quartier:
        field(page, "Votre quartier (facultatif)").select_option(label=quartier)
    field(page, "Mot de passe").fill(password)
    field(page, "Mot de passe (confirmation)").fill(password)


def confirm_email(page: Page, address: str) -> None:
    """Open the verification link received by mail and confirm the address."""
    page.goto(link_in_mail(address, "/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirmer l'adresse e-mail")
    page.get_by_role("button", name="Confirmer").click()


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Se connecter").click()
    field(page, "Courriel").fill(email)
    field(page, "Mot de passe").fill(password)
    page.get_by_role("main").get_by_role("button", name="Connexion").click()


def log_out(page: Page) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role("button", name="Se déconnecter").click()


def expect_logged_in(page: Page) -> None:
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Mon profil")).to_be_visible()
    expect(menu.get_by_role("button", name="Se déconnecter")).to_be_visible()


def expect_logged_out(page: Page) -> None:
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(menu.get_by_role("link", name="Mon profil")).to_have_count(0)


# --- Accounts -----------------------------------------------------------------------


def test_a_resident_signs_up_confirms_their_email_and_edits_their_profile(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Création de compte")
    # The password rules are the field's description, read out with it.
    expect(field(page, "Mot de passe")).to_have_accessible_description(re.compile("au minimum 10 caractères"))
    fill_sign_up_form(
        page, email="jeanne.rive@exemple.fr", display_name="Jeanne des Quais", password=NEW_PASSWORD, quartier="Le Port"
    )
    page.get_by_role("main").get_by_role("button", name="Création de compte").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Vérifiez votre adresse e-mail")
    expect_logged_out(page)

    confirm_email(page, "jeanne.rive@exemple.fr")
    # Signed in, a person starts from « Mon espace »; the profile is one link away.
    expect(page.get_by_role("heading", level=1, name="Mon espace")).to_be_visible()
    expect_logged_in(page)
    expect(page.get_by_role("status")).to_contain_text("Vous avez confirmé jeanne.rive@exemple.fr.")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Mon profil").click()
    expect(page.get_by_text("Connecté·e avec l'adresse jeanne.rive@exemple.fr.")).to_be_visible()
    expect(field(page, "Nom affiché (pseudonyme public)")).to_have_value("Jeanne des Quais")
    assert shown_choice(field(page, "Votre quartier (facultatif)")) == "Le Port"

    field(page, "Nom affiché (pseudonyme public)").fill("Jeanne du Port")
    field(page, "Prénom (privé, facultatif)").fill("Jeanne")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_contain_text("Votre profil a été enregistré.")
    page.reload()
    expect(field(page, "Nom affiché (pseudonyme public)")).to_have_value("Jeanne du Port")
    expect(field(page, "Prénom (privé, facultatif)")).to_have_value("Jeanne")


def test_log_out_then_back_in_and_a_wrong_password_is_refused(page: Page) -> None:
    page.goto("/")
    log_in(page, RESIDENT, DEMO_PASSWORD)
    expect_logged_in(page)

    log_out(page)
    expect(page.get_by_role("status")).to_contain_text("Vous êtes déconnecté")
    expect_logged_out(page)

    log_in(page, RESIDENT, "pas-le-bon-mot-de-passe")
    expect(page.get_by_text("L’adresse e-mail ou le mot de passe sont incorrects.")).to_be_visible()
    expect_logged_out(page)

    field(page, "Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Connexion").click()
    expect_logged_in(page)
    expect(page.get_by_role("heading", level=1, name="Mon espace")).to_be_visible()


# --- Language -----------------------------------------------------------------------


def test_switching_to_english_and_back(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Accueil")).to_be_visible()
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_attached()
    assert page_language(page) == "fr"

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")
    assert page_language(page) == "en"

    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Accueil")).to_be_visible()
    expect(page.get_by_role("button", name="Français")).to_have_attribute("aria-current", "true")
    assert page_language(page) == "fr"


# --- Keyboard -----------------------------------------------------------------------


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="Créer un compte")).to_be_focused()


def test_signing_up_with_the_keyboard_alone_with_a_visible_focus(page: Page) -> None:
    page.goto("/comptes/signup/")
    outlines = tab_until(page, field(page, "Courriel"))
    page.keyboard.type("clavier.seul@exemple.fr")
    page.keyboard.press("Tab")
    expect(field(page, "Nom affiché (pseudonyme public)")).to_be_focused()
    page.keyboard.type("Au clavier")
    outlines += tab_until(page, field(page, "Mot de passe"), max_tabs=3)
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Tab")
    expect(field(page, "Mot de passe (confirmation)")).to_be_focused()
    outlines.append(page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Vérifiez votre adresse e-mail")
    assert last_mail_to("clavier.seul@exemple.fr")
    assert "none" not in outlines, f"an element had no visible focus outline: {outlines}"
