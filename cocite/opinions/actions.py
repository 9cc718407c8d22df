"""Every write on opinion maps: keyword-only, transactional, rule-checked.

Recomputing the groups is debounced: a vote only marks the conversation dirty
(``Conversation.dirty_since``) and, once committed, asks for a run. A run is queued only when
none is queued or running; when the last run finished less than ``recompute_interval()``
seconds ago, the run is deferred to the end of that interval if the task backend can defer
(django-tasks-db can), otherwise it is left to the next vote after the interval, to a
moderator's "recompute" button or to ``manage.py opinion_groups``. A run reads all the votes
present when it starts, so one run serves every vote cast while it waited.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core import ratelimit
from cocite.core.errors import ActionError, PermissionDenied
from cocite.core.taskqueue import task_named
from cocite.demarches.models import Demarche, DemarcheComponent

from . import permissions, queries
from .clustering import (
    OpinionGroups,
    Replay,
    Votes,
    compute_opinion_groups,
    replay_opinion_groups,
    state_is_current,
)
from .models import (
    COMPONENT_NAME,
    STATEMENT_MAX_LENGTH,
    Conversation,
    Moderation,
    ModerationDecision,
    OpinionRun,
    Participant,
    ReplacedVote,
    Statement,
    Vote,
)
from .polis_io import PolisExportError, load_polis_export

logger = logging.getLogger(__name__)

STATEMENT_MIN_LENGTH = 10
RESULT_VERSION = 1
# A queued or running run older than this is considered lost (worker stopped) and no longer blocks.
STALE_AFTER = datetime.timedelta(minutes=15)

VOTE_VALUES = {"agree": Vote.Value.AGREE, "disagree": Vote.Value.DISAGREE, "pass": Vote.Value.PASS}


def recompute_interval() -> datetime.timedelta:
    """Minimum time between two runs of one conversation (setting OPINIONS_RECOMPUTE_INTERVAL, seconds)."""
    return datetime.timedelta(seconds=int(getattr(settings, "OPINIONS_RECOMPUTE_INTERVAL", 20)))


# --- conversations -----------------------------------------------------------------------------


def moderation_setting(config: DemarcheComponent | None) -> str:
    value = (config.settings or {}).get("moderation") if config is not None else None
    return value if value in Moderation.values else Moderation.POST


def conversation_ensure(*, demarche: Demarche, config: DemarcheComponent) -> Conversation:
    """The démarche's conversation, created on first use, its moderation mode following the component settings."""
    moderation = moderation_setting(config)
    conversation = queries.conversation_of(demarche)
    if conversation is None:
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(
                    demarche=demarche,
                    title=demarche.title,
                    topic=(config.settings or {}).get("topic") or demarche.framing_question,
                    moderation=moderation,
                )
        except IntegrityError:  # created meanwhile by another request
            conversation = Conversation.objects.get(demarche=demarche)
        conversation.demarche = demarche
    elif conversation.moderation != moderation:
        conversation.moderation = moderation
        conversation.save(update_fields=["moderation", "updated_at"])
    return conversation


def participant_for(*, user: User, conversation: Conversation) -> Participant:
    participant = Participant.objects.filter(conversation=conversation, user=user).first()
    if participant is not None:
        return participant
    participant, _created = Participant.objects.get_or_create(conversation=conversation, user=user)
    return participant


def _mark_dirty(conversation_id: int) -> None:
    """Record that the groups are out of date, and ask for a run once the transaction commits."""
    Conversation.objects.filter(pk=conversation_id, dirty_since__isnull=True).update(dirty_since=timezone.now())
    transaction.on_commit(lambda: opinion_recompute_schedule(conversation_id=conversation_id))


# --- statements ----------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    cleaned = " ".join((text or "").split())
    if len(cleaned) < STATEMENT_MIN_LENGTH:
        raise ActionError(
            _("Votre proposition doit compter au moins %(n)s caractères.") % {"n": STATEMENT_MIN_LENGTH},
            code="statement_too_short",
            field="text",
        )
    if len(cleaned) > STATEMENT_MAX_LENGTH:
        raise ActionError(
            _("Votre proposition ne peut dépasser %(n)s caractères.") % {"n": STATEMENT_MAX_LENGTH},
            code="statement_too_long",
            field="text",
        )
    return cleaned


@transaction.atomic
def statement_submit(*, author: User, conversation: Conversation, text: str, rate_limited: bool = True) -> Statement:
    """A participant proposes a statement; as in Pol.is, its author is counted as agreeing with it.

    `rate_limited=False`: loaders only (the demo writes all its statements at once), never views.
    """
    if not permissions.can_submit(author, conversation):
        raise PermissionDenied(permissions.denial_reason(author, "submit", conversation), code="submit_forbidden")
    cleaned = _clean_text(text)
    duplicate = (
        Statement.objects.filter(conversation=conversation, text__iexact=cleaned)
        .exclude(status=Statement.Status.REJECTED)
        .exists()
    )
    if duplicate:
        raise ActionError(
            _("Cette proposition a déjà été déposée : votez plutôt sur elle."), code="statement_duplicate", field="text"
        )
    if rate_limited:
        ratelimit.enforce(
            "statement",
            author.pk,
            _(
                "Vous avez déposé beaucoup de propositions en peu de temps. "
                "Vous pourrez en déposer une autre à partir de %(moment)s."
            ),
        )
    pending = conversation.moderation == Moderation.PRE
    statement = Statement.objects.create(
        conversation=conversation,
        text=cleaned,
        author=author,
        status=Statement.Status.PENDING if pending else Statement.Status.ACCEPTED,
    )
    participant = participant_for(user=author, conversation=conversation)
    Vote.objects.create(conversation=conversation, statement=statement, participant=participant, value=Vote.Value.AGREE)
    if not pending:
        _mark_dirty(conversation.pk)
    return statement


@transaction.atomic
def statement_moderate(*, moderator: Viewer, statement: Statement, decision: str, reason: str = "") -> Statement:
    """Publish or set aside a statement; every decision is kept (append-only), the latest applies."""
    locked = (
        Statement.objects.select_for_update(of=("self",))
        .select_related("conversation", "conversation__demarche")
        .get(pk=statement.pk)
    )
    if not is_signed_in(moderator) or not permissions.can_moderate(moderator, locked.conversation):
        raise PermissionDenied(_("Seule l'équipe de modération peut modérer les propositions."), code="forbidden")
    if decision not in ModerationDecision.Decision.values:
        raise ActionError(_("Décision inconnue : publier ou écarter."), code="decision_invalid", field="decision")
    ModerationDecision.objects.create(
        statement=locked, decision=decision, reason=(reason or "").strip()[:300], moderator=moderator
    )
    status = Statement.Status.ACCEPTED if decision == ModerationDecision.Decision.ACCEPT else Statement.Status.REJECTED
    if locked.status != status:
        locked.status, locked.moderated_at = status, timezone.now()
        locked.save(update_fields=["status", "moderated_at"])
        if Vote.objects.filter(statement=locked).exists():
            _mark_dirty(locked.conversation_id)
    return locked


# --- votes ---------------------------------------------------------------------------------------


@transaction.atomic
def vote_cast(*, user: User, statement: Statement, value: int) -> Vote:
    """Agree (1), disagree (-1) or pass (0). Voting again on a statement replaces the previous vote."""
    statement = Statement.objects.select_related("conversation", "conversation__demarche").get(pk=statement.pk)
    conversation = statement.conversation
    if not permissions.can_vote(user, conversation):
        raise PermissionDenied(permissions.denial_reason(user, "vote", conversation), code="vote_forbidden")
    if value not in Vote.Value.values:
        raise ActionError(_("Choisissez : d'accord, pas d'accord ou je passe."), code="vote_invalid", field="value")
    if statement.status != Statement.Status.ACCEPTED:
        raise ActionError(_("Cette proposition n'est pas ouverte au vote."), code="statement_closed")
    participant = participant_for(user=user, conversation=conversation)
    now = timezone.now()
    vote, created = Vote.objects.select_for_update().get_or_create(
        statement=statement,
        participant=participant,
        defaults={"conversation": conversation, "value": value, "created_at": now, "updated_at": now},
    )
    if not created and vote.value != value:
        vote.value, vote.updated_at = value, now
        vote.save(update_fields=["value", "updated_at"])
    elif not created:
        return vote  # the same vote again: nothing changes
    _mark_dirty(conversation.pk)
    return vote


# --- recomputing the opinion groups --------------------------------------------------------------


RECOMPUTE_TASK = "opinions.recompute_opinion_groups"  # tasks.recompute_opinion_groups


def _backend_can_defer() -> bool:
    return bool(task_named(RECOMPUTE_TASK).get_backend().supports_defer)


def opinion_recompute_schedule(*, conversation_id: int, force: bool = False) -> OpinionRun | None:
    """Queue a run if the groups are out of date and none is waiting (see the module docstring).

    ``force`` (a moderator's button) skips the "out of date" and "too soon" checks, never the
    "one run waiting at a time" one. Returns the queued run, or None.
    """
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
        if conversation is None or (conversation.dirty_since is None and not force):
            return None
        waiting = conversation.runs.filter(status__in=[OpinionRun.Status.QUEUED, OpinionRun.Status.RUNNING])
        lost = Q(run_after__isnull=True, created_at__lt=now - STALE_AFTER) | Q(run_after__lt=now - STALE_AFTER)
        # Left without finished_at: a lost run must not delay the next one (see the interval below).
        waiting.filter(lost).update(status=OpinionRun.Status.FAILED, error="abandoned: no worker took it in time")
        if waiting.exists():
            return None
        last_finished = (
            conversation.runs.filter(finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
        ).first()
        run_after: datetime.datetime | None = None
        if not force and last_finished is not None and last_finished + recompute_interval() > now:
            if not _backend_can_defer():
                return None  # too soon; the next vote after the interval will ask again
            run_after = last_finished + recompute_interval()
        run = OpinionRun.objects.create(conversation=conversation, run_after=run_after)
        transaction.on_commit(lambda: _enqueue(run.pk, run_after))
    return run


def _enqueue(run_id: int, run_after: datetime.datetime | None) -> None:
    recompute = task_named(RECOMPUTE_TASK)
    task = recompute.using(run_after=run_after) if run_after is not None else recompute
    task.enqueue(run_id)


def _progress(run_id: int, value: int) -> None:
    OpinionRun.objects.filter(pk=run_id).update(progress=value)


def opinion_run_requeue(*, run_id: int) -> bool:
    """Put back to "queued" a run whose worker died while computing it, so the retried task takes it.

    Called by the task queue (core/taskqueue.py) in the transaction that queues
    `recompute_opinion_groups` again; a finished or failed run is left alone. Nothing else
    to undo: the run saves its result only at the end, and the dirty mark it cleared comes
    back with the next vote (or stays cleared, the retried run reading every vote).
    """
    return bool(
        OpinionRun.objects.filter(pk=run_id, status=OpinionRun.Status.RUNNING).update(
            status=OpinionRun.Status.QUEUED, progress=0, started_at=None
        )
    )


def opinion_run_execute(*, run_id: int) -> OpinionRun | None:
    """Compute one queued run (called by the background task, or directly by commands and the demo).

    Takes the run (queued → running) with a conditional UPDATE so two workers never compute
    the same run; clears the dirty mark *before* loading the votes, so a vote committed during
    the computation marks the conversation dirty again and gets its own run afterwards.
    No transaction is held during the computation.
    """
    started = timezone.now()
    taken = OpinionRun.objects.filter(pk=run_id, status=OpinionRun.Status.QUEUED).update(
        status=OpinionRun.Status.RUNNING, started_at=started, progress=5
    )
    if not taken:
        return None
    run = OpinionRun.objects.select_related("conversation").get(pk=run_id)
    conversation = run.conversation
    Conversation.objects.filter(pk=conversation.pk).update(dirty_since=None)
    try:
        state = queries.previous_state(conversation)
        replay: Replay | None = None
        if conversation.is_imported and not state_is_current(state):
            # First computation of an imported conversation: replay its history run after run.
            history = queries.vote_history(conversation)
            _progress(run_id, 10)
            replay = replay_opinion_groups(
                history.participants,
                history.statements,
                history.values,
                history.timestamps,
                moderated_out=history.moderated_out,
                all_statements=history.all_statements,
                on_progress=lambda done: _progress(run_id, 10 + int(75 * done)),
            )
            groups, votes = replay.groups, replay.votes
            moderated_out = [votes.statement_index(pk) for pk in history.moderated_out]
        else:
            votes, moderated_out = queries.votes_for_computation(conversation)
            _progress(run_id, 30)
            groups = compute_opinion_groups(votes, moderated_out, previous_state=state)
        _progress(run_id, 85)
        run.result = serialize_result(groups, votes, moderated_out)
        if replay is not None:
            run.result["replay"] = {"runs": replay.n_runs, "ms_per_vote": replay.ms_per_vote}
        run.state = groups.state
        run.k = groups.k
        run.n_participants = int(run.result["n_participants"])
        run.n_votes = int(run.result["n_votes"])
        run.status, run.progress, run.finished_at = OpinionRun.Status.DONE, 100, timezone.now()
        run.save(
            update_fields=["result", "state", "k", "n_participants", "n_votes", "status", "progress", "finished_at"]
        )
    except Exception as error:
        logger.exception("opinion run %s failed", run_id)
        run.status, run.finished_at, run.error = OpinionRun.Status.FAILED, timezone.now(), repr(error)[:2000]
        run.save(update_fields=["status", "finished_at", "error"])
        # The votes were not taken into account: keep the conversation marked out of date.
        Conversation.objects.filter(pk=conversation.pk, dirty_since__isnull=True).update(dirty_since=started)
        return run
    if Conversation.objects.filter(pk=conversation.pk, dirty_since__isnull=False).exists():
        transaction.on_commit(lambda: opinion_recompute_schedule(conversation_id=conversation.pk))
    return run


def opinion_run_now(*, conversation: Conversation) -> OpinionRun:
    """Compute synchronously (commands, demo): a run created and executed right here."""
    run = OpinionRun.objects.create(conversation=conversation)
    executed = opinion_run_execute(run_id=run.pk)
    assert executed is not None
    return executed


def serialize_result(groups: OpinionGroups, votes: Votes, moderated_out: list[int]) -> dict[str, Any]:
    """The run's result as JSON: keys are participant and statement primary keys (as text for dict keys)."""
    listed: list[Any] = []
    for items in groups.representative.values():
        listed += [item.statement for item in items]
    listed += [item.statement for item in groups.consensus] + [item.statement for item in groups.dividing]
    listed = list(dict.fromkeys(listed))
    active = np.ones(votes.n_statements, dtype=bool)
    active[np.asarray(moderated_out, dtype=np.intp)] = False
    counted = active[votes.statements]
    return {
        "version": RESULT_VERSION,
        "n_participants": len(np.unique(votes.participants[counted])),
        "n_grouped": len(groups.assignments),
        "n_statements": int(active.sum()),
        "n_votes": int(counted.sum()),
        "k": groups.k,
        "best_k": groups.best_k,
        "silhouettes": {str(k): round(v, 4) for k, v in groups.silhouettes.items()},
        "group_sizes": list(groups.group_sizes),
        "group_centers": [[round(x, 4), round(y, 4)] for x, y in groups.group_centers],
        "assignments": {str(key): group for key, group in groups.assignments.items()},
        "projections": {str(key): [round(x, 4), round(y, 4)] for key, (x, y) in groups.projections.items()},
        "representative": {
            str(group): [
                {
                    "statement": item.statement,
                    "direction": item.direction,
                    "n_success": item.n_success,
                    "n_trials": item.n_trials,
                    "probability": round(item.probability, 4),
                    "ratio": round(item.ratio, 4),
                    "score": round(item.score, 4),
                }
                for item in items
            ]
            for group, items in groups.representative.items()
        },
        "consensus": [
            {
                "statement": item.statement,
                "direction": item.direction,
                "probabilities": [round(p, 4) for p in item.probabilities],
                "score": round(item.score, 4),
            }
            for item in groups.consensus
        ],
        "dividing": [
            {
                "statement": item.statement,
                "agree_probabilities": [round(p, 4) for p in item.agree_probabilities],
                "spread": round(item.spread, 4),
            }
            for item in groups.dividing
        ],
        "statement_stats": _statement_stats(groups, votes, listed),
    }


def _statement_stats(groups: OpinionGroups, votes: Votes, listed: list[Any]) -> dict[str, Any]:
    """Raw agree / disagree / seen counts of the listed statements, per group and over every voter."""
    if not listed:
        return {}
    index_of = {key: i for i, key in enumerate(votes.statement_keys)}
    columns = np.array([index_of[key] for key in listed], dtype=np.intp)
    position = np.full(votes.n_statements, -1, dtype=np.intp)
    position[columns] = np.arange(len(columns))
    group_of = np.full(votes.n_participants, -1, dtype=np.intp)
    participant_index = {key: i for i, key in enumerate(votes.participant_keys)}
    for key, group in groups.assignments.items():
        group_of[participant_index[key]] = group
    keep = position[votes.statements] >= 0
    col = position[votes.statements[keep]]
    grp = group_of[votes.participants[keep]]
    val = votes.values[keep]
    k, n = max(groups.k, 0), len(columns)

    def table(mask: Any, rows: Any, n_rows: int) -> Any:
        flat = rows[mask] * n + col[mask]
        return np.bincount(flat, minlength=n_rows * n).reshape(n_rows, n)

    grouped = grp >= 0
    per_group = [
        table(grouped & (val == 1), grp, k),
        table(grouped & (val == -1), grp, k),
        table(grouped, grp, k),
    ]
    zeros = np.zeros(len(col), dtype=np.intp)
    overall = [
        table(val == 1, zeros, 1)[0],
        table(val == -1, zeros, 1)[0],
        table(np.ones(len(col), dtype=bool), zeros, 1)[0],
    ]
    return {
        str(key): {
            "groups": [[int(per_group[0][g, j]), int(per_group[1][g, j]), int(per_group[2][g, j])] for g in range(k)],
            "all": [int(overall[0][j]), int(overall[1][j]), int(overall[2][j])],
        }
        for j, key in enumerate(listed)
    }


# --- importing a Pol.is export -------------------------------------------------------------------


def _from_ms(milliseconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(milliseconds / 1000, tz=datetime.UTC)


@transaction.atomic
def conversation_import_polis(
    *, directory: Any, title: str, topic: str = "", source: str = "", demarche_slug: str | None = None
) -> Conversation:
    """A new conversation from a Pol.is export, all or nothing (one transaction).

    Raises ``PolisExportError`` (malformed or partial export) or ``ActionError``.
    """
    export = load_polis_export(directory)
    if not export.comments:
        raise PolisExportError(_("Export Pol.is vide : comments.csv ne contient aucun commentaire."))
    demarche = None
    if demarche_slug:
        demarche = Demarche.objects.filter(slug=demarche_slug).first()
        if demarche is None:
            raise ActionError(
                _("Démarche « %(slug)s » introuvable.") % {"slug": demarche_slug}, code="demarche_unknown"
            )
        if Conversation.objects.filter(demarche=demarche).exists():
            raise ActionError(
                _("La démarche « %(slug)s » a déjà une carte des opinions.") % {"slug": demarche_slug},
                code="demarche_taken",
            )
        DemarcheComponent.objects.get_or_create(demarche=demarche, name=COMPONENT_NAME)
    conversation = Conversation.objects.create(
        demarche=demarche, title=title[:200], topic=topic[:5000], imported_from=source[:500] or str(directory)[:500]
    )
    now = timezone.now()
    # Pol.is's own times are kept (statements created, first and latest vote on each pair), so that
    # the first computation can replay the conversation in time order as Pol.is computed it.
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                text=comment.body.strip()[: Statement._meta.get_field("text").max_length or 1000],
                external_id=str(comment.id),
                status=Statement.Status.REJECTED if comment.moderated_out else Statement.Status.ACCEPTED,
                created_at=_from_ms(comment.timestamp) if comment.timestamp is not None else now,
            )
            for comment in sorted(export.comments.values(), key=lambda c: c.id)
        ],
        batch_size=1000,
    )
    votes = export.votes
    first_vote = np.full(votes.n_participants, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_vote, votes.participants, export.first_voted)
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, external_id=str(key), created_at=_from_ms(int(first)))
            for key, first in zip(votes.participant_keys, first_vote.tolist(), strict=True)
        ],
        batch_size=1000,
    )
    statement_pk = dict(Statement.objects.filter(conversation=conversation).values_list("external_id", "pk"))
    participant_pk = dict(Participant.objects.filter(conversation=conversation).values_list("external_id", "pk"))
    s_pks = [statement_pk[str(key)] for key in votes.statement_keys]
    p_pks = [participant_pk[str(key)] for key in votes.participant_keys]
    Vote.objects.bulk_create(
        (
            Vote(
                conversation=conversation,
                statement_id=s_pks[s],
                participant_id=p_pks[p],
                value=int(v),
                created_at=_from_ms(first),
                updated_at=_from_ms(last),
            )
            for p, s, v, first, last in zip(
                votes.participants.tolist(),
                votes.statements.tolist(),
                votes.values.tolist(),
                export.first_voted.tolist(),
                export.last_voted.tolist(),
                strict=True,
            )
        ),
        batch_size=2000,
    )
    history = export.history
    p_index = {key: i for i, key in enumerate(votes.participant_keys)}
    s_index = {key: i for i, key in enumerate(votes.statement_keys)}
    ReplacedVote.objects.bulk_create(
        (
            ReplacedVote(
                conversation=conversation,
                statement_id=s_pks[s_index[int(history.comments[row])]],
                participant_id=p_pks[p_index[int(history.voters[row])]],
                value=int(history.values[row]),
                created_at=_from_ms(int(history.timestamps[row])),
            )
            for row in export.replaced.tolist()
        ),
        batch_size=2000,
    )
    conversation.dirty_since = now
    conversation.save(update_fields=["dirty_since"])
    return conversation


def statement_redact(statement: Statement, texts: dict[str, str]) -> None:
    """Personal data edited out by a moderator (cocite/moderation keeps the original for moderators)."""
    text = _clean_text(texts.get("text", statement.text))
    Statement.objects.filter(pk=statement.pk).update(text=text)
    statement.text = text
