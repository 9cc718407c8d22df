"""The demo authority: Ville de Bellerive, a fictional commune of about 20,000 inhabitants.

The facts are data: `demo/territory.yaml`. The territory has no actions of its own (the admin
writes it), so organisation, themes, quartiers and departments are written here by natural key
(the organisation once, the others by slug). Idempotent.
"""

from __future__ import annotations

from typing import Any, TextIO

from cocite.core import demo

from .models import Department, Organisation, Quartier, Theme

DATA_FILE = "territory.yaml"
ORGANISATION_FIELDS = {
    "name",
    "short_name",
    "insee_code",
    "siren",
    "primary_color",
    "secondary_color",
    "address",
    "contact_email",
    "accessibility_contact_email",
    "dpo_email",
    "publication_director",
    "host_description",
}


def load_content(data: demo.DemoData | None = None) -> dict[str, Any]:
    """Read and check `demo/territory.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.territory", DATA_FILE)
    organisation = demo.check(
        data, data["organisation"], required={"name"}, optional=ORGANISATION_FIELDS, where="organisation"
    )
    themes = demo.records(data, data["themes"], required={"slug", "name"}, where="themes")
    quartiers = demo.records(
        data, data["quartiers"], required={"slug", "name", "population", "boundary"}, where="quartiers"
    )
    departments = demo.records(
        data, data["departments"], required={"slug", "name", "description"}, optional={"themes"}, where="departments"
    )
    known = {theme["slug"] for theme in themes}
    for index, department in enumerate(departments):
        unknown = set(department.get("themes") or ()) - known
        if unknown:
            where = f"departments: {demo.describe(department, index)}"
            raise demo.fail(data, where, f"unknown theme(s) {', '.join(sorted(unknown))}")
    return {"organisation": organisation, "themes": themes, "quartiers": quartiers, "departments": departments}


def seed(stdout: TextIO) -> None:
    content = load_content()
    if Organisation.objects.order_by("pk").first() is None:
        Organisation.objects.create(**content["organisation"])
    themes = {}
    for theme in content["themes"]:
        themes[theme["slug"]], _created = Theme.objects.update_or_create(
            slug=theme["slug"], defaults={"name": theme["name"]}
        )
    for quartier in content["quartiers"]:
        Quartier.objects.update_or_create(
            slug=quartier["slug"],
            defaults={"name": quartier["name"], "population": quartier["population"], "boundary": quartier["boundary"]},
        )
    for entry in content["departments"]:
        department, _created = Department.objects.update_or_create(
            slug=entry["slug"], defaults={"name": entry["name"], "description": entry["description"]}
        )
        department.themes.set([themes[slug] for slug in entry.get("themes") or ()])
    stdout.write(
        f"  territoire : {len(content['quartiers'])} quartiers, {len(content['departments'])} services, "
        f"{len(content['themes'])} thèmes"
    )
