"""Writing the open-data files: CSV (UTF-8, comma), JSON, Table Schemas and a manifest.

Files go to MEDIA_ROOT/opendata/. Each file is written under a temporary name and moved
into place atomically; the manifest (a Frictionless Data Package descriptor with the
generation time, row counts, sizes and SHA-256 of every file) is written last, so a
reader never sees a manifest describing files that are not there yet. A file lock keeps
two regenerations (the nightly command and an administrator's button) from interleaving.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cocite.core import csv_writer

from .datasets import all_datasets
from .schema import Dataset, utc

try:
    import fcntl
except ImportError:  # not POSIX
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "opendata"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        if fcntl is not None:  # not on POSIX: best effort
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


class _Hashing:
    """A text file wrapper that counts bytes and hashes them while writing."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.handle.write(data)
        self.sha256.update(data)
        self.bytes += len(data)
        return len(text)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write(folder: Path, name: str, text: str) -> dict[str, Any]:
    """Write a small text file atomically; return its size and hash."""
    temporary = folder / f".{name}.tmp"
    with open(temporary, "wb") as raw:
        stream = _Hashing(raw)
        stream.write(text)
    os.replace(temporary, folder / name)
    return {"bytes": stream.bytes, "hash": f"sha256:{stream.sha256.hexdigest()}"}


def _write_dataset(folder: Path, dataset: Dataset) -> tuple[dict[str, Any], dict[str, Any]]:
    """Stream the rows once into the CSV and the JSON file (memory stays flat), then move both into place."""
    columns = [f.name for f in dataset.fields]
    csv_tmp, json_tmp = folder / f".{dataset.name}.csv.tmp", folder / f".{dataset.name}.json.tmp"
    count = 0
    try:
        with open(csv_tmp, "wb") as csv_raw, open(json_tmp, "wb") as json_raw:
            csv_stream, json_stream = _Hashing(csv_raw), _Hashing(json_raw)
            # Formula-like text cells get a leading quote (csv_writer); the JSON keeps values as they are.
            out = csv_writer.writer(csv_stream, lineterminator="\r\n")
            out.writerow(columns)
            json_stream.write("[")
            for row in dataset.rows():
                if list(row) != columns:
                    # A column the rows do not give (or give under another name) would be empty: refuse.
                    raise ValueError(f"{dataset.name}: rows give {list(row)}, the schema declares {columns}")
                out.writerow([_cell(row[column]) for column in columns])
                json_stream.write(",\n" if count else "\n")
                json_stream.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
                count += 1
            json_stream.write("\n]\n")
    except BaseException:
        csv_tmp.unlink(missing_ok=True)
        json_tmp.unlink(missing_ok=True)
        raise
    os.replace(csv_tmp, folder / f"{dataset.name}.csv")
    os.replace(json_tmp, folder / f"{dataset.name}.json")
    return (
        {"bytes": csv_stream.bytes, "hash": f"sha256:{csv_stream.sha256.hexdigest()}", "rows": count},
        {"bytes": json_stream.bytes, "hash": f"sha256:{json_stream.sha256.hexdigest()}", "rows": count},
    )


def generate() -> dict[str, Any]:
    """Regenerate every dataset; returns the manifest written."""
    folder = directory()
    started = time.perf_counter()
    with _locked(folder):
        resources: list[dict[str, Any]] = []
        datasets: list[dict[str, Any]] = []
        for dataset in all_datasets():
            try:
                csv_info, json_info = _write_dataset(folder, dataset)
            except Exception:
                # A dataset read from another app that changed shape: skip it, keep the others.
                logger.exception("open data: dataset %s could not be written", dataset.name)
                datasets.append({"name": dataset.name, "title": str(dataset.title), "error": True})
                continue
            schema_file = f"{dataset.name}.schema.json"
            schema_info = _write(folder, schema_file, json.dumps(dataset.schema(), ensure_ascii=False, indent=2) + "\n")
            common = {
                "title": str(dataset.title),
                "description": str(dataset.description),
                "schema": schema_file,
                "encoding": "utf-8",
                "licenses": [LICENCE],
            }
            resources.append(
                {
                    "name": dataset.name,
                    "path": f"{dataset.name}.csv",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "dialect": {"delimiter": ",", "header": True},
                    **common,
                    "bytes": csv_info["bytes"],
                    "hash": csv_info["hash"],
                    "rows": csv_info["rows"],
                }
            )
            resources.append(
                {
                    "name": f"{dataset.name}-json",
                    "path": f"{dataset.name}.json",
                    "format": "json",
                    "mediatype": "application/json",
                    **common,
                    "bytes": json_info["bytes"],
                    "hash": json_info["hash"],
                    "rows": json_info["rows"],
                }
            )
            datasets.append(
                {
                    "name": dataset.name,
                    "title": str(dataset.title),
                    "rows": csv_info["rows"],
                    "schema": {"path": schema_file, "bytes": schema_info["bytes"], "hash": schema_info["hash"]},
                }
            )
        manifest = {
            "name": "cocite-donnees-ouvertes",
            "title": "Cocité — données ouvertes de la participation",
            "generated_at": utc(timezone.now()),
            "duration_ms": int((time.perf_counter() - started) * 1000),
            "licenses": [LICENCE],
            "resources": resources,
            "datasets": datasets,
        }
        _write(folder, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return manifest


def read_manifest() -> dict[str, Any] | None:
    path = directory() / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return manifest


def generated_at(manifest: dict[str, Any] | None) -> datetime.datetime | None:
    """When the files the manifest describes were written (None without a readable date)."""
    if not manifest or not isinstance(manifest.get("generated_at"), str):
        return None
    return parse_datetime(manifest["generated_at"])


def generated_since(moment: datetime.datetime) -> bool:
    """Whether the files were regenerated at or after `moment` (the nightly run is then skipped)."""
    when = generated_at(read_manifest())
    return when is not None and when >= moment


def published_files(manifest: dict[str, Any] | None) -> set[str]:
    """The only names the download view serves: those the manifest lists."""
    if not manifest:
        return set()
    names = {MANIFEST}
    for resource in manifest.get("resources", []):
        names.add(resource["path"])
        names.add(resource["schema"])
    return names
