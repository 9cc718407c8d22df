"""Writes for the territory app."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from .models import DepartmentMembership


# Territory sits below accounts: the person is typed by Django's base class, only its pk is read.
def forget_person(user: AbstractBaseUser) -> None:
    """Account deletion: the person no longer belongs to any department (official answers stay)."""
    DepartmentMembership.objects.filter(user_id=user.pk).delete()
