"""RNA (Répertoire national des associations) numbers: W followed by 9 digits."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_RNA = re.compile(r"^W\d{9}$")


def validate_rna(value: str) -> None:
    if not _RNA.match(value or ""):
        raise ValidationError(
            _("Un numéro RNA s'écrit W suivi de 9 chiffres (par exemple W921000123)."), code="rna_invalid"
        )
