"""Who may do what in a debate: pure functions of (user, comment or target, phase).

The debate attaches to any object of a resource whose `ResourceSpec` declares it
`commentable` (cocite/items/registry.py): the declaration names the démarche component whose
"comment" rule applies, the object's own rule if it has one (`can_comment(viewer, obj)`,
e.g. no comments on a withdrawn contribution) and its comment counter. `comment_target()`
maps an object to that declaration and to its démarche; the debate reaches a resource only
this way, never by importing its app.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.permissions import is_administrator, is_agent, is_moderator
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.demarches import permissions as demarche_permissions
from cocite.demarches.models import Demarche
from cocite.items.registry import Commentable
from cocite.items.registry import registry as resources
from cocite.moderation.sanctions import write_block
from cocite.territory.models import Department

from .models import Comment

EDIT_WINDOW = datetime.timedelta(minutes=15)
COMMENT_ACTION = "comment"


@dataclass(frozen=True)
class CommentTarget:
    """A commentable object, with what its resource declares and the démarche it belongs to."""

    obj: models.Model
    commentable: Commentable
    demarche: Demarche

    @property
    def component(self) -> str:
        return self.commentable.component

    @property
    def comment_count(self) -> int | None:
        """The object's comment counter, if its resource declares one."""
        counter = self.commentable.counter
        return None if counter is None else int(getattr(self.obj, counter))

    @property
    def pk(self) -> Any:
        return self.obj.pk

    @property
    def title(self) -> str:
        return str(self.obj)

    def get_absolute_url(self) -> str:
        url: str = self.obj.get_absolute_url()  # type: ignore[attr-defined]
        return url

    def theme_ids(self) -> set[int]:
        """The themes departments must be competent for: the object's, else its démarche's."""
        shown = getattr(self.obj, "shown_themes", None)  # a contribution's, read with its page (no query)
        related = getattr(self.obj, "themes", None)
        themes = shown() if shown is not None else list(related.all()) if related is not None else []
        ids = {t.pk for t in themes}
        return ids or {t.pk for t in self.demarche.scope_themes()}


def commentable_of(model: type[models.Model]) -> Commentable | None:
    """What the resource of this model declares about comments, or None when it takes none."""
    spec = resources.for_model(model._meta.label)
    return spec.commentable if spec is not None else None


def comment_target(obj: Any) -> CommentTarget | None:
    """The debate's view of `obj`, or None when its resource does not accept comments."""
    if not isinstance(obj, models.Model):
        return None
    commentable = commentable_of(type(obj))
    demarche = getattr(obj, "demarche", None)
    if commentable is None or not isinstance(demarche, Demarche):
        return None
    return CommentTarget(obj=obj, commentable=commentable, demarche=demarche)


def can_comment(user: Viewer, target: CommentTarget) -> bool:
    """May this person post a comment (or a reply) on the target now? Phase-gated."""
    if not is_signed_in(user):
        return False
    rule = target.commentable.can_comment
    if rule is not None:
        return bool(rule(user, target.obj))
    return demarche_permissions.can(user, COMMENT_ACTION, target.demarche, target.component)


def comment_denial_reason(user: Viewer, target: CommentTarget) -> str:
    """A French sentence telling why commenting is not possible here."""
    if demarche_permissions.can(user, COMMENT_ACTION, target.demarche, target.component):
        # The démarche allows it: the object itself is closed (e.g. a withdrawn contribution).
        return _("Les commentaires sont fermés ici.")
    return demarche_permissions.denial_reason(user, COMMENT_ACTION, target.demarche, target.component)


def can_reply(user: Viewer, comment: Comment, target: CommentTarget) -> bool:
    return not comment.is_deleted and not comment.is_masked and can_comment(user, target)


def can_edit(user: Viewer, comment: Comment, now: datetime.datetime | None = None) -> bool:
    """The author may edit during the first 15 minutes, unless suspended or banned (an edit publishes)."""
    if not is_signed_in(user) or comment.author_id != user.pk:
        return False
    if write_block(user) is not None:
        return False
    if comment.is_deleted or comment.is_masked:
        return False
    return (now or timezone.now()) - comment.created_at <= EDIT_WINDOW


def can_delete(user: Viewer, comment: Comment) -> bool:
    return bool(is_signed_in(user) and comment.author_id == user.pk and not comment.is_deleted)


def can_mark_useful(user: Viewer, comment: Comment, target: CommentTarget) -> bool:
    if not is_signed_in(user) or comment.author_id == user.pk:
        return False
    return not comment.is_deleted and not comment.is_masked and can_comment(user, target)


def can_see_revisions(user: Viewer) -> bool:
    return is_moderator(user)


def official_departments(user: Viewer, target: CommentTarget) -> list[Department]:
    """Departments on whose behalf this person may answer: theirs that are competent (any, for an administrator)."""
    if not is_signed_in(user):
        return []
    if not is_administrator(user) and not is_agent(user):
        return []
    theme_ids = target.theme_ids()
    if is_administrator(user):
        qs = Department.objects.all()
        if theme_ids:
            competent = Department.objects.filter(themes__in=theme_ids).distinct()
            qs = competent if competent.exists() else qs
        return list(qs.order_by("name"))
    if not is_agent(user) or not theme_ids:
        return []
    return list(Department.objects.filter(memberships__user=user, themes__in=theme_ids).distinct().order_by("name"))


def can_post_official_answer(user: Viewer, target: CommentTarget, departments: list[Department] | None = None) -> bool:
    if departments is None:
        departments = official_departments(user, target)
    return bool(departments) and can_comment(user, target)
