"""`{% person user %}`: a pseudonym, linked to its public profile when the person keeps one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from cocite.accounts.pseudonyms import alias

register = template.Library()

_PK_MARK = 987654321  # reversed once, then replaced by each person's pk


class PersonLinks:
    """The public page of each person, `spaces:person` reversed once: a render that names many people
    (a list's cards, a debate's comments) passes it to `person` (reverse() costs about 50 µs a call)."""

    def __init__(self) -> None:
        self.head, _, self.tail = reverse("spaces:person", kwargs={"pk": _PK_MARK}).partition(str(_PK_MARK))

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


@register.simple_tag
def person(
    user: Any,
    fallback: str = "",
    *,
    unlinked: bool = False,
    scope: int | None = None,
    links: Callable[[int], str] | None = None,
) -> SafeString:
    """The person's pseudonym as a link to their public page (spaces:person); plain text when the
    account is deleted or anonymised, when they turned their public profile off, where the page
    must not lead to the person (`unlinked`: a pseudonymous démarche), or for no one (`fallback`,
    e.g. « Anonyme » or an offline contributor's name). `links`: a render's PersonLinks.

    `unlinked` with `scope` (the démarche's id): a pseudonymous démarche, where the person appears
    under an alias of that démarche only (accounts/pseudonyms.py), never under their pseudonym."""
    if user is None:
        return conditional_escape(fallback)
    if unlinked and scope is not None:
        return conditional_escape(alias(int(scope), user.pk))
    name = user.display_name
    if unlinked or not user.is_active or not getattr(user, "public_profile", False):
        return conditional_escape(name)
    href = links(user.pk) if links is not None else reverse("spaces:person", kwargs={"pk": user.pk})
    return format_html('<a class="person-link" href="{}">{}</a>', href, name)
