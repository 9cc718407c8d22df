"""`manage.py search_reindex`: rebuild the site search's documents of every kind (after an import
or a restore, or once on a database that held démarches, decisions and results before they were
indexed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocite.contributions.models import Contribution
from cocite.core import search
from cocite.decisions.models import Decision
from cocite.demarches.models import Demarche
from cocite.results.models import Result

CHUNK = 2000


class Command(BaseCommand):
    help = "Réindexe la recherche du site : démarches, contributions, décisions, résultats."

    def handle(self, *args: Any, **options: Any) -> None:
        sources: list[tuple[str, Any, Any]] = [
            ("demarche", Demarche.objects.all(), lambda d: f"{d.title}\\n{d.framing_question}\\n{d.context}"),
            ("contribution", Contribution.objects.all(), lambda c: f"{c.title}\\n{c.body}"),
            (
                "decision",
                Decision.objects.prefetch_related("items"),
                lambda d: "\\n".join([d.explanation, d.criteria_notes, *(i.title for i in d.items.all())]),
            ),
            ("result", Result.objects.all(), lambda r: f"{r.title}\\n{r.description}"),
        ]
        for kind, queryset, text_of in sources:
            count = 0
            rows: list[tuple[int, str]] = []
            # A contribution is indexed with its démarche as scope (cocite.contributions.actions._index).
            scopes: dict[int, int] = {}
            for obj in queryset.order_by("pk").iterator(chunk_size=CHUNK):
                rows.append((obj.pk, text_of(obj)))
                if kind == "contribution":
                    scopes[obj.pk] = obj.demarche_id
                if len(rows) >= CHUNK:
                    search.index_documents_bulk(kind, rows, scopes=scopes)
                    count += len(rows)
                    rows, scopes = [], {}
            search.index_documents_bulk(kind, rows, scopes=scopes)
            count += len(rows)
            self.stdout.write(f"{kind}: {count}")
