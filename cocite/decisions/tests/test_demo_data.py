"""The arbitration demo's YAML: the real file loads, and a mistake names the file and the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocite.core import demo
from cocite.decisions import demo as decisions_demo

MINIMAL = """\
demarche: budget-participatif-2027
ideas:
  toilets: [Des toilettes publiques accessibles place de la République]
reassignments: []
decisions:
  - idea: toilets
    by: s.faure
    outcome: deja_prevue
    body: conseil_municipal
    criteria: [compétences de la commune]
    explanation: Déjà prévues.
"""


def _load(tmp_path: Path, text: str) -> decisions_demo.Content:
    path = tmp_path / "decisions.yaml"
    path.write_text(text, encoding="utf-8")
    return decisions_demo.load_content(demo.read(path))


def test_the_demo_file_loads() -> None:
    content = decisions_demo.load_content()
    assert content.demarche == "budget-participatif-2027"
    assert len(content.ideas["bikes"]) == 3
    assert [step["idea"] for step in content.decisions] == ["bikes", "footbridge", "toilets", "playground"]
    assert {"n.perrin", "l.garnier", "maire", "adjointe.participation", "h.nicolas"} <= content.people()
    assert content.departments() == {"voirie", "finances", "juridique", "proprete"}


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    content = _load(tmp_path, MINIMAL)
    assert content.decisions[0]["opinion_requests"] == []


def test_an_unknown_key_names_the_file_and_the_decision(tmp_path: Path) -> None:
    with pytest.raises(demo.DemoDataError) as error:
        _load(tmp_path, MINIMAL + "    explantion: typo\n")
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'decisions.yaml'}: decisions: entry 1: unknown key(s) 'explantion'")


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    with pytest.raises(demo.DemoDataError, match=r"decisions: entry 1: missing key\(s\) 'body'"):
        _load(tmp_path, MINIMAL.replace("    body: conseil_municipal\n", ""))


def test_values_are_checked(tmp_path: Path) -> None:
    with pytest.raises(demo.DemoDataError, match=r"entry 1 \(idea: 'toilet'\): idea 'toilet' is not one of toilets"):
        _load(tmp_path, MINIMAL.replace("  - idea: toilets", "  - idea: toilet"))
    with pytest.raises(demo.DemoDataError, match="outcome 'acceptee' is not one of"):
        _load(tmp_path, MINIMAL.replace("deja_prevue", "acceptee"))
    answer = (
        "    opinion_requests:\n      - {by: n.perrin, departments: [voirie], aspects: [cout], deadline_days: 3,\n"
        "         answers: [{department: finances, by: l.garnier, feasibility: faisable,\n"
        "                    recommendation: favorable, estimated_cost: '1', text: Oui.}]}\n"
    )
    with pytest.raises(demo.DemoDataError) as error:
        _load(tmp_path, MINIMAL + answer)
    assert "opinion_requests: entry 1: answers: entry 1 (department: 'finances')" in str(error.value)
    assert "answers a department the request was not sent to" in str(error.value)
