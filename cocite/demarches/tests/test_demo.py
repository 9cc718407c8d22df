"""The démarches demo file: checked with clear errors; its components resolved through the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocite.core import demo
from cocite.demarches import demo as demarches_demo
from cocite.demarches.registry import registry


def _content(tmp_path: Path, transform: str, replacement: str) -> demarches_demo.Content:
    source = demo.demo_path("cocite.demarches", demarches_demo.DATA_FILE).read_text(encoding="utf-8")
    assert transform in source
    path = tmp_path / "demarches.yaml"
    path.write_text(source.replace(transform, replacement, 1), encoding="utf-8")
    return demarches_demo.load_content(demo.read(path))


def test_the_demo_file_names_registered_components() -> None:
    content = demarches_demo.load_content()
    assert [spec.slug for spec in content.demarches] == [
        "securite-rue-ecoles",
        "budget-participatif-2027",
        "accueil-du-public",
    ]
    for spec in content.demarches:
        assert spec.components
        assert all(registry.get(slot.name) is not None for slot in spec.components)
    assert len(content.charter_versions) == 2
    assert sum(len(spec.versions) for spec in content.demarches) == 4


def test_an_unknown_component_is_named_with_the_registered_ones(tmp_path: Path) -> None:
    with pytest.raises(demo.DemoDataError) as error:
        _content(tmp_path, "      - name: contributions\n", "      - name: contribs\n")
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'demarches.yaml'}: demarches: entry 1 (slug: 'securite-rue-ecoles'): ")
    assert "component 'contribs' is not registered (registered: " in message
    assert "contributions" in message.split("registered: ")[1]


def test_a_bad_phase_and_a_bad_date_are_named(tmp_path: Path) -> None:
    with pytest.raises(demo.DemoDataError, match=r"entry 1 \(slug: 'securite-rue-ecoles'\): phase 'collect'"):
        _content(tmp_path, "      - kind: collecte\n", "      - kind: collect\n")
    with pytest.raises(demo.DemoDataError, match=r"charter: versions: entry 1: effective must be a date"):
        _content(tmp_path, "    - effective: 2026-01-15\n", "    - effective: le 15 janvier\n")
