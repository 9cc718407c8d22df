"""French is the source language, but its plural rule differs from English's (0 is singular).

Keep only the plural entries in locale/fr, mapped to themselves, under the French rule, so
"0 soutien" reads right, and the third-party English msgids given a French text in
scripts/i18n/*_fr.py. Run by `make messages` after makemessages -l fr.
"""

import importlib.util
from pathlib import Path

import polib

PO_FILE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"

catalogue = polib.pofile(str(PO_FILE))
kept = polib.POFile()
kept.metadata = {**catalogue.metadata, "Language": "fr", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
# Third-party English msgids our French pages show (scripts/i18n/*_fr.py), e.g. django-tasks-db's
# model names: kept with their French.
french: dict[str, str] = {}
for path in sorted(Path(__file__).resolve().parent.glob("*_fr.py")):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    french.update(module.TRANSLATIONS)
for entry in catalogue:
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        kept.append(entry)
    elif entry.msgid in french:
        entry.msgstr = french[entry.msgid]
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        kept.append(entry)
kept.save(str(PO_FILE))
