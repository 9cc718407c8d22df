from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.safestring import SafeString

from cocite.core.fragments import slot_close as close_mark
from cocite.core.fragments import slot_open as open_mark
from cocite.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = urlencode(sorted((k, v) for k in params for v in params.getlist(k)))
    return f"?{encoded}" if encoded else "?"


@register.filter
def slot_open(name: str, key: Any) -> SafeString:
    """`{{ "useful"|slot_open:comment.pk }}`: start of a part a viewer may get their own version of."""
    return open_mark(f"{name}:{int(key)}")


@register.filter
def slot_close(name: str, key: Any) -> SafeString:
    return close_mark(f"{name}:{int(key)}")
