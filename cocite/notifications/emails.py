"""Notification mails: French HTML + plain text, one-click unsubscribe (RFC 8058), absolute links."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocite.core.validators import one_line

from .models import Notification

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "cocite.notifications.unsubscribe"
SUBJECT_PREFIX = "[Cocité] "


def unsubscribe_token(user: Any) -> str:
    """A signed, non-expiring token naming the person: only good for stopping their mails."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk})


def user_id_from_token(token: str) -> int | None:
    """The person's id, or None when the token was tampered with or is malformed."""
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def absolute(path: str) -> str:
    return f"{str(settings.SITE_URL).rstrip('/')}{path}"


def unsubscribe_url(user: Any) -> str:
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)}))


@dataclass
class Item:
    text: str
    url: str
    created_at: Any


@dataclass
class Group:
    title: str
    items: list[Item]


def _item(notification: Notification) -> Item:
    return Item(
        text=notification.text,
        url=absolute(reverse("notifications:open", kwargs={"pk": notification.pk})),
        created_at=notification.created_at,
    )


def _groups(notifications: Sequence[Notification]) -> list[Group]:
    """Grouped by démarche, most recent group first (notifications come most recent first)."""
    order: list[int | None] = []
    by_demarche: dict[int | None, list[Notification]] = {}
    for notification in notifications:
        key = notification.demarche_id
        if key not in by_demarche:
            order.append(key)
            by_demarche[key] = []
        by_demarche[key].append(notification)
    groups = []
    for key in order:
        rows = by_demarche[key]
        first = rows[0]
        title = first.demarche.title if key is not None and first.demarche is not None else _("Autres nouvelles")
        groups.append(Group(title=str(title), items=[_item(n) for n in rows]))
    return groups


def _message(user: Any, subject: str, template: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    unsubscribe = unsubscribe_url(user)
    context = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "site_url": str(settings.SITE_URL).rstrip("/"),
    }
    text = render_to_string(f"notifications/emails/{template}.txt", context)
    html = render_to_string(f"notifications/emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=SUBJECT_PREFIX + one_line(subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def immediate_message(notification: Notification) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        item = _item(notification)
        return _message(
            notification.recipient,
            item.text.rstrip("."),
            "immediate",
            {"item": item, "demarche_title": notification.payload.get("demarche_title", "")},
        )


def digest_message(user: Any, notifications: Sequence[Notification], frequency: str) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        count = len(notifications)
        if frequency == "weekly":
            subject = ngettext(
                "Votre résumé de la semaine : %(n)s nouvelle", "Votre résumé de la semaine : %(n)s nouvelles", count
            )
        else:
            subject = ngettext("Votre résumé du jour : %(n)s nouvelle", "Votre résumé du jour : %(n)s nouvelles", count)
        return _message(
            user,
            subject % {"n": count},
            "digest",
            {"groups": _groups(notifications), "count": count, "frequency": frequency},
        )


@dataclass
class Outgoing:
    message: EmailMultiAlternatives
    notification_ids: list[int]


def send_all(outgoing: Iterable[Outgoing]) -> tuple[int, list[int]]:
    """Send over one connection; returns (sent count, ids of notifications whose mail failed).

    A server that cannot be reached fails them all: their rows are released for the next run."""
    items = list(outgoing)
    sent, failed = 0, []
    connection = mailers.default
    try:
        connection.open()
    except Exception:
        logger.exception("the mail server could not be reached: %d mails left for the next run", len(items))
        return 0, [pk for item in items for pk in item.notification_ids]
    try:
        for item in items:
            try:
                if connection.send_messages([item.message]):
                    sent += 1
            except Exception:  # one bad address must not stop the others; the rows are released
                logger.exception("notification mail to %s failed", item.message.to)
                failed.extend(item.notification_ids)
    finally:
        connection.close()
    return sent, failed


def by_recipient(notifications: Sequence[Notification]) -> Iterable[tuple[int, list[Notification]]]:
    """Consecutive rows of the same recipient (rows must be ordered by recipient)."""
    for recipient_id, rows in itertools.groupby(notifications, key=lambda n: n.recipient_id):
        yield recipient_id, list(rows)
