"""`FlatSelect` writes the HTML Django's `Select` templates write (it replaces them on hot pages)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from cocite.core.forms import FlatSelect

CHOICES: list[Any] = [
    ("", "Tous les quartiers"),
    ("centre", "Centre & gare"),
    ("nord", '<b>Nord</b> "haut"'),
    ("Rive", [("rive-gauche", "Rive gauche"), ("rive-droite", "Rive droite")]),
    (3, "Trois"),
]


@pytest.mark.parametrize("value", [None, "", "nord", "rive-droite", 3, ["centre"]])
@pytest.mark.parametrize("attrs", [None, {"class": "filtre", "required": True, "disabled": False, "data-x": 'a"b'}])
def test_same_html_as_django_select(value: Any, attrs: dict[str, Any] | None) -> None:
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("quartier", value, attrs={"id": "id_quartier"})
    written = FlatSelect(attrs=attrs, choices=CHOICES).render("quartier", value, attrs={"id": "id_quartier"})
    assert written == expected


def test_same_html_in_a_form() -> None:
    class Form(forms.Form):
        plain = forms.ChoiceField(choices=CHOICES[:3], required=False)
        flat = forms.ChoiceField(choices=CHOICES[:3], required=False, widget=FlatSelect)

    form = Form({"plain": "nord", "flat": "nord"})
    assert str(form["flat"]).replace("flat", "plain") == str(form["plain"])
