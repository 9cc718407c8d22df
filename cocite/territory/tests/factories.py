from __future__ import annotations

from typing import Any

import factory

from cocite.territory.models import Department, DepartmentMembership, Organisation, Quartier, Theme


def square(lon: float, lat: float, size: float = 0.01) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
    }


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = "Ville de Testville"
    insee_code = "99002"


class ThemeFactory(factory.django.DjangoModelFactory[Theme]):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class QuartierFactory(factory.django.DjangoModelFactory[Quartier]):
    class Meta:
        model = Quartier

    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    population = 2500
    boundary = factory.Sequence(lambda n: square(2.0 + n * 0.01, 48.0))


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")

    @factory.post_generation
    def members(obj: Any, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        for user in extracted or []:
            DepartmentMembership.objects.create(department=obj, user=user, job_title="Agent·e")

    @factory.post_generation
    def themes(obj: Any, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if extracted:
            obj.themes.set(extracted)
