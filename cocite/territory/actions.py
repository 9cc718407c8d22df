"""Writes for the territory app."""

from __future__ import annotations

from typing import Any

from .models import DepartmentMembership


def forget_person(user: Any) -> None:
    """Account deletion: the person no longer belongs to any department (official answers stay)."""
    DepartmentMembership.objects.filter(user_id=user.pk).delete()
