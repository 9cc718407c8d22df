"""What a debate write shows on, for the page and fragment caches (cocite.core.cache).

A comment is shown in its target's debate (the target's page and debate section) and in its
thread; a revision is shown to moderators beside the comment whose save comes with it; a
useful mark moves its comment's count, which `actions.useful_set` invalidates with the scopes.
None of them changes pages elsewhere, so none drops the whole site's cached entries.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from cocite.core.receivers import register_scopes


def comment_scopes(comment: Any) -> tuple[str, ...]:
    content_type = ContentType.objects.get_for_id(comment.content_type_id)  # cached per process
    threads = {comment.pk, comment.root_id or comment.pk, comment.parent_id or comment.pk}
    return (
        f"{content_type.app_label}.{content_type.model}:{comment.object_id}",
        *(f"debate.comment:{pk}" for pk in sorted(threads)),
    )


def register_cache_scopes() -> None:
    register_scopes("debate.Comment", comment_scopes)
    register_scopes("debate.CommentRevision", lambda revision: ())
    register_scopes("debate.UsefulMark", lambda mark: ())
