"""Reports are a resource of the machinery (cocite/items/registry.py): a report carried into a démarche
(« transformer en démarche ») is an item of that démarche; its open dataset is declared here too."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocite.items.registry import ResourceSpec, registry

from . import datasets
from .models import RESOURCE_KIND


def register() -> None:
    registry.register(
        ResourceSpec(
            kind=RESOURCE_KIND,
            label=_("signalement"),
            label_plural=_("signalements"),
            model="reports.Report",
            url_name="reports:detail",
            summary_template="reports/partials/item_summary.html",
            datasets=datasets.datasets,
        )
    )
