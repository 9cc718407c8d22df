"""What a notification is about (`Notification.Kind`): below the models, so `rendering.py` reads it
without importing the models that render themselves through it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    COMMENT = "comment", _("Nouveau commentaire")
    REPLY = "reply", _("Réponse à votre commentaire")
    OFFICIAL_ANSWER = "official_answer", _("Réponse officielle")
    STATUS_CHANGED = "status_changed", _("Changement de statut")
    NEW_CONTRIBUTION = "new_contribution", _("Nouvelle contribution")
    PHASE_CHANGED = "phase_changed", _("Nouvelle phase")
    DECISION_CORRECTED = "decision_corrected", _("Décision rectificative")
    # The network (cocite/network): a call for help one matches, told to those who asked to be.
    CALL_MATCH = "call_match", _("Appel à l’aide qui vous correspond")
    # Moderation (cocite/moderation): told to the person concerned only, with the reason.
    MODERATION_HIDDEN = "moderation_hidden", _("Contenu masqué par la modération")
    MODERATION_WARNING = "moderation_warning", _("Avertissement de la modération")
    MODERATION_SUSPENSION = "moderation_suspension", _("Suspension par la modération")
    MODERATION_BAN = "moderation_ban", _("Exclusion par la modération")
    MODERATION_APPEAL = "moderation_appeal", _("Décision sur votre recours")
    MODERATION_APPROVED = "moderation_approved", _("Contenu validé par la modération")
    MODERATION_REFUSED = "moderation_refused", _("Contenu refusé par la modération")
    MODERATION_RESTORED = "moderation_restored", _("Contenu rétabli par la modération")
    MODERATION_LIFTED = "moderation_lifted", _("Sanction levée par la modération")
