"""Markdown that Python-Markdown reads in quadratic time is shown as plain text (issue 13, hostile input).

Found by the hostile-input class test: the link and image patterns scan forward from every « [ »
to its closing bracket, so 10,000 « [ » (a contribution body's limit) took 15 s to render, 5,000
nested « [[[…]]] » 5 s; a contribution page re-renders its body after every write on the site.
"""

from __future__ import annotations

import time

import pytest

from cocite.core.markdown import render_markdown

PATHOLOGICAL = {
    "unclosed brackets": "[" * 10_000,
    "nested brackets": "[" * 5_000 + "]" * 5_000,
    "unclosed images": "![" * 5_000,
    "unclosed link targets": "[a](" * 2_500,
}


@pytest.mark.parametrize("label", PATHOLOGICAL)
def test_pathological_markdown_renders_fast_as_plain_text(label: str) -> None:
    text = PATHOLOGICAL[label]
    started = time.process_time()
    html = str(render_markdown(text))
    assert time.process_time() - started < 2  # 5 to 15 s of CPU before
    assert html.startswith("<p>")
    assert "<a" not in html


def test_ordinary_markdown_is_unchanged() -> None:
    html = str(render_markdown("Voir [le règlement](https://example.org/r) et **surtout** :\n\n- un\n- deux [note]"))
    assert '<a href="https://example.org/r" rel="nofollow noopener ugc">le règlement</a>' in html
    assert "<strong>surtout</strong>" in html
    assert "<li>deux [note]</li>" in html
    smileys = str(render_markdown("Merci :( " * 100 + "[lien](https://example.org)"))
    assert "<a href" in smileys


def test_one_text_leaves_nothing_to_the_next() -> None:
    """The converter is reused (one per thread): a reference defined in one text is not a link in the next."""
    first = render_markdown("Voir [le plan][plan].\n\n[plan]: https://exemple.fr/plan")
    assert 'href="https://exemple.fr/plan"' in first
    second = render_markdown("Et [le plan][plan] ?")
    assert "href" not in second
    assert "[le plan][plan]" in second
