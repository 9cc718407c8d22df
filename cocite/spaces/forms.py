from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    """The site's search: one line of words (the header's field sends it here)."""

    q = LineField(
        label=_("Rechercher sur le site"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "Votre recherche est trop longue : %(limit_value)d caractères au plus (%(show_value)d saisis)."
            )
        },
    )
