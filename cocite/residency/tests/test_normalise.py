from __future__ import annotations

import pytest

from cocite.residency.normalise import first_given_name_key, fold, name_key, street_key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("12 bis, Av. de la République", "avenue republique"),
        ("AVENUE DE LA REPUBLIQUE", "avenue republique"),
        ("3 r de la Gare", "rue gare"),
        ("12b rue de l’Église", "rue eglise"),
        ("12-14 Bd St-Jean", "boulevard saint jean"),
        ("  place   du  Marché ", "place marche"),
        ("Rue du 8 Mai 1945", "rue 8 mai 1945"),
        ("5 bd Victor Hugo", "boulevard victor hugo"),
        ("Boulevard Victor-Hugo", "boulevard victor hugo"),
        ("", ""),
        ("‮ rue x", "rue x"),
    ],
)
def test_street_keys_ignore_accents_case_numbers_and_abbreviations(typed: str, key: str) -> None:
    assert street_key(typed) == key


def test_names_fold_accents_hyphens_and_ligatures() -> None:
    assert name_key("Marie-Hélène") == name_key("MARIE HELENE") == "marie helene"
    assert fold("Cœur d’Œuf") == "coeur d oeuf"
    assert first_given_name_key("Jean Pierre Marie") == "jean"
    assert first_given_name_key("") == ""


def test_hostile_lengths_are_cut() -> None:
    assert len(street_key("a" * 100_000)) <= 300
