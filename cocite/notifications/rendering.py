"""The sentence of a notification, rendered when shown so it follows the reader's language."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocite.core.dates import long_datetime
from cocite.demarches.models import PhaseKind
from cocite.items.models import ItemStatus
from cocite.moderation.reasons import article_of, reason_label

from .kinds import NotificationKind

if TYPE_CHECKING:
    from .models import Notification


def _status_label(code: str) -> str:
    try:
        return str(ItemStatus(code).label)
    except ValueError:
        return code


def _phase_label(code: str) -> str:
    try:
        return str(PhaseKind(code).label)
    except ValueError:
        return code


def actor_name(notification: Notification) -> str:
    """The actor's current pseudonym (select_related("actor")), else the name kept in the payload."""
    if notification.payload.get("anonymous"):
        return _("Une personne")
    actor = notification.actor if notification.actor_id else None
    if actor is not None and actor.display_name:
        return str(actor.display_name)
    return str(notification.payload.get("actor_name") or _("Quelqu'un"))


def notification_text(notification: Notification) -> str:
    payload: dict[str, Any] = notification.payload or {}
    values = {
        "actor": actor_name(notification),
        "title": payload.get("title", ""),
        "demarche": payload.get("demarche_title", ""),
    }
    kind = notification.kind
    if kind == NotificationKind.COMMENT:
        return _("%(actor)s a commenté « %(title)s ».") % values
    if kind == NotificationKind.REPLY:
        return _("%(actor)s a répondu à votre commentaire sur « %(title)s ».") % values
    if kind == NotificationKind.OFFICIAL_ANSWER:
        department = payload.get("department_name")
        if department:
            return _("Réponse officielle du service %(department)s sur « %(title)s ».") % {
                **values,
                "department": department,
            }
        return _("Réponse officielle sur « %(title)s ».") % values
    if kind == NotificationKind.STATUS_CHANGED:
        return _("« %(title)s » a désormais le statut « %(status)s ».") % {
            **values,
            "status": _status_label(payload.get("new_status", "")),
        }
    if kind == NotificationKind.NEW_CONTRIBUTION:
        return _("Nouvelle contribution dans « %(demarche)s » : « %(title)s ».") % values
    if kind == NotificationKind.PHASE_CHANGED:
        return _("La démarche « %(demarche)s » entre dans la phase « %(phase)s ».") % {
            **values,
            "phase": _phase_label(payload.get("phase", "")),
        }
    if kind == NotificationKind.DECISION_CORRECTED:
        others = int(payload.get("others") or 0)
        subject = (
            ngettext(
                "« %(title)s » et %(n)s autre contribution",
                "« %(title)s » et %(n)s autres contributions",
                others,
            )
            % {**values, "n": others}
            if others
            else _("« %(title)s »") % values
        )
        return _(
            "Une décision rectificative (n° %(number)s) remplace la décision n° %(replaced)s sur %(subject)s. "
            "Ce qu'elle corrige : %(reason)s"
        ) % {
            "number": payload.get("number", ""),
            "replaced": payload.get("replaced", ""),
            "subject": subject,
            "reason": payload.get("reason", ""),
        }
    if kind == NotificationKind.CALL_MATCH:
        return _call_match_text(payload)
    if kind in MODERATION_TEXTS:
        return _moderation_text(kind, payload)
    return str(NotificationKind(kind).label) if kind in NotificationKind.values else kind


MODERATION_TEXTS = {
    NotificationKind.MODERATION_HIDDEN,
    NotificationKind.MODERATION_WARNING,
    NotificationKind.MODERATION_SUSPENSION,
    NotificationKind.MODERATION_BAN,
    NotificationKind.MODERATION_APPEAL,
    NotificationKind.MODERATION_APPROVED,
    NotificationKind.MODERATION_REFUSED,
    NotificationKind.MODERATION_RESTORED,
    NotificationKind.MODERATION_LIFTED,
}


def _moderation_text(kind: str, payload: dict[str, Any]) -> str:
    reason = str(reason_label(payload.get("reason", "")))
    article = article_of(payload.get("reason", ""))
    values = {"reason": reason, "article": article or "", "note": payload.get("note", "")}
    if kind == NotificationKind.MODERATION_HIDDEN:
        text = (
            _("La modération a masqué votre contenu. Motif : %(reason)s (article %(article)s de la charte).") % values
        )
        text += " " + _("Vous pouvez contester cette décision une fois.")
    elif kind == NotificationKind.MODERATION_WARNING:
        text = _("La modération vous adresse un avertissement. Motif : %(reason)s.") % values
    elif kind == NotificationKind.MODERATION_SUSPENSION:
        until = payload.get("until", "")
        moment = long_datetime(datetime.datetime.fromisoformat(until)) if until else ""
        text = _("La modération a suspendu votre compte jusqu’au %(date)s. Motif : %(reason)s.") % {
            **values,
            "date": moment,
        }
    elif kind == NotificationKind.MODERATION_BAN:
        text = _("La modération a exclu votre compte : vous ne pouvez plus publier. Motif : %(reason)s.") % values
    elif kind == NotificationKind.MODERATION_APPROVED:
        text = _("La modération a validé votre contenu : il est maintenant public.")
    elif kind == NotificationKind.MODERATION_REFUSED:
        text = (
            _("La modération n’a pas publié votre contenu. Motif : %(reason)s (article %(article)s de la charte).")
            % values
        )
        text += " " + _("Vous pouvez contester cette décision une fois.")
    elif kind == NotificationKind.MODERATION_RESTORED:
        text = _("La modération a rétabli votre contenu : il est de nouveau public.")
    elif kind == NotificationKind.MODERATION_LIFTED:
        text = _("La modération a levé votre sanction : vous pouvez de nouveau publier.")
    elif payload.get("action") == "recours_accepte":
        text = _("Votre recours est accepté : votre contenu est rétabli.")
    else:
        text = _("Votre recours est rejeté : votre contenu reste masqué.")
    if values["note"]:
        text += " " + _("Explication de la modération : %(note)s") % values
    return text


def _call_match_text(payload: dict[str, Any]) -> str:
    """Why a call for help was suggested: the reasons the matching gave (snapshotted at the event)."""
    values = {
        "title": payload.get("title", ""),
        "what": payload.get("what", ""),
        "reasons": payload.get("reasons", ""),
        "actor": payload.get("for_actor", ""),
    }
    if values["actor"]:
        text = _(
            "L’initiative « %(title)s » cherche de l’aide : %(what)s. "
            "Elle correspond à %(actor)s, dont vous êtes membre."
        )
    else:
        text = _("L’initiative « %(title)s » cherche de l’aide : %(what)s. Elle correspond à ce que vous proposez.")
    text %= values
    if values["reasons"]:
        text += " " + _("Pourquoi : %(reasons)s.") % values
    return text
