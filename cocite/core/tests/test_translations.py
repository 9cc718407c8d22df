"""The English catalogue is complete: no untranslated, fuzzy or stale entry."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]
PO_FILE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _problems(catalogue: polib.POFile) -> list[str]:
    problems = [f"non traduit : {e.msgid!r}" for e in catalogue.untranslated_entries()]
    problems += [f"flou (fuzzy) : {e.msgid!r}" for e in catalogue.fuzzy_entries()]
    for entry in catalogue:
        if entry.msgid_plural and not all(entry.msgstr_plural.values()):
            problems.append(f"pluriel incomplet : {entry.msgid!r}")
    return problems


def test_committed_english_catalogue_is_complete() -> None:
    assert _problems(polib.pofile(str(PO_FILE))) == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    po = polib.pofile(str(PO_FILE))
    mo = polib.mofile(str(PO_FILE.with_suffix(".mo")))

    def texts(entries: list[polib.POEntry] | list[polib.MOEntry]) -> dict[tuple[str | None, str], object]:
        return {(e.msgctxt, e.msgid): dict(e.msgstr_plural) if e.msgid_plural else e.msgstr for e in entries if e.msgid}

    assert texts(list(mo)) == texts(po.translated_entries()), "run `make messages` to recompile django.mo"


def test_every_source_string_is_in_the_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-extract the strings from the code into a copy of the catalogue: nothing new may appear.

    makemessages writes to any `locale/` dir under the working directory, so it runs in a
    scratch directory holding symlinks to the sources and a copy of the catalogue only.
    """
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed to check the catalogue: apt-get install gettext")
    work = tmp_path / "project"
    work.mkdir()
    for name in ("cocite", "config", "templates"):
        (work / name).symlink_to(ROOT / name)
    locale_copy = tmp_path / "catalogue"
    shutil.copytree(ROOT / "locale", locale_copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    before = PO_FILE.read_bytes()
    monkeypatch.chdir(work)
    with override_settings(LOCALE_PATHS=[str(locale_copy)]):
        call_command(
            "makemessages",
            locale=["en"],
            no_obsolete=True,
            no_location=True,
            symlinks=True,
            ignore_patterns=["node_modules/*", "*/tests/*"],
            verbosity=0,
        )
    assert PO_FILE.read_bytes() == before, "the committed catalogue must not be touched by this test"
    refreshed = polib.pofile(str(locale_copy / "en" / "LC_MESSAGES" / "django.po"))
    assert _problems(refreshed) == [], "run `make messages` and translate the new strings"
    assert settings.LANGUAGE_CODE == "fr"


def test_a_msgid_with_a_context_is_never_also_used_without_one() -> None:
    """One French word with two meanings gets a context for each: a bare use would pick one English silently."""
    catalogue = polib.pofile(str(PO_FILE))
    with_context = {e.msgid for e in catalogue if e.msgctxt}
    bare = {e.msgid for e in catalogue if not e.msgctxt}
    assert not sorted(with_context & bare), "give these uses a pgettext context too"
    assert {("calcul", "En attente"), ("demande d'avis", "En attente"), ("résultat", "En cours")} <= {
        (e.msgctxt, e.msgid) for e in catalogue
    }


# The names xgettext extracts from Python (its defaults and makemessages' keywords): a string
# passed to any other name — an alias like `_t` — never reaches the catalogue, so it stays French.
EXTRACTED = {"_", "gettext", "ngettext", "gettext_lazy", "ngettext_lazy", "gettext_noop", "pgettext"}
EXTRACTED |= {"pgettext_lazy", "npgettext", "npgettext_lazy"}


def test_translation_functions_keep_names_makemessages_extracts() -> None:
    import ast

    wrong = []
    for path in sorted((ROOT / "cocite").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    name = alias.asname or alias.name
                    if "gettext" in alias.name and name not in EXTRACTED:
                        wrong.append(f"{path.relative_to(ROOT)}: {alias.name} as {name}")
    assert not wrong, f"makemessages does not see strings passed to these names: {wrong}"


def _apply_pending() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("apply_pending", ROOT / "scripts" / "i18n" / "apply_pending.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pending_translations_are_applied_and_conflicts_refused(tmp_path: Path) -> None:
    """The merge-time script: no « last file wins »; a dictionary with a conflict is kept."""
    module: Any = _apply_pending()
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Bonjour", msgstr=""))
    po.append(polib.POEntry(msgctxt="demande d'avis", msgid="En attente", msgstr=""))
    po.append(polib.POEntry(msgid="%(n)s avis", msgid_plural="%(n)s avis", msgstr_plural={0: "", 1: ""}))
    po.append(polib.POEntry(msgid="Déjà traduit", msgstr="Already translated"))
    po.append(polib.POEntry(msgid="Deviné", msgstr="Guessed", flags=["fuzzy"]))
    one, two, three = tmp_path / "one_en.py", tmp_path / "two_en.py", tmp_path / "three_en.py"
    pending = {
        one: {
            (None, "Bonjour"): "Hello",
            ("demande d'avis", "En attente"): "Pending",
            (None, "Deviné"): "Guessed right",
        },
        two: {(None, "%(n)s avis"): ("%(n)s opinion", "%(n)s opinions"), (None, "Plus utilisé"): "Unused"},
        three: {(None, "Déjà traduit"): "Translated otherwise"},
    }
    errors, done = module.apply(po, pending)
    assert done == {one, two}
    assert len(errors) == 1
    assert "Déjà traduit" in errors[0]
    assert po.find("Bonjour").msgstr == "Hello"
    assert po.find("En attente", msgctxt="demande d'avis").msgstr == "Pending"
    assert po.find("%(n)s avis").msgstr_plural == {0: "%(n)s opinion", 1: "%(n)s opinions"}
    assert po.find("Déjà traduit").msgstr == "Already translated"
    assert po.find("Deviné").msgstr == "Guessed right"
    assert "fuzzy" not in po.find("Deviné").flags
    # Two dictionaries disagreeing: neither wins, both are kept.
    po = polib.POFile()
    po.append(polib.POEntry(msgid="En cours", msgstr=""))
    errors, done = module.apply(po, {one: {(None, "En cours"): "Running"}, two: {(None, "En cours"): "In progress"}})
    assert done == set()
    assert po.find("En cours").msgstr == ""
    assert module.needs_work(po) == ["no English: 'En cours'"]
