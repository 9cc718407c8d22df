"""Reads for contribution pages: bounded queries, keyset pagination, permission-checked getters."""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.http import Http404

from cocite.accounts.permissions import is_moderator
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core import rows as plain_sql
from cocite.core import search
from cocite.core.cache import caching, demarche_scope, scope_versions
from cocite.core.params import MAX_ID
from cocite.core.rows import ChildRows, JoinedRows, LinkedRows, RowByKey, quoted
from cocite.demarches.models import Demarche
from cocite.demarches.permissions import can_view_demarche
from cocite.demarches.queries import demarche_frame, visible_demarches
from cocite.territory.models import Theme

from .extensions import page_presences, presence_attribute
from .models import Contribution, ContributionImage, PendingImage, Support

PAGE_SIZE = 20
SORTS = ("recentes", "soutenues", "debattues", "aleatoire")
# A multiplicative hash gives a stable pseudo-random order per visitor seed.
RANDOM_MODULUS = 2_147_483_629


@dataclass
class ContributionFilters:
    kind: str = ""
    theme: str = ""
    quartier: str = ""
    status: str = ""
    channel: str = ""
    q: str = ""
    sort: str = "recentes"


@dataclass
class ContributionPage:
    items: list[Contribution]
    total: int
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool


# Every contribution page and write reads the bare row: plain SQL on PostgreSQL (cocite.core.rows).
_contribution_row = RowByKey(Contribution, orm=lambda pk: Contribution.objects.filter(pk=pk).first())


def contribution_get_for(user: Viewer, pk: int, *, for_display: bool = True) -> Contribution:
    """The only way to fetch a contribution: 404 when its démarche is hidden from this person.

    The démarche's frame (phases, components: `demarche_frame`) comes from the cache;
    `for_display=False` skips what only the page shows (author, images, rule version): write
    endpoints, and pages whose article comes from a shared fragment.
    """
    viewer_pk = user.pk if for_display and is_signed_in(user) else None
    contribution = _displayed(pk, viewer_pk=viewer_pk) if for_display else _contribution_row.get(pk)
    if contribution is None:
        raise Http404
    demarche = demarche_frame(contribution.demarche_id)
    if demarche is None or not can_view_demarche(user, demarche):
        raise Http404
    if for_display:
        return _with_demarche(contribution, demarche)
    contribution.demarche = demarche
    return contribution


def contribution_for_display(contribution: Contribution) -> Contribution:
    """What the article shows of a contribution already fetched for this person (author, themes,
    images, rule version), its démarche reused: not read, nor checked, a second time."""
    shown = _displayed(contribution.pk)
    if shown is None:  # deleted in between
        raise Http404
    return _with_demarche(shown, contribution.demarche)


_DISPLAYED_RELATIONS = ("author", "quartier", "rule_version", "rule_version__rulebook")


# The order the page's themes and images come in, through the ORM and in plain SQL alike.
_THEME_ORDER = ("name", "pk")
_IMAGE_ORDER = ("pk",)


def _themes_prefetch() -> Prefetch[Any]:
    return Prefetch("themes", queryset=Theme.objects.order_by(*_THEME_ORDER), to_attr=Contribution.READ_THEMES)


def _displayed_prefetches() -> tuple[Prefetch[Any], ...]:
    return (
        _themes_prefetch(),
        Prefetch(
            "images", queryset=ContributionImage.objects.order_by(*_IMAGE_ORDER), to_attr=Contribution.READ_IMAGES
        ),
    )


@functools.cache
def _displayed_parts() -> tuple[LinkedRows, ChildRows[ContributionImage]]:
    """The themes and the images, as two columns of the contribution's query, in the order
    `_displayed_prefetches` asks: one query where the ORM makes three (PostgreSQL)."""
    return _linked_themes(), ChildRows(ContributionImage, "contribution", _IMAGE_ORDER)


@functools.cache
def _linked_themes() -> LinkedRows:
    return LinkedRows(Contribution, "themes", _THEME_ORDER)


def _keep_themes_and_images(contribution: Contribution, themes: Any, images: Any) -> None:
    """`_displayed_prefetches`' lists, from the JSON columns `_displayed` read (compiling the two
    prefetches through the ORM cost 2 ms, issue 15)."""
    linked, children = _displayed_parts()
    setattr(contribution, Contribution.READ_THEMES, linked.build(themes))
    shown_images = children.build(images)
    for image in shown_images:
        image.contribution = contribution  # as the ORM's prefetch does: no query to go back to it
    setattr(contribution, Contribution.READ_IMAGES, shown_images)


@functools.cache
def _displayed_rows() -> JoinedRows[Contribution]:
    return JoinedRows(Contribution, _DISPLAYED_RELATIONS)


def _displayed(pk: int, *, viewer_pk: int | None = None) -> Contribution | None:
    columns = _displayed_columns(viewer_pk)
    contribution: Contribution | None
    if connection.vendor == "postgresql":
        # In plain SQL (cocite.core.rows): compiling this read, its joins and presences, cost more
        # Python than PostgreSQL spends answering (issue 15: an uncached contribution page).
        shown = _displayed_rows()
        key = f"{shown.table}.{quoted(Contribution._meta.pk.column)}"
        themes, images = _displayed_parts()
        selected = ", ".join(
            [
                shown.columns,
                *(f"({column.sql})" for column in columns.values()),
                themes.subquery(key),
                images.subquery(key),
            ]
        )
        params = [param for column in columns.values() for param in column.params]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {selected} FROM {shown.source} WHERE {key} = %s", [*params, pk])  # noqa: S608 — names from the models
            row = cursor.fetchone()
        contribution = None
        if row is not None:
            contribution = shown.build(row[:-2], extra=list(columns))
            _keep_themes_and_images(contribution, row[-2], row[-1])
    else:
        contribution = _displayed_through_the_orm(pk, columns)
    if contribution is not None and viewer_pk is not None:
        setattr(contribution, _SUPPORT_READ_FOR, viewer_pk)
    return contribution


def _displayed_columns(viewer_pk: int | None) -> dict[str, RawSQL]:
    columns = {
        presence_attribute(presence.name): RawSQL(*presence.exists(), output_field=BooleanField())  # noqa: S611
        for presence in page_presences()
    }
    if viewer_pk is not None:
        # Whether the signed-in reader supports it: the page's support button, without a query of its own.
        columns[_SUPPORTED_BY_READER] = RawSQL(*_support_exists(viewer_pk), output_field=BooleanField())  # noqa: S611
    return columns


def _displayed_through_the_orm(pk: int, columns: dict[str, RawSQL]) -> Contribution | None:
    """`_displayed`'s read on databases other than PostgreSQL."""
    return (
        Contribution.objects.filter(pk=pk)
        .annotate(**columns)
        .select_related(*_DISPLAYED_RELATIONS)
        .prefetch_related(*_displayed_prefetches())
        .first()
    )


_SUPPORTED_BY_READER = "supported_by_reader"
_SUPPORT_READ_FOR = "support_read_for"


def _support_exists(user_pk: int) -> tuple[str, tuple[int]]:
    support, contribution = Support._meta, Contribution._meta
    return (
        f"EXISTS (SELECT 1 FROM {quoted(support.db_table)} s WHERE s.{quoted(support.get_field('user').column)} = %s "  # noqa: S608
        f"AND s.{quoted(support.get_field('contribution').column)} = "
        f"{quoted(contribution.db_table)}.{quoted(contribution.pk.column)})",
        (user_pk,),
    )


def _with_demarche(contribution: Contribution, demarche: Demarche) -> Contribution:
    contribution.demarche = demarche
    # The rule version's link needs its démarche: reuse the one already read instead of a query.
    if contribution.rule_version is not None:
        rulebook = contribution.rule_version.rulebook
        if rulebook.demarche_id == demarche.pk:
            rulebook.demarche = demarche
    return contribution


def contributions_visible_among(user: Viewer, ids: Sequence[int]) -> QuerySet[Contribution]:
    """Those of these contributions this person may see, with their démarche (the follows page)."""
    return Contribution.objects.filter(pk__in=list(ids), demarche__in=visible_demarches(user)).select_related(
        "demarche"
    )


def image_get_for(user: Viewer, pk: int, image_pk: int, name: str) -> tuple[ContributionImage, bool]:
    """An image of a contribution this person may see (else 404), and whether a visitor may too.

    A hidden image, or any image of a hidden contribution, is the moderators' only (and, while the
    contribution waits for approval, its author's): its address alone must not show it.
    """
    contribution = contribution_get_for(user, pk, for_display=False)
    image = ContributionImage.objects.filter(pk=image_pk, contribution_id=contribution.pk).first()
    if image is None or image.file_name != name:
        raise Http404
    if image.is_masked or contribution.is_masked:
        own_pending = (
            not image.is_masked and contribution.is_pending and is_signed_in(user) and contribution.author_id == user.pk
        )
        if not (is_moderator(user) or own_pending):
            raise Http404
        return image, False
    return image, can_view_demarche(AnonymousUser(), contribution.demarche)


def images_visible_among(user: Viewer, ids: Sequence[int]) -> QuerySet[ContributionImage]:
    """Those of these images whose contribution this person may see (the moderation queue's lists)."""
    return ContributionImage.objects.filter(pk__in=list(ids), contribution__demarche__in=visible_demarches(user))


def image_hidden_of(contribution: Contribution) -> list[ContributionImage]:
    """The contribution's hidden images (for its author's « Contester ce masquage » links); one query."""
    hidden = ContributionImage.objects.filter(contribution_id=contribution.pk, masked_at__isnull=False)
    return list(hidden.select_related("contribution"))


def listed_contributions(
    demarches: Sequence[Demarche | int] | QuerySet[Demarche] | Demarche,
) -> QuerySet[Contribution]:
    """The contributions a démarche's page counts and its list, map and similar suggestions show.

    Every one but those their authors withdrew (their own page stays, for memory, and the
    list shows them when asked for the status « retirée ») and those the moderation hid (their
    page stays, as a tombstone). The one rule: the page counted
    57 while its list showed 58 (the count left withdrawn ones out, the list did not).
    """
    qs = Contribution.objects.exclude(status=Contribution.Status.WITHDRAWN).filter(masked_at__isnull=True)
    if isinstance(demarches, Demarche):
        return qs.filter(demarche=demarches)
    if isinstance(demarches, QuerySet):
        return qs.filter(demarche__in=demarches)
    return qs.filter(demarche__in=[d.pk if isinstance(d, Demarche) else d for d in demarches])


def _base(demarche: Demarche, filters: ContributionFilters) -> QuerySet[Contribution]:
    if filters.status == Contribution.Status.WITHDRAWN:
        qs = Contribution.objects.filter(demarche=demarche, masked_at__isnull=True)  # asked for by name
    else:
        qs = listed_contributions(demarche)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.quartier:
        qs = qs.filter(quartier__slug=filters.quartier)
    if filters.theme:
        qs = qs.filter(Exists(Contribution.themes.through.objects.filter(
            contribution_id=OuterRef("pk"), theme__slug=filters.theme
        )))  # fmt: skip
    if filters.q:
        # Indexed with its démarche as scope (actions._index): the index is asked for this démarche's only.
        qs = search.filter_queryset(qs, "contribution", filters.q, scope=demarche.pk)
    return qs


def _sort_key(filters: ContributionFilters, seed: int) -> tuple[str, Any]:
    if filters.sort == "soutenues":
        return "support_count", F("support_count")
    if filters.sort == "debattues":
        return "comment_count", F("comment_count")
    if filters.sort == "aleatoire":
        expression = ExpressionWrapper((F("id") * Value(48271) + Value(seed)) % Value(RANDOM_MODULUS), IntegerField())
        return "sort_value", expression
    return "created_at", F("created_at")


def encode_cursor(value: Any, pk: int) -> str:
    raw = json.dumps([value.isoformat() if isinstance(value, datetime.datetime) else value, pk])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, int] | None:
    """Parse a cursor; None when it is malformed (the list then starts from the first page)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(pk, int) or not 0 < pk <= MAX_ID:
            return None
        if sort == "recentes":
            value = datetime.datetime.fromisoformat(value)
        elif not isinstance(value, int) or abs(value) > MAX_ID:
            return None
        return value, pk
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        return None


def contribution_page(
    *,
    demarche: Demarche,
    filters: ContributionFilters,
    after: str = "",
    before: str = "",
    seed: int = 1,
) -> ContributionPage:
    """One page of a démarche's contributions, in a constant number of queries (keyset, no OFFSET)."""
    qs = _base(demarche, filters)
    # Counting tens of thousands of rows costs more than the page itself: cache the count
    # under the démarche's version, which its contributions' writes bump: never stale after one.
    if caching():
        versions = scope_versions((demarche_scope(demarche.pk),))
        count_key = (
            "cocite:count:"
            + hashlib.sha256(f"{versions}|{demarche.pk}|{sorted(vars(filters).items())}".encode()).hexdigest()
        )
        total = cache.get(count_key)
        if total is None:
            total = qs.count()
            cache.set(count_key, total, 60)
    else:
        total = qs.count()
    name, expression = _sort_key(filters, seed)
    if name == "sort_value":
        qs = qs.annotate(sort_value=expression)
    after_key = decode_cursor(after, filters.sort) if after else None
    before_key = decode_cursor(before, filters.sort) if before and not after_key else None
    # `(value, pk) < cursor`, written with a plain bound on `value` first so the database walks
    # the (démarche, value, pk) index from the cursor instead of filtering the whole démarche.
    if after_key:
        value, pk = after_key
        qs = qs.filter(**{f"{name}__lte": value}).filter(Q(**{f"{name}__lt": value}) | Q(pk__lt=pk))
    elif before_key:
        value, pk = before_key
        qs = qs.filter(**{f"{name}__gte": value}).filter(Q(**{f"{name}__gt": value}) | Q(pk__gt=pk))
    ordering = [f"-{name}", "-pk"] if not before_key else [name, "pk"]
    listed = qs.select_related("author", "quartier").order_by(*ordering)[: PAGE_SIZE + 1]
    if connection.vendor == "postgresql":
        # The cards' themes in plain SQL (cocite.core.rows): the prefetch's compiling cost more than its query.
        rows = list(listed)
        themes = _linked_themes().of([row.pk for row in rows])
        for row in rows:
            setattr(row, Contribution.READ_THEMES, themes.get(row.pk, []))
    else:
        rows = list(listed.prefetch_related(_themes_prefetch()))
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    for row in rows:
        row.demarche = demarche  # the card reads it (an author's alias in a pseudonymous démarche): no query per row

    def cursor_of(item: Contribution) -> str:
        return encode_cursor(getattr(item, name), item.pk)

    if before_key:
        # Walking backwards: rows came in ascending order.
        rows.reverse()
        is_first = not has_more
        next_cursor = cursor_of(rows[-1]) if rows else None
    else:
        is_first = after_key is None
        next_cursor = cursor_of(rows[-1]) if rows and has_more else None
    previous_cursor = cursor_of(rows[0]) if rows and not is_first else None
    return ContributionPage(
        items=rows,
        total=total,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        is_first=is_first,
    )


def supported_among(user: Viewer, contribution_ids: list[int]) -> set[int]:
    """Which of these contributions this person supports (one query; none for a visitor)."""
    if not is_signed_in(user) or not contribution_ids:
        return set()
    return set(
        Support.objects.filter(user_id=user.pk, contribution_id__in=contribution_ids).values_list(
            "contribution_id", flat=True
        )
    )


SIMILAR_CANDIDATES = 100  # found by the full-text search, then ordered by search.similarity_order


def similar_contributions(
    demarche: Demarche,
    title: str,
    *,
    body: str = "",
    viewer: Viewer | None = None,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[Contribution]:
    """Contributions of the démarche that look like the one being written (title and body), best first.

    The full-text search (French stems, accents ignored, any word) finds candidates in titles and
    bodies; `search.similarity_order` ranks them by the rare words and phrases they share with
    the draft. Never the viewer's own contributions (one cannot support them), nor merged ones.
    """
    if len(title.strip()) < 4:
        return []
    within = listed_contributions(demarche).exclude(status=Contribution.Status.MERGED)
    if exclude_pk:
        within = within.exclude(pk=exclude_pk)
    if viewer is not None and is_signed_in(viewer):
        within = within.exclude(author_id=viewer.pk)
    query = f"{title}\n{body}"
    ids = search.ranked_ids("contribution", query, within=within, scope=demarche.pk, limit=SIMILAR_CANDIDATES)
    if not ids:
        return []
    found = {
        c.pk: c for c in Contribution.objects.filter(pk__in=ids).only("pk", "title", "body", "kind", "support_count")
    }
    order = search.similarity_order(query, {pk: (c.title, c.body) for pk, c in found.items()}, limit=limit)
    return [found[pk] for pk in order]


def map_points(demarche: Demarche, limit: int = 1000) -> list[dict[str, Any]]:
    """Located contributions for the map (most recent first), as plain data for json_script."""
    rows = (
        listed_contributions(demarche)
        .filter(latitude__isnull=False)
        .order_by("-created_at")
        .values("pk", "title", "kind", "latitude", "longitude", "address", "support_count")[:limit]
    )
    labels = dict(Contribution.Kind.choices)
    return [
        {"id": r["pk"], "title": r["title"], "kind": r["kind"], "kind_label": str(labels.get(r["kind"], r["kind"])),
         "lat": r["latitude"], "lon": r["longitude"], "address": r["address"], "supports": r["support_count"]}
        for r in rows
    ]  # fmt: skip


def is_supported_by(user: Viewer, contribution: Contribution) -> bool:
    if not is_signed_in(user):
        return False
    if getattr(contribution, _SUPPORT_READ_FOR, None) == user.pk:  # read with the contribution, for this person
        return bool(getattr(contribution, _SUPPORTED_BY_READER))
    meta = Support._meta
    return plain_sql.exists(
        f"SELECT 1 FROM {quoted(meta.db_table)} WHERE {quoted(meta.get_field('user').column)} = %s "  # noqa: S608
        f"AND {quoted(meta.get_field('contribution').column)} = %s LIMIT 1",
        (user.pk, contribution.pk),
    )


def pending_images_for(user: Viewer, tokens: dict[int, str]) -> dict[int, PendingImage]:
    """The kept images a form names (slot → token), only those kept for this person; one query."""
    wanted = {slot: token for slot, token in tokens.items() if token and len(token) <= 64}
    if not is_signed_in(user) or not wanted:
        return {}
    found = {p.token: p for p in PendingImage.objects.filter(user_id=user.pk, token__in=wanted.values())}
    return {slot: found[token] for slot, token in wanted.items() if token in found}
