"""What every page says, in both languages: no raw code, no French left in an English page.

Every route sample (each app's ``tests/route_samples.py``) is rendered over the demo data, for a
visitor, a resident and the sample's own user (``LOGIN_AS``), in French and in English (the
language cookie the header's switch sets). Then:

- **raw codes** — the visible text must not hold a stored choice value where its label belongs
  (« deja_prevue » for « Déjà prévue », « idee » for « Idée »). The codes looked for are the
  values of every model field's ``choices`` that differ from their label; a one-word value that is
  also a word of the interface (in the catalogue, like « rendu » or « pending ») cannot be told
  apart from prose and is left out — the snake_case ones never are.
- **French in English pages** — the English page must not show a msgid the catalogue translates
  to something else: a whole text node equal to such a msgid (placeholders match anything), or,
  for the longer msgids (≥ 20 characters, with French accents or words), the msgid anywhere in
  the text. What people wrote (the demo's texts: rendered Markdown in `.prose`, other texts marked
  `.user-text`) is French by nature and left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client

from cocite.accounts.models import User
from cocite.core.testing import forget_on_commit_callbacks
from cocite.core.tests.demo import load_demo
from cocite.core.tests.route_samples import load_registry
from cocite.demarches.models import Demarche
from cocite.demarches.permissions import can_view_demarche

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
PO_FILE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
RESIDENT = "camille.martin@demo.bellerive.example"
# Attributes a person reads (or hears from a screen reader).
READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
SKIPPED_ELEMENTS = {"script", "style", "template", "code", "pre"}
FRENCH = re.compile(r"[éèêàâçùûôîœÉÈÀÇ«»]|\b(?:le|la|les|des|du|une|est|aux|vous|votre|sur|pour)\b")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    """The text nodes a person reads: element text and the read attributes, not scripts or code.

    With `chrome_only`, the texts people wrote are left out: rendered Markdown (`.prose`) and other
    texts marked `.user-text` (a change note, the lines of a diff).
    """

    def __init__(self, chrome_only: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.chrome_only = chrome_only
        self._stack: list[bool] = []  # per open element: is its content skipped?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        skipped = bool(self._stack and self._stack[-1]) or tag in SKIPPED_ELEMENTS
        classes = (dict(attrs).get("class") or "").split()
        if self.chrome_only and ("prose" in classes or "user-text" in classes or tag == "textarea"):
            skipped = True  # a textarea holds the text being edited, as its author wrote it
        if not skipped:
            for name, value in attrs:
                if name in READ_ATTRIBUTES and value and value.strip():
                    self.nodes.append(" ".join(value.split()))
        if tag not in VOID_ELEMENTS:
            self._stack.append(skipped)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self._stack:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_ELEMENTS and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not (self._stack and self._stack[-1]):
            self.nodes.append(text)


def text_nodes(html: str, chrome_only: bool = False) -> list[str]:
    parser = _Text(chrome_only)
    parser.feed(html)
    return parser.nodes


@dataclass
class Rendered:
    pages: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)  # (lang, who, route) → text nodes
    chrome: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)  # the same, without `.prose`
    hidden_slugs: dict[str, set[str]] = field(default_factory=dict)  # who → slugs of démarches they may not see


@pytest.fixture(scope="module")
def rendered(django_db_setup: None, django_db_blocker: Any) -> Iterator[Rendered]:
    """Every route sample as a visitor, a resident and its own user, in French and in English."""
    registry = load_registry()
    result = Rendered()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo(run_on_commit=True)
            forget_on_commit_callbacks()
            samples = {name: sample() for name, sample in sorted(registry.samples.items())}
            # Views behind a parameter that the samples (one per route) do not reach.
            samples["contributions:list (carte)"] = samples["contributions:list"] + "?vue=carte"
            people: dict[str, User | None] = {"visitor": None, "resident": User.objects.get(email=RESIDENT)}
            for email in set(registry.login_as.values()):
                people[email] = User.objects.get(email=email)
            for who, person in people.items():
                viewer = person if person is not None else AnonymousUser()
                result.hidden_slugs[who] = {d.slug for d in Demarche.objects.all() if not can_view_demarche(viewer, d)}
            for language in ("fr", "en"):
                for who, person in people.items():
                    client = Client(raise_request_exception=False)
                    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                    if person is not None:
                        client.force_login(person)
                    for route, path in samples.items():
                        own = registry.login_as.get(route)
                        if who not in ("visitor", "resident") and who != own:
                            continue
                        response = client.get(path)
                        content_type = response.get("Content-Type", "")
                        if response.status_code == 200 and content_type.startswith("text/html"):
                            html = response.content.decode()
                            result.pages[(language, who, route)] = text_nodes(html)
                            result.chrome[(language, who, route)] = text_nodes(html, chrome_only=True)
            yield result
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# ---------------------------------------------------------------------------
# Raw codes
# ---------------------------------------------------------------------------


def raw_codes(catalogue_words: set[str]) -> set[str]:
    """Stored choice values that differ from their label and cannot be mistaken for a word."""
    codes = set()
    for model in apps.get_models():
        if not model.__module__.startswith("cocite."):
            continue
        for model_field in model._meta.get_fields():
            for value, label in getattr(model_field, "flatchoices", None) or []:
                if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9_]+", value):
                    continue
                if value in (str(label), str(label).lower()):
                    continue  # « financement » for « Financement »: the label, lowercased in a sentence
                if "_" not in value and value in catalogue_words:
                    continue  # « rendu », « pending »: a word of the interface as much as a code
                codes.add(value)
    return codes


def _catalogue_words() -> set[str]:
    """Words of the interface: ours, and Django's own (« - Select an option - », « admin »), which its
    forms and admin show beside our codes."""
    django_root = Path(django.__file__).resolve().parent
    catalogues = [PO_FILE, *sorted(django_root.glob("**/locale/fr/LC_MESSAGES/django.po"))]
    words: set[str] = set()
    for catalogue in catalogues:
        for entry in polib.pofile(str(catalogue)):
            for text in (entry.msgid, entry.msgstr, *entry.msgstr_plural.values()):
                words |= {word.lower() for word in re.findall(r"\w+", text)}
    return words


def test_no_page_shows_a_raw_choice_code(rendered: Rendered) -> None:
    codes = raw_codes(_catalogue_words())
    assert {"deja_prevue", "retenue_modifiee", "idee", "probleme"} <= codes  # the detector is not blind
    pattern = re.compile(
        r"(?<![\w/-])(" + "|".join(sorted(map(re.escape, codes), key=len, reverse=True)) + r")(?![\w/-])"
    )
    found = []
    for (language, who, route), nodes in sorted(rendered.pages.items()):
        for node in nodes:
            for match in pattern.finditer(node):
                found.append(f"{route} ({language}, {who}): « {match.group(1)} » in « {node[:120]} »")
    assert len(rendered.pages) > 50
    assert not found, f"{len(found)} raw code(s) shown instead of their label:\n" + "\n".join(sorted(set(found))[:60])


# ---------------------------------------------------------------------------
# French in English pages
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FrenchText:
    msgid: str
    whole: re.Pattern[str]  # a whole text node saying it (placeholders match anything)
    inside: str | None  # a long literal part, looked for anywhere


def french_texts() -> list[FrenchText]:
    texts = []
    for entry in polib.pofile(str(PO_FILE)):
        if not entry.msgid or entry.obsolete:
            continue
        msgids = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        english = {entry.msgstr, *entry.msgstr_plural.values()}
        for msgid in msgids:
            if msgid in english or not FRENCH.search(msgid):
                continue
            parts = PLACEHOLDER.split(msgid)[::2]
            if len(re.findall(r"[^\W\d_]", "".join(parts))) < 6:
                continue  # « %(body)s, le %(date)s »: too little of it is words to be recognised
            whole = re.compile(
                r".{1,60}?".join(re.escape(" ".join(part.split())) for part in parts).replace(r"\ ", r"\s*") + r"\s*:?"
            )
            longest = max((" ".join(p.split()) for p in parts), key=len)
            inside = longest if len(longest) >= 20 and FRENCH.search(longest) else None
            texts.append(FrenchText(msgid, whole, inside))
    return texts


def _french_in(nodes: list[str], texts: list[FrenchText]) -> Iterator[tuple[str, str]]:
    joined = "\n".join(nodes)
    for text in texts:
        if text.inside is not None and text.inside in joined:
            node = next((n for n in nodes if text.inside in n), text.inside)
            yield text.msgid, node
            continue
        for node in nodes:
            if text.whole.fullmatch(node):
                yield text.msgid, node
                break


def test_the_detector_finds_french_in_a_page() -> None:
    texts = french_texts()
    nodes = text_nodes("<p>Orientée</p><p>Hello</p><button title='Mise en œuvre'>x</button>")
    assert {msgid for msgid, _node in _french_in(nodes, texts)} >= {"Orientée", "Mise en œuvre"}
    assert not list(_french_in(text_nodes("<p>Routed</p><p>Idea</p>"), texts))


def test_english_pages_show_no_french_of_the_interface(rendered: Rendered) -> None:
    texts = french_texts()
    found = []
    english = {key: nodes for key, nodes in rendered.chrome.items() if key[0] == "en"}
    assert len(english) > 50
    for (_language, who, route), nodes in sorted(english.items()):
        for msgid, node in _french_in(nodes, texts):
            found.append(f"{route} ({who}): « {msgid[:80]} » in « {node[:120]} »")
    assert not found, f"{len(found)} French text(s) in English pages:\n" + "\n".join(sorted(set(found))[:80])


# ---------------------------------------------------------------------------
# Hidden démarches
# ---------------------------------------------------------------------------


def test_no_page_names_a_demarche_by_a_slug_its_reader_may_not_see(rendered: Rendered) -> None:
    """An agents-only démarche's address (« accueil-du-public ») is not for the public log's readers."""
    assert rendered.hidden_slugs["visitor"]  # the demo has restricted démarches
    found = []
    for (language, who, route), nodes in sorted(rendered.pages.items()):
        for node in nodes:
            for slug in rendered.hidden_slugs[who]:
                if re.search(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", node):
                    found.append(f"{route} ({language}, {who}): « {slug} » in « {node[:120]} »")
    assert not found, "\n".join(sorted(set(found))[:40])


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

FRENCH_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
ENGLISH_SHORT_DATE = re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
FRENCH_FIRST_WITHOUT_ORDINAL = re.compile(rf"(?<![\d,.])\b1 (?:{FRENCH_MONTHS})\b")


def test_dates_are_written_the_way_each_language_writes_them(rendered: Rendered) -> None:
    """No « 30 Sep 2026 » in a French page (a fixed "j M Y" format), no « 1 septembre » (« 1er »)."""
    found = []
    for (language, who, route), nodes in sorted(rendered.chrome.items()):
        for node in nodes:
            if language == "fr" and (ENGLISH_SHORT_DATE.search(node) or FRENCH_FIRST_WITHOUT_ORDINAL.search(node)):
                found.append(f"{route} ({language}, {who}): « {node[:120]} »")
            if language == "en" and re.search(rf"\b\d{{1,2}}(?:er)? (?:{FRENCH_MONTHS})\b", node):
                found.append(f"{route} ({language}, {who}): « {node[:120]} »")
    assert not found, "\n".join(sorted(set(found))[:40])
