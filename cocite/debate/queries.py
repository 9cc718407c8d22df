"""Reads of the debate: what a page shows, in a number of queries that does not grow with the comments.

A debate page costs: the balance (1 aggregate + 1 windowed query for the most useful
argument of each side), the official answers (1), one page of top-level comments (1,
keyset), the first replies of every thread shown (1, windowed: at most PREVIEW_REPLIES
per thread), and the viewer's "utile" marks among them (1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core import rows as plain_sql
from cocite.core.params import parse_id, parse_int
from cocite.core.personal_data import rows
from cocite.core.rows import JoinedRows, quoted
from cocite.demarches import permissions as demarche_permissions
from cocite.demarches.queries import frame_prefetches
from cocite.territory.models import Department

from . import permissions
from .models import Comment, CommentRevision, Stance, UsefulMark
from .permissions import CommentTarget

PAGE_SIZE = 20
PREVIEW_REPLIES = 5
THREAD_PAGE_SIZE = 100
OFFICIAL_LIMIT = 10
# Replies nest up to this depth; deeper ones are shown flat under their ancestor at this depth.
NESTED_DEPTH = 3
MAX_HEADING = 6
SORTS: dict[str, Any] = {
    "utiles": _("Les plus utiles"),
    "recents": _("Les plus récents"),
    "anciens": _("Les plus anciens"),
}
DEFAULT_SORT = "utiles"
REPLY_RELATIONS = ("author", "department", "parent__author", "parent__department")
ARGUMENT_COLUMNS = ("content_type", "object_id", "depth", "is_official", "deleted_at", "masked_at")


# ---------------------------------------------------------------------------
# Permission-checked getters
# ---------------------------------------------------------------------------


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def load_target(model: type[models.Model], pk: Any) -> models.Model | None:
    """A commentable object as it is now, with what the permission checks read."""
    qs = (
        model._default_manager.filter(pk=pk)
        .select_related("demarche", "demarche__phase_override")
        .prefetch_related(*frame_prefetches("demarche__"), "demarche__themes")
    )
    if _has_field(model, "themes"):
        qs = qs.prefetch_related("themes")
    return qs.first()


def target_get_for(user: Viewer, model_label: str, pk: int) -> CommentTarget:
    """A commentable object this person may see, or 404."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    obj = load_target(model, pk)
    target = permissions.comment_target(obj) if obj is not None else None
    if target is None or not demarche_permissions.can_view_demarche(user, target.demarche):
        raise Http404
    return target


def comment_get_for(user: Viewer, pk: int) -> tuple[Comment, CommentTarget]:
    """A comment and its target, or 404 when the target is hidden from this person."""
    comment = Comment.objects.select_related(*REPLY_RELATIONS).filter(pk=pk).first()
    if comment is None:
        raise Http404
    model = ContentType.objects.get_for_id(comment.content_type_id).model_class()
    obj = load_target(model, comment.object_id) if model is not None else None
    target = permissions.comment_target(obj) if obj is not None else None
    if target is None or not demarche_permissions.can_view_demarche(user, target.demarche):
        raise Http404
    comment.target = target.obj
    _alias_in(target, [comment])
    return comment, target


def _alias_in(target: CommentTarget, comments: list[Comment | None]) -> None:
    """In a pseudonymous démarche, comments name their authors by an alias of the démarche only
    (Comment.public_author_name; cocite/accounts/pseudonyms.py)."""
    demarche = target.demarche
    if demarche is not None and demarche.pseudonymous:
        for comment in comments:
            if comment is not None:
                comment.alias_scope = demarche.pk


# ---------------------------------------------------------------------------
# Display structures
# ---------------------------------------------------------------------------


@dataclass
class Node:
    """A comment as displayed, with the replies nested (or flattened) under it."""

    comment: Comment
    level: int  # heading level (h3…h6)
    children: list[Node] = field(default_factory=list)
    # Set when the reply is shown flat, away from its parent: "en réponse à <pseudo>".
    reply_to: Comment | None = None
    visible: bool = True
    can_reply: bool = False
    can_edit: bool = False
    can_delete: bool = False
    # The author of a hidden comment may contest it (the moderation's appeal page checks again).
    can_appeal: bool = False
    can_mark_useful: bool = False
    marked_useful: bool = False
    autofocus: bool = False

    @property
    def is_tombstone(self) -> bool:
        return self.comment.is_deleted

    def walk(self) -> list[Node]:
        """This node and every reply under it, in display order."""
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


@dataclass
class Thread:
    root: Node
    more_replies: int = 0  # replies of the thread not shown here


@dataclass
class Side:
    stance: str
    label: Any
    count: int
    best: Comment | None


@dataclass
class Balance:
    sides: list[Side]

    @property
    def total(self) -> int:
        return sum(side.count for side in self.sides)


@dataclass
class DebateView:
    target: CommentTarget
    balance: Balance
    officials: list[Thread]
    threads: list[Thread]
    sort: str
    next_cursor: str | None
    is_first: bool
    can_comment: bool
    denial: str
    official_departments: list[Department]
    base_level: int
    comment_count: int | None

    @property
    def sorts(self) -> list[tuple[str, Any]]:
        return list(SORTS.items())


@dataclass
class ThreadPage:
    target: CommentTarget
    thread: Thread
    next_after: int | None
    after: int
    focus: int | None
    shown: int


# ---------------------------------------------------------------------------
# Building threads
# ---------------------------------------------------------------------------


def _target_comments(target: CommentTarget) -> QuerySet[Comment]:
    content_type = ContentType.objects.get_for_model(target.obj)
    return Comment.objects.filter(content_type=content_type, object_id=target.pk)


@cache
def _comment_rows() -> JoinedRows[Comment]:
    """Comments with their author and department (`select_related("author", "department")`) in plain
    SQL on PostgreSQL: an uncached contribution page reads them three times, and compiling those
    querysets cost more Python than PostgreSQL spends answering (issue 15)."""
    return JoinedRows(Comment, REPLY_RELATIONS[:2])


def _comment_column(name: str) -> str:
    """A column of the comments' table, as `_comment_rows()`'s queries name it."""
    (column,) = [field.column for field in Comment._meta.concrete_fields if field.name == name]
    return f"{quoted(Comment._meta.db_table)}.{quoted(column)}"


def _build_thread(root: Comment, replies: list[Comment], base_level: int) -> tuple[Node, list[Node]]:
    """Nest replies under their parent up to NESTED_DEPTH, flatten deeper ones; hide what nobody can see.

    `replies` come in creation (pk) order, so a parent always precedes its replies. A reply
    whose parent is not among them (a later page of a long thread) is shown flat under the root.
    """
    root_node = Node(comment=root, level=base_level)
    nodes: dict[int, Node] = {root.pk: root_node}
    anchors: dict[int, Node] = {}
    ordered: list[Node] = [root_node]
    for reply in replies:
        parent = nodes.get(reply.parent_id or 0)
        reply_to: Comment | None = None
        if parent is None:
            anchor, reply_to = root_node, reply.parent
        elif reply.depth > NESTED_DEPTH:
            anchor = parent if parent.comment.depth == NESTED_DEPTH else anchors.get(parent.comment.pk, root_node)
            reply_to = reply.parent
        else:
            anchor = parent
        node = Node(comment=reply, level=min(anchor.level + 1, MAX_HEADING), reply_to=reply_to)
        anchor.children.append(node)
        nodes[reply.pk] = node
        anchors[reply.pk] = anchor
        ordered.append(node)
    # A deleted comment stays (as a tombstone) only while visible replies hang on it.
    for node in reversed(ordered):
        node.children = [child for child in node.children if child.visible]
        node.visible = not node.comment.is_deleted or bool(node.children)
    return root_node, ordered


def _replies_preview(roots: list[Comment], limit: int) -> list[Comment]:
    """The first `limit` replies of each thread, in one query, each with its parent.

    A reply's parent is its thread's top-level comment or an earlier reply of the thread (a lower
    id), so it is among the comments read here: linked to it rather than joined a second time.
    """
    # A thread whose replies were all deleted has none to show (`reply_count` counts those not deleted):
    # not asked, nor is the query when no thread has any.
    root_ids = [root.pk for root in roots if root.reply_count > 0]
    if not root_ids:
        return []
    # The ranking in plain SQL (RawSQL): compiling it through the ORM's window and QUALIFY cost
    # more Python than the query takes to run (issue 15: an uncached contribution page).
    meta = Comment._meta
    table, pk, root = quoted(meta.db_table), quoted(meta.pk.column), quoted(meta.get_field("root").column)
    placeholders = ", ".join(["%s"] * len(root_ids))
    first_replies = RawSQL(  # noqa: S611 — names from the model, values as parameters
        f"SELECT {pk} FROM (SELECT {pk}, ROW_NUMBER() OVER (PARTITION BY {root} ORDER BY {pk}) AS position "  # noqa: S608
        f"FROM {table} WHERE {root} IN ({placeholders})) ranked WHERE position <= %s",
        (*root_ids, limit),
    )
    if connection.vendor == "postgresql":
        comment_rows = _comment_rows()
        pk_column = _comment_column("id")
        replies = comment_rows.fetch(
            f"{comment_rows.select} WHERE {pk_column} IN ({first_replies.sql}) ORDER BY {pk_column}",
            first_replies.params,
        )
    else:
        replies = list(
            Comment.objects.filter(pk__in=first_replies).select_related("author", "department").order_by("pk")
        )
    shown = {comment.pk: comment for comment in [*roots, *replies]}
    for reply in replies:
        parent = shown.get(reply.parent_id or 0)
        if parent is not None:
            reply.parent = parent
    return replies


def _decorate(
    nodes: list[Node],
    user: Viewer,
    target: CommentTarget,
    can_comment: bool,
    useful_ids: set[int],
    *,
    personal: bool = True,
) -> None:
    """Per-comment permissions, computed without queries.

    Not `personal`: as seen by anyone with the same permissions but none of this person's own
    comments or marks (the shared fragment, personalised afterwards: see `debate_section`).
    """
    authenticated = is_signed_in(user)
    user_pk = getattr(user, "pk", None) if authenticated and personal else None
    _alias_in(target, [c for node in nodes for c in (node.comment, node.reply_to)])
    for node in nodes:
        comment = node.comment
        alive = not comment.is_deleted and not comment.is_masked
        node.can_reply = can_comment and alive
        node.can_edit = personal and permissions.can_edit(user, comment)
        node.can_delete = personal and permissions.can_delete(user, comment)
        node.can_appeal = (
            bool(user_pk) and comment.is_masked and not comment.is_deleted and comment.author_id == user_pk
        )
        node.can_mark_useful = can_comment and alive and authenticated and comment.author_id != user_pk
        node.marked_useful = comment.pk in useful_ids


def useful_marks_on(user: Viewer, target: CommentTarget) -> set[int]:
    """The comments of this debate the person marked useful (one query on their own marks)."""
    if not is_signed_in(user):
        return set()
    content_type = ContentType.objects.get_for_model(target.obj)
    # A signed-in debate page asks it on every view: plain SQL (see cocite.core.rows).
    marks, comments = UsefulMark._meta, Comment._meta
    return set(
        plain_sql.column(
            f"SELECT m.{quoted(marks.get_field('comment').column)} FROM {quoted(marks.db_table)} m "  # noqa: S608
            f"INNER JOIN {quoted(comments.db_table)} c ON c.{quoted(comments.pk.column)} = "
            f"m.{quoted(marks.get_field('comment').column)} WHERE m.{quoted(marks.get_field('user').column)} = %s "
            f"AND c.{quoted(comments.get_field('content_type').column)} = %s "
            f"AND c.{quoted(comments.get_field('object_id').column)} = %s",
            (user.pk, content_type.pk, target.pk),
        )
    )


def _threads(
    roots: list[Comment],
    user: Viewer,
    target: CommentTarget,
    can_comment: bool,
    base_level: int,
    preview: int,
    *,
    personal: bool = True,
) -> list[Thread]:
    replies = _replies_preview(roots, preview)
    by_root: dict[int, list[Comment]] = {}
    for reply in replies:
        by_root.setdefault(reply.root_id or 0, []).append(reply)
    useful_ids = useful_marks_on(user, target) if personal and roots else set()
    threads = []
    for root in roots:
        node, ordered = _build_thread(root, by_root.get(root.pk, []), base_level)
        _decorate(ordered, user, target, can_comment, useful_ids, personal=personal)
        shown = sum(1 for n in ordered[1:] if n.visible and not n.comment.is_deleted)
        threads.append(Thread(root=node, more_replies=max(root.reply_count - shown, 0)))
    return threads


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def balance_for(target: CommentTarget) -> Balance:
    """Counts of top-level arguments by stance, and the most useful argument of each side (one query).

    Each side's first row by usefulness carries the side's count in a window: the row is the
    side's best argument when anyone found it useful.
    """
    # In plain SQL (RawSQL): the ORM's window, QUALIFY and counting subquery cost more Python to
    # compile than the query takes to run (issue 15: an uncached contribution page).
    meta = Comment._meta
    table, pk = quoted(meta.db_table), quoted(meta.pk.column)
    stance, useful = quoted(meta.get_field("stance").column), quoted(meta.get_field("useful_count").column)

    def arguments(alias: str) -> str:
        column = {f.name: f"{alias}.{quoted(f.column)}" for f in meta.concrete_fields if f.name in ARGUMENT_COLUMNS}
        return (
            f"FROM {table} {alias} WHERE {column['content_type']} = %s AND {column['object_id']} = %s "
            f"AND {column['depth']} = 0 AND NOT {column['is_official']} "
            f"AND {column['deleted_at']} IS NULL AND {column['masked_at']} IS NULL"
        )

    params = (ContentType.objects.get_for_model(target.obj).pk, target.pk)
    heads_sql = RawSQL(  # noqa: S611 — names from the model, values as parameters
        f"SELECT {pk} FROM (SELECT a.{pk}, ROW_NUMBER() OVER (PARTITION BY a.{stance} "  # noqa: S608
        f"ORDER BY a.{useful} DESC, a.{pk} ASC) AS position {arguments('a')}) ranked WHERE position = 1",
        params,
    )
    # Correlated with the outer query's table (Django names it by the table's name).
    side_count = RawSQL(  # noqa: S611 — names from the model, values as parameters
        f"SELECT COUNT(*) {arguments('s')} AND s.{stance} = {table}.{stance}",
        params,
        output_field=models.IntegerField(),
    )
    heads: list[Comment]
    if connection.vendor == "postgresql":
        comment_rows = _comment_rows()
        heads = comment_rows.fetch(
            f"SELECT {comment_rows.columns}, ({side_count.sql}) FROM {comment_rows.source} "  # noqa: S608
            f"WHERE {table}.{pk} IN ({heads_sql.sql})",
            (*side_count.params, *heads_sql.params),
            extra=("side_count",),
        )
    else:
        heads = list(Comment.objects.filter(pk__in=heads_sql).annotate(side_count=side_count).select_related("author"))
    by_stance = {head.stance: head for head in heads}
    _alias_in(target, list(by_stance.values()))
    sides = []
    for value, label in Stance.choices:
        head = by_stance.get(value)
        sides.append(
            Side(
                stance=value,
                label=label,
                count=getattr(head, "side_count", 0) if head else 0,
                best=head if head and head.useful_count > 0 else None,
            )
        )
    return Balance(sides=sides)


def encode_cursor(sort: str, comment: Comment) -> str:
    return f"{comment.useful_count}.{comment.pk}" if sort == "utiles" else str(comment.pk)


def decode_cursor(sort: str, cursor: str) -> tuple[int, int] | None:
    """(useful_count, pk) or (0, pk); None when malformed (the list then starts at the beginning)."""
    if not isinstance(cursor, str):
        return None
    count, _dot, pk = cursor.rpartition(".") if sort == "utiles" else ("0", "", cursor)
    count_value, pk_value = parse_int(count), parse_id(pk)
    if count_value is None or pk_value is None:
        return None
    return count_value, pk_value


def clean_sort(sort: str | None) -> str:
    return sort if sort in SORTS else DEFAULT_SORT


def _roots_and_officials_orm(
    target: CommentTarget, sort: str, cursor: tuple[int, int] | None
) -> tuple[list[Comment], list[Comment]]:
    """One page of top-level comments (PAGE_SIZE + 1, to know whether more follow) and, on the first
    page, the official answers (two queries; `_roots_and_officials_sql` is the same in one)."""
    top = _target_comments(target).filter(depth=0).filter(Q(deleted_at__isnull=True) | Q(reply_count__gt=0))
    page_qs = top.filter(is_official=False).select_related("author", "department")
    if sort == "utiles":
        if cursor:
            count, pk = cursor
            page_qs = page_qs.filter(Q(useful_count__lt=count) | Q(useful_count=count, pk__lt=pk))
        page_qs = page_qs.order_by("-useful_count", "-pk")
    elif sort == "recents":
        page_qs = (page_qs.filter(pk__lt=cursor[1]) if cursor else page_qs).order_by("-pk")
    else:
        page_qs = (page_qs.filter(pk__gt=cursor[1]) if cursor else page_qs).order_by("pk")
    roots = list(page_qs[: PAGE_SIZE + 1])
    officials: list[Comment] = []
    if cursor is None:
        officials = list(
            top.filter(is_official=True).select_related("author", "department").order_by("-pk")[:OFFICIAL_LIMIT]
        )
    return roots, officials


def _roots_and_officials_sql(
    target: CommentTarget, sort: str, cursor: tuple[int, int] | None
) -> tuple[list[Comment], list[Comment]]:
    """`_roots_and_officials_orm` in plain SQL on PostgreSQL, both lists in one query (UNION ALL)."""
    comment_rows = _comment_rows()
    column = {name: _comment_column(name) for name in (*ARGUMENT_COLUMNS, "id", "reply_count", "useful_count")}
    top = (
        f"{comment_rows.select} WHERE {column['content_type']} = %s AND {column['object_id']} = %s "
        f"AND {column['depth']} = 0 AND ({column['deleted_at']} IS NULL OR {column['reply_count']} > 0)"
    )
    top_params: list[Any] = [ContentType.objects.get_for_model(target.obj).pk, target.pk]
    page = f"{top} AND NOT {column['is_official']}"
    params = list(top_params)
    pk, useful = column["id"], column["useful_count"]
    if sort == "utiles":
        if cursor:
            page += f" AND ({useful} < %s OR ({useful} = %s AND {pk} < %s))"
            params += [cursor[0], cursor[0], cursor[1]]
        page += f" ORDER BY {useful} DESC, {pk} DESC"
    elif sort == "recents":
        if cursor:
            page += f" AND {pk} < %s"
            params.append(cursor[1])
        page += f" ORDER BY {pk} DESC"
    else:
        if cursor:
            page += f" AND {pk} > %s"
            params.append(cursor[1])
        page += f" ORDER BY {pk} ASC"
    sql = f"({page} LIMIT %s)"
    params.append(PAGE_SIZE + 1)
    if cursor is None:
        sql += f" UNION ALL ({top} AND {column['is_official']} ORDER BY {pk} DESC LIMIT %s)"
        params += [*top_params, OFFICIAL_LIMIT]
    comments = comment_rows.fetch(sql, params)
    # UNION ALL promises no order: each list is put back in its own.
    roots = [comment for comment in comments if not comment.is_official]
    officials = sorted((comment for comment in comments if comment.is_official), key=lambda c: -c.pk)
    if sort == "utiles":
        roots.sort(key=lambda c: (-c.useful_count, -c.pk))
    else:
        roots.sort(key=lambda c: -c.pk if sort == "recents" else c.pk)
    return roots, officials


def debate_view(
    *,
    user: Viewer,
    target: CommentTarget,
    sort: str = DEFAULT_SORT,
    after: str = "",
    base_level: int = 3,
    personal: bool = True,
) -> DebateView:
    """A target's debate: balance, official answers (first page only) and one page of threads.

    `personal=False`: without this person's own comments and "utile" marks (see `_decorate`).
    """
    sort = clean_sort(sort)
    can_comment = permissions.can_comment(user, target)
    cursor = decode_cursor(sort, after) if after else None
    read = _roots_and_officials_sql if connection.vendor == "postgresql" else _roots_and_officials_orm
    roots, officials = read(target, sort, cursor)
    has_more = len(roots) > PAGE_SIZE
    roots = roots[:PAGE_SIZE]
    threads = _threads([*officials, *roots], user, target, can_comment, base_level, PREVIEW_REPLIES, personal=personal)
    departments = permissions.official_departments(user, target) if can_comment else []
    return DebateView(
        target=target,
        balance=balance_for(target) if cursor is None else Balance(sides=[]),
        officials=threads[: len(officials)],
        threads=threads[len(officials) :],
        sort=sort,
        next_cursor=encode_cursor(sort, roots[-1]) if has_more and roots else None,
        is_first=cursor is None,
        can_comment=can_comment,
        denial="" if can_comment else permissions.comment_denial_reason(user, target),
        official_departments=departments,
        base_level=base_level,
        comment_count=target.comment_count,
    )


def thread_page(
    *, user: Viewer, comment: Comment, target: CommentTarget, after: int = 0, base_level: int = 2
) -> ThreadPage:
    """A whole thread (its top-level comment and replies), THREAD_PAGE_SIZE replies at a time (keyset on pk)."""
    root = (
        comment
        if comment.root_id is None
        else Comment.objects.select_related("author", "department").get(pk=comment.root_id)
    )

    def fetch(start: int) -> list[Comment]:
        return list(
            Comment.objects.filter(root_id=root.pk, pk__gt=start)
            .select_related(*REPLY_RELATIONS)
            .order_by("pk")[: THREAD_PAGE_SIZE + 1]
        )

    replies = fetch(after)
    if after == 0 and comment.root_id and len(replies) > THREAD_PAGE_SIZE and comment.pk > replies[-2].pk:
        # The reply asked for is further down a long thread: start the page at it.
        after = comment.pk - 1
        replies = fetch(after)
    has_more = len(replies) > THREAD_PAGE_SIZE
    replies = replies[:THREAD_PAGE_SIZE]
    can_comment = permissions.can_comment(user, target)
    node, ordered = _build_thread(root, replies, base_level)
    _decorate(ordered, user, target, can_comment, useful_marks_on(user, target))
    return ThreadPage(
        target=target,
        thread=Thread(root=node),
        next_after=replies[-1].pk if has_more and replies else None,
        after=after,
        focus=comment.pk if comment.root_id else None,
        shown=sum(1 for n in ordered[1:] if n.visible and not n.comment.is_deleted),
    )


def personal_data(user: User) -> dict[str, Any]:
    """The person's comments (with their stance), earlier versions and « utile » marks; one query each."""
    return {
        "comments": rows(
            Comment.objects.filter(author_id=user.pk).order_by("pk"),
            [
                "id",
                "content_type__app_label",
                "content_type__model",
                "object_id",
                "parent_id",
                "stance",
                "body",
                "is_official",
                "official_title",
                "signed",
                "useful_count",
                "created_at",
                "edited_at",
                "deleted_at",
                "masked_at",
                "masked_reason",
            ],
            rename={"content_type__app_label": "target_app", "content_type__model": "target_model"},
        ),
        "previous_versions": rows(
            CommentRevision.objects.filter(edited_by_id=user.pk).order_by("pk"),
            ["comment_id", "stance", "body", "replaced_at"],
        ),
        "useful_marks": rows(UsefulMark.objects.filter(user_id=user.pk).order_by("pk"), ["comment_id", "created_at"]),
    }
