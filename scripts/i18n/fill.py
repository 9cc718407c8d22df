"""Fill the English catalogue from the `*_en.py` dictionaries beside this file.

Each dictionary maps a French msgid to its English text (a list of two strings
for plural entries). Run by `make messages` after makemessages; prints what is
still missing so nobody ships an untranslated string.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
PO_FILE = HERE.parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def load_translations() -> dict[str, str | list[str]]:
    merged: dict[str, str | list[str]] = {}
    for path in sorted(HERE.glob("*_en.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        merged.update(module.TRANSLATIONS)
    return merged


def main() -> int:
    translations = load_translations()
    catalogue = polib.pofile(str(PO_FILE))
    for entry in catalogue:
        value = translations.get(entry.msgid)
        if value is None:
            continue
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value, value]
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()
    missing = [e.msgid for e in catalogue if not e.translated()]
    for msgid in missing:
        print(f"missing English translation: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
