"""Participating in a démarche, in a real browser, seen the way people see it.

Submitting an idea (similar suggestions, map picker), supporting it, debating it, the
official answer of the competent department, accent-blind search and the submission form
done with the keyboard alone. Only what a person perceives is used: roles, accessible
names, labels and visible text — never CSS selectors on internals (the map is found by
its accessible name, and clicked where La Gare is).

The journeys share the demo data seeded once for the package, so each one writes its own
contributions, with a title made unique by a suffix. What a journey needs beforehand
(another resident's idea, an earlier comment) is published through the same actions the
forms use.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Locator, Page, expect

from cocite.accounts.demo import DEMO_DOMAIN

pytestmark = pytest.mark.browser

DEMARCHE = "securite-rue-ecoles"
DEMARCHE_URL = f"/demarches/{DEMARCHE}/"
SUBMIT_URL = f"/demarches/{DEMARCHE}/contribuer/"
LIST_URL = f"/demarches/{DEMARCHE}/contributions/"
RESIDENT = f"camille.martin@{DEMO_DOMAIN}"  # pseudonym « Camille_des_Tilleuls »
NEIGHBOUR = f"yanis.benali@{DEMO_DOMAIN}"  # « YanisB »
OTHER_RESIDENT = f"nadia.haddad@{DEMO_DOMAIN}"  # « Nadia H. »
VOIRIE_MANAGER = f"n.perrin@{DEMO_DOMAIN}"  # manager of « Voirie et déplacements »
# La Gare, in the demo grid: longitudes 1.94–1.96, latitudes 47.825–47.85 (cocite/territory/demo.py).
LA_GARE = {"lon": (1.94, 1.96), "lat": (47.825, 47.85)}


# --- Steps and helpers ----------------------------------------------------------------


def unique(text: str) -> str:
    """`text` made unique among the journeys' contributions (they share the demo data)."""
    return f"{text} {uuid.uuid4().hex[:6]}"


def field(page: Page | Locator, label: str) -> Locator:
    """The form field a person finds by its label (the label may end with « * » or « : »)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\W*$"))


def focus_state(page: Page) -> dict[str, Any]:
    """What the focused element looks like: its outline, and whether it is in the viewport."""
    return dict(
        page.evaluate(
            """() => {
                const el = document.activeElement;
                const box = el.getBoundingClientRect();
                return {
                    element: el.tagName + (el.getAttribute("aria-label") ? " " + el.getAttribute("aria-label")
                        : el.labels && el.labels.length ? " " + el.labels[0].textContent.trim()
                        : " " + (el.textContent || "").trim().slice(0, 40)),
                    outline: getComputedStyle(el).outlineStyle,
                    visible: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
                };
            }"""
        )
    )


def tab_to(page: Page, target: Locator, stops: list[dict[str, Any]], *, max_tabs: int = 60) -> None:
    """Press Tab until `target` has the focus, recording how each focused element looks."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        stops.append(focus_state(page))
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never received the focus after {max_tabs} Tab presses: {stops[-max_tabs:]}")


def keep_marker(page: Page) -> None:
    """Mark the current document, to tell later whether the page was reloaded."""
    page.evaluate("window.__cociteSamePage = true")


def expect_same_document(page: Page) -> None:
    assert page.evaluate("window.__cociteSamePage === true"), "the page was fully reloaded"


def publish(author_email: str, title: str, *, kind: str = "idee", themes: tuple[str, ...] = ("voirie",)) -> Any:
    """Another person's contribution, published through the same action as the form."""
    from cocite.accounts.models import User
    from cocite.contributions import actions
    from cocite.demarches.models import Demarche
    from cocite.territory.models import Theme

    return actions.contribution_submit(
        author=User.objects.get(email=author_email),
        demarche=Demarche.objects.get(slug=DEMARCHE),
        kind=kind,
        title=title,
        body="Proposé pour un parcours de test : " + title,
        themes=list(Theme.objects.filter(slug__in=themes)),
    )


def comment(author_email: str, contribution: Any, text: str, stance: str) -> Any:
    from cocite.accounts.models import User
    from cocite.debate import actions

    return actions.comment_post(
        author=User.objects.get(email=author_email), target=contribution, stance=stance, body=text, rate_limited=False
    )


@pytest.fixture
def open_as(browser: Any, site: str) -> Iterator[Callable[[str], Page]]:
    """A page in a browser context of its own, logged in as `email` (a second person at once)."""
    from cocite.accounts.models import User

    contexts = []

    def open_page(email: str) -> Page:
        ctx = browser.new_context(base_url=site, locale="fr-FR", viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(10_000)
        contexts.append(ctx)
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        ctx.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site}])
        return ctx.new_page()

    yield open_page
    for ctx in contexts:
        ctx.close()


def status_after_submission(*, themed: bool) -> str:
    """The status a new contribution shows: « Reçue », unless routed at once to a competent service.

    With cocite.decisions installed, a contribution with themes is routed on submission to
    the department competent for them (`routing_auto`), so it shows « Orientée vers un service ».
    """
    from django.apps import apps

    return "Orientée vers un service" if themed and apps.is_installed("cocite.decisions") else "Reçue"


def supports(box: Locator, count: int) -> Locator:
    """The support count as shown (« 1 soutien », « 3 soutiens »; 0 takes either form)."""
    return box.get_by_text(re.compile(rf"^{count} soutiens?$"))


def balance_side(page: Page, stance: str) -> Locator:
    """The side of « Les arguments en présence » for a stance (« Pour », « Contre », « Nuance »)."""
    debate = page.get_by_role("region", name="Débat")
    return debate.get_by_role("listitem").filter(has_text=re.compile(rf"^\s*{stance}\s+\d+ arguments?\b"))


# --- Submitting ---------------------------------------------------------------------


def test_a_resident_submits_an_idea_seeing_similar_ones_and_placing_it_on_the_map(
    page: Page, log_in_as: Callable[[str], None]
) -> None:
    log_in_as(RESIDENT)
    page.goto(DEMARCHE_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Des abords d'écoles plus sûrs à La Gare")
    page.get_by_role("main").get_by_role("link", name="Contribuer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contribuer")

    page.get_by_role("radio", name="Idée").check()
    title = unique("Des arceaux vélo au portail de Jules-Ferry")
    similar_requests: list[str] = []
    page.on("request", lambda request: "/similaires/" in request.url and similar_requests.append(request.url))
    field(page, "Titre").press_sequentially(title, delay=40)
    suggestions = page.get_by_role("status").filter(has_text="Des contributions proches existent déjà")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("link", name="soutenir celle-ci plutôt").first).to_be_visible()
    expect(suggestions.get_by_role("link", name=re.compile("vélo", re.IGNORECASE)).first).to_be_visible()
    # Debounced: one request once the typing pauses, not one per key.
    assert 1 <= len(similar_requests) <= 3, f"{len(similar_requests)} requests for {len(title)} keys typed"

    field(page, "Description").fill("Quatre arceaux ne suffisent pas : il en faudrait une dizaine, abrités.")
    page.get_by_role("checkbox", name="Mobilités et vélo").check()

    # The map fits the commune: its centre is where four quartiers meet, La Gare is up and right.
    picker = page.get_by_role("region", name="Carte pour placer un point")
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    assert box is not None
    spot = {"x": box["width"] / 2 + 15, "y": box["height"] / 2 - 25}
    picker.hover(position=spot)
    expect(picker.get_by_text("La Gare", exact=True)).to_be_visible()  # the quartier's tooltip
    picker.click(position=spot)
    expect(field(page, "Latitude")).to_have_value(re.compile(r"^\d+\.\d+$"))
    expect(field(page, "Longitude")).to_have_value(re.compile(r"^\d+\.\d+$"))
    latitude = float(field(page, "Latitude").input_value())
    longitude = float(field(page, "Longitude").input_value())
    assert LA_GARE["lat"][0] < latitude < LA_GARE["lat"][1], latitude
    assert LA_GARE["lon"][0] < longitude < LA_GARE["lon"][1], longitude

    page.get_by_role("button", name="Publier ma contribution").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("status").filter(has_text="Merci ! Votre contribution est publiée.")).to_be_visible()
    article = page.get_by_role("article", name=title)
    expect(article.get_by_text("Idée", exact=True)).to_be_visible()
    expect(article.get_by_text(f"Statut : {status_after_submission(themed=True)}", exact=True)).to_be_visible()
    expect(article.get_by_text("Quartier : La Gare")).to_be_visible()
    expect(article.get_by_text("Mobilités et vélo", exact=True)).to_be_visible()
    # The place, not raw coordinates: no geocoder in the tests, so no address is known.
    place = article.get_by_role("region", name="Lieu")
    unknown = "Un point placé sur la carte, dans le quartier La Gare (adresse inconnue)."
    expect(place.get_by_text(unknown)).to_be_visible()
    expect(place.get_by_role("img", name="Carte : le lieu de la contribution")).to_be_visible()


# --- Supporting ---------------------------------------------------------------------


def test_a_resident_supports_another_residents_idea_then_withdraws_the_support(
    page: Page, log_in_as: Callable[[str], None]
) -> None:
    idea = publish(NEIGHBOUR, unique("Un abri pour les trottinettes devant la maternelle"))
    log_in_as(RESIDENT)
    page.goto(idea.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(idea.title)
    actions = page.get_by_role("complementary", name="Soutenir et agir")
    expect(supports(actions, 0)).to_be_visible()

    expect(actions.get_by_role("button", name="Suivre", exact=True)).to_be_visible()

    keep_marker(page)
    actions.get_by_role("button", name="Soutenir").click()
    expect(supports(actions, 1)).to_be_visible()
    withdraw = actions.get_by_role("button", name="Retirer mon soutien")
    expect(withdraw).to_have_attribute("aria-pressed", "true")
    expect(withdraw).to_be_focused()  # the focus stays on the button the content replaced
    expect(actions.get_by_text("Vous soutenez cette contribution.")).to_be_visible()
    # Supporting follows: the follow button says so at once, not after a reload (issue 16).
    expect(actions.get_by_role("button", name="Ne plus suivre")).to_be_visible()
    expect(actions.get_by_role("button", name="Suivre", exact=True)).to_have_count(0)
    expect_same_document(page)

    page.reload()  # it is recorded, not only shown
    expect(supports(actions, 1)).to_be_visible()

    keep_marker(page)
    actions.get_by_role("button", name="Retirer mon soutien").click()
    expect(supports(actions, 0)).to_be_visible()
    expect(actions.get_by_role("button", name="Soutenir")).to_have_attribute("aria-pressed", "false")
    expect(actions.get_by_role("button", name="Soutenir")).to_be_focused()
    expect(actions.get_by_text("Vous soutenez cette contribution.")).to_have_count(0)
    expect_same_document(page)
    page.reload()
    expect(supports(actions, 0)).to_be_visible()


# --- Debating -----------------------------------------------------------------------


def test_a_resident_argues_against_an_idea_and_another_replies(
    page: Page, log_in_as: Callable[[str], None], open_as: Callable[[str], Page]
) -> None:
    idea = publish(NEIGHBOUR, unique("Supprimer le stationnement rue des Cerisiers"))
    log_in_as(RESIDENT)
    page.goto(idea.get_absolute_url())
    debate = page.get_by_role("region", name="Débat")
    expect(debate.get_by_text("Aucun commentaire pour l'instant.")).to_be_visible()
    expect(balance_side(page, "Contre")).to_contain_text("0 argument")

    debate.get_by_role("radio", name="Contre").check()
    argument = "Les riverains âgés n'auront plus où se garer près de chez eux."
    field(debate, "Votre argument").fill(argument)
    debate.get_by_role("button", name="Publier mon commentaire").click()

    expect(page.get_by_role("status").filter(has_text="Votre commentaire est publié.")).to_be_visible()
    expect(balance_side(page, "Contre")).to_contain_text("1 argument")
    expect(balance_side(page, "Pour")).to_contain_text("0 argument")
    expect(balance_side(page, "Nuance")).to_contain_text("0 argument")
    mine = debate.get_by_role("article", name=re.compile(r"^Camille_des_Tilleuls\s+Contre$"))
    expect(mine).to_contain_text(argument)

    # Another resident, in a browser of her own, replies to it.
    other = open_as(OTHER_RESIDENT)
    other.goto(idea.get_absolute_url())
    other_debate = other.get_by_role("region", name="Débat")
    expect(balance_side(other, "Contre")).to_contain_text("1 argument")
    other_debate.get_by_role("link", name="Répondre à Camille_des_Tilleuls").click()
    reply_form = other_debate.get_by_role("form", name="Répondre à Camille_des_Tilleuls")
    expect(field(reply_form, "Votre réponse")).to_be_focused()
    keep_marker(other)
    reply = "Un stationnement réservé aux riverains la journée réglerait cela."
    field(reply_form, "Votre réponse").fill(reply)
    reply_form.get_by_role("radio", name="Pour").check()
    reply_form.get_by_role("button", name="Publier ma réponse").click()

    expect(other_debate.get_by_role("status")).to_have_text("Votre réponse est publiée.")
    answer = other_debate.get_by_role("article", name=re.compile(r"^Nadia H\.\s+Pour$"))
    expect(answer).to_contain_text(reply)
    expect(answer).to_be_focused()
    expect(reply_form).to_have_count(0)
    expect_same_document(other)
    # A reply is not an argument of the balance: it still counts one argument against.
    expect(balance_side(other, "Contre")).to_contain_text("1 argument")
    expect(balance_side(other, "Pour")).to_contain_text("0 argument")

    # The first resident finds the reply in her argument's thread.
    page.reload()
    thread = debate.get_by_role("listitem").filter(
        has=page.get_by_role("article", name=re.compile(r"^Camille_des_Tilleuls\s+Contre$"))
    )
    expect(thread.get_by_role("article", name=re.compile(r"^Nadia H\.\s+Pour$"))).to_contain_text(reply)


def test_the_voirie_manager_posts_an_official_answer_shown_first(page: Page, log_in_as: Callable[[str], None]) -> None:
    problem = publish(NEIGHBOUR, unique("Le feu piéton de la gare est trop court"), kind="probleme")
    comment(OTHER_RESIDENT, problem, "Même avec une poussette, on n'a pas le temps de traverser.", "pour")
    log_in_as(VOIRIE_MANAGER)
    page.goto(problem.get_absolute_url())
    debate = page.get_by_role("region", name="Débat")
    expect(debate.get_by_role("article").first).to_have_accessible_name(re.compile(r"^Nadia H\."))

    debate.get_by_text("Publier une réponse officielle", exact=True).click()
    service = field(debate, "Au nom du service")
    expect(service).to_be_visible()
    service.select_option(label="Voirie et déplacements")
    text = "Le temps de vert piéton passera de 12 à 20 secondes dès la semaine prochaine."
    field(debate, "Réponse officielle").fill(text)
    debate.get_by_role("button", name="Publier la réponse officielle").click()

    expect(page.get_by_role("status").filter(has_text="La réponse officielle est publiée.")).to_be_visible()
    expect(debate.get_by_role("heading", name="Réponses officielles")).to_be_visible()
    first = debate.get_by_role("article").first
    expect(first).to_have_accessible_name("Réponse officielle — Voirie et déplacements")
    expect(first).to_contain_text(text)
    expect(first).to_contain_text("Responsable de la voirie")
    expect(first).not_to_contain_text("Service voirie")  # not signed: the person's name stays out
    expect(debate.get_by_role("article").nth(1)).to_have_accessible_name(re.compile(r"^Nadia H\."))

    # Residents see it the same way.
    page.context.clear_cookies()
    page.reload()
    first = page.get_by_role("region", name="Débat").get_by_role("article").first
    expect(first).to_have_accessible_name("Réponse officielle — Voirie et déplacements")


# --- Searching ----------------------------------------------------------------------


def search(page: Page, words: str) -> tuple[str, list[str]]:
    """Search the contribution list; return the result count line and the titles shown."""
    box = page.get_by_role("search", name="Rechercher et filtrer les contributions")
    field(box, "Rechercher").fill(words)
    field(box, "Rechercher").press("Enter")
    count = page.get_by_text(re.compile(rf"^\d+ contributions? — recherche « {re.escape(words)} »$"))
    expect(count).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    titles = page.get_by_role("main").get_by_role("listitem").get_by_role("heading", level=3).all_inner_texts()
    return count.inner_text().split(" — ")[0], titles


def test_a_visitor_finds_the_same_contributions_with_or_without_accents(page: Page) -> None:
    page.goto(LIST_URL)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contributions")

    velo = search(page, "velo")
    assert velo[1], "« velo » found nothing"
    assert search(page, "vélo") == velo
    assert any("vélo" in title.lower() for title in velo[1]), velo[1]

    ecole = search(page, "ecole")
    assert ecole[1], "« ecole » found nothing"
    assert any("école" in title.lower() for title in ecole[1]), ecole[1]
    assert search(page, "école") == ecole

    # The address keeps the search: opening it again shows the same results.
    page.goto(LIST_URL + "?q=velo")
    expect(page.get_by_text(f"{velo[0]} — recherche « velo »", exact=True)).to_be_visible()


# --- Keyboard -----------------------------------------------------------------------


def test_submitting_with_the_keyboard_alone_with_a_visible_focus_and_announced_errors(
    page: Page, log_in_as: Callable[[str], None]
) -> None:
    log_in_as(RESIDENT)
    page.goto(SUBMIT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Contribuer")
    stops: list[dict[str, Any]] = []

    # The kind: one Tab stop; Space chooses, the arrow keys move the choice.
    tab_to(page, page.get_by_role("radio", name="Problème"), stops)
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Problème")).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Idée")).to_be_focused()
    expect(page.get_by_role("radio", name="Idée")).to_be_checked()
    stops.append(focus_state(page))

    page.keyboard.press("Tab")
    expect(field(page, "Titre")).to_be_focused()
    page.keyboard.type("Vélos")  # too short: fewer than 10 characters
    tab_to(page, field(page, "Description"), stops)
    page.keyboard.type("Des arceaux devant le portail, pour les vélos des parents.")
    submit = page.get_by_role("button", name="Publier ma contribution")
    tab_to(page, submit, stops)
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert").filter(has_text="Votre contribution n'a pas été enregistrée")
    expect(summary).to_be_visible()
    error_link = summary.get_by_role("link", name=re.compile(r"^Titre : Le titre doit compter au moins 10 caractères"))
    expect(error_link).to_be_visible()
    expect(field(page, "Titre")).to_have_accessible_description(re.compile("au moins 10 caractères"))
    expect(page.get_by_role("radio", name="Idée")).to_be_checked()  # what was typed is kept
    expect(field(page, "Description")).to_have_value(re.compile("^Des arceaux devant le portail"))

    # The summary takes the focus, so it is read first; its link leads to the field.
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    expect(error_link).to_be_focused()
    stops.append(focus_state(page))
    page.keyboard.press("Enter")
    expect(field(page, "Titre")).to_be_focused()
    stops.append(focus_state(page))

    title = unique("Des arceaux vélo au portail")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(title)
    tab_to(page, submit, stops)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    status = status_after_submission(themed=False)
    expect(page.get_by_role("article", name=title).get_by_text(f"Statut : {status}", exact=True)).to_be_visible()
    no_outline = [stop for stop in stops if stop["outline"] == "none"]
    assert not no_outline, f"focused elements without a visible outline: {no_outline}"
    hidden = [stop for stop in stops if not stop["visible"]]
    assert not hidden, f"focused elements outside the viewport: {hidden}"


def test_each_error_of_the_submission_form_links_to_its_field(page: Page, log_in_as: Callable[[str], None]) -> None:
    log_in_as(RESIDENT)
    page.goto(SUBMIT_URL)
    page.get_by_role("button", name="Publier ma contribution").click()

    summary = page.get_by_role("alert").filter(has_text="Votre contribution n'a pas été enregistrée")
    expect(summary).to_be_focused()
    targets = {
        "Vous signalez…": page.get_by_role("radio", name="Problème"),
        "Titre": field(page, "Titre"),
        "Description": field(page, "Description"),
    }
    expect(summary.get_by_role("link")).to_have_count(len(targets))
    for label, target in targets.items():
        summary.get_by_role("link", name=re.compile(rf"^{re.escape(label)} : ")).click()
        expect(target).to_be_focused()
