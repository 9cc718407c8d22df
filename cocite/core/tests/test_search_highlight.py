"""`search.highlight`: the excerpt shown under a search result — escaped, matches marked the way they match."""

from __future__ import annotations

from cocite.core.search import highlight, query_stems


def test_matches_are_marked_by_stem_and_without_accents() -> None:
    text = "Des vélos devant l'École Jules-Ferry, et un vélo-cargo"
    assert highlight(text, "velo ecoles") == (
        "Des <mark>vélos</mark> devant l&#x27;<mark>École</mark> Jules-Ferry, et un <mark>vélo</mark>-cargo"
    )


def test_everything_is_escaped() -> None:
    shown = highlight('<script>alert("vélo")</script> & <b>vélo</b>', "vélo")
    assert "<script>" not in shown
    assert "<b>" not in shown
    assert "&lt;script&gt;" in shown
    assert "&amp;" in shown
    assert shown.count("<mark>vélo</mark>") == 2


def test_a_long_text_is_cut_around_the_first_match() -> None:
    text = "début " * 100 + "une fontaine place du marché " + "fin " * 100
    shown = highlight(text, "fontaine", length=120)
    assert shown.startswith("…")
    assert shown.endswith("…")
    assert "<mark>fontaine</mark>" in shown
    assert len(shown) < 200


def test_no_words_no_marks() -> None:
    assert query_stems("!!! ... « »") == []
    assert query_stems("le la de") == []
    assert highlight("Une fontaine", "!!!") == "Une fontaine"
    assert highlight("Une fontaine", "zeppelin") == "Une fontaine"
