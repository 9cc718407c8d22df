"""The error pages pass the accessibility gate too: axe (WCAG 2.1 A/AA, contrast included), reflow, targets.

The 404 is opened for real; the others are rendered as their handlers render them (the same
templates, no request context) and loaded into a page of the live site, so the site's CSS applies.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from cocite.core.tests.browser.conftest import MOBILE
from cocite.core.tests.browser.test_accessibility import AXE_OPTIONS, SMALL_TARGETS_JS, _axe, _axe_report

pytestmark = pytest.mark.browser

RENDERED = {
    "400.html": {},
    "403.html": {"signed_in": False, "next": "/analyse/"},
    "403_csrf.html": {"form_page": "/comptes/connexion/"},
    "500.html": {},
    "503.html": {"retry": "/demarches/", "is_post": False},
}


def _problems(page: Any) -> list[str]:
    problems = []
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        problems.append(f"{len(violations)} axe violation(s) of WCAG 2.1 A/AA:\n{_axe_report(violations)}")
    page.set_viewport_size(MOBILE)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        problems.append(f"at 375 px the page scrolls horizontally: it is {scroll_width} px wide (WCAG 1.4.10)")
    small = page.evaluate(SMALL_TARGETS_JS)
    if small:
        problems.append("at 375 px, targets smaller than 24×24 px (WCAG 2.5.8):\n    " + "\n    ".join(small))
    return problems


def test_404_page_is_accessible(page: Any) -> None:
    response = page.goto("/cette-page-n-existe-pas/")
    assert response is not None
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    problems = _problems(page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("template", sorted(RENDERED))
def test_error_page_is_accessible(page: Any, template: str) -> None:
    with translation.override("fr"):
        html = render_to_string(template, RENDERED[template])
    page.goto("/accessibilite/")  # the site's origin, so the page's stylesheet loads
    page.set_content(html, wait_until="load")
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") != (
        "rgba(0, 0, 0, 0)"
    )  # the CSS applied: contrast is checked on the real colours
    problems = _problems(page)
    assert not problems, f"{template}:\n" + "\n".join(problems)
