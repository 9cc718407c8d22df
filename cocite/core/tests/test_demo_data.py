"""Demo data as data: the shared YAML loader, and `seed_demo` run twice changes no row count."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from cocite.core import demo
from cocite.territory.models import Quartier


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "demo" / "things.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_records_are_checked_and_returned_as_dicts(tmp_path: Path) -> None:
    data = demo.read(_write(tmp_path, "things:\n  - slug: a\n    name: A\n  - slug: b\n    name: B\n    note: x\n"))
    things = demo.records(data, data["things"], required={"slug", "name"}, optional={"note"}, where="things")
    assert things == [{"slug": "a", "name": "A"}, {"slug": "b", "name": "B", "note": "x"}]


def test_a_missing_key_names_the_file_the_list_and_the_entry(tmp_path: Path) -> None:
    path = _write(tmp_path, "things:\n  - slug: a\n    name: A\n  - slug: b\n")
    data = demo.read(path)
    with pytest.raises(demo.DemoDataError) as error:
        demo.records(data, data["things"], required={"slug", "name"}, where="things")
    assert str(error.value) == f"{path}: things: entry 2 (slug: 'b'): missing key(s) 'name'"


def test_an_unknown_key_is_refused_with_the_allowed_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, "things:\n  - title: Une idée\n    titel: typo\n")
    data = demo.read(path)
    with pytest.raises(demo.DemoDataError) as error:
        demo.records(data, data["things"], required={"title"}, optional={"body"}, where="things")
    message = str(error.value)
    assert message.startswith(f"{path}: things: entry 1 (title: 'Une idée'): unknown key(s) 'titel'")
    assert "(allowed: body, title)" in message


def test_yaml_that_does_not_parse_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "things:\n  - slug: a\n   name: [unclosed\n")
    with pytest.raises(demo.DemoDataError) as error:
        demo.read(path)
    assert str(error.value).startswith(f"{path}: not valid YAML:")
    assert "line 3" in str(error.value)


def test_safe_load_only_no_python_objects(tmp_path: Path) -> None:
    path = _write(tmp_path, "things: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(demo.DemoDataError, match="not valid YAML"):
        demo.read(path)


def test_shape_errors_name_the_file(tmp_path: Path) -> None:
    data = demo.read(_write(tmp_path, "- just\n- a list\n"))
    with pytest.raises(demo.DemoDataError, match="expected a mapping at the top of the file"):
        data["things"]
    data = demo.read(_write(tmp_path, "other: 1\n"))
    with pytest.raises(demo.DemoDataError, match="missing top-level key 'things'"):
        data["things"]
    data = demo.read(_write(tmp_path, "things: {slug: a}\n"))
    with pytest.raises(demo.DemoDataError, match="things: expected a list, got dict"):
        demo.records(data, data["things"], required={"slug"}, where="things")
    with pytest.raises(demo.DemoDataError, match="cannot read the demo file"):
        demo.read(tmp_path / "absent.yaml")


def test_every_app_demo_file_is_found_and_parses() -> None:
    files = sorted(Path(apps.get_app_config("core").path).parent.glob(f"*/{demo.DIRECTORY}/*.yaml"))
    assert len(files) >= 8
    for path in files:
        assert isinstance(demo.read(path).content, dict), path
        package = f"cocite.{path.parent.parent.name}"
        assert demo.demo_path(package, path.name) == path


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_twice_leaves_every_row_count_unchanged(django_capture_on_commit_callbacks: Any) -> None:
    """The receivers that run on commit (routing, follows, notifications) run too, as in a real `seed_demo`."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    first = _row_counts()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    assert _row_counts() == first
    # 150 from the contributions' demo, 7 from the exploration's (its field work and « améliorer notre service »).
    assert first["contributions.Contribution"] == 157
    assert first["debate.Comment"] > 50
    assert "contributions : 150 contributions (0 ajoutées)" in out.getvalue()
    # The territory: one organisation, its quartiers (every boundary valid GeoJSON), departments, people.
    assert first["territory.Organisation"] == 1
    assert 6 <= first["territory.Quartier"] <= 8
    assert first["territory.Department"] >= 10
    assert first["accounts.User"] >= 40
    assert 18_000 <= sum(Quartier.objects.values_list("population", flat=True)) <= 22_000
    for quartier in Quartier.objects.all():
        quartier.full_clean()
