"""Validators for the authority's identifiers and its theme colours."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def validate_insee_code(value: str) -> None:
    if not INSEE_CODE.match(value or ""):
        raise ValidationError(
            _("Le code INSEE compte 5 caractères : 5 chiffres, ou 2A/2B suivi de 3 chiffres pour la Corse."),
            code="insee",
        )


def validate_siren(value: str) -> None:
    """SIREN: 9 digits with a valid Luhn checksum."""
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("Le SIREN compte exactement 9 chiffres."), code="siren_format")
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    if total % 10 != 0:
        raise ValidationError(_("Ce SIREN n'est pas valide (clé de contrôle incorrecte)."), code="siren_checksum")


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(colour_a: str, colour_b: str) -> float:
    lighter, darker = sorted((relative_luminance(colour_a), relative_luminance(colour_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_theme_colour(value: str) -> None:
    """Theme colours carry white text, so they must reach WCAG AA contrast (4.5:1) with white."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Indiquez une couleur au format #RRVVBB, par exemple #1d4e89."), code="colour_format")
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < 4.5:
        raise ValidationError(
            _(
                "Cette couleur n'offre qu'un contraste de %(ratio).2f:1 avec du texte blanc ; "
                "il faut au moins 4,5:1 (RGAA). Choisissez une teinte plus foncée."
            )
            % {"ratio": ratio},
            code="colour_contrast",
        )
