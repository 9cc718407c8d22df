"""Reads of the territory: what the pages show, in a bounded number of queries."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, models
from django.db.models import Count, Prefetch

from cocite.core.cache import reference_data
from cocite.core.personal_data import rows
from cocite.core.rows import JoinedRows, quoted

from .geo import contains_point
from .models import Department, DepartmentMembership, Organisation, Quartier, Theme


def organisation_get() -> Organisation | None:
    # Cached: shown on every page, changed a few times a year (invalidated on save).
    return reference_data("organisation", lambda: _first_organisation() or False) or None


@functools.cache
def _organisation_rows() -> JoinedRows[Organisation]:
    return JoinedRows(Organisation)


def _first_organisation() -> Organisation | None:
    """The organisation; in plain SQL on PostgreSQL (cocite.core.rows: every page without the
    caches reads it, and compiling the queryset cost more than the query, issue 15)."""
    if connection.vendor != "postgresql":
        return Organisation.objects.order_by("pk").first()
    found = _organisation_rows()
    key = f"{found.table}.{quoted(Organisation._meta.pk.column)}"
    rows_found = found.fetch(f"{found.select} ORDER BY {key} LIMIT 1", [])
    return rows_found[0] if rows_found else None


def site_name() -> str:
    """The platform's name as mails and titles give it: « Cocité — <commune> » (« Cocité » alone before setup)."""
    organisation = organisation_get()
    if organisation is None:
        return "Cocité"
    return f"Cocité — {organisation.short_name or organisation.name}"


def quartier_list() -> list[Quartier]:
    quartiers: list[Quartier] = reference_data("quartiers", lambda: _all_by_name(Quartier))
    return quartiers


def theme_list() -> list[Theme]:
    themes: list[Theme] = reference_data("themes", lambda: _all_by_name(Theme))
    return themes


def _all_by_name(model: type[models.Model]) -> list[Any]:
    """Every row by name, in plain SQL on PostgreSQL (cocite.core.rows): a list page's filters read
    both with the caches off, and compiling the two querysets cost 1.5 ms of Python (issue 15)."""
    if connection.vendor != "postgresql":
        return list(model._default_manager.order_by("name", "pk"))
    every = _every_row(model)
    return every.fetch(f"{every.select} ORDER BY {every.order_by(('name', 'pk'))}", [])


@functools.cache
def _every_row(model: type[models.Model]) -> JoinedRows[Any]:
    return JoinedRows(model)


def department_list_public() -> list[Department]:
    """Departments with their themes and member count (cached; two queries on a miss)."""
    departments: list[Department] = reference_data(
        "departments",
        lambda: list(
            Department.objects.order_by("name")
            .annotate(member_count=Count("memberships", distinct=True))
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        ),
    )
    return departments


def quartier_for_point(lon: float, lat: float) -> Quartier | None:
    for quartier in Quartier.objects.filter(boundary__isnull=False).only("id", "name", "slug", "boundary"):
        if quartier.boundary and contains_point(quartier.boundary, lon, lat):
            return quartier
    return None


def personal_data(user: AbstractBaseUser) -> dict[str, Any]:
    """The departments the person belongs to (agents); one query."""
    return {
        "department_memberships": rows(
            DepartmentMembership.objects.filter(user_id=user.pk).order_by("pk"),
            ["department__name", "role", "job_title", "created_at"],
            rename={"department__name": "department"},
        )
    }
