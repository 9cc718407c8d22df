"""`FlatSelect` writes the HTML Django's `Select` templates write (it replaces them on hot pages)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from cocite.core.forms import FlatSelect, FormRenderer

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


class _Labelled(forms.Form):
    required_css_class = "obligatoire"
    plain = forms.CharField(label="Nom")
    hostile = forms.CharField(label='<b>Nom</b> & "prénom"', required=False)
    asked = forms.CharField(label="Votre âge ?", required=False)  # ends with punctuation: no suffix
    choice = forms.ChoiceField(label="Quartier", choices=CHOICES[:3], widget=forms.RadioSelect)
    flat = forms.ChoiceField(label="Tri", choices=CHOICES[:3], widget=FlatSelect, required=False)
    day = forms.SplitDateTimeField(label="Le", required=False)


def _labels(field: Any) -> list[str]:
    return [
        field.label_tag(),
        field.label_tag(attrs={"class": "x", "data-y": '"z"', "hidden": True, "off": False}),
        field.legend_tag(contents="<i>Légende</i>"),
        field.label_tag(label_suffix="!"),
    ]


@pytest.mark.parametrize("auto_id", ["id_%s", "filtre-%s", False])
@pytest.mark.parametrize("label_suffix", [None, "", " :"])
def test_labels_are_the_html_of_djangos_label_template(auto_id: Any, label_suffix: str | None) -> None:
    ours = _Labelled(auto_id=auto_id, label_suffix=label_suffix, renderer=FormRenderer())
    djangos = _Labelled(auto_id=auto_id, label_suffix=label_suffix, renderer=DjangoTemplates())
    for name in _Labelled.base_fields:
        assert _labels(ours[name]) == _labels(djangos[name])
    # A whole form, as {{ form }} writes it: the labels inside the field templates too.
    assert str(ours) == str(djangos)


def test_the_site_renders_forms_with_the_flat_labels() -> None:
    assert isinstance(forms.Form().renderer or get_default_renderer(), FormRenderer)
