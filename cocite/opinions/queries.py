"""Reads for opinion maps. Every page costs a bounded number of queries, whatever the number of
participants, statements or votes; `*_get_for(user, …)` raise 404 for what a person may not see.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.paginator import Page, Paginator
from django.http import Http404

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core.personal_data import rows as personal_rows
from cocite.demarches.models import Demarche, DemarcheComponent
from cocite.demarches.queries import demarche_get_for

from . import permissions
from .clustering import Votes
from .models import (
    COMPONENT_NAME,
    Conversation,
    ModerationDecision,
    OpinionRun,
    Participant,
    ReplacedVote,
    Statement,
    Vote,
)

GROUP_LETTERS = "ABCDEFGHIJ"


def group_label(index: int) -> str:
    return GROUP_LETTERS[index] if 0 <= index < len(GROUP_LETTERS) else str(index + 1)


# --- fetching conversations ------------------------------------------------------------------


def component_config(demarche: Demarche) -> DemarcheComponent | None:
    """The démarche's opinions component (components are prefetched by demarche_get_for)."""
    return next((c for c in demarche.enabled_components() if c.name == COMPONENT_NAME), None)


def demarche_with_component_get_for(user: Viewer, slug: str) -> tuple[Demarche, DemarcheComponent]:
    demarche = demarche_get_for(user, slug)
    config = component_config(demarche)
    if config is None:
        raise Http404
    return demarche, config


def conversation_of(demarche: Demarche) -> Conversation | None:
    conversation = Conversation.objects.filter(demarche=demarche).first()
    if conversation is not None:
        conversation.demarche = demarche  # already fetched with its phases and components
    return conversation


def conversation_get_for(user: Viewer, pk: int) -> Conversation:
    conversation = Conversation.objects.select_related("demarche").filter(pk=pk).first()
    if conversation is None or not permissions.can_view(user, conversation):
        raise Http404
    return conversation


def statement_get_for(user: Viewer, pk: int) -> Statement:
    """A statement of a conversation the person may see (pending ones only to their author and moderators)."""
    statement = Statement.objects.select_related("conversation", "conversation__demarche").filter(pk=pk).first()
    if statement is None or not permissions.can_view(user, statement.conversation):
        raise Http404
    if statement.status == Statement.Status.PENDING and not (
        permissions.can_moderate(user, statement.conversation) or statement.author_id == getattr(user, "pk", None)
    ):
        raise Http404
    return statement


def participant_of(user: Viewer, conversation: Conversation) -> Participant | None:
    if not is_signed_in(user):
        return None
    return Participant.objects.filter(conversation=conversation, user=user).first()


# --- voting ----------------------------------------------------------------------------------


def _shuffle_key(seed: int, statement_id: int) -> bytes:
    return hashlib.blake2b(f"{seed}:{statement_id}".encode(), digest_size=8).digest()


@dataclass(frozen=True)
class NextStatement:
    statement: Statement | None
    total: int  # published statements
    voted: int  # published statements this person has voted on

    @property
    def remaining(self) -> int:
        return self.total - self.voted

    @property
    def position(self) -> int:
        return self.voted + 1


def next_statement(conversation: Conversation, participant: Participant | None) -> NextStatement:
    """The next published statement this participant has not voted on: random order, stable per person.

    Three queries whatever the numbers of statements and votes (ids only, then one row).
    """
    published = list(
        Statement.objects.filter(conversation=conversation, status=Statement.Status.ACCEPTED).values_list(
            "pk", flat=True
        )
    )
    voted: set[int] = set()
    if participant is not None:
        voted = set(
            Vote.objects.filter(participant=participant, statement__status=Statement.Status.ACCEPTED).values_list(
                "statement_id", flat=True
            )
        )
    candidates = [pk for pk in published if pk not in voted]
    if not candidates:
        return NextStatement(None, len(published), len(published))
    seed = participant.pk if participant is not None else 0
    chosen = min(candidates, key=lambda pk: _shuffle_key(seed, pk))
    statement = Statement.objects.get(pk=chosen)
    return NextStatement(statement, len(published), len(published) - len(candidates))


def my_votes_page(participant: Participant | None, page_number: Any, per_page: int = 30) -> Page[Vote]:
    """This person's votes, latest first, with their statements (two queries per page)."""
    queryset = (
        Vote.objects.filter(participant=participant).select_related("statement").order_by("-updated_at", "-pk")
        if participant is not None
        else Vote.objects.none()
    )
    return Paginator(queryset, per_page).get_page(page_number)


def statements_to_moderate(conversation: Conversation, page_number: Any, per_page: int = 30) -> Page[Statement]:
    """Pending statements first, then published ones (which may still be set aside), oldest first in each."""
    queryset = (
        Statement.objects.filter(conversation=conversation)
        .exclude(status=Statement.Status.REJECTED)
        .select_related("author")
        .order_by("-status", "created_at", "pk")  # "pending" > "accepted": descending puts pending first
    )
    return Paginator(queryset, per_page).get_page(page_number)


def pending_count(conversation: Conversation) -> int:
    return Statement.objects.filter(conversation=conversation, status=Statement.Status.PENDING).count()


# --- computation input -----------------------------------------------------------------------


def votes_for_computation(conversation: Conversation) -> tuple[Votes, list[int]]:
    """Every vote of the conversation as numpy arrays (three queries), and the moderated-out statement indices.

    Participants come in the order they joined (their first vote), the row order Pol.is uses.
    Statements not published (pending or rejected) count as moderated out: their votes are ignored.
    """
    statements = list(Statement.objects.filter(conversation=conversation).order_by("pk").values_list("pk", "status"))
    rows = list(Vote.objects.filter(conversation=conversation).values_list("participant_id", "statement_id", "value"))
    joined = np.fromiter(
        Participant.objects.filter(conversation=conversation).order_by("created_at", "pk").values_list("pk", flat=True),
        dtype=np.int64,
    )
    statement_keys = np.array([pk for pk, _status in statements], dtype=np.int64)
    data = np.array(rows, dtype=np.int64).reshape(-1, 3)
    voters = np.unique(data[:, 0])
    # Rank of each voter in the order of joining.
    by_pk = np.argsort(joined, kind="stable")
    rank = by_pk[np.searchsorted(joined[by_pk], voters)]
    participant_keys = voters[np.argsort(rank, kind="stable")]
    position = np.empty(len(voters), dtype=np.intp)
    position[np.argsort(rank, kind="stable")] = np.arange(len(voters))
    participant_index = position[np.searchsorted(voters, data[:, 0])]
    statement_index = np.searchsorted(statement_keys, data[:, 1])
    votes = Votes.from_arrays(
        participant_index,
        statement_index,
        data[:, 2],
        participant_keys=[int(k) for k in participant_keys],
        statement_keys=[int(k) for k in statement_keys],
    )
    moderated_out = [i for i, (_pk, status) in enumerate(statements) if status != Statement.Status.ACCEPTED]
    return votes, moderated_out


@dataclass(frozen=True)
class VoteHistory:
    """Every vote cast, superseded ones included, with its time (milliseconds), for a replay."""

    participants: Any  # participant primary keys
    statements: Any  # statement primary keys
    values: Any
    timestamps: Any
    all_statements: list[int]
    moderated_out: list[int]  # primary keys of the statements not published


def vote_history(conversation: Conversation) -> VoteHistory:
    """The latest votes at the time they were cast, and the votes they replaced (two queries plus statements).

    Votes cast the same millisecond come by statement, then participant, then the replaced one
    first, like the rows of a Pol.is export.
    """
    statements = list(Statement.objects.filter(conversation=conversation).order_by("pk").values_list("pk", "status"))
    latest = Vote.objects.filter(conversation=conversation).values_list(
        "participant_id", "statement_id", "value", "updated_at"
    )
    replaced = ReplacedVote.objects.filter(conversation=conversation).values_list(
        "participant_id", "statement_id", "value", "created_at"
    )
    columns: list[list[int]] = [[], [], [], [], []]
    for final, rows in ((1, replaced), (2, latest)):
        for participant, statement, value, moment in rows.iterator(chunk_size=10_000):
            for column, item in zip(
                columns, (participant, statement, value, round(moment.timestamp() * 1000), final), strict=True
            ):
                column.append(item)
    participants, statement_ids, values, timestamps, finals = (np.asarray(c, dtype=np.int64) for c in columns)
    order = np.lexsort((finals, participants, statement_ids, timestamps))
    return VoteHistory(
        participants[order],
        statement_ids[order],
        values[order].astype(np.int8),
        timestamps[order],
        [pk for pk, _status in statements],
        [pk for pk, status in statements if status != Statement.Status.ACCEPTED],
    )


def previous_state(conversation: Conversation) -> dict[str, Any] | None:
    state = (
        OpinionRun.objects.filter(conversation=conversation, status=OpinionRun.Status.DONE)
        .order_by("-finished_at", "-pk")
        .values_list("state", flat=True)
        .first()
    )
    return state or None


# --- results ---------------------------------------------------------------------------------


def latest_done_run(conversation: Conversation) -> OpinionRun | None:
    return (
        OpinionRun.objects.filter(conversation=conversation, status=OpinionRun.Status.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def latest_run(conversation: Conversation) -> OpinionRun | None:
    """The latest run whatever its status (without its heavy JSON), for the progress display."""
    return (
        OpinionRun.objects.filter(conversation=conversation)
        .defer("result", "state")
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass
class StatementFigures:
    """Raw agree / disagree counts of one statement, for each group and overall."""

    statement_id: int
    text: str
    external_id: str | None
    groups: list[dict[str, Any]]  # per group: agree, disagree, seen, agree_pct, disagree_pct
    overall: dict[str, Any]


@dataclass
class GroupView:
    index: int
    label: str
    size: int
    representative: list[dict[str, Any]] = field(default_factory=list)
    swatch: str = ""  # the group's marker (colour and shape), as a small decorative SVG


@dataclass
class ResultsView:
    run: OpinionRun
    k: int
    n_participants: int
    n_grouped: int
    n_statements: int
    n_votes: int
    groups: list[GroupView]
    consensus: list[dict[str, Any]]
    dividing: list[dict[str, Any]]
    statements: list[StatementFigures]  # every statement listed above, once, in first-listed order
    my_group: int | None

    @property
    def n_ungrouped(self) -> int:
        return max(self.n_participants - self.n_grouped, 0)

    @property
    def my_group_view(self) -> GroupView | None:
        return next((g for g in self.groups if g.index == self.my_group), None)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _counts(triple: Sequence[int]) -> dict[str, Any]:
    agree, disagree, seen = (int(x) for x in triple)
    return {
        "agree": agree,
        "disagree": disagree,
        "seen": seen,
        "agree_pct": _percent(agree, seen),
        "disagree_pct": _percent(disagree, seen),
    }


def results_view(run: OpinionRun, participant: Participant | None) -> ResultsView:
    """Everything the results page shows, from the run's stored result and one query for statement texts."""
    result = run.result or {}
    k = int(result.get("k", 0))
    listed: list[int] = []
    for group in range(k):
        listed += [int(item["statement"]) for item in result.get("representative", {}).get(str(group), [])]
    listed += [int(item["statement"]) for item in result.get("consensus", [])]
    listed += [int(item["statement"]) for item in result.get("dividing", [])]
    listed = list(dict.fromkeys(listed))
    texts = {
        pk: (text, external_id)
        for pk, text, external_id in Statement.objects.filter(pk__in=listed).values_list("pk", "text", "external_id")
    }
    stats = result.get("statement_stats", {})

    def figures(pk: int) -> StatementFigures:
        text, external_id = texts.get(pk, ("", None))
        entry = stats.get(str(pk), {})
        per_group = [
            {**_counts(triple), "index": g, "label": group_label(g)} for g, triple in enumerate(entry.get("groups", []))
        ]
        return StatementFigures(
            statement_id=pk,
            text=text,
            external_id=external_id,
            groups=per_group,
            overall=_counts(entry.get("all", (0, 0, 0))),
        )

    by_pk = {pk: figures(pk) for pk in listed if pk in texts}

    def decorate(item: dict[str, Any]) -> dict[str, Any] | None:
        statement = by_pk.get(int(item["statement"]))
        return None if statement is None else {**item, "figures": statement}

    def with_contrast(item: dict[str, Any] | None, group: int) -> dict[str, Any] | None:
        """Share of the group voting in the item's direction, against the other groups together."""
        if item is None:
            return None
        key = "agree" if item["direction"] == "agree" else "disagree"
        per_group = item["figures"].groups
        mine = per_group[group] if group < len(per_group) else _counts((0, 0, 0))
        others = [g for g in per_group if g["index"] != group]
        n_others, seen_others = sum(g[key] for g in others), sum(g["seen"] for g in others)
        return {
            **item,
            "in_group": {"n": mine[key], "seen": mine["seen"], "pct": _percent(mine[key], mine["seen"])},
            "others": {"n": n_others, "seen": seen_others, "pct": _percent(n_others, seen_others)},
        }

    sizes = [int(x) for x in result.get("group_sizes", [])]
    groups = []
    for index in range(k):
        items = [with_contrast(decorate(item), index) for item in result.get("representative", {}).get(str(index), [])]
        groups.append(
            GroupView(
                index=index,
                label=group_label(index),
                size=sizes[index] if index < len(sizes) else 0,
                representative=[item for item in items if item is not None],
            )
        )
    consensus = [d for d in (decorate(item) for item in result.get("consensus", [])) if d is not None]
    dividing = [d for d in (decorate(item) for item in result.get("dividing", [])) if d is not None]
    my_group = None
    if participant is not None:
        found = result.get("assignments", {}).get(str(participant.pk))
        my_group = int(found) if found is not None else None
    return ResultsView(
        run=run,
        k=k,
        n_participants=int(result.get("n_participants", 0)),
        n_grouped=int(result.get("n_grouped", 0)),
        n_statements=int(result.get("n_statements", 0)),
        n_votes=int(result.get("n_votes", 0)),
        groups=groups,
        consensus=consensus,
        dividing=dividing,
        statements=list(by_pk.values()),
        my_group=my_group,
    )


def external_keys(conversation: Conversation) -> tuple[dict[int, str], dict[int, str]]:
    """Participant and statement ids as in the imported export (pk as text where there is none)."""
    participants = {
        pk: external or str(pk)
        for pk, external in Participant.objects.filter(conversation=conversation).values_list("pk", "external_id")
    }
    statements = {
        pk: external or str(pk)
        for pk, external in Statement.objects.filter(conversation=conversation).values_list("pk", "external_id")
    }
    return participants, statements


def personal_data(user: User) -> dict[str, Any]:
    """The person's opinion-map participations, votes and statements; one query each."""
    return {
        "participations": personal_rows(
            Participant.objects.filter(user_id=user.pk).order_by("pk"),
            ["conversation_id", "conversation__title", "created_at"],
            rename={"conversation__title": "conversation"},
        ),
        "votes": personal_rows(
            Vote.objects.filter(participant__user_id=user.pk).order_by("pk"),
            ["statement_id", "statement__text", "value", "created_at", "updated_at"],
            rename={"statement__text": "statement"},
        ),
        "replaced_votes": personal_rows(
            ReplacedVote.objects.filter(participant__user_id=user.pk).order_by("pk"),
            ["statement_id", "value", "created_at"],
        ),
        "statements": personal_rows(
            Statement.objects.filter(author_id=user.pk).order_by("pk"),
            ["id", "conversation_id", "text", "status", "created_at", "moderated_at"],
        ),
        "moderation_decisions": personal_rows(
            ModerationDecision.objects.filter(moderator_id=user.pk).order_by("pk"),
            ["statement_id", "decision", "reason", "created_at"],
        ),
    }
