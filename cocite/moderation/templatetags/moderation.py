"""Moderation in any app's templates: the « Signaler » link, the tombstone, the appeal link, the
charter's articles. `{% load moderation %}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cocite.moderation import permissions, queries
from cocite.moderation.reasons import ARTICLES, article_of, delay_hours, reason_label
from cocite.moderation.registry import registry

register = template.Library()


@register.filter
def charter_article(code: str) -> int | str:
    return article_of(code) or ""


@register.simple_tag
def report_count(counts: dict[str, int], key: str) -> int:
    return counts.get(key, 0)


@register.simple_tag
def moderation_reason(code: str) -> SafeString:
    """« Propos injurieux (article 1 de la charte) », the article linked to the charter."""
    article = article_of(code)
    label = reason_label(code)
    if article is None:  # a free text written before the reasons existed
        return format_html('<span class="user-text">{}</span>', label)
    link = format_html(
        '<a href="{}#article-{}">{}</a>',
        reverse("demarches:charter"),
        article,
        _("article %(n)s de la charte") % {"n": article},
    )
    return format_html("{} ({})", label, link)


@register.simple_tag
def moderation_reason_sentence(code: str) -> SafeString:
    """« Motif : Propos injurieux (article 1 de la charte) »."""
    return format_html(_("Motif : {reason}"), reason=moderation_reason(code))


@register.simple_tag
def moderation_tombstone(obj: Any) -> SafeString:
    """What stays in place of a hidden item: the sentence, its reason and the charter article."""
    spec = registry.for_model(obj._meta.label)
    if spec is None or not spec.hidden(obj):
        return mark_safe("")
    if spec.pending(obj):
        return render_to_string("moderation/partials/pending.html", {"delay": delay_hours()})
    return render_to_string(
        "moderation/partials/tombstone.html",
        {"sentence": spec.tombstone, "reason": spec.reason_of(obj), "kind": spec.kind, "pk": obj.pk},
    )


@register.simple_tag
def flag_link(obj: Any) -> SafeString:
    """« Signaler » for a registered item that is not hidden: a link to a small form (no JavaScript).
    The same for everyone (it sits in shared fragments); the form refuses one's own item."""
    spec = registry.for_model(obj._meta.label)
    if spec is None or spec.hidden(obj) or getattr(obj, "deleted_at", None) is not None:
        return mark_safe("")
    return format_html(
        '<a class="flag-link" href="{}" rel="nofollow">{}<span class="visually-hidden"> {}</span></a>',
        reverse("moderation:flag", kwargs={"kind": spec.kind, "pk": obj.pk}),
        _("Signaler"),
        _("ce contenu à la modération"),
    )


@register.simple_tag(takes_context=True)
def appeal_link(context: Any, obj: Any) -> SafeString:
    """For the author of a hidden item: contest the decision (once)."""
    request = context.get("request")
    spec = registry.for_model(obj._meta.label)
    if request is None or spec is None or not permissions.can_appeal(request.user, spec, obj):
        return mark_safe("")
    return format_html(
        '<a class="link-standalone" href="{}">{}</a>',
        reverse("moderation:appeal", kwargs={"kind": spec.kind, "pk": obj.pk}),
        _("Contester ce masquage"),
    )


@register.simple_tag
def moderation_articles() -> SafeString:
    """The charter's moderation articles, each with its anchor (#article-N), for the charter's page."""
    return render_to_string(
        "moderation/partials/articles.html", {"articles": sorted(ARTICLES.items()), "delay": delay_hours()}
    )


@register.simple_tag(takes_context=True)
def moderation_space(context: Any) -> SafeString:
    """The moderators' section of « Mon espace »: what waits for them (three counts), and the queue's link."""
    request = context.get("request")
    if request is None or not permissions.can_moderate(request.user):
        return mark_safe("")
    counts = queries.waiting_counts(request.user)
    return render_to_string("moderation/partials/my_space.html", counts)
