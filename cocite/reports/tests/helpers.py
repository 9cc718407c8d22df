"""Test builders for reports: a quartier around a known point, a department, a category, a report."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocite.accounts.tests.factories import UserFactory
from cocite.reports import actions
from cocite.reports.models import Category, Report
from cocite.territory.models import Quartier
from cocite.territory.tests.factories import DepartmentFactory, square

LAT, LON = 47.83, 1.93


def quartier() -> Quartier:
    found = Quartier.objects.filter(slug="q-reports").first()
    return found or Quartier.objects.create(
        name="Quartier test", slug="q-reports", population=1000, boundary=square(1.9, 47.8, 0.1)
    )


def category(*, agents: list[Any] | None = None, slug: str = "eclairage", delay: int = 10) -> Category:
    quartier()
    department = DepartmentFactory(members=agents or [])
    return Category.objects.create(name=f"Cat {slug}", slug=slug, department=department, answer_delay_days=delay)


def report(cat: Category, *, author: Any = None, lat: float | None = LAT, lon: float | None = LON, **kw: Any) -> Report:
    return actions.report_submit(
        user=author or UserFactory(),
        category=cat,
        description=kw.pop("description", "Lampadaire éteint"),
        latitude=lat,
        longitude=lon,
        rate_limited=False,
        **kw,
    )


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
