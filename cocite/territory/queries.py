"""Reads of the territory: what the pages show, in a bounded number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from .models import Department, Organisation, Quartier, Theme


def organisation_get() -> Organisation | None:
    return Organisation.objects.order_by("pk").first()


def quartier_list() -> QuerySet[Quartier]:
    return Quartier.objects.order_by("name")


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.order_by("name")


def department_list_public() -> QuerySet[Department]:
    """Departments with their themes and member count (two queries in all)."""
    return (
        Department.objects.order_by("name")
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    )


def quartier_for_point(lon: float, lat: float) -> Quartier | None:
    from .geo import contains_point

    for quartier in Quartier.objects.exclude(boundary=None).only("id", "name", "slug", "boundary"):
        if quartier.boundary and contains_point(quartier.boundary, lon, lat):
            return quartier
    return None
