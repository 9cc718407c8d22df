"""The site's header and footer, rendered once per process for each variation, then personalised.

Every page repeats them, and for a signed-in person (whose pages are not cached whole) they
were about a third of the rendering: some twenty URL reversals and translations. What they
show depends only on the language, the section of the site, the viewer's roles and the
organisation (whose `updated_at` is in the key, so an edit shows at once); the few parts
that are the viewer's own — the CSRF token of the logout form, the bell's count, the page
to come back to after switching language — are filled in per request with the markers of
`cocite.core.fragments`. Nothing is shared between workers or survives a restart, so there
is nothing to invalidate.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from urllib.parse import urlencode

from django import template
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cocite.core.cache import caching
from cocite.core.fragments import CSRF_MARK, marker, personalise, slot_close, slot_open

register = template.Library()

KEPT = 512  # variations kept per process (a few KB each)
_rendered: OrderedDict[tuple[Any, ...], str] = OrderedDict()


def _remember(key: tuple[Any, ...], render: Any) -> str:
    if not caching():
        return str(render())
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = render()
        if len(_rendered) > KEPT:
            _rendered.popitem(last=False)
    else:
        _rendered.move_to_end(key)
    return html


def _value(context: Any, name: str) -> Any:
    value = context.get(name)
    return value() if callable(value) else value


@register.simple_tag(takes_context=True)
def site_header(context: Any) -> SafeString:
    request = context["request"]
    user = context.get("user") or request.user
    organisation = _value(context, "organisation")
    match = request.resolver_match
    signed_in = bool(user.is_authenticated)
    key = (
        "header",
        translation.get_language(),
        (match.app_name, match.url_name, match.view_name) if match else None,
        signed_in,
        bool(_value(context, "viewer_is_agent") or _value(context, "viewer_is_administrator")),
        signed_in and bool(user.is_staff),
        (organisation.pk, organisation.updated_at) if organisation else None,
    )

    def render() -> str:
        with context.push(
            header_organisation=organisation,
            csrf_token=CSRF_MARK,
            header_next=marker("next"),
            header_login_next=marker("login_next"),
            header_bell_open=slot_open("bell"),
            header_bell_close=slot_close("bell"),
        ):
            return str(context.template.engine.get_template("partials/site_header.html").render(context))

    html = _remember(key, render)
    slots = {}
    if signed_in:
        bell = context.template.engine.get_template("notifications/partials/bell.html")
        slots["bell"] = str(bell.render(context))
    markers = {"next": escape(request.get_full_path()), "login_next": _login_next(request)}
    return personalise(html, request, markers=markers, slots=slots)


# Pages « Se connecter » does not come back to: the account pages themselves (login, sign-up,
# password reset…) and the home page, since after login a person's start page is « Mon espace ».
_NO_RETURN_PREFIX = "account_"


def _login_next(request: HttpRequest) -> str:
    """`?next=<this page>` for the header's « Se connecter » link, or nothing."""
    match = request.resolver_match
    if match is None or match.url_name == "home" or (match.url_name or "").startswith(_NO_RETURN_PREFIX):
        return ""
    return escape("?" + urlencode({"next": request.get_full_path()}))


@register.simple_tag(takes_context=True)
def site_footer(context: Any) -> SafeString:
    def render() -> str:
        return str(context.template.engine.get_template("partials/site_footer.html").render(context))

    return mark_safe(_remember(("footer", translation.get_language()), render))  # noqa: S308 — our template
