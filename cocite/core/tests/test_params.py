"""The one parser of ids and integers from requests, and the `<id:…>` path converter (issue 13, defect 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.params import MAX_ID, MAX_IDS, parse_id, parse_ids, parse_int
from cocite.core.tests.hostile_corpus import PATH_IDS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("007", 7),
        ("0", 0),
        (str(MAX_ID), MAX_ID),
        ("0" * 30 + "5", 5),
        (str(MAX_ID + 1), None),
        ("9" * 400, None),
        ("1" * 5000, None),
        ("²", None),  # "²".isdigit() is True, int("²") raises
        ("١٢", None),  # Arabic-Indic digits: int() reads 12
        ("１２", None),  # full-width digits: int() reads 12 too
        ("-1", None),
        ("+1", None),
        ("1_000", None),
        ("1e3", None),
        ("1.0", None),
        ("0x1F", None),
        ("", None),
        ("\x00", None),
        ("1\x002", None),
        (None, None),
        (12, None),  # only request strings are parsed
    ],
)
def test_parse_int_reads_ascii_digits_in_the_database_range(value: Any, expected: int | None) -> None:
    assert parse_int(value) == expected


def test_bounds_and_ids() -> None:
    assert parse_int("100", maximum=100) == 100
    assert parse_int("101", maximum=100) is None
    assert parse_int("3", minimum=4) is None
    assert parse_id("0") is None
    assert parse_id("1") == 1
    assert parse_id(str(MAX_ID)) == MAX_ID


def test_parse_ids_takes_repeated_and_separated_values_bounded() -> None:
    assert parse_ids(["3", "1,2", "2 4", "²", "x,5", str(2**63), ""]) == [3, 1, 2, 4, 5]
    assert parse_ids([",".join(str(n) for n in range(1, 5000))]) == list(range(1, MAX_IDS + 1))
    assert parse_ids(["1,2,3"], limit=2) == [1, 2]


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "value"), PATH_IDS)
def test_ids_past_the_database_range_in_paths_are_not_found(client: Client, label: str, value: str) -> None:
    contribution = ContributionFactory()
    for path in (
        f"/contributions/{value}/",
        f"/contributions/{value}/historique/",
        f"/contributions/{value}/debat/",
        f"/commentaires/{value}/",
        f"/decisions/{value}/",
        f"/resultats/{value}/",
        f"/opinions/{value}/",
    ):
        assert client.get(path).status_code == 404, (label, path)
    assert client.post(f"/contributions/{value}/soutien/").status_code in (302, 404), label
    assert client.get(f"/contributions/{contribution.pk}/").status_code == 200
