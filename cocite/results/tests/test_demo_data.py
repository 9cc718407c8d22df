"""The follow-up demo's YAML: the real file loads and agrees with the other demos; mistakes are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocite.contributions import demo as contributions_demo
from cocite.core import demo
from cocite.decisions import demo as decisions_demo
from cocite.results import demo as results_demo


def _load(tmp_path: Path, text: str) -> results_demo.Content:
    path = tmp_path / "results.yaml"
    path.write_text(text, encoding="utf-8")
    return results_demo.load_content(demo.read(path))


def test_the_demo_file_loads_and_agrees_with_the_decisions_and_contributions_demos() -> None:
    content = results_demo.load_content()
    decisions = decisions_demo.load_content()
    assert content.demarche == decisions.demarche
    titles = {title for titles in decisions.ideas.values() for title in titles}
    assert {entry["decision_of"] for entry in content.results} <= titles
    # The resident kept aside supports the contested result's idea (the contributions demo sees to it).
    crossings = contributions_demo.load_content().threshold_crossings
    assert crossings is not None
    assert crossings.kept_aside == (content.kept_aside, content.results[1]["decision_of"])
    assert len(content.results[1]["not_done"]) == 9


MINIMAL = """\
demarche: budget-participatif-2027
kept_aside: camille.martin
results:
  - decision_of: Une idée
    by: n.perrin
    department: voirie
    title: Un résultat suivi
    description: Un texte.
    budget: "1000"
    milestones:
      - {title: Une étape, days: 3}
"""


def test_an_unknown_key_names_the_file_and_the_result(tmp_path: Path) -> None:
    assert _load(tmp_path, MINIMAL).results[0]["not_done"] == []
    with pytest.raises(demo.DemoDataError) as error:
        _load(tmp_path, MINIMAL + "    progres: 40\n")
    assert str(error.value).startswith(
        f"{tmp_path / 'results.yaml'}: results: entry 1 (title: 'Un résultat suivi'): unknown key(s) 'progres'"
    )


def test_values_are_checked(tmp_path: Path) -> None:
    with pytest.raises(demo.DemoDataError, match=r"missing key\(s\) 'days'"):
        _load(tmp_path, MINIMAL.replace(", days: 3", ""))
    with pytest.raises(demo.DemoDataError, match="progress 140 must be a whole number from 0 to 100"):
        _load(tmp_path, MINIMAL + "    progress: 140\n")
    with pytest.raises(demo.DemoDataError, match="not_done must be a list of comments"):
        _load(tmp_path, MINIMAL + "    not_done: Pas fait.\n")
