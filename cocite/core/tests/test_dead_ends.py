"""No dead ends (issue 16): every link and form a person is shown leads somewhere they may go.

For each role of the demo, every route sample is rendered as that person; every internal
``<a href>`` and ``<form action>`` on it is collected and requested as the same person: a link
or a GET form by a GET on its target, a POST form by an empty POST inside a transaction rolled
back at once (nothing changes; the form is answered with its errors, or a redirect, when the
person may use it, and 403 or 404 when it was shown to someone who cannot). Each target is
requested once per role whatever the number of pages showing it; the pages reached are walked in
turn, at most PAGES_PER_ROUTE of each URL pattern (every démarche and its phases, a dozen
contributions, decisions, results…). The test fails listing « role: page → link → status » for
every 403, 404 or server error. The whole walk is made as the role: a POST that signs one in as
someone else (confirming their e-mail address) and is rolled back would leave a visitor walking.

One test per role (the demo seeded once per module and worker), so the parallel workers share them.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.core.testing import forget_on_commit_callbacks
from cocite.core.tests.demo import load_demo
from cocite.core.tests.route_samples import load_registry

pytestmark = pytest.mark.django_db

# role → the demo person (None: not logged in).
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "resident": "camille.martin",
    "agent": "n.perrin",  # manager of « Voirie et déplacements »
    "agent_other_department": "e.chevalier",  # agent of « Accueil du public »
    # Manager of « Finances », which runs the budget participatif: enters late paper contributions.
    "agent_running_a_demarche": "l.garnier",
    "elected": "maire",
    "moderator": "moderation",
    "administrator": "admin",
}

# Pages of one URL pattern walked for their links (every démarche, a few of each other kind).
PAGES_PER_ROUTE = 12
# Django's admin: its pages of one model share their template and links but for the record's id (and the
# hostile-input sweep requests every admin route); walking 12 records of each of its 287 routes took the
# administrator's walk from 30 s to 540 s once the walk stopped being signed out halfway.
PAGES_PER_ADMIN_ROUTE = 2
# Links an admin page shows of one kind (same route, same query keys): a changelist links to its 100 records'
# change pages and to dozens of sortings and filters, each the same view for another id or value; asking the
# status of each made 2,400 of the administrator's requests (317 s of the SQLite pass).
ADMIN_LINKS_PER_KIND = 3

# Addresses not followed: leaving the session, files, the back-office's own machinery.
SKIPPED_ROUTES = ("account_logout", "admin:logout")


class _Links(HTMLParser):
    """Links and forms; a POST form no one can send (no submit button: Django's admin shows a record one may
    only read inside its change form) is not a form a person is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (what, address)
        self._open: int | None = None  # the form being read, by its place in `found`
        self._ids: dict[str, int] = {}
        self._sendable: set[int] = set()
        self._named: set[str] = set()  # forms a button outside them names (form="…")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.found.append(("lien", values["href"] or ""))
        elif tag == "form":
            method = (values.get("method") or "get").lower()
            self.found.append((f"formulaire {method.upper()}", values.get("action") or ""))
            self._open = len(self.found) - 1
            if values.get("id"):
                self._ids[values["id"] or ""] = self._open
        elif tag in ("button", "input"):
            kind = (values.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind in ("submit", "image"):
                if values.get("form"):
                    self._named.add(values["form"] or "")
                elif self._open is not None:
                    self._sendable.add(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None

    def shown(self) -> list[tuple[str, str]]:
        sendable = self._sendable | {self._ids[name] for name in self._named if name in self._ids}
        return [
            (what, address)
            for index, (what, address) in enumerate(self.found)
            if what != "formulaire POST" or index in sendable
        ]


def _internal(address: str, page: str) -> str | None:
    """The path (and query) of an address of this site, or None for what is not followed."""
    address, _ = urldefrag(address.strip())
    if not address:
        return None  # an anchor on the page itself, or a form posting to the page shown
    parts = urlsplit(address)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, javascript:
    if parts.netloc and parts.netloc not in ("testserver", "localhost"):
        return None  # external
    path = parts.path
    if not path.startswith("/"):
        path = page.rsplit("/", 1)[0] + "/" + path
    if path in {reverse(name) for name in SKIPPED_ROUTES}:
        return None
    if path.startswith((settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _links(html: str, page: str) -> Iterator[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    for what, address in parser.shown():
        if what == "formulaire POST" and not address.strip():
            address = page  # a form without action posts to the page shown
        target = _internal(address, page)
        if target is not None:
            yield what, target


def _client(email: str | None) -> tuple[Client, object]:
    client = Client(raise_request_exception=False)
    user: object = AnonymousUser()
    if email is not None:
        user = User.objects.get(email=f"{email}@{DEMO_DOMAIN}")
        client.force_login(user)
    return client, user


@pytest.fixture(scope="module")
def samples(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[str]]:
    """The demo, seeded once for the module in a transaction rolled back after it; the route samples.

    Each role's walk is its own test (spread over the parallel workers), inside pytest-django's
    savepoint: what one role's GETs write (reading marks, sessions) never reaches another's.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            forget_on_commit_callbacks()
            yield sorted({sample() for sample in load_registry().samples.values()})
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _try(client: Client, what: str, target: str) -> tuple[int, str | None]:
    """The status of following a link or sending a form (a POST is rolled back: nothing changes), and
    the HTML page a link led to (walked from this answer rather than requested a second time)."""
    if what != "formulaire POST":
        response = client.get(target)
        html = response.status_code == 200 and "html" in response.get("Content-Type", "")
        return response.status_code, response.content.decode("utf-8", errors="replace") if html else None
    with transaction.atomic():
        status = client.post(target).status_code
        transaction.set_rollback(True)
    return status, None


def _pattern(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path


def walk(role: str, email: str | None, samples: list[str]) -> tuple[list[str], int]:
    """Dead ends for one role, and the number of requests made.

    Starts from the route samples and follows the links found, walking at most PAGES_PER_ROUTE
    pages of each URL pattern (every démarche and its phases, a few contributions of each kind…):
    each link's status is asked once whatever the number of pages showing it.
    """
    client, user = _client(email)
    signed_in = email is not None

    def as_the_role() -> None:
        """Confirming someone else's e-mail address (a route sample) signs one in as them, in a session the
        rolled-back POST then removes: the rest of the walk would be made as a visitor, blind to the role."""
        if signed_in and client.session.get(SESSION_KEY) != str(getattr(user, "pk", "")):
            client.force_login(user)

    dead: list[str] = []
    status: dict[tuple[str, str], int] = {}
    walked: dict[str, int] = {}
    admin_links: dict[tuple[str, str, tuple[str, ...]], int] = {}
    queue = deque(samples)
    queued = set(samples)
    fetched: dict[str, str] = {}  # pages a link led to, queued to be walked from that answer
    requests = 0
    while queue:
        page = queue.popleft()
        pattern = _pattern(page)
        html = fetched.pop(page, None)
        if walked.get(pattern, 0) >= (PAGES_PER_ADMIN_ROUTE if pattern.startswith("admin:") else PAGES_PER_ROUTE):
            continue
        walked[pattern] = walked.get(pattern, 0) + 1
        if html is None:
            response = client.get(page)
            as_the_role()
            requests += 1
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue  # a page this role may not open is no link it was shown
            html = response.content.decode("utf-8", errors="replace")
        for what, target in _links(html, page):
            if target == page and what != "formulaire POST":
                continue
            key = (what, target)
            if key not in status:
                if pattern.startswith("admin:"):
                    kind = (what, _pattern(target), tuple(sorted({k for k, _v in parse_qsl(urlsplit(target).query)})))
                    if admin_links.get(kind, 0) >= ADMIN_LINKS_PER_KIND:
                        continue
                    admin_links[kind] = admin_links.get(kind, 0) + 1
                status[key], answer = _try(client, what, target)
                as_the_role()
                requests += 1
                if what == "lien" and answer is not None and target not in queued:
                    fetched[target] = answer
            if status[key] in (403, 404) or status[key] >= 500:
                dead.append(f"{role}: {page} → {what} {target} → {status[key]}")
            elif what == "lien" and status[key] == 200 and target not in queued:
                queued.add(target)
                queue.append(target)
    return dead, requests


@pytest.mark.parametrize("role", list(ROLES))
def test_no_link_or_form_leads_a_role_to_a_403_or_404(samples: list[str], role: str) -> None:
    start = time.monotonic()
    dead, made = walk(role, ROLES[role], samples)
    # Not blind: each role is shown hundreds of links and forms (a login wall would show few).
    assert made > 300, f"{role}: only {made} requests — is the walk following anything?"
    print(f"{role}: {made} requests over {len(samples)} pages in {time.monotonic() - start:.0f} s")
    assert not dead, f"{len(dead)} dead ends:\n" + "\n".join(dead)
