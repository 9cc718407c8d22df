"""The markup of a debate's threads and comments, built in Python.

`{% debate_threads %}`, `{% debate_thread %}`, `{% debate_replies %}`, `{% debate_useful %}` and
`{% debate_own_actions %}` read the template context (thread, node, page, target,
can_see_revisions, next_url, csrf_token…) and give the markup the nested partials gave
(debate/partials/comment.html, children.html…; same escaping, gettext msgids and whitespace,
checked by diffing 336 pages before and after). Django's template engine cost 0.6–0.7 ms per
comment, the largest part of an uncached contribution page (issue 15).
Every value is escaped with conditional_escape, as the template's autoescape did.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from cocite.accounts.templatetags.people import PersonLinks, person
from cocite.core import dates
from cocite.core.fragments import slot_close, slot_open
from cocite.debate.templatetags.debate import heading_tag
from cocite.moderation.templatetags.moderation import flag_link, moderation_tombstone

register = template.Library()

_PK_MARK = 987654321  # reversed once a render, then replaced by each comment's pk

esc = conditional_escape
_NO_TOKEN = "NOTPROVIDED"  # what Django's csrf context processor gives without a request: no field  # noqa: S105


class _Route:
    """A `debate:` route around its pk, reversed once per render instead of once per comment."""

    def __init__(self, name: str) -> None:
        self.head, _, self.tail = reverse(name, args=[_PK_MARK]).partition(str(_PK_MARK))

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


class _Render:
    """What the comments of one render share: the context values the partials read, the routes."""

    def __init__(self, context: Any) -> None:
        self.context = context
        target = context.get("target")
        demarche = getattr(target, "demarche", None)
        self.unlinked = bool(demarche.pseudonymous) if demarche is not None else False
        self.scope = demarche.pk if demarche is not None else None
        self.can_see_revisions = bool(context.get("can_see_revisions"))
        self.focus = getattr(context.get("page"), "focus", None)
        self.next_url = esc(context.get("next_url", ""))
        token = context.get("csrf_token")
        self.csrf = (
            format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
            if token and token != _NO_TOKEN
            else ""
        )
        self.plain_numbers = localize(-1234567) == "-1234567"
        self._routes: dict[str, _Route] = {}
        self._people: PersonLinks | None = None

    def person(self, user: Any, fallback: str = "") -> str:
        if self._people is None:
            self._people = PersonLinks()
        return person(user, fallback, unlinked=self.unlinked, scope=self.scope, links=self._people)

    def url(self, name: str, pk: int) -> str:
        route = self._routes.get(name)
        if route is None:
            route = self._routes[name] = _Route(name)
        return route(pk)

    def number(self, value: Any) -> str:
        return str(value) if self.plain_numbers and isinstance(value, int) else esc(localize(value))

    # -- the partials ---------------------------------------------------------------------------

    def thread(self, thread: Any) -> str:
        """A thread, as an item of a list: its first comment, then its replies."""
        return (
            f'<li id="fil-{thread.root.comment.pk}" class="thread">\n  '
            + self.comment(thread.root, thread)
            + "\n  "
            + self.replies(thread)
            + "\n</li>\n"
        )

    def replies(self, thread: Any) -> str:
        """The replies of a thread, with the links to the ones not shown (htmx swaps this part)."""
        root = thread.root
        pk = root.comment.pk
        context = self.context
        page = context.get("page")
        loaded = ""
        if context.get("loaded"):
            shown = getattr(page, "shown", "")
            loaded = (
                f'<p id="more-replies-{pk}" class="thread__loaded" tabindex="-1">'
                + ngettext("%(n)s réponse affichée ci-dessous.", "%(n)s réponses affichées ci-dessous.", _count(shown))
                % {"n": self.number(shown)}
                + "</p>"
            )
        more = ""
        if thread.more_replies:
            url = self.url("debate:thread", pk)
            count = thread.more_replies
            if root.children:
                label = ngettext("Voir la réponse suivante", "Voir les %(n)s autres réponses", count)
            else:
                label = ngettext("Voir la réponse", "Voir les %(n)s réponses", count)
            more = (
                f'\n  <p class="thread__more"><a id="more-replies-{pk}" class="link-standalone" href="{url}" '
                f'hx-get="{url}?niveau={esc(root.level)}" hx-target="#replies-{pk}" hx-swap="outerHTML">'
                + label % {"n": self.number(count)}
                + "</a></p>\n  "
            )
        next_after = getattr(page, "next_after", None)
        following = (
            f'<p class="thread__more"><a class="link-standalone" href="{self.url("debate:thread", pk)}'
            f'?apres={esc(next_after)}">' + gettext("Réponses suivantes de ce fil") + "</a></p>"
            if next_after
            else ""
        )
        status = context.get("status_message")
        cleared = context.get("cleared_slot")
        return (
            f'\n<div id="replies-{pk}" class="thread__replies">\n  {loaded}\n  '
            + self.children(root, thread)
            + f"\n  {more}\n  {following}\n</div>\n"
            + (f'<span hx-swap-oob="innerHTML:#debate-status">{esc(status)}</span>' if status else "")
            + "\n"
            + (
                f'<div id="reply-slot-{esc(cleared)}" class="comment__reply-slot" hx-swap-oob="true"></div>'
                if cleared
                else ""
            )
            + "\n"
        )

    def children(self, node: Any, thread: Any) -> str:
        """The replies under a comment, nested, each with its own replies."""
        if not node.children:
            return "\n"
        items = "".join(
            "\n  <li>" + self.comment(child, thread) + self.children(child, thread) + "</li>" for child in node.children
        )
        return f'<ul class="comment__replies">{items}\n</ul>\n'

    def comment(self, node: Any, thread: Any) -> str:
        """One comment: heading, who and when, then its text and actions, or what stands in its place."""
        c = node.comment
        pk = c.pk
        tag = heading_tag(node.level)
        tombstone = node.is_tombstone
        classes = "comment"
        if c.is_official:
            classes += " comment--official"
        if c.stance:
            classes += f" comment--{esc(c.stance)}"
        if tombstone:
            classes += " comment--deleted"
        if self.focus == pk:
            classes += " comment--focus"
        autofocus = ' tabindex="-1" autofocus' if node.autofocus else ""
        return (
            f'\n<article id="commentaire-{pk}" class="{classes}" aria-labelledby="commentaire-{pk}-titre"{autofocus}>\n'
            '  <header class="comment__header">\n'
            f'    <{tag} id="commentaire-{pk}-titre" class="comment__title">{self._title(node)}</{tag}>\n'
            '    <p class="comment__meta">\n'
            f"      {self._role(node)}\n"
            f"      {self._reply_to(node)}\n"
            f'      <time datetime="{_iso(c.created_at)}">{esc(dates.long_datetime(c.created_at))}</time>\n'
            f"      {self._edited(node)}\n"
            "    </p>\n"
            "  </header>\n"
            f"  {self._content(node, thread)}\n"
            "</article>\n"
        )

    def _title(self, node: Any) -> str:
        c = node.comment
        if node.is_tombstone:
            return gettext("Commentaire supprimé")
        if c.is_official:
            return gettext("Réponse officielle — %(name)s") % {"name": esc(c.department.name)}
        name = self.person(c.author, c.public_author_name)
        if not c.stance:
            return name
        return f'{name} <span class="stance stance--{esc(c.stance)}">{esc(c.get_stance_display())}</span>'

    def _role(self, node: Any) -> str:
        c = node.comment
        if not c.is_official or node.is_tombstone:
            return ""
        role = esc(c.official_title) if c.official_title else gettext("Agent·e du service")
        if c.signed and c.author:
            role += " — " + self.person(c.author)
        return f'<span class="comment__role">{role}</span>'

    def _reply_to(self, node: Any) -> str:
        reply_to = node.reply_to
        if not reply_to:
            return ""
        if reply_to.is_deleted:
            text = gettext("en réponse à un commentaire supprimé")
        else:
            text = gettext("en réponse à %(name)s") % {"name": esc(reply_to.speaker_name)}
        return f'<span class="comment__reply-to">{text}</span>'

    def _edited(self, node: Any) -> str:
        c = node.comment
        if not c.edited_at or node.is_tombstone:
            return ""
        edited = '<span class="comment__edited">' + gettext("modifié") + "</span>"
        if self.can_see_revisions:
            edited += f' <a href="{self.url("debate:history", c.pk)}">' + gettext("versions précédentes") + "</a>"
        return edited

    def _content(self, node: Any, thread: Any) -> str:
        c = node.comment
        pk = c.pk
        if node.is_tombstone:
            return '\n  <p class="comment__tombstone">' + gettext("Commentaire supprimé par son auteur.") + "</p>\n  "
        own = slot_open(f"own:{pk}") + self.own_actions(node) + slot_close(f"own:{pk}")
        if c.is_masked:
            original = ""
            if self.can_see_revisions:
                restore = (
                    ' <a href="'
                    + esc(reverse("moderation:restore", args=["comment", pk]))
                    + '">'
                    + gettext("Rétablir")
                    + "</a>"
                    if not c.is_pending
                    else ""
                )
                original = (
                    '<div class="comment__moderated-original"><p class="card__meta">'
                    + gettext("Texte masqué, visible des seul·es modérateur·rices :")
                    + restore
                    + f'</p><div class="comment__body prose">{c.body_html}</div></div>'
                )
            return (
                f'\n  <div class="comment__masked">{moderation_tombstone(c)}</div>\n  {original}\n'
                f'  <div class="comment__actions">{own}</div>\n  '
            )
        reply = ""
        if node.can_reply:
            url = self.url("debate:reply", pk)
            level = esc(thread.root.level) if thread is not None else ""
            reply = (
                f'<a class="link-standalone" href="{url}" hx-get="{url}?niveau={level}" hx-target="#reply-slot-{pk}">'
                + gettext("Répondre à %(name)s") % {"name": esc(c.speaker_name)}
                + "</a>"
            )
        useful = slot_open(f"useful:{pk}") + self.useful(node) + slot_close(f"useful:{pk}")
        return (
            f'\n  <div class="comment__body prose">{c.body_html}</div>\n'
            '  <div class="comment__actions">\n'
            f"    {useful}\n"
            f"    {reply}\n"
            f"    {own}\n"
            f"    {flag_link(c)}\n"
            "  </div>\n"
            f'  <div id="reply-slot-{pk}" class="comment__reply-slot"></div>\n  '
        )

    def useful(self, node: Any) -> str:
        """debate/partials/useful.html: the « Utile » button of a comment, and how many found it useful."""
        c = node.comment
        pk = c.pk
        marked = node.marked_useful
        form = ""
        if node.can_mark_useful:
            url = self.url("debate:useful", pk)
            form = (
                f'\n  <form method="post" action="{url}" hx-post="{url}" hx-target="#useful-{pk}" hx-swap="outerHTML"'
                ' class="useful__form">\n'
                f"    {self.csrf}\n"
                f'    <input type="hidden" name="useful" value="{"0" if marked else "1"}">\n'
                f'    <input type="hidden" name="next" value="{self.next_url}">\n'
                f'    <button type="submit" id="useful-button-{pk}" class="button button--small'
                f'{"" if marked else " button--secondary"}" aria-pressed="{"true" if marked else "false"}">'
                + gettext("Utile")
                + '<span class="visually-hidden"> — '
                + gettext("le commentaire de %(name)s") % {"name": esc(c.speaker_name)}
                + "</span></button>\n  </form>\n  "
            )
        count = ""
        if c.useful_count:
            count = (
                '<span class="useful__count">'
                + ngettext(
                    "%(n)s personne l'a trouvé utile", "%(n)s personnes l'ont trouvé utile", _count(c.useful_count)
                )
                % {"n": self.number(c.useful_count)}
                + "</span>"
            )
        error = self.context.get("error")
        announce = ""
        if self.context.get("announce") and not error:
            said = gettext("Commentaire marqué comme utile.") if marked else gettext("Marque « utile » retirée.")
            announce = f'<span hx-swap-oob="innerHTML:#debate-status">{said}</span>'
        return (
            f'\n<div id="useful-{pk}" class="useful">\n  {form}\n  {count}\n  '
            + (f'<p class="errorlist" role="alert">{esc(error)}</p>' if error else "")
            + f"\n</div>\n{announce}\n\n"
        )

    def own_actions(self, node: Any) -> str:
        """debate/partials/own_actions.html: the links of a comment's author."""
        pk = node.comment.pk
        edit = (
            f'<a class="link-standalone" href="{self.url("debate:edit", pk)}">'
            + gettext("Modifier mon commentaire")
            + "</a>"
            if node.can_edit
            else ""
        )
        appeal = (
            '<a class="link-standalone" href="'
            + esc(reverse("moderation:appeal", args=["comment", pk]))
            + '">'
            + gettext("Contester ce masquage")
            + "</a>"
            if node.can_appeal
            else ""
        )
        delete = (
            f'<a class="link-standalone" href="{self.url("debate:delete", pk)}">'
            + gettext("Supprimer mon commentaire")
            + "</a>"
            if node.can_delete
            else ""
        )
        return f"{edit}\n{appeal}\n{delete}"


def _count(value: Any) -> int:
    """The number ngettext chooses the plural form by (blocktranslate's `count`)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _iso(moment: Any) -> str:
    """`{{ moment|date:'c' }}`: ISO 8601 in the current time zone."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return esc(moment.isoformat())


def _safe(markup: str) -> SafeString:
    return mark_safe(markup)  # noqa: S308 - every value escaped where it is put in (see the module docstring)


@register.simple_tag(takes_context=True)
def debate_thread(context: Any) -> SafeString:
    """`thread` of the context: its first comment, then its replies."""
    return _safe(_Render(context).thread(context["thread"]))


@register.simple_tag(takes_context=True)
def debate_threads(context: Any, threads: Any) -> SafeString:
    """Every thread of a list, one render."""
    render = _Render(context)
    return _safe("".join(render.thread(thread) for thread in threads))


@register.simple_tag(takes_context=True)
def debate_replies(context: Any) -> SafeString:
    """The replies of `thread` (a whole thread page's part, swapped by htmx)."""
    return _safe(_Render(context).replies(context["thread"]))


@register.simple_tag(takes_context=True)
def debate_useful(context: Any) -> SafeString:
    """The « Utile » part of `node`'s comment."""
    return _safe(_Render(context).useful(context["node"]))


@register.simple_tag(takes_context=True)
def debate_own_actions(context: Any) -> SafeString:
    """The author's links of `node`'s comment."""
    return _safe(_Render(context).own_actions(context["node"]))
