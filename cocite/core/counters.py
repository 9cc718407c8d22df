"""Denormalised counters, checked against the rows they count (and repaired after an incident).

Counters (`support_count`, `comment_count`, `useful_count`, `reply_count`) move with an
atomic `UPDATE … SET n = n ± 1` in the same transaction as the row they count, and the
foreign keys they depend on are PROTECT, so a raw deletion fails instead of drifting them.
What remains — a restore from a partial backup, a hand-written SQL fix — is caught here. Like
`seed_demo` and `personal_data`, core walks the AppConfigs: an app that keeps counters defines
`counters() -> list[Counter]` saying, for each, what it counts. `manage.py verify_counters`
reports every drift (`--repair` recomputes the wrong rows).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

REPAIR_CHUNK = 500


@dataclass(frozen=True)
class Counter:
    """`model.field` must equal the number of `counted` rows whose `link` points to it."""

    model: type[models.Model]
    field: str
    counted: models.QuerySet[Any]  # the rows counted, already filtered (e.g. comments not deleted)
    link: str  # the column of `counted` holding the counting row's primary key

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field}"

    def real(self) -> Coalesce:
        """The true count, as an expression over each row of `model`."""
        per_row = (
            self.counted.filter(**{self.link: OuterRef("pk")})
            .order_by()
            .values(self.link)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(per_row, output_field=IntegerField()), 0)

    def drifted(self) -> models.QuerySet[Any]:
        """The rows whose counter differs from the real count."""
        return self.model._default_manager.annotate(real_count=self.real()).exclude(**{self.field: F("real_count")})

    def repair(self) -> int:
        """Recompute the drifted rows (each chunk in one statement); returns how many were wrong."""
        ids = list(self.drifted().values_list("pk", flat=True))
        for start in range(0, len(ids), REPAIR_CHUNK):
            with transaction.atomic():
                chunk = ids[start : start + REPAIR_CHUNK]
                self.model._default_manager.filter(pk__in=chunk).update(**{self.field: self.real()})
        return len(ids)


def all_counters() -> Iterator[Counter]:
    for config in apps.get_app_configs():
        declare = getattr(config, "counters", None)
        if callable(declare):
            yield from declare()


@dataclass
class CounterReport:
    counter: Counter
    rows: int  # rows carrying the counter
    drift: int  # how many of them are wrong
    sample: list[tuple[Any, int, int]]  # (pk, stored, real) of the first few wrong ones


def verify(*, sample: int = 10) -> list[CounterReport]:
    """Every counter of every app against the real count: three bounded queries per counter."""
    reports = []
    for counter in all_counters():
        drifted = counter.drifted()
        reports.append(
            CounterReport(
                counter=counter,
                rows=counter.model._default_manager.count(),
                drift=drifted.count(),
                sample=list(drifted.order_by("pk").values_list("pk", counter.field, "real_count")[:sample]),
            )
        )
    return reports
