"""The open datasets of the apps that are not resources (debate, decisions, results…).

A resource declares its datasets in its `ResourceSpec.datasets` (cocite/items/registry.py);
any other app registers a callable here from its AppConfig.ready(). The open-data app walks
both and imports neither: files are written in the order of INSTALLED_APPS (resources first).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .schema import Dataset

DatasetSource = Callable[[], Sequence[Dataset]]


class DatasetRegistry:
    def __init__(self) -> None:
        self._sources: dict[str, DatasetSource] = {}

    def register(self, owner: str, datasets: DatasetSource) -> None:
        """`owner` (an app label) publishes what `datasets()` returns; registering the same again is a no-op."""
        existing = self._sources.get(owner)
        if existing is not None and existing is not datasets:
            raise ValueError(f"the datasets of {owner!r} are already registered")
        self._sources[owner] = datasets

    def unregister(self, owner: str) -> None:
        """For tests that register datasets of their own."""
        self._sources.pop(owner, None)

    def all(self) -> list[Dataset]:
        return [dataset for source in self._sources.values() for dataset in source()]


registry = DatasetRegistry()
