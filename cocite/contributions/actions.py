"""Every write on contributions and supports: keyword-only, transactional, rule-checked."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core import ratelimit, search
from cocite.core.cache import invalidate_pages, scopes_of
from cocite.core.errors import ActionError, PermissionDenied
from cocite.demarches import permissions as demarche_permissions
from cocite.demarches.models import Demarche
from cocite.demarches.queries import rules_in_force_for
from cocite.items import signals as item_signals
from cocite.items.actions import item_retitle, items_record_status
from cocite.items.models import Item
from cocite.moderation.reasons import PENDING
from cocite.moderation.sanctions import refuse_if_blocked
from cocite.moderation.words import held_back_words
from cocite.territory.geo import contains_point
from cocite.territory.models import Quartier, Theme

from . import permissions, signals
from .extensions import submit_extensions
from .images import clean_image
from .models import Contribution, ContributionImage, ContributionRevision, PendingImage, Support
from .resource import register_item
from .status import KIND

SEARCH_KIND = "contribution"


def _index(contribution: Contribution) -> None:
    # Its démarche as scope: a search within the démarche asks the index for its contributions only.
    search.index_document(
        SEARCH_KIND, contribution.pk, contribution.title, contribution.body, scope=contribution.demarche_id
    )


def locate(latitude: float | None, longitude: float | None, quartier: Quartier | None) -> Quartier | None:
    """Check a point falls inside the territory; the quartier comes from the point when there is one."""
    if latitude is None and longitude is None:
        return quartier
    if latitude is None or longitude is None:
        raise ActionError(_("Indiquez la latitude et la longitude, ou aucune des deux."), code="point_incomplete")
    bounded = list(Quartier.objects.filter(boundary__isnull=False).only("pk", "name", "boundary"))
    for candidate in bounded:
        if candidate.boundary and contains_point(candidate.boundary, longitude, latitude):
            return candidate
    if bounded:
        raise ActionError(
            _("Ce point est en dehors du territoire de la commune. Placez-le dans l'un des quartiers."),
            code="point_outside",
            field="latitude",
        )
    return quartier


def _check_scope(demarche: Demarche, themes: Sequence[Theme], quartier: Quartier | None) -> None:
    scope_quartiers = {q.pk for q in demarche.scope_quartiers()}
    if quartier is not None and scope_quartiers and quartier.pk not in scope_quartiers:
        raise ActionError(
            _("Cette démarche concerne seulement : %(names)s.")
            % {"names": ", ".join(q.name for q in demarche.scope_quartiers())},
            code="quartier_out_of_scope",
            field="quartier",
        )
    scope_themes = {t.pk for t in demarche.scope_themes()}
    if scope_themes and any(t.pk not in scope_themes for t in themes):
        raise ActionError(_("Choisissez des thèmes de cette démarche."), code="theme_out_of_scope", field="themes")


def _validate_text(title: str, body: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not 10 <= len(title) <= 140:
        raise ActionError(_("Le titre doit compter entre 10 et 140 caractères."), code="title_length", field="title")
    if not body:
        raise ActionError(_("Décrivez votre contribution."), code="body_required", field="body")
    if len(body) > 10000:
        raise ActionError(_("La description ne peut dépasser 10 000 caractères."), code="body_length", field="body")
    return title, body


def _check_rate(author: User, *, offline: bool, count: bool = True) -> None:
    """Per person: RATE_LIMITS["contribution"] online, a higher ["contribution_offline"] for agents."""
    if offline:
        message = _(
            "Vous avez saisi beaucoup de contributions en peu de temps. "
            "Vous pourrez en saisir d'autres à partir de %(moment)s."
        )
    else:
        message = _(
            "Vous avez publié beaucoup de contributions en peu de temps. "
            "Vous pourrez en publier une autre à partir de %(moment)s."
        )
    ratelimit.enforce("contribution_offline" if offline else "contribution", author.pk, message, count=count)


@transaction.atomic
def contribution_submit(
    *,
    author: User,
    demarche: Demarche,
    kind: str,
    title: str,
    body: str,
    themes: Sequence[Theme] = (),
    quartier: Quartier | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    images: Iterable[tuple[IO[bytes], str]] = (),
    channel: str = Contribution.Channel.ONLINE,
    offline_author_name: str = "",
    at: datetime.datetime | None = None,
    rate_limited: bool = True,
    collected_on: datetime.date | None = None,
    extensions: Mapping[str, Mapping[str, Any]] | None = None,
) -> Contribution:
    """Submit online (author = the person) or record offline (author = the agent, channel ≠ en ligne).

    `collected_on`: a paper contribution collected that day, entered by an agent of the department
    running the démarche after the collection closed, when its rules count such late entries
    (`permissions.can_record_late_paper`); it is marked « Papier » and dated the day it was collected.

    `extensions`: {name: values} of the submission form's fields added by apps above (extensions.py),
    applied in this transaction for an online submission by its author (a refusal undoes it all).

    Loaders only (the demo, `cocite/contributions/demo.py`), never views or the API: `at` replays
    a submission made at that past moment — the phase of that day is checked, the rules then in
    force are recorded, and the contribution is dated then; `rate_limited=False` skips the
    per-person rate limit, which a loader writing a month of contributions at once would hit.
    """
    on = timezone.localdate(at) if at is not None else None
    offline = channel != Contribution.Channel.ONLINE
    if collected_on is not None:
        if at is not None or channel != Contribution.Channel.PAPER:
            raise ActionError(
                _("Seule une contribution papier se date du jour de son recueil."), code="channel_invalid"
            )
        if not permissions.can_record_late_paper(author, demarche, collected_on=collected_on):
            raise PermissionDenied(
                permissions.late_paper_refusal(author, demarche)
                or _(
                    "Une contribution papier ne se saisit après la collecte que par un agent du service qui porte "
                    "la démarche, datée d'un jour où la collecte était ouverte, si les règles le prévoient."
                ),
                code="late_paper_forbidden",
            )
        at = timezone.make_aware(datetime.datetime.combine(collected_on, datetime.time(12)))
    elif channel == Contribution.Channel.FIELD:
        if not permissions.can_record_observed(author, demarche):
            raise PermissionDenied(
                _("Seule l'équipe qui anime la démarche saisit ce qu'elle a observé sur le terrain."),
                code="field_forbidden",
            )
    elif offline:
        refuse_if_blocked(author)  # on someone's behalf, still the agent's write
        if not permissions.can_record_offline(author, demarche, on=on):
            raise PermissionDenied(
                _("Seuls les agents peuvent saisir une contribution recueillie hors ligne, pendant la collecte."),
                code="offline_forbidden",
            )
        if channel not in Contribution.Channel.values:
            raise ActionError(_("Canal inconnu."), code="channel_invalid", field="channel")
    elif not permissions.can_submit(author, demarche, on=on):
        raise PermissionDenied(
            demarche_permissions.denial_reason(author, "submit", demarche, "contributions"), code="submit_forbidden"
        )
    if kind not in Contribution.Kind.values:
        raise ActionError(_("Choisissez le type : problème, idée ou question."), code="kind_invalid", field="kind")
    title, body = _validate_text(title, body)
    quartier = locate(latitude, longitude, quartier)
    _check_scope(demarche, themes, quartier)
    # Looked at before the images are decoded, counted once everything is valid.
    if rate_limited:
        _check_rate(author, offline=offline, count=False)
    cleaned_images = []
    for upload, alt_text in images:
        if not (alt_text or "").strip():
            raise ActionError(
                _("Décrivez chaque image en quelques mots (texte alternatif)."), code="image_alt", field="images"
            )
        try:
            # A random name: files are never reachable by guessing (cocite.contributions.views.image).
            cleaned_images.append((clean_image(upload, name=secrets.token_urlsafe(18)), alt_text.strip()[:250]))
        except ValidationError as error:
            raise ActionError(error.messages[0], code=error.code or "image_invalid", field="images") from error
    if rate_limited:
        _check_rate(author, offline=offline)
    contribution = Contribution(
        demarche=demarche,
        kind=kind,
        title=title,
        body=body,
        quartier=quartier,
        latitude=latitude,
        longitude=longitude,
        # Only with a point: the address names where the point is.
        address=" ".join((address or "").split())[:250] if latitude is not None else "",
        author=None if offline else author,
        offline_author_name=offline_author_name.strip()[:80] if offline else "",
        channel=channel,
        recorded_by=author if offline else None,
        rule_version=rules_in_force_for(demarche, at=at),
    )
    if demarche.premoderation or held_back_words([title, body]):
        # Saved, not public: it waits in the moderators' « À valider » (contribution_publish on approval),
        # in a pre-moderated démarche or when it holds a word of the commune's list (agents' entries too).
        contribution.masked_at, contribution.masked_reason = timezone.now(), PENDING
    contribution.save()
    if at is not None:  # created_at is auto_now_add: the replayed moment is written once the row exists
        Contribution.objects.filter(pk=contribution.pk).update(created_at=at, updated_at=at)
        contribution.created_at = contribution.updated_at = at
    item = register_item(contribution)
    contribution.themes.set(themes)
    for content, alt_text in cleaned_images:
        ContributionImage.objects.create(contribution=contribution, image=content, alt_text=alt_text)
    if extensions and not offline:
        for extension in submit_extensions():
            if extension.name in extensions:
                extension.apply(contribution, author, extensions[extension.name])
    _index(contribution)
    if not contribution.is_pending:
        _announce(contribution, item)
    return contribution


def _announce(contribution: Contribution, item: Item) -> None:
    """Tell followers and routing a contribution is public: at its submission, or when a moderator
    approves it (pre-moderation: nothing fans out before)."""
    transaction.on_commit(lambda: signals.contribution_submitted.send(sender=Contribution, contribution=contribution))
    transaction.on_commit(lambda: item_signals.item_submitted.send(sender=Item, item=item))


def contribution_publish(contribution: Contribution) -> None:
    """A pending contribution approved by a moderator (moderation hook): what waited is sent now."""
    item = Item.objects.filter(kind=KIND, object_id=contribution.pk).first()
    if item is not None:
        _announce(contribution, item)


@transaction.atomic
def contribution_edit(
    *, user: Viewer, contribution: Contribution, title: str, body: str, at: datetime.datetime | None = None
) -> Contribution:
    """The author edits before the first support or comment; the first version is kept as a revision.

    `at` (loaders only, like `contribution_submit`'s): an edit made at that past moment.
    """
    locked = Contribution.objects.select_for_update().select_related("demarche").get(pk=contribution.pk)
    if not is_signed_in(user) or not permissions.can_edit(
        user, locked, on=timezone.localdate(at) if at is not None else None
    ):
        raise PermissionDenied(
            _("Cette contribution ne peut plus être modifiée : elle a déjà reçu un soutien ou un commentaire."),
            code="edit_forbidden",
        )
    title, body = _validate_text(title, body)
    if (title, body) == (locked.title, locked.body):
        return locked
    revision = ContributionRevision.objects.create(
        contribution=locked, title=locked.title, body=locked.body, edited_by=user
    )
    locked.title, locked.body, locked.edited_at = title, body, at or timezone.now()
    locked.save(update_fields=["title", "body", "edited_at", "updated_at"])
    if not locked.is_masked and held_back_words([title, body]):
        contribution_mask(locked, PENDING)  # an edit bringing a word of the list waits for a moderator
    if at is not None:  # replaced_at and updated_at are automatic: the replayed moment is written after
        ContributionRevision.objects.filter(pk=revision.pk).update(replaced_at=at)
        Contribution.objects.filter(pk=locked.pk).update(updated_at=at)
        locked.updated_at = at
    item_retitle(kind=KIND, object_id=locked.pk, title=title)
    _index(locked)
    return locked


@transaction.atomic
def contribution_withdraw(
    *, user: Viewer, contribution: Contribution, at: datetime.datetime | None = None
) -> Contribution:
    """The author withdraws; `at` (loaders only): a withdrawal made at that past moment."""
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if not is_signed_in(user) or not permissions.can_withdraw(user, locked):
        raise PermissionDenied(_("Vous ne pouvez pas retirer cette contribution."), code="withdraw_forbidden")
    old_status = locked.status
    locked.status, locked.withdrawn_at = Contribution.Status.WITHDRAWN, at or timezone.now()
    locked.save(update_fields=["status", "withdrawn_at", "updated_at"])
    if at is not None:  # updated_at is automatic: the replayed moment is written after
        Contribution.objects.filter(pk=locked.pk).update(updated_at=at)
        locked.updated_at = at
    items_record_status(kind=KIND, object_ids=[locked.pk], status=Contribution.Status.WITHDRAWN)
    transaction.on_commit(
        lambda: signals.contribution_status_changed.send(
            sender=Contribution, contribution=locked, old_status=old_status, new_status=locked.status
        )
    )
    return locked


def support_set(
    *, user: User, contribution: Contribution, supported: bool, just_loaded: bool = False
) -> tuple[bool, int]:
    """Idempotently set whether `user` supports `contribution`; returns (supported, exact count).

    One support per person is a unique constraint; the counter moves with the row, atomically,
    with an UPDATE … SET n = n ± 1, so concurrent supports from different people all count,
    exactly once. `just_loaded`: the caller fetched the contribution in this request (the
    view does), so it is not read again.

    The hottest write of a participatory budget, and a popular contribution's row is a queue:
    every supporter's UPDATE waits for the previous one's commit. On PostgreSQL the support
    row and the counter are therefore one statement (a data-modifying WITH), committed by the
    server without a round trip to Python while the row is locked; on SQLite, whose writers
    queue on the database lock anyway, the same two statements run in one transaction.
    Page caches are invalidated explicitly (no model signal here). The supporter's automatic
    follow (`support_recorded`) is written right after, the other receivers run on commit.
    """
    demarche = contribution.demarche  # the caller's (cached) démarche structure
    if not just_loaded:
        contribution = Contribution.objects.get(pk=contribution.pk)
        contribution.demarche = demarche
    if supported and not permissions.can_support(user, contribution):
        if contribution.author_id == getattr(user, "pk", None):
            raise PermissionDenied(_("Vous ne pouvez pas soutenir votre propre contribution."), code="own_support")
        raise PermissionDenied(
            demarche_permissions.denial_reason(user, "support", contribution.demarche, "contributions")
            if not contribution.is_withdrawn
            else _("Cette contribution a été retirée."),
            code="support_forbidden",
        )
    if not supported and not demarche_permissions.phase_allows(contribution.demarche, "contributions", "support"):
        raise PermissionDenied(
            demarche_permissions.denial_reason(user, "support", contribution.demarche, "contributions"),
            code="support_forbidden",
        )
    write = _support_write_one_statement if connection.vendor == "postgresql" else _support_write_in_transaction
    changed, count, status = write(contribution_id=contribution.pk, user_id=user.pk, supported=supported)
    if changed:
        invalidate_pages(*scopes_of(contribution))  # its page, its démarche's lists and counts
    if changed and supported:
        signals.support_recorded.send(sender=Contribution, contribution=contribution, user=user)
        transaction.on_commit(
            lambda: signals.contribution_supported.send(
                sender=Contribution, contribution=contribution, user=user, support_count=count, status=status
            )
        )
        transaction.on_commit(
            lambda: item_signals.item_supported.send(
                sender=Item,
                kind=KIND,
                object_id=contribution.pk,
                rule_version_id=contribution.rule_version_id,
                support_count=int(count),
            )
        )
    return supported, int(count)


_SUPPORTS, _CONTRIBUTIONS = Support._meta.db_table, Contribution._meta.db_table
# The status read with the counter, under the row lock, tells whether a concurrent merge took
# the contribution first (a merge locks the row too): see cocite.analysis.receivers.
_COUNTER_UPDATE = f'UPDATE "{_CONTRIBUTIONS}" SET support_count = support_count + %s WHERE id = %s'  # noqa: S608
_COUNTER_READ = f'SELECT support_count, status FROM "{_CONTRIBUTIONS}" WHERE id = %s'  # noqa: S608
_SUPPORT_ADD = (
    f'INSERT INTO "{_SUPPORTS}" (contribution_id, user_id, created_at) VALUES (%s, %s, %s) '  # noqa: S608
    "ON CONFLICT (contribution_id, user_id) DO NOTHING RETURNING id"
)
_SUPPORT_REMOVE = f'DELETE FROM "{_SUPPORTS}" WHERE contribution_id = %s AND user_id = %s RETURNING id'  # noqa: S608
_COUNTER_MOVE = _COUNTER_UPDATE + " RETURNING support_count, status"
# PostgreSQL's data-modifying WITH: the counter's UPDATE runs only if the support row changed.
_ONLY_IF_CHANGED = " AND EXISTS (SELECT 1 FROM changed) RETURNING support_count, status"
_ADD_AND_COUNT = f"WITH changed AS ({_SUPPORT_ADD}) {_COUNTER_UPDATE}{_ONLY_IF_CHANGED}"
_REMOVE_AND_COUNT = f"WITH changed AS ({_SUPPORT_REMOVE}) {_COUNTER_UPDATE}{_ONLY_IF_CHANGED}"


def _support_write_one_statement(*, contribution_id: int, user_id: int, supported: bool) -> tuple[bool, int, str]:
    """PostgreSQL: the row and the counter in one statement; the counter moves only if the row did."""
    with connection.cursor() as cursor:
        if supported:
            cursor.execute(_ADD_AND_COUNT, [contribution_id, user_id, timezone.now(), 1, contribution_id])
        else:
            cursor.execute(_REMOVE_AND_COUNT, [contribution_id, user_id, -1, contribution_id])
        row = cursor.fetchone()
        if row is not None:
            return True, row[0], row[1]
        cursor.execute(_COUNTER_READ, [contribution_id])  # already so: nothing written
        count, status = cursor.fetchone()
    return False, count, status


def _support_write_in_transaction(*, contribution_id: int, user_id: int, supported: bool) -> tuple[bool, int, str]:
    """SQLite: the same two writes in one transaction (its writers take the database lock in turn)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if supported:
            cursor.execute(_SUPPORT_ADD, [contribution_id, user_id, timezone.now()])
        else:
            cursor.execute(_SUPPORT_REMOVE, [contribution_id, user_id])
        changed = cursor.fetchone() is not None
        if changed:
            cursor.execute(_COUNTER_MOVE, [1 if supported else -1, contribution_id])
        else:
            cursor.execute(_COUNTER_READ, [contribution_id])
        count, status = cursor.fetchone()
    return changed, count, status


# How long an image uploaded with a refused form is kept for its author.
PENDING_IMAGE_DAYS = 1
# Kept images per person at once: a form's slots, a few times over. Forms that keep coming back
# with errors cannot pile files up: beyond it the oldest go (they are not rate-limited writes:
# nothing is published, and this bounds the storage instead).
PENDING_IMAGE_CAP = 9


def pending_image_keep(*, user: User, upload: IO[bytes], name: str) -> PendingImage:
    """Keep an upload of a form that came back with errors (its cleaned copy) for `user`.

    ActionError (field "images") when the file is not an acceptable image: nothing is kept.
    """
    try:
        cleaned = clean_image(upload, name=secrets.token_urlsafe(18))
    except ValidationError as error:
        raise ActionError(error.messages[0], code=error.code or "image_invalid", field="images") from error
    original = PurePosixPath(name or "").name[-120:] or "image"
    pending = PendingImage(token=secrets.token_urlsafe(32), user=user, original_name=original)
    pending.image.save(cleaned.name or "image", cleaned, save=False)
    pending.save()
    pending_images_discard(PendingImage.objects.filter(user=user).order_by("-created_at", "-pk")[PENDING_IMAGE_CAP:])
    return pending


def pending_images_discard(pending: Iterable[PendingImage]) -> None:
    """Delete kept images and their files (published, removed or replaced)."""
    for item in pending:
        if item.image.name:
            item.image.storage.delete(item.image.name)
        if item.pk is not None:
            item.delete()


def pending_images_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the kept images older than PENDING_IMAGE_DAYS (daily); the number deleted."""
    limit = (now or timezone.now()) - datetime.timedelta(days=PENDING_IMAGE_DAYS)
    stale = list(PendingImage.objects.filter(created_at__lt=limit))
    pending_images_discard(stale)
    return len(stale)


# ---------------------------------------------------------------------------
# Moderation hooks (cocite/moderation, through contributions/moderation.py; called in its
# transaction, on a row it locked)
# ---------------------------------------------------------------------------


def contribution_mask(contribution: Contribution, reason: str) -> None:
    """Hidden by moderation: its page shows a tombstone with the reason; lists, counts and search
    leave it out (`queries.listed_contributions`)."""
    if contribution.masked_at is not None:
        return
    contribution.masked_at, contribution.masked_reason = timezone.now(), reason
    contribution.save(update_fields=["masked_at", "masked_reason", "updated_at"])
    invalidate_pages(*scopes_of(contribution))


def contribution_unmask(contribution: Contribution) -> None:
    if contribution.masked_at is None:
        return
    contribution.masked_at, contribution.masked_reason = None, ""
    contribution.save(update_fields=["masked_at", "masked_reason", "updated_at"])
    invalidate_pages(*scopes_of(contribution))


def image_mask(image: ContributionImage, reason: str) -> None:
    """An image hidden by moderation: a tombstone in its place; its file is then served to moderators only."""
    if image.masked_at is not None:
        return
    image.masked_at, image.masked_reason = timezone.now(), reason
    image.save(update_fields=["masked_at", "masked_reason"])
    invalidate_pages(*scopes_of(image.contribution))


def image_unmask(image: ContributionImage) -> None:
    if image.masked_at is None:
        return
    image.masked_at, image.masked_reason = None, ""
    image.save(update_fields=["masked_at", "masked_reason"])
    invalidate_pages(*scopes_of(image.contribution))


def image_redact(image: ContributionImage, texts: dict[str, str]) -> None:
    """The image's description edited by a moderator (personal data); the moderation log keeps the original."""
    alt_text = " ".join(texts.get("alt_text", image.alt_text).split())[:250]
    if not alt_text:
        raise ActionError(
            _("Décrivez l'image en quelques mots (texte alternatif)."), code="image_alt", field="alt_text"
        )
    image.alt_text = alt_text
    image.save(update_fields=["alt_text"])
    invalidate_pages(*scopes_of(image.contribution))


def contribution_redact(contribution: Contribution, texts: dict[str, str]) -> None:
    """Personal data edited out by a moderator; the moderation log keeps the original, and the
    earlier versions (which may hold the same data) go."""
    title, body = _validate_text(texts.get("title", contribution.title), texts.get("body", contribution.body))
    contribution.title, contribution.body = title, body
    contribution.save(update_fields=["title", "body", "updated_at"])
    contribution.revisions.all().delete()
    item_retitle(kind=KIND, object_id=contribution.pk, title=title)
    _index(contribution)
    invalidate_pages(*scopes_of(contribution))
