"""The English catalogue is complete: no untranslated, fuzzy or stale entry."""

from __future__ import annotations

import shutil
from pathlib import Path

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
