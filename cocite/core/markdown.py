"""Markdown to safe HTML: Python-Markdown renders, nh3 (ammonia) sanitises."""

from __future__ import annotations

import threading

import markdown as markdown_lib
import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}


# Python-Markdown's link and image patterns scan forward from every « [ » to its closing bracket
# (and from every « ]( » to its parenthesis): text with thousands of unclosed or deeply nested
# brackets takes quadratic time (10,000 « [ » rendered in 15 s). Such text is not Markdown anyone
# writes; past this many suspicious brackets it is shown as plain text.
MAX_SUSPICIOUS_BRACKETS = 64
MAX_BRACKET_DEPTH = 8


def _suspicious_brackets(text: str) -> int:
    """Unclosed « [ », brackets nested deeper than links ever are, unclosed « ]( » link targets."""
    suspicious = depth = parens = 0
    previous = ""
    for char in text:
        if char == "[":
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                suspicious += 1
        elif char == "]" and depth:
            depth -= 1
        elif char == "(" and previous == "]":
            parens += 1
        elif char == ")" and parens:
            parens -= 1
        previous = char
    return suspicious + depth + parens


_per_thread = threading.local()


def _converter() -> markdown_lib.Markdown:
    """This thread's converter, reset before each text (Python-Markdown's documented reuse): building one
    with its extensions cost more than converting a contribution's text (0.2 of 0.4 ms, issue 15)."""
    converter: markdown_lib.Markdown | None = getattr(_per_thread, "converter", None)
    if converter is None:
        converter = markdown_lib.Markdown(extensions=["sane_lists", "tables"], output_format="html")
        _per_thread.converter = converter
    return converter


def render_markdown(text: str) -> SafeString:
    """User Markdown to sanitised HTML. Headings are shifted down so pages keep one h1/h2."""
    if _suspicious_brackets(text or "") > MAX_SUSPICIOUS_BRACKETS:
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 — escaped by linebreaks
    html = _converter().reset().convert(text or "")
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
    return mark_safe(cleaned)  # noqa: S308 — sanitised by nh3 just above
