"""Every open dataset: the resources' (`ResourceSpec.datasets`), then the other apps' (`registry`).

What a dataset is and the rules it follows: `schema.py`. The open-data app imports no app that
publishes data: each declares its own datasets, next to the models they read.
"""

from __future__ import annotations

from cocite.items.registry import registry as resources

from .registry import registry
from .schema import Dataset


def all_datasets() -> list[Dataset]:
    datasets = [dataset for spec in resources.all() if spec.datasets is not None for dataset in spec.datasets()]
    return [*datasets, *registry.all()]
