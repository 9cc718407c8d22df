"""The accessibility gate: every page of the route registry, in Chromium.

For each sample of ``cocite/<app>/tests/route_samples.py``:

- axe-core finds no violation of WCAG 2.0/2.1 A and AA (the criteria RGAA 4 maps to);
- at 375 px wide nothing scrolls horizontally (WCAG 1.4.10 reflow) and every visible
  link, button and form field measures at least 24×24 px unless it is a link inside a
  sentence (WCAG 2.5.8 target size, with its inline exception).

The Django admin (a desktop back-office whose markup Django owns) is checked with axe only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from cocite.core.tests.browser.conftest import MOBILE
from cocite.core.tests.route_samples import load_registry

# Markup and axe-core results do not depend on the database: checked in the first (SQLite) pass only.
pytestmark = [pytest.mark.browser, pytest.mark.same_on_every_database]

REGISTRY = load_registry()
ROUTES = sorted(REGISTRY.samples)
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()

# Pages checked with axe only: their markup and CSS are Django's, not ours.
AXE_ONLY_PREFIXES = ("admin:",)

# Violations in third-party code we cannot fix from our templates, each with its reason.
# Matched on (route prefix, axe rule id, text of the failing node's HTML); anything else fails.
KNOWN_UPSTREAM_VIOLATIONS = [
    (
        "admin:",
        "aria-prohibited-attr",
        "search-label-icon",
        # django/contrib/admin/static/admin/js/SelectFilter2.js (filter_horizontal, e.g. the
        # user's groups) puts aria-label on a role-less <span>; the input has a real label.
        "Django admin SelectFilter2.js: aria-label on the filter's decorative span",
    ),
]

# Every visible interactive element smaller than 24×24 px that is not a link inside a
# sentence (a run of text of its nearest block, outside any control, next to it).
SMALL_TARGETS_JS = """() => {
  const interactive = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + '[role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="tab"], [role="menuitem"]';
  const isClippedAway = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      const box = node.getBoundingClientRect();
      if (style.overflow === 'hidden' && (box.width <= 1 || box.height <= 1)) return true;
    }
    return false;
  };
  const blockOf = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  const isInlineInSentence = (el) => {
    if (!getComputedStyle(el).display.startsWith('inline') || getComputedStyle(el).display === 'inline-block') {
      return false;
    }
    if (el.tagName !== 'A') return false;
    const block = blockOf(el);
    if (!block) return false;
    const clone = block.cloneNode(true);
    clone.querySelectorAll(interactive).forEach((control) => control.remove());
    return /[\\p{L}\\p{N}]/u.test(clone.textContent);
  };
  const describe = (el) => {
    const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim();
    const id = el.id ? '#' + el.id : '';
    return el.tagName.toLowerCase() + id + (name ? ' "' + name.slice(0, 50).replace(/\\s+/g, ' ') + '"' : '');
  };
  const small = [];
  for (const el of document.querySelectorAll(interactive)) {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || isClippedAway(el)) continue;
    if (box.width >= 24 && box.height >= 24) continue;
    if (isInlineInSentence(el)) continue;
    small.push(describe(el) + ' is ' + box.width.toFixed(1) + '×' + box.height.toFixed(1) + ' px');
  }
  return small;
}"""


def _unexplained(route: str, violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = []
    for violation in violations:
        nodes = [
            node
            for node in violation["nodes"]
            if not any(
                route.startswith(prefix) and violation["id"] == rule and marker in node["html"]
                for prefix, rule, marker, _reason in KNOWN_UPSTREAM_VIOLATIONS
            )
        ]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def _axe_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(str(target) for target in node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.fixture
def open_sample(page: Any, log_in_as: Callable[[str], None]) -> Callable[[str], str]:
    """Open a route's sample page, logged in when LOGIN_AS says so; return the visited path."""

    def open_route(route: str) -> str:
        if route in REGISTRY.login_as:
            log_in_as(REGISTRY.login_as[route])
        sample_path = REGISTRY.samples[route]()
        response = page.goto(sample_path)
        assert response is not None
        assert response.ok, f"{route}: GET {sample_path} answered {response.status} ({page.url})"
        return sample_path

    return open_route


@pytest.mark.parametrize("route", ROUTES)
def test_page_is_accessible(page: Any, open_sample: Callable[[str], str], route: str) -> None:
    """One page load per route (axe is the slow part): axe at 1280 px, then reflow and targets at 375 px."""
    sample_path = open_sample(route)
    problems = []
    violations = _unexplained(route, _axe.run(page, options=AXE_OPTIONS).response["violations"])
    if violations:
        problems.append(f"{len(violations)} axe violation(s) of WCAG 2.1 A/AA:\n{_axe_report(violations)}")
    if route.startswith(AXE_ONLY_PREFIXES):
        assert not problems, f"{route} ({sample_path}):\n" + "\n".join(problems)
        return
    page.set_viewport_size(MOBILE)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        problems.append(f"at 375 px the page scrolls horizontally: it is {scroll_width} px wide (WCAG 1.4.10)")
    small = page.evaluate(SMALL_TARGETS_JS)
    if small:
        problems.append("at 375 px, targets smaller than 24×24 px (WCAG 2.5.8):\n    " + "\n    ".join(small))
    assert not problems, f"{route} ({sample_path}):\n" + "\n".join(problems)
