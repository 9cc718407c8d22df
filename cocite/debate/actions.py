"""Every write of the debate: keyword-only, transactional, rule-checked.

Counters (the target's `comment_count`, a thread's `reply_count`, a comment's
`useful_count`) move in the same transaction as the rows they count, with an atomic
UPDATE … SET n = n ± 1, so concurrent writes all count exactly once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer
from cocite.core import ratelimit
from cocite.core.cache import invalidate_pages, scopes_of
from cocite.core.errors import ActionError, PermissionDenied
from cocite.core.markdown import render_markdown
from cocite.moderation.reasons import PENDING
from cocite.moderation.sanctions import refuse_if_blocked
from cocite.moderation.words import held_back_words
from cocite.territory.models import Department, DepartmentMembership

from . import permissions, queries, signals
from .models import Comment, CommentRevision, Stance, UsefulMark
from .permissions import CommentTarget
from .scopes import comment_scopes

MAX_LENGTH = 5000


def _target_of(obj: Any) -> CommentTarget:
    """The target as the rules must see it: views pass a fresh CommentTarget; an object is reloaded."""
    if isinstance(obj, models.Model):
        obj = queries.load_target(type(obj), obj.pk)
    target = obj if isinstance(obj, CommentTarget) else permissions.comment_target(obj)
    if target is None:
        raise ActionError(_("On ne peut pas commenter cet élément."), code="not_commentable")
    return target


def _bump_target_counter(obj: models.Model | None, delta: int) -> None:
    """The commented object's comment counter, if its resource declares one, moved atomically in the database."""
    commentable = permissions.commentable_of(type(obj)) if obj is not None else None
    if obj is None or commentable is None or commentable.counter is None:
        return
    counter = commentable.counter
    type(obj)._default_manager.filter(pk=obj.pk).update(**{counter: F(counter) + delta})


def _validate_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ActionError(_("Écrivez votre commentaire."), code="body_required", field="body")
    if len(body) > MAX_LENGTH:
        raise ActionError(
            _("Le commentaire ne peut dépasser 5 000 caractères (actuellement %(n)d).") % {"n": len(body)},
            code="body_length",
            field="body",
        )
    return body


def _validate_stance(stance: str, *, required: bool) -> str:
    stance = (stance or "").strip()
    if not stance and required:
        raise ActionError(
            _("Indiquez votre position : pour, contre ou nuance."), code="stance_required", field="stance"
        )
    if stance and stance not in Stance.values:
        raise ActionError(_("Choisissez pour, contre ou nuance."), code="stance_invalid", field="stance")
    return stance


def _check_rate(user: User) -> None:
    """Comments, replies and official answers share one limit per person (RATE_LIMITS["comment"])."""
    ratelimit.enforce(
        "comment",
        user.pk,
        _(
            "Vous avez publié beaucoup de commentaires en peu de temps. "
            "Vous pourrez publier à nouveau à partir de %(moment)s."
        ),
    )


def _same_target(comment: Comment, target: CommentTarget) -> bool:
    content_type = ContentType.objects.get_for_model(target.obj)
    return comment.content_type_id == content_type.pk and comment.object_id == target.pk


def comment_post(
    *,
    author: User,
    body: str,
    stance: str = "",
    target: Any = None,
    parent: Comment | None = None,
    rate_limited: bool = True,
) -> Comment:
    """Post a top-level comment on `target` (stance required) or a reply to `parent` (stance optional)."""
    if parent is not None and target is None:
        target = parent.target
    resolved = _target_of(target)
    if not permissions.can_comment(author, resolved):
        raise PermissionDenied(permissions.comment_denial_reason(author, resolved), code="comment_forbidden")
    body = _validate_body(body)
    stance = _validate_stance(stance, required=parent is None)
    if rate_limited:
        _check_rate(author)
    with transaction.atomic():
        if parent is not None:
            parent = Comment.objects.select_for_update().get(pk=parent.pk)
            if not _same_target(parent, resolved):
                raise ActionError(_("Ce commentaire appartient à un autre débat."), code="parent_mismatch")
            if parent.is_deleted or parent.is_masked:
                raise PermissionDenied(
                    _("On ne peut pas répondre à un commentaire supprimé ou masqué."), code="parent_closed"
                )
        # Pre-moderation: saved, not public (nor counted, nor announced) until a moderator approves it.
        pending = premoderated(resolved.obj) or bool(held_back_words([body]))
        comment = Comment.objects.create(
            masked_at=timezone.now() if pending else None,
            masked_reason=PENDING if pending else "",
            content_type=ContentType.objects.get_for_model(resolved.obj),
            object_id=resolved.pk,
            parent=parent,
            root_id=(parent.root_id or parent.pk) if parent is not None else None,
            depth=parent.depth + 1 if parent is not None else 0,
            author=author,
            stance=stance,
            body=body,
            body_html=render_markdown(body),
        )
        if comment.root_id:
            Comment.objects.filter(pk=comment.root_id).update(reply_count=F("reply_count") + 1)
        if not pending:
            _bump_target_counter(resolved.obj, +1)
            invalidate_pages(*scopes_of(resolved.obj))
            transaction.on_commit(
                lambda: signals.comment_posted.send(sender=Comment, comment=comment, target=resolved.obj)
            )
    return comment


def premoderated(target: Any) -> bool:
    """Whether the démarche of this target holds comments back until a moderator approves them."""
    demarche = getattr(target, "demarche", None)
    return bool(getattr(demarche, "premoderation", False))


def comment_publish(comment: Comment) -> None:
    """A pending comment approved by a moderator (moderation hook, after `comment_unmask` counted
    it): its followers are told now."""
    target = comment.target
    transaction.on_commit(lambda: signals.comment_posted.send(sender=Comment, comment=comment, target=target))


def _scopes(target: Any, comment: Comment) -> tuple[str, ...]:
    """What a comment's change shows on beyond what its own save names (cocite.debate.scopes):
    the target's démarche (its lists count the comments)."""
    return (*scopes_of(target), *comment_scopes(comment))


def official_answer_post(
    *,
    author: User,
    target: Any,
    department: Department,
    body: str,
    signed: bool = False,
    rate_limited: bool = True,
) -> Comment:
    """An answer on behalf of a competent department, pinned above the debate."""
    resolved = _target_of(target)
    allowed = permissions.official_departments(author, resolved)
    if not permissions.can_comment(author, resolved):
        raise PermissionDenied(permissions.comment_denial_reason(author, resolved), code="comment_forbidden")
    if department.pk not in {d.pk for d in allowed}:
        raise PermissionDenied(
            _("Seul un agent d'un service compétent pour ce sujet peut publier une réponse officielle."),
            code="official_forbidden",
        )
    body = _validate_body(body)
    if rate_limited:
        _check_rate(author)
    membership = DepartmentMembership.objects.filter(department=department, user=author).first()
    with transaction.atomic():
        # Pre-moderation: saved, not public (nor counted, nor announced) until a moderator approves it.
        pending = premoderated(resolved.obj) or bool(held_back_words([body]))
        comment = Comment.objects.create(
            masked_at=timezone.now() if pending else None,
            masked_reason=PENDING if pending else "",
            content_type=ContentType.objects.get_for_model(resolved.obj),
            object_id=resolved.pk,
            author=author,
            body=body,
            body_html=render_markdown(body),
            is_official=True,
            department=department,
            official_title=membership.job_title if membership else "",
            signed=signed,
        )
        _bump_target_counter(resolved.obj, +1)
        invalidate_pages(*scopes_of(resolved.obj))
        transaction.on_commit(
            lambda: signals.official_answer_posted.send(
                sender=Comment, comment=comment, target=resolved.obj, department=department
            )
        )
    return comment


@transaction.atomic
def comment_edit(*, user: User, comment: Comment, body: str, stance: str | None = None) -> Comment:
    """The author edits within 15 minutes; the previous text is kept for the moderators."""
    refuse_if_blocked(user)  # a suspended or banned author publishes nothing, an edit included
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if not permissions.can_edit(user, locked):
        if locked.author_id != getattr(user, "pk", None):
            raise PermissionDenied(_("Seul l'auteur peut modifier son commentaire."), code="edit_forbidden")
        raise PermissionDenied(
            _("Un commentaire ne peut plus être modifié 15 minutes après sa publication."), code="edit_window"
        )
    body = _validate_body(body)
    if locked.is_official:
        stance = ""
    else:
        stance = _validate_stance(locked.stance if stance is None else stance, required=locked.depth == 0)
    if (body, stance) == (locked.body, locked.stance):
        return locked
    CommentRevision.objects.create(comment=locked, body=locked.body, stance=locked.stance, edited_by=user)
    locked.body, locked.body_html, locked.stance = body, render_markdown(body), stance
    locked.edited_at = timezone.now()
    locked.save(update_fields=["body", "body_html", "stance", "edited_at", "updated_at"])
    if not locked.is_masked and held_back_words([body]):
        comment_mask(locked, PENDING)  # an edit bringing a word of the list waits for a moderator
    invalidate_pages(*scopes_of(locked.target))
    return locked


@transaction.atomic
def comment_delete(*, user: Viewer | None, comment: Comment) -> Comment:
    """The author deletes: the text is erased; a tombstone remains while replies hang on it.

    Idempotent; the counters go down exactly once, whatever the concurrency.
    """
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.author_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Seul l'auteur peut supprimer son commentaire."), code="delete_forbidden")
    if locked.is_deleted:
        return locked
    locked.deleted_at = timezone.now()
    locked.body = locked.body_html = ""
    locked.save(update_fields=["deleted_at", "body", "body_html", "updated_at"])
    # Deleting is the author's right to take their words back: earlier versions go too.
    locked.revisions.all().delete()
    if locked.root_id:
        Comment.objects.filter(pk=locked.root_id).update(reply_count=F("reply_count") - 1)
    if not locked.is_masked:  # a hidden comment already left the target's count
        _bump_target_counter(locked.target, -1)
    invalidate_pages(*scopes_of(locked.target))
    return locked


# ---------------------------------------------------------------------------
# Moderation hooks (cocite/moderation registers the comments through debate/moderation.py;
# called in its transaction, on a row it locked)
# ---------------------------------------------------------------------------


def comment_mask(comment: Comment, reason: str) -> None:
    """Hidden by moderation: a tombstone with the reason stays in place, replies stay; the target's
    comment count no longer counts it."""
    if comment.is_masked:
        return
    comment.masked_at, comment.masked_reason = timezone.now(), reason
    comment.save(update_fields=["masked_at", "masked_reason", "updated_at"])
    if not comment.is_deleted:
        _bump_target_counter(comment.target, -1)
    invalidate_pages(*scopes_of(comment.target))


def comment_unmask(comment: Comment) -> None:
    """Restored by moderation (an appeal): shown and counted again."""
    if not comment.is_masked:
        return
    comment.masked_at, comment.masked_reason = None, ""
    comment.save(update_fields=["masked_at", "masked_reason", "updated_at"])
    if not comment.is_deleted:
        _bump_target_counter(comment.target, 1)
    invalidate_pages(*scopes_of(comment.target))


def comment_redact(comment: Comment, texts: dict[str, str]) -> None:
    """Personal data edited out by a moderator (the moderation log keeps the original)."""
    body = _validate_body(texts.get("body", comment.body))
    comment.body, comment.body_html = body, render_markdown(body)
    comment.save(update_fields=["body", "body_html", "updated_at"])
    # The author's earlier versions may hold the same data.
    comment.revisions.all().delete()
    invalidate_pages(*scopes_of(comment.target))


def useful_set(*, user: User, comment: Comment, useful: bool) -> tuple[bool, int]:
    """Idempotently set whether `user` finds `comment` useful; returns (useful, exact count)."""
    comment = Comment.objects.select_related("author").get(pk=comment.pk)
    target = _target_of(comment.target)
    if not permissions.can_mark_useful(user, comment, target):
        if comment.author_id == getattr(user, "pk", None):
            raise PermissionDenied(
                _("Vous ne pouvez pas marquer votre propre commentaire comme utile."), code="own_useful"
            )
        if comment.is_deleted or comment.is_masked:
            raise PermissionDenied(_("Ce commentaire n'est plus visible."), code="useful_closed")
        raise PermissionDenied(permissions.comment_denial_reason(user, target), code="useful_forbidden")
    changed = False
    try:
        with transaction.atomic():
            if useful:
                _mark, changed = UsefulMark.objects.get_or_create(comment_id=comment.pk, user_id=user.pk)
                if changed:
                    Comment.objects.filter(pk=comment.pk).update(useful_count=F("useful_count") + 1)
            else:
                deleted, _detail = UsefulMark.objects.filter(comment_id=comment.pk, user_id=user.pk).delete()
                changed = deleted > 0
                if changed:
                    Comment.objects.filter(pk=comment.pk).update(useful_count=F("useful_count") - 1)
            if changed:
                invalidate_pages(*_scopes(target.obj, comment))
    except IntegrityError:
        # The same person's concurrent request inserted the mark first: already useful.
        changed = False
    count = Comment.objects.filter(pk=comment.pk).values_list("useful_count", flat=True).get()
    return useful, count
