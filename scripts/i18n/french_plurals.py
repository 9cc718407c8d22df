"""French is the source language, but its plural rule differs from English's (0 is singular).

Keep only the plural entries in locale/fr, mapped to themselves, under the French rule, so
"0 soutien" reads right, and the entries translated in that .po by hand (third-party English
msgids our French pages show). Run by `make messages` after makemessages -l fr.
"""

from pathlib import Path

import polib

PO_FILE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"

catalogue = polib.pofile(str(PO_FILE))
kept = polib.POFile()
kept.metadata = {**catalogue.metadata, "Language": "fr", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
for entry in catalogue:
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        kept.append(entry)
    elif entry.msgstr and "fuzzy" not in entry.flags:
        # A third-party English msgid our French pages show (django-tasks-db's model names, named
        # in cocite/core/third_party_apps.py), translated in this .po by hand: kept.
        kept.append(entry)
kept.save(str(PO_FILE))
