"""Move pending English translations from `scripts/i18n/<name>_en.py` into the English catalogue.

The catalogue `locale/en/LC_MESSAGES/django.po` is THE source of English (it is edited like a
translator or Weblate would). Work done in parallel branches cannot all edit that file, so each
branch leaves its new English in a dictionary beside this script:

    TRANSLATIONS = {
        "Bonjour": "Hello",                               # gettext / {% translate %}
        ("demande d'avis", "En attente"): "Pending",      # pgettext: (context, msgid)
        "%(n)s avis": ("%(n)s opinion", "%(n)s opinions"),  # ngettext: (singular, plural)
    }

At merge time, after `makemessages` has extracted the new msgids (`make messages` runs this
script right after it), each entry is written into the .po and the dictionary is deleted. Nothing
is overwritten silently:

- two dictionaries giving different English for the same (context, msgid) is an error;
- an entry the .po already translates differently is an error (edit the .po by hand, or give the
  two meanings a `pgettext` context in the code);
- an entry whose msgid the code does not use (not in the .po after makemessages) is reported and
  dropped.

A dictionary with an error is kept, so nothing is lost; the script exits with status 1 when
anything needs a person (errors, and used msgids still without English or fuzzy).

    python scripts/i18n/apply_pending.py [--check]   # --check: report only, write nothing
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
PO_FILE = HERE.parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"

Key = tuple[str | None, str]  # (msgctxt, msgid)
Value = str | tuple[str, str]


def _key(raw: object) -> Key:
    if isinstance(raw, tuple) and len(raw) == 2 and all(isinstance(x, str) for x in raw):
        return raw[0], raw[1]
    if isinstance(raw, str):
        return None, raw
    raise TypeError(f"a key is a French msgid or a (context, msgid) tuple, not {raw!r}")


def _value(raw: object) -> Value:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, tuple | list) and len(raw) == 2 and all(isinstance(x, str) for x in raw):
        return raw[0], raw[1]
    raise TypeError(f"a value is the English text or a (singular, plural) pair, not {raw!r}")


def load(path: Path) -> dict[Key, Value]:
    spec = importlib.util.spec_from_file_location(f"pending_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {_key(k): _value(v) for k, v in module.TRANSLATIONS.items()}


def _show(key: Key) -> str:
    context, msgid = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def _current(entry: polib.POEntry) -> Value | None:
    if entry.msgid_plural:
        forms = (entry.msgstr_plural.get(0, ""), entry.msgstr_plural.get(1, ""))
        return forms if any(forms) else None
    return entry.msgstr or None


def apply(po: polib.POFile, pending: dict[Path, dict[Key, Value]]) -> tuple[list[str], set[Path]]:
    """Write the pending entries into `po`; return the errors and the dictionaries fully applied."""
    errors: list[str] = []
    broken: set[Path] = set()
    entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    given: dict[Key, tuple[Path, Value]] = {}
    for path, translations in pending.items():
        for key, value in translations.items():
            earlier = given.get(key)
            if earlier is not None and earlier[1] != value:
                errors.append(
                    f"{_show(key)}: {earlier[0].name} says {earlier[1]!r}, {path.name} says {value!r} "
                    "— one meaning per msgid: agree on one English, or add a pgettext context"
                )
                broken |= {path, earlier[0]}
                continue
            given[key] = (path, value)
    for key, (path, value) in given.items():
        if path in broken:
            continue
        entry = entries.get(key)
        if entry is None:
            print(f"{path.name}: {_show(key)} is not used in the code (not in the catalogue), dropped", file=sys.stderr)
            continue
        forms = value if isinstance(value, tuple) else (value, value)
        wanted: Value = forms if entry.msgid_plural else (value if isinstance(value, str) else value[0])
        current = _current(entry)
        if current is not None and current != wanted and "fuzzy" not in entry.flags:
            errors.append(
                f"{path.name}: {_show(key)} is already translated {current!r} in the catalogue, not {wanted!r} "
                "— edit the .po by hand, or give the new meaning a pgettext context"
            )
            broken.add(path)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
        else:
            entry.msgstr = wanted if isinstance(wanted, str) else wanted[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    return errors, set(pending) - broken


def needs_work(po: polib.POFile) -> list[str]:
    """Used msgids still without English, or marked fuzzy by msgmerge (a guess to review)."""
    problems = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy (review, then remove the flag): {_show((entry.msgctxt, entry.msgid))}")
        elif not entry.translated():
            problems.append(f"no English: {_show((entry.msgctxt, entry.msgid))}")
    return problems


def _normalise(path: Path) -> None:
    """Rewrap the file the way makemessages (GNU msgmerge) does, so the next run changes nothing."""
    msgcat = shutil.which("msgcat")
    if msgcat:
        subprocess.run([msgcat, "--output-file", str(path), str(path)], check=True)  # noqa: S603 (our own file)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only, write nothing")
    args = parser.parse_args(argv)
    po = polib.pofile(str(PO_FILE), wrapwidth=79)
    pending = {path: load(path) for path in sorted(HERE.glob("*_en.py"))}
    errors, done = apply(po, pending)
    if not args.check:
        if pending:
            po.save()
            _normalise(PO_FILE)
        for path in sorted(done):
            path.unlink()
            print(f"applied and deleted {path.relative_to(HERE.parents[1])}")
    problems = errors + needs_work(po)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
