"""Receivers of the démarches app: each démarche in the site's search, however it was saved.

Démarches are written by the admin and the demo loader (no action of ours), so the search
document follows every save of the row.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from cocite.core import search

from .models import Demarche

SEARCH_KIND = "demarche"  # the site's search (cocite.spaces) finds démarches under this kind


def index_demarche(demarche: Demarche) -> None:
    search.index_document(SEARCH_KIND, demarche.pk, demarche.title, demarche.framing_question, demarche.context)


def on_demarche_saved(sender: Any, instance: Demarche, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        index_demarche(instance)


def connect() -> None:
    post_save.connect(on_demarche_saved, sender=Demarche, dispatch_uid="demarches_search_index")
