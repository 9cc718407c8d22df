"""Anonymous page cache: fast for visitors, never stale for the person who acted, ≤ 5 s for others."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.cache import PAGE_TTL, reference_data, scope_versions
from cocite.core.fragments import shared_fragment

# Tests of the caches themselves: on even in a run with every cache off (COCITE_CACHING=0).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.caches_on]


def test_anonymous_pages_are_cached_and_refreshed_after_a_support(client_for: Any) -> None:
    contribution = ContributionFactory(title="Un abri à vélos devant la gare")
    url = contribution.get_absolute_url()
    visitor = Client()
    first = visitor.get(url)
    assert first["X-Cocite-Cache"] == "miss"
    assert "0 soutien" in first.content.decode()
    assert visitor.get(url)["X-Cocite-Cache"] == "hit"
    supporter = UserFactory()
    supporter_client = client_for(supporter)
    version = scope_versions((f"contributions.contribution:{contribution.pk}",))
    supporter_client.post(f"/contributions/{contribution.pk}/soutien/", {"supported": "1"})
    # The person who acted is logged in: never served a cached page.
    mine = supporter_client.get(url)
    assert "X-Cocite-Cache" not in mine
    assert "1 soutien" in mine.content.decode()
    # Everyone else sees it on their next request: the commit bumped the contribution's version.
    assert scope_versions((f"contributions.contribution:{contribution.pk}",)) > version
    fresh = visitor.get(url)
    assert fresh["X-Cocite-Cache"] == "miss"
    assert "1 soutien" in fresh.content.decode()


def test_cached_entries_expire_within_five_seconds() -> None:
    assert PAGE_TTL <= 5
    contribution = ContributionFactory()
    Client().get(contribution.get_absolute_url())
    keys = [k for k in cache._cache if "cocite:page:" in k]  # type: ignore[attr-defined]
    assert keys
    # Every cached page carries an expiry at most PAGE_TTL seconds away.
    import time

    for key in keys:
        assert cache._expire_info[key] - time.time() <= PAGE_TTL  # type: ignore[attr-defined]


def test_a_new_contribution_shows_at_once_for_visitors(client_for: Any) -> None:
    contribution = ContributionFactory()
    demarche = contribution.demarche
    listing = f"/demarches/{demarche.slug}/contributions/"
    visitor = Client()
    assert "Des toilettes publiques au parc" not in visitor.get(listing).content.decode()
    actions.contribution_submit(
        author=UserFactory(), demarche=demarche, kind="idee", title="Des toilettes publiques au parc", body="Oui."
    )
    assert "Des toilettes publiques au parc" in visitor.get(listing).content.decode()


def test_pages_with_cookies_or_sessions_are_not_cached(client_for: Any) -> None:
    contribution = ContributionFactory()
    url = f"/demarches/{contribution.demarche.slug}/contributions/?tri=aleatoire"
    response = Client().get(url)
    assert "X-Cocite-Cache" not in response
    logged = client_for(UserFactory()).get(contribution.get_absolute_url())
    assert "X-Cocite-Cache" not in logged


def test_a_worker_rereads_the_version_at_most_once_a_second_for_visitors(
    settings: Any, monkeypatch: pytest.MonkeyPatch, client_for: Any
) -> None:
    """Production: each worker keeps visitor pages in memory; a write shows for visitors within 1 s."""
    from cocite.core import cache as page_cache

    settings.COCITE_VISITOR_VERSION_TTL = page_cache.VISITOR_VERSION_TTL
    assert page_cache.VISITOR_VERSION_TTL <= 1
    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    contribution = ContributionFactory(title="Un abri à vélos devant la gare")
    url = contribution.get_absolute_url()
    visitor = Client()
    assert visitor.get(url)["X-Cocite-Cache"] == "miss"
    assert visitor.get(url)["X-Cocite-Cache"] == "hit"
    client_for(UserFactory()).post(f"/contributions/{contribution.pk}/soutien/", {"supported": "1"})
    # Within the second: this worker may still serve the page it holds…
    clock[0] += 0.5
    assert "0 soutien" in visitor.get(url).content.decode()
    # …and no longer once the second is over.
    clock[0] += 0.6
    fresh = visitor.get(url)
    assert fresh["X-Cocite-Cache"] == "miss"
    assert "1 soutien" in fresh.content.decode()


def test_one_setting_turns_every_cache_off(settings: Any) -> None:
    """COCITE_CACHING off: pages, fragments and reference data are computed on every request."""
    settings.COCITE_CACHING = False
    contribution = ContributionFactory(title="Un abri à vélos devant la gare")
    url = contribution.get_absolute_url()
    visitor = Client()
    visitor.get(url)  # Django's own per-process lookups (content types) are not ours to turn off
    with CaptureQueriesContext(connection) as first_render:
        first = visitor.get(url)
    with CaptureQueriesContext(connection) as second_render:
        second = visitor.get(url)
    assert first.status_code == second.status_code == 200
    assert "X-Cocite-Cache" not in first
    assert "X-Cocite-Cache" not in second
    # Nothing was kept from the first render: the second asks the database the same questions.
    assert len(second_render) == len(first_render) > 0
    calls: list[str] = []

    def render(what: str) -> str:
        calls.append(what)
        return what

    assert shared_fragment("test", (1,), lambda: render("fragment")) == "fragment"
    assert shared_fragment("test", (1,), lambda: render("fragment")) == "fragment"
    assert reference_data("test-key", lambda: render("reference")) == "reference"
    assert reference_data("test-key", lambda: render("reference")) == "reference"
    assert calls == ["fragment", "fragment", "reference", "reference"]
    settings.COCITE_CACHING = True  # and back on: the same calls are cached
    assert shared_fragment("test", (1,), lambda: render("cached")) == "cached"
    assert shared_fragment("test", (1,), lambda: render("cached")) == "cached"
    assert calls.count("cached") == 1


def test_signing_in_and_out_invalidates_no_cached_page() -> None:
    """A login writes last_login (and allauth the session): nothing a page shows, so no page is dropped."""
    person = UserFactory()
    person.set_password("un mot de passe solide")
    person.save()
    before = scope_versions(())
    visitor = Client()
    response = visitor.post("/comptes/login/", {"login": person.email, "password": "un mot de passe solide"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_login is not None  # the login was written…
    visitor.post("/comptes/logout/")
    assert scope_versions(()) == before  # …and no cached page was dropped for it
    person.display_name = f"{person.display_name} bis"
    person.save()  # a pseudonym is shown on pages: that save still invalidates
    assert scope_versions(()) > before


def test_a_support_drops_only_the_pages_that_show_it(client_for: Any) -> None:
    """Keyed caching: a support redraws its contribution and its démarche's lists, nothing else."""
    supported = ContributionFactory(title="Un abri à vélos devant la gare")
    neighbour = ContributionFactory(demarche=supported.demarche, title="Des bancs au square")
    elsewhere = ContributionFactory(title="Un composteur rue Pasteur")
    supporter = client_for(UserFactory())  # a new account is a site-wide write: before the pages are cached
    visitor = Client()
    pages = {
        "supported": supported.get_absolute_url(),
        "neighbour": neighbour.get_absolute_url(),
        "elsewhere": elsewhere.get_absolute_url(),
        "its list": f"/demarches/{supported.demarche.slug}/contributions/",
        "other list": f"/demarches/{elsewhere.demarche.slug}/contributions/",
        "home": "/",
    }
    for url in pages.values():
        visitor.get(url)
    assert {name: visitor.get(url)["X-Cocite-Cache"] for name, url in pages.items()} == dict.fromkeys(pages, "hit")
    supporter.post(f"/contributions/{supported.pk}/soutien/", {"supported": "1"})
    after = {name: visitor.get(url)["X-Cocite-Cache"] for name, url in pages.items()}
    assert after == {
        "supported": "miss",
        "neighbour": "hit",
        "elsewhere": "hit",
        "its list": "miss",
        "other list": "hit",
        "home": "hit",  # its counts may lag by PAGE_TTL seconds at most
    }
    assert "1 soutien" in visitor.get(pages["supported"]).content.decode()


def test_a_comment_drops_its_debate_and_not_the_others(client_for: Any) -> None:
    commented = ContributionFactory()
    other = ContributionFactory(demarche=commented.demarche)
    debater = client_for(UserFactory())
    visitor = Client()
    for contribution in (commented, other):
        visitor.get(contribution.get_absolute_url())
    response = debater.post(
        f"/contributions/{commented.pk}/debat/commenter/",
        {"body": "Il faudrait aussi un éclairage le soir.", "stance": "pour"},
    )
    assert response.status_code in (200, 302), response.status_code
    fresh = visitor.get(commented.get_absolute_url())
    assert fresh["X-Cocite-Cache"] == "miss"
    assert "Il faudrait aussi un éclairage le soir." in fresh.content.decode()
    # The writer's own view shows it at once (their fragments check the versions)…
    assert "Il faudrait aussi un éclairage le soir." in debater.get(commented.get_absolute_url()).content.decode()
    # …and the neighbour's cached page stays.
    assert visitor.get(other.get_absolute_url())["X-Cocite-Cache"] == "hit"
