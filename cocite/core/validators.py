"""Validators shared by every app's forms.

Direction controls: the bidi embedding, override and isolate characters (U+202A–U+202E,
U+2066–U+2069) change the display order of the text that follows them on a line; in a
pseudonym or a title they disguise it (« Camille\u202egpj.exe » shows as "Camilleexe.jpg").
Single-line text refuses them (`reject_direction_controls`, a French form error); multi-line
text drops them on input (`strip_direction_controls`): a person who pasted a mixed-direction
paragraph cannot see them to delete them, and the Unicode bidirectional algorithm lays the
text out without them. The marks U+200E/U+200F (LRM, RLM) stay allowed: they only state a
direction where it is ambiguous.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_STRIP = str.maketrans(dict.fromkeys(map(ord, DIRECTION_CONTROLS)))


def reject_direction_controls(value: str) -> None:
    found = sorted({c for c in value if c in DIRECTION_CONTROLS})
    if found:
        raise ValidationError(
            _(
                "Ce texte contient un caractère invisible qui change le sens d'écriture (%(codes)s) : "
                "retirez-le, par exemple en retapant le texte au lieu de le coller."
            )
            % {"codes": ", ".join(f"U+{ord(c):04X}" for c in found)},
            code="direction_control",
        )


def strip_direction_controls(value: str) -> str:
    return value.translate(_STRIP)


def one_line(value: str) -> str:
    """The text on one line: each line break (CR, LF, U+2028…) becomes a space, the rest is kept.

    For single-line fields and mail subjects: a line break in a header is how a posted title would
    add a header of its own (« x\\r\\nBcc: … »), and Python's mail library refuses it outright.
    """
    return " ".join(value.splitlines())
