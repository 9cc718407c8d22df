"""The contradictory debate: comments with a stance, threaded replies, official answers, "utile" marks."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cocite.accounts.pseudonyms import alias
from cocite.core.counters import Counter
from cocite.core.models import TimeStampedModel
from cocite.items.registry import registry as resources
from cocite.moderation.reasons import PENDING


class Stance(models.TextChoices):
    FOR = "pour", _("Pour")
    AGAINST = "contre", _("Contre")
    NUANCED = "nuance", _("Nuance")


class Comment(TimeStampedModel):
    """A comment on any commentable object (a contribution, a component's object).

    Top-level comments (depth 0) carry a stance; replies point to their parent and to the
    top-level comment of their thread (`root`), so a whole thread is one indexed query.
    `reply_count` on a top-level comment counts the thread's replies that are not deleted.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # PROTECT: the target's `comment_count` and the thread's `reply_count` count replies; the
    # debate never deletes a comment (the author's deletion leaves a tombstone), so a raw
    # deletion of a comment with replies fails instead of taking the thread with it.
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("en réponse à")
    )
    root = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="thread", verbose_name=_("fil")
    )
    depth = models.PositiveSmallIntegerField(_("profondeur"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("auteur·rice"),
    )
    stance = models.CharField(_("position"), max_length=10, choices=Stance.choices, blank=True)
    body = models.TextField(_("commentaire"), max_length=5000, blank=True)
    # The sanitised HTML of `body`, rendered once at each write.
    body_html = models.TextField(blank=True, editable=False)
    # Official answers: posted on behalf of a department, showing the agent's function, not their name.
    is_official = models.BooleanField(_("réponse officielle"), default=False)
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="official_answers",
        verbose_name=_("service"),
    )
    official_title = models.CharField(_("fonction affichée"), max_length=150, blank=True)
    signed = models.BooleanField(_("signé du nom affiché"), default=False)
    # Counters shown with the comment, maintained in the same transaction as the writes.
    useful_count = models.PositiveIntegerField(_("marques « utile »"), default=0)
    reply_count = models.PositiveIntegerField(_("réponses"), default=0)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("supprimé par son auteur le"), null=True, blank=True)
    # Moderation hooks (the moderation app sets them; the thread shows the reason).
    masked_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    masked_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="comment_target"),
            # Keyset pagination of a target's top-level comments, for each sort.
            models.Index(
                fields=["content_type", "object_id", "depth", "is_official", "-useful_count", "-id"],
                name="comment_top_useful",
            ),
            models.Index(
                fields=["content_type", "object_id", "depth", "is_official", "-id"], name="comment_top_recent"
            ),
            # A thread in creation order.
            models.Index(fields=["root", "id"], name="comment_thread"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stance__in=["", *Stance.values]), name="comment_stance_valid"),
            models.CheckConstraint(
                condition=Q(depth__gt=0) | Q(is_official=True) | ~Q(stance=""), name="comment_top_level_has_stance"
            ),
            models.CheckConstraint(
                condition=Q(depth=0, parent__isnull=True, root__isnull=True)
                | Q(depth__gt=0, parent__isnull=False, root__isnull=False),
                name="comment_thread_shape",
            ),
            models.CheckConstraint(
                condition=Q(is_official=False) | Q(department__isnull=False, depth=0), name="comment_official_shape"
            ),
            models.CheckConstraint(
                condition=Q(masked_at__isnull=True, masked_reason="")
                | (Q(masked_at__isnull=False) & ~Q(masked_reason="")),
                name="comment_masked_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.content_type_id}:{self.object_id})"

    def get_absolute_url(self) -> str:
        return reverse("debate:thread", kwargs={"pk": self.pk}) + f"#commentaire-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_masked(self) -> bool:
        return self.masked_at is not None

    @property
    def is_pending(self) -> bool:
        """Saved but not public until a moderator approves it (pre-moderation or the word list)."""
        return self.masked_at is not None and self.masked_reason == PENDING

    # Set by the debate's queries on comments of a pseudonymous démarche (its id): the author is
    # named by an alias of that démarche only (cocite/accounts/pseudonyms.py).
    alias_scope: int | None = None

    @property
    def public_author_name(self) -> str:
        if self.author_id and self.author is not None:
            if self.alias_scope is not None:
                return alias(self.alias_scope, self.author_id)
            return self.author.display_name
        return gettext("Compte supprimé")

    @property
    def speaker_name(self) -> str:
        """Who speaks, as shown: the department for an official answer, else the author's pseudonym."""
        if self.is_official and self.department_id and self.department is not None:
            return self.department.name
        return self.public_author_name


class CommentRevision(models.Model):
    """The text of a comment before each edit; visible to moderators only."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    stance = models.CharField(_("position"), max_length=10, choices=Stance.choices, blank=True)
    body = models.TextField(_("texte"))
    replaced_at = models.DateTimeField(_("remplacé le"), auto_now_add=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("version précédente d'un commentaire")
        verbose_name_plural = _("versions précédentes des commentaires")

    def __str__(self) -> str:
        return f"{self.comment_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class UsefulMark(models.Model):
    """One "utile" per person per comment, enforced by the database."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="useful_marks")
    # PROTECT: `useful_count` counts these rows (removing a person anonymises them; see Support.user).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="useful_marks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("marque « utile »")
        verbose_name_plural = _("marques « utile »")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_useful_mark_per_person")]
        indexes = [models.Index(fields=["user", "comment"], name="useful_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.comment_id}"


def counters() -> list[Counter]:
    """What the debate's counters count (cocite.core.counters; `manage.py verify_counters`).

    The commented objects' counters are those their resources declare (`Commentable.counter`).
    """
    alive = Comment.objects.filter(deleted_at__isnull=True)
    # A comment hidden by moderation stays in its thread (a tombstone) but leaves its target's count.
    shown = alive.filter(masked_at__isnull=True)
    declared = [
        Counter(model=Comment, field="useful_count", counted=UsefulMark.objects.all(), link="comment"),
        Counter(model=Comment, field="reply_count", counted=alive, link="root"),
    ]
    for spec in resources.all():
        if spec.commentable is None or spec.commentable.counter is None:
            continue
        model = apps.get_model(spec.model)
        content_type = ContentType.objects.get_for_model(model)
        declared.append(
            Counter(
                model=model,
                field=spec.commentable.counter,
                counted=shown.filter(content_type_id=content_type.pk),
                link="object_id",
            )
        )
    return declared
