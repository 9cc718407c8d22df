"""Opinion groups of a conversation, computed as Pol.is's math worker (polismath) computes them.

Pure Python (numpy, scipy.sparse); no Django. The caller gives the votes (latest vote per
participant and statement, see :func:`latest_votes`), the indices of the moderated-out
statements and the ``state`` returned by the previous run, and gets an :class:`OpinionGroups`
back, whose ``state`` (JSON-serialisable) feeds the next run. Pol.is recomputes a conversation
each time new votes arrive (it polls the votes every second) and every run starts from the
previous one; :func:`replay_opinion_groups` replays a timestamped vote history the same way,
so that an imported conversation reaches the state Pol.is reached.

Each step follows ``math/src/polismath/math/{conversation,pca,clusters,named_matrix}.clj``
of compdemocracy/polis:

1. Rating matrix. Rows are participants in the order of their first vote (the order of
   ``Votes.participant_keys``); columns are the statements that have at least one vote.
   A moderated-out statement keeps its column, zeroed for everybody (``zero-out-columns``):
   it carries no information, but it still counts as a statement in the projection scaling
   and as a vote of every participant there; a participant's own votes on it still count
   towards being "in conversation" (Pol.is counts those on the raw matrix).
2. PCA, 2 components, on the matrix with missing votes replaced by the statement mean
   (imputed cells are 0 once centred, so the centred matrix stays sparse). Components come
   from power iteration (at most ``pca_iters`` + 1 products, stopping early when the
   eigenvalue estimate repeats exactly), the second one on the deflated matrix; each starts
   from the previous run's component (1 for a new statement), or from a fixed pseudo-random
   vector on the first run.
3. Sparsity-aware projection: only the votes cast, scaled by
   ``sqrt(n_statements / n_votes)``.
4. "In conversation": at least ``min(7, n_statements)`` votes, topped up to 15 with the
   most active voters (ties: earliest first vote); once in, never dropped.
5. Base clusters: k-means (k = 100) on the in-conversation participants' projections.
   A first run starts from the first k distinct points (row order). Later runs start from the
   previous clusters recentred on their members' new positions (clusters with identical
   centres merged), then split off the most distant point into a new cluster while fewer than
   ``min(k, distinct points)`` clusters exist. Lloyd steps drop empty clusters and stop when
   no centre moved by 0.01 or more, or after ``base_iters`` + 1 steps.
6. Groups: the same k-means over the base-cluster centres weighted by their sizes, for each k
   from 2 to ``min(5, 2 + n_base // 12)``, each warm-started from the previous run's
   clustering for that k (at most 21 steps: Pol.is passes ``:cluster-iters``, which its
   k-means ignores, so its default of 20 applies). The silhouette of each clustering over the
   base-cluster centres (unweighted; a singleton group scores 0) picks the best k (ties to
   the larger k); the k in use changes only once the same best k has won ``k_buffer`` (4)
   runs in a row.
7. Representative statements (:func:`_representative`), consensus (:func:`_consensus`)
   and dividing statements (:func:`_dividing`) from agree / disagree / seen counts per group.

Deterministic: the same votes with the same previous state give the same result, bit for
bit, whatever OpenBLAS kernel the CPU gets and with any number of BLAS threads. The dot
products of the PCA and of the silhouettes are therefore not left to BLAS, whose kernel
(picked for the CPU at run time) and threads change the order of the additions, hence the
last bits: those bits decide where power iteration stops (when the eigenvalue estimate
repeats exactly) and which projections k-means sees as distinct points, so they changed the
base clusters from one machine to another. They are elementwise products summed by numpy's
pairwise sum (:func:`_dot`, :func:`_matvec`), in a fixed order; the sparse products (scipy's
own loops) already added in a fixed order.
Not replicated from Pol.is: its first PCA start vectors are random (here seeded); its ties follow
Clojure hash-map order (here row order); its worker forgets the group clusterings and the k
smoother when it restarts; above 10,000 participants it estimates the PCA on random
mini-batches (here always on the whole matrix, which stays fast).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "STATE_VERSION",
    "BaseCluster",
    "ClusteringConfig",
    "ConsensusStatement",
    "Direction",
    "DividingStatement",
    "Key",
    "OpinionGroups",
    "Replay",
    "RepresentativeStatement",
    "Votes",
    "compute_opinion_groups",
    "latest_votes",
    "replay_opinion_groups",
    "replay_schedule",
    "state_is_current",
]

# Participant and statement identifiers: int or str so that ``state`` stays JSON-serialisable.
Key = int | str
Direction = Literal["agree", "disagree"]

STATE_VERSION = 2

# One-tailed 90 % threshold of the standard normal, as Pol.is's ``z-sig-90?``.
Z_90 = 1.2816


@dataclass(frozen=True)
class ClusteringConfig:
    """Tuning knobs; the defaults are polismath's."""

    min_votes: int = 7  # votes needed to be "in conversation" (capped at n_statements)
    greedy_n: int = 15  # minimum in-conv participants, topped up with the most active
    base_k: int = 100
    max_k: int = 5
    k_buffer: int = 4  # consecutive wins a new k needs before it replaces the current one
    pca_iters: int = 100
    base_iters: int = 100
    group_iters: int = 20
    same_clustering: float = 0.01  # k-means stops once no centre moves this much
    random_state: int = 0  # seed of the first run's PCA start vectors
    n_representative: int = 5
    n_consensus: int = 5  # per direction
    n_dividing: int = 5
    z_threshold: float = Z_90


@dataclass(frozen=True)
class Votes:
    """Resolved votes: one row per (participant, statement), indices into the key tuples.

    The order of ``participant_keys`` is the row order of the rating matrix: Pol.is adds a
    participant when their first vote arrives, and its k-means starts from the first rows.
    """

    participants: NDArray[np.intp]
    statements: NDArray[np.intp]
    values: NDArray[np.int8]
    participant_keys: tuple[Key, ...]
    statement_keys: tuple[Key, ...]

    @classmethod
    def from_arrays(
        cls,
        participants: ArrayLike,
        statements: ArrayLike,
        values: ArrayLike,
        *,
        participant_keys: Sequence[Key] | None = None,
        statement_keys: Sequence[Key] | None = None,
    ) -> Votes:
        """Build and validate; keys default to the indices themselves."""
        p = np.asarray(participants, dtype=np.intp).ravel()
        s = np.asarray(statements, dtype=np.intp).ravel()
        raw_values = np.asarray(values).ravel()
        if not (len(p) == len(s) == len(raw_values)):
            raise ValueError("participants, statements and values must have the same length")
        if raw_values.size and not np.isin(raw_values, (-1, 0, 1)).all():
            raise ValueError("vote values must be -1, 0 or 1")
        n_p = int(p.max()) + 1 if p.size else 0
        n_s = int(s.max()) + 1 if s.size else 0
        p_keys: tuple[Key, ...] = tuple(range(n_p)) if participant_keys is None else tuple(participant_keys)
        s_keys: tuple[Key, ...] = tuple(range(n_s)) if statement_keys is None else tuple(statement_keys)
        if (p.size and (p.min() < 0 or n_p > len(p_keys))) or (s.size and (s.min() < 0 or n_s > len(s_keys))):
            raise ValueError("participant or statement index out of range")
        if len(set(p_keys)) != len(p_keys) or len(set(s_keys)) != len(s_keys):
            raise ValueError("participant and statement keys must be unique")
        return cls(p, s, raw_values.astype(np.int8), p_keys, s_keys)

    @property
    def n_participants(self) -> int:
        return len(self.participant_keys)

    @property
    def n_statements(self) -> int:
        return len(self.statement_keys)

    def statement_index(self, key: Key) -> int:
        return self.statement_keys.index(key)


def latest_votes(
    participants: ArrayLike,
    statements: ArrayLike,
    values: ArrayLike,
    timestamps: ArrayLike,
    *,
    all_statements: Iterable[Key] | None = None,
    participants_by_first_vote: bool = False,
) -> Votes:
    """Keep the latest vote (by timestamp, then row order) of each participant on each statement.

    ``participants`` and ``statements`` are raw identifiers (int or str); they become the
    keys of the returned :class:`Votes`, sorted (participants in the order of their first vote
    with ``participants_by_first_vote``, Pol.is's row order). ``all_statements`` adds
    statements nobody voted on.
    """
    p_raw = np.asarray(participants)
    s_raw = np.asarray(statements)
    v = np.asarray(values)
    t = np.asarray(timestamps)
    if not (len(p_raw) == len(s_raw) == len(v) == len(t)):
        raise ValueError("participants, statements, values and timestamps must have the same length")
    p_keys, p_idx = np.unique(p_raw, return_inverse=True)
    if participants_by_first_vote and len(p_keys):
        first = np.full(len(p_keys), len(t), dtype=np.int64)
        by_time = np.argsort(t, kind="stable")
        np.minimum.at(first, p_idx[by_time], np.arange(len(t)))
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        p_keys, p_idx = p_keys[order], rank[p_idx]
    if all_statements is not None:
        extra = np.asarray(list(all_statements))
        s_keys = np.unique(np.concatenate([s_raw, extra])) if extra.size else np.unique(s_raw)
        s_idx = np.searchsorted(s_keys, s_raw)
    else:
        s_keys, s_idx = np.unique(s_raw, return_inverse=True)
    n = len(v)
    # Stable sorts: by timestamp (input order breaks ties), then by pair; the last row of each pair wins.
    pair = p_idx.astype(np.int64) * max(len(s_keys), 1) + s_idx
    by_time = np.argsort(t, kind="stable")
    order = by_time[np.argsort(pair[by_time], kind="stable")]
    pair_sorted = pair[order]
    last = np.ones(n, dtype=bool)
    if n > 1:
        last[:-1] = pair_sorted[1:] != pair_sorted[:-1]
    keep = order[last]
    return Votes.from_arrays(
        p_idx[keep],
        s_idx[keep],
        v[keep],
        participant_keys=[_py_key(k) for k in p_keys.tolist()],
        statement_keys=[_py_key(k) for k in s_keys.tolist()],
    )


@dataclass(frozen=True)
class BaseCluster:
    id: int
    center: tuple[float, float]
    members: tuple[Key, ...]
    group: int


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement on which a group differs from the others (Pol.is "repness").

    ``probability`` is the smoothed share of the group voting ``direction``, ``probability_z``
    its one-proportion z against 0.5; ``ratio`` is that share over the other groups' share and
    ``ratio_z`` the two-proportion z. ``score = ratio * ratio_z * probability * probability_z``.
    """

    statement: Key
    direction: Direction
    n_success: int
    n_trials: int
    probability: float
    probability_z: float
    ratio: float
    ratio_z: float
    score: float


@dataclass(frozen=True)
class ConsensusStatement:
    """Agreed (or rejected) by every group; ``score`` is the product of the groups' probabilities."""

    statement: Key
    direction: Direction
    probabilities: tuple[float, ...]
    score: float


@dataclass(frozen=True)
class DividingStatement:
    """Largest spread between the groups' agree probabilities."""

    statement: Key
    agree_probabilities: tuple[float, ...]
    spread: float


@dataclass(frozen=True)
class OpinionGroups:
    k: int  # number of groups in use (after smoothing)
    best_k: int  # k the silhouette preferred on this run
    silhouettes: dict[int, float]
    assignments: dict[Key, int]  # in-conv participant -> group index
    group_sizes: tuple[int, ...]
    group_centers: tuple[tuple[float, float], ...]
    base_clusters: tuple[BaseCluster, ...]
    projections: dict[Key, tuple[float, float]]  # every participant with a vote, for the map
    representative: dict[int, tuple[RepresentativeStatement, ...]]
    consensus: tuple[ConsensusStatement, ...]
    dividing: tuple[DividingStatement, ...]
    state: dict[str, Any] = field(repr=False)


def compute_opinion_groups(
    votes: Votes,
    moderated_out: Iterable[int] = (),
    previous_state: Mapping[str, Any] | None = None,
    config: ClusteringConfig | None = None,
) -> OpinionGroups:
    """One Pol.is conversation update. ``moderated_out`` holds statement indices."""
    cfg = config or ClusteringConfig()
    run = _update(votes, moderated_out, _PreviousState.parse(previous_state), cfg)
    return _result(run, votes, cfg)


def state_is_current(state: Mapping[str, Any] | None) -> bool:
    """Whether a stored state can seed the next run (else the next run starts afresh)."""
    return state is not None and state.get("version") == STATE_VERSION


# --- replaying a vote history ----------------------------------------------------------------

# Cost model of a run, for bounding replays: one unit per run plus one per this many votes.
_VOTES_PER_RUN_COST = 2000


@dataclass(frozen=True)
class Replay:
    groups: OpinionGroups  # the last run's result
    votes: Votes  # the latest votes at the end of the history (participants by first vote)
    n_runs: int
    ms_per_vote: float  # how much each run's window grew with the conversation (0: fixed window)


def replay_schedule(timestamps: ArrayLike, *, window_ms: int = 1000, ms_per_vote: float = 0.0) -> NDArray[np.intp]:
    """End positions (exclusive) of the runs over vote timestamps (milliseconds) sorted in time order.

    Pol.is's poller hands every vote that arrived since its last poll to the math worker once
    a second, and an update that takes longer than that gathers more: a run takes every vote
    cast within ``max(window_ms, ms_per_vote × votes so far)`` of the first vote it has not seen.
    """
    ends = _schedule(np.asarray(timestamps, dtype=np.int64), window_ms, ms_per_vote, None)
    assert ends is not None
    return ends


def _schedule(
    times: NDArray[np.int64], window_ms: int, ms_per_vote: float, budget: int | None
) -> NDArray[np.intp] | None:
    """The runs' ends; None as soon as their estimated work exceeds ``budget``."""
    ends: list[int] = []
    i, n, work = 0, len(times), 0.0
    while i < n:
        window = max(window_ms, 1, int(ms_per_vote * i))
        j = max(int(np.searchsorted(times, times[i] + window, side="left")), i + 1)
        ends.append(j)
        i = j
        work += 1 + j / _VOTES_PER_RUN_COST
        if budget is not None and work > budget:
            return None
    return np.asarray(ends, dtype=np.intp)


def _schedule_within(times: NDArray[np.int64], window_ms: int, budget: int) -> tuple[NDArray[np.intp], float]:
    """The finest schedule whose estimated work fits the budget (windows grow with the conversation)."""
    ms_per_vote = 0.0
    while True:
        ends = _schedule(times, window_ms, ms_per_vote, budget)
        if ends is not None:
            return ends, ms_per_vote
        ms_per_vote = 0.0001 if ms_per_vote == 0.0 else ms_per_vote * 2
        if ms_per_vote > 1e12:  # a budget too small for even one run: a single run
            return np.asarray([len(times)], dtype=np.intp), ms_per_vote


def replay_opinion_groups(
    participants: ArrayLike,
    statements: ArrayLike,
    values: ArrayLike,
    timestamps: ArrayLike,
    *,
    moderated_out: Iterable[Key] = (),
    all_statements: Iterable[Key] | None = None,
    window_ms: int = 1000,
    budget: int = 20_000,
    config: ClusteringConfig | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> Replay:
    """Replay a timestamped vote history (milliseconds) as Pol.is computed it, run after run.

    Votes are taken in time order, one run per second of votes (see :func:`replay_schedule`),
    each starting from the previous run's state, so that the k smoother, the persisted clusters
    and the in-conversation set evolve as they did in Pol.is. When a long history would cost
    more than ``budget`` (about a run of a small conversation per unit, plus one unit per 2,000
    votes in each run), windows grow with the number of votes, as Pol.is's updates did while
    a conversation grew. ``moderated_out`` holds statement keys (moderated out from the start:
    an export does not say when). A participant's later vote on a statement replaces the
    earlier one. ``on_progress`` receives the fraction of runs done, now and then.
    """
    cfg = config or ClusteringConfig()
    p_raw = np.asarray(participants)
    s_raw = np.asarray(statements)
    v_raw = np.asarray(values)
    t_raw = np.asarray(timestamps, dtype=np.int64)
    if not (len(p_raw) == len(s_raw) == len(v_raw) == len(t_raw)):
        raise ValueError("participants, statements, values and timestamps must have the same length")
    if v_raw.size and not np.isin(v_raw, (-1, 0, 1)).all():
        raise ValueError("vote values must be -1, 0 or 1")
    order = np.argsort(t_raw, kind="stable")
    p_keys, p_idx = np.unique(p_raw[order], return_inverse=True)
    # Row order: first vote; p_idx becomes the rank of each participant's first vote.
    first = np.full(len(p_keys), len(order), dtype=np.int64)
    np.minimum.at(first, p_idx, np.arange(len(order)))
    by_first = np.argsort(first, kind="stable")
    rank = np.empty_like(by_first)
    rank[by_first] = np.arange(len(by_first))
    p_idx = rank[p_idx]
    p_keys = p_keys[by_first]
    extra = np.asarray(list(all_statements)) if all_statements is not None else np.asarray([])
    s_keys = np.unique(np.concatenate([s_raw, extra])) if extra.size else np.unique(s_raw)
    s_idx = np.searchsorted(s_keys, s_raw[order])
    values_sorted = v_raw[order].astype(np.int8)
    times = t_raw[order]
    participant_keys = tuple(_py_key(k) for k in p_keys.tolist())
    statement_keys = tuple(_py_key(k) for k in s_keys.tolist())
    index_of = {key: i for i, key in enumerate(statement_keys)}
    moderated = sorted({index_of[_py_key(k)] for k in moderated_out if _py_key(k) in index_of})
    ends, ms_per_vote = _schedule_within(times, window_ms, budget)

    # Each (participant, statement) pair gets a slot at its first vote; later votes overwrite the value.
    n_s = max(len(statement_keys), 1)
    pair = p_idx.astype(np.int64) * n_s + s_idx
    pair_ids, first_of_pair, slot_of_vote = np.unique(pair, return_index=True, return_inverse=True)
    slot_order = np.argsort(first_of_pair, kind="stable")  # slots numbered by first vote
    slot_rank = np.empty_like(slot_order)
    slot_rank[slot_order] = np.arange(len(slot_order))
    slot_of_vote = slot_rank[slot_of_vote]
    slot_p = (pair_ids[slot_order] // n_s).astype(np.intp)
    slot_s = (pair_ids[slot_order] % n_s).astype(np.intp)
    current = np.zeros(len(pair_ids), dtype=np.int8)
    n_slots_at = np.maximum.accumulate(slot_of_vote + 1) if len(slot_of_vote) else slot_of_vote
    n_rows_at = np.maximum.accumulate(p_idx + 1) if len(p_idx) else p_idx

    prev = _PreviousState.parse(None)
    run: _Run | None = None
    votes = Votes.from_arrays([], [], [], participant_keys=(), statement_keys=statement_keys)
    start = 0
    every = max(len(ends) // 50, 1)
    for number, end in enumerate(ends.tolist(), start=1):
        current[slot_of_vote[start:end]] = values_sorted[start:end]
        n_slots, n_rows = int(n_slots_at[end - 1]), int(n_rows_at[end - 1])
        votes = Votes(
            slot_p[:n_slots], slot_s[:n_slots], current[:n_slots].copy(), participant_keys[:n_rows], statement_keys
        )
        run = _update(votes, moderated, prev, cfg, check=False)
        prev = run.next
        start = end
        if on_progress is not None and number % every == 0:
            on_progress(number / len(ends))
    if run is None:
        run = _update(votes, moderated, prev, cfg)
    return Replay(_result(run, votes, cfg), votes, len(ends), ms_per_vote)


# --- previous state ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Clustering:
    """Clusters as kept between runs: ids, and for each member key the index of its cluster."""

    ids: NDArray[np.int64]
    member_keys: tuple[Key, ...]
    member_of: NDArray[np.intp]  # index into ids, per member key
    centers: NDArray[np.float64]

    def to_json(self) -> dict[str, Any]:
        members: list[list[Key]] = [[] for _ in self.ids]
        for key, cluster in zip(self.member_keys, self.member_of.tolist(), strict=True):
            members[cluster].append(key)
        return {"ids": self.ids.tolist(), "members": members, "centers": self.centers.tolist()}

    @classmethod
    def from_json(cls, value: Any) -> _Clustering | None:
        if not value:
            return None
        ids = np.asarray([int(i) for i in value["ids"]], dtype=np.int64)
        lists = [[_py_key(k) for k in m] for m in value["members"]]
        centers = np.asarray(value["centers"], dtype=np.float64).reshape(-1, 2)
        if not (len(ids) == len(lists) == len(centers)) or not len(ids) or not np.isfinite(centers).all():
            raise ValueError("inconsistent clustering")
        if len(set(ids.tolist())) != len(ids):
            raise ValueError("duplicated cluster ids")
        keys = tuple(key for m in lists for key in m)
        member_of = np.repeat(np.arange(len(lists), dtype=np.intp), [len(m) for m in lists])
        return cls(ids, keys, member_of, centers)


@dataclass(frozen=True)
class _PreviousState:
    in_conv: frozenset[Key]
    in_conv_order: tuple[Key, ...]
    components: dict[Key, tuple[float, float]]
    base: _Clustering | None
    groups: dict[int, _Clustering]
    k_smoother: dict[str, int]

    @classmethod
    def parse(cls, state: Mapping[str, Any] | None) -> _PreviousState:
        """Read what is usable; a missing or foreign state just means a fresh start."""
        empty = cls(frozenset(), (), {}, None, {}, {})
        if not state or state.get("version") != STATE_VERSION:
            return empty
        try:
            return cls._read(state)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError):
            return empty

    @classmethod
    def _read(cls, state: Mapping[str, Any]) -> _PreviousState:
        in_conv_order = tuple(_py_key(k) for k in state.get("in_conv", ()))
        components = {_py_key(row[0]): (float(row[1]), float(row[2])) for row in state.get("components", ())}
        base = _Clustering.from_json(state.get("base_clusters"))
        groups: dict[int, _Clustering] = {}
        for kk, value in dict(state.get("group_clusterings", {})).items():
            clustering = _Clustering.from_json(value)
            if clustering is not None:
                groups[int(kk)] = clustering
        smoother = {
            name: int(value)
            for name, value in dict(state.get("k_smoother", {})).items()
            if name in ("last_k", "last_k_count", "smoothed_k") and value is not None
        }
        return cls(frozenset(in_conv_order), in_conv_order, components, base, groups, smoother)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "in_conv": list(self.in_conv_order),
            "components": [[key, c[0], c[1]] for key, c in self.components.items()],
            "base_clusters": self.base.to_json() if self.base is not None else None,
            "group_clusterings": {str(kk): clustering.to_json() for kk, clustering in sorted(self.groups.items())},
            "k_smoother": dict(self.k_smoother),
        }


def _py_key(value: Any) -> Key:
    # numpy scalars and JSON round trips must give back plain int / str keys.
    if isinstance(value, (bool, np.bool_)):
        raise ValueError("keys must be int or str")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, str):
        return value
    raise ValueError(f"keys must be int or str, not {type(value).__name__}")


# --- one conversation update -------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """What one update computed, before the per-group statistics."""

    k: int
    best_k: int
    silhouettes: dict[int, float]
    projections: NDArray[np.float64]  # (n_participants, 2)
    shown: NDArray[np.intp]  # participants placed on the map (at least one vote, or in conversation)
    in_conv: NDArray[np.intp]  # participant indices, row order
    base_ids: NDArray[np.int64]
    base_labels: NDArray[np.intp]  # per in-conv participant: index into base_ids
    base_centers: NDArray[np.float64]
    group_of_base: NDArray[np.intp]  # per base cluster: group index (0..k-1)
    group_centers: NDArray[np.float64]
    moderated: NDArray[np.bool_]  # per statement
    next: _PreviousState  # what the next run starts from


def _update(
    votes: Votes, moderated_out: Iterable[int], prev: _PreviousState, cfg: ClusteringConfig, *, check: bool = True
) -> _Run:
    n_p, n_s = votes.n_participants, votes.n_statements
    moderated = np.zeros(n_s, dtype=bool)
    for index in moderated_out:
        if 0 <= index < n_s:
            moderated[index] = True
    rows, cols = votes.participants, votes.statements
    if check and _has_duplicates(rows.astype(np.int64) * max(n_s, 1) + cols):
        raise ValueError("several votes for the same participant and statement: resolve them first (latest_votes)")
    # Columns of the rating matrix: statements with at least one vote (Pol.is adds a column on
    # the first vote). Moderated-out ones are zeroed: every participant "has" a 0 there.
    voted = np.bincount(cols, minlength=n_s) > 0
    n_columns = int(voted.sum())
    n_zeroed = int((voted & moderated).sum())
    pca_columns = np.flatnonzero(voted & ~moderated)
    raw_counts = np.bincount(rows, minlength=n_p)  # votes on every statement, moderated or not
    keep = ~moderated[cols]
    col_of = np.full(n_s, -1, dtype=np.intp)
    col_of[pca_columns] = np.arange(len(pca_columns))
    centred = _centred_matrix(
        rows[keep], col_of[cols[keep]], votes.values[keep].astype(np.float64), n_p, len(pca_columns)
    )

    column_keys = [votes.statement_keys[j] for j in pca_columns]
    components = _pca(centred, column_keys, prev.components, cfg)
    scale = np.sqrt(n_columns / np.maximum(np.bincount(rows[keep], minlength=n_p) + n_zeroed, 1))
    projections = np.asarray(centred @ components.T) * scale[:, None] if n_p else np.zeros((0, 2))

    in_conv = _in_conversation(votes.participant_keys, raw_counts, n_columns, prev.in_conv, cfg)
    keys = votes.participant_keys
    in_conv_keys = [keys[i] for i in in_conv]
    if prev.in_conv_order:
        # Previous members absent from these votes stay listed: once in, never dropped.
        present = set(keys)
        in_conv_keys += [key for key in prev.in_conv_order if key not in present]
    next_components = {
        key: (float(c0), float(c1)) for key, c0, c1 in zip(column_keys, components[0], components[1], strict=True)
    }
    shown = np.union1d(np.flatnonzero(raw_counts > 0), in_conv).astype(np.intp)
    if len(in_conv) == 0:
        empty_centers = np.zeros((0, 2))
        nothing = _PreviousState(frozenset(), (), next_components, None, {}, dict(prev.k_smoother))
        return _Run(
            0, 0, {}, projections, shown, in_conv, np.zeros(0, np.int64), np.zeros(0, np.intp), empty_centers,
            np.zeros(0, np.intp), empty_centers, moderated, nothing,
        )  # fmt: skip

    points = projections[in_conv]
    member_keys = in_conv_keys[: len(in_conv)]
    base = _kmeans(points, None, cfg.base_k, _previous_labels(prev.base, member_keys), cfg.base_iters, cfg)
    base_sizes = np.bincount(base.labels, minlength=len(base.ids)).astype(np.float64)
    base_clustering = _Clustering(base.ids, tuple(member_keys), base.labels, base.centers)

    best_k, k, silhouettes, group, clusterings, smoother = _groups(base.ids, base.centers, base_sizes, prev, cfg)
    following = _PreviousState(
        frozenset(in_conv_keys), tuple(in_conv_keys), next_components, base_clustering, clusterings, smoother
    )
    return _Run(
        k, best_k, silhouettes, projections, shown, in_conv, base.ids, base.labels, base.centers,
        group.labels, group.centers, moderated, following,
    )  # fmt: skip


def _has_duplicates(values: NDArray[np.int64]) -> bool:
    ordered = np.sort(values)
    return bool(np.any(ordered[1:] == ordered[:-1]))


def _groups(
    base_ids: NDArray[np.int64],
    base_centers: NDArray[np.float64],
    base_sizes: NDArray[np.float64],
    prev: _PreviousState,
    cfg: ClusteringConfig,
) -> tuple[int, int, dict[int, float], _KMeansResult, dict[int, _Clustering], dict[str, int]]:
    """Group clusterings for each candidate k, their silhouettes and the smoothed choice of k."""
    n_base = len(base_ids)
    max_k = min(cfg.max_k, 2 + n_base // 12)
    base_keys: tuple[Key, ...] = tuple(int(i) for i in base_ids)
    distances = _pairwise(base_centers)
    results: dict[int, _KMeansResult] = {}
    clusterings: dict[int, _Clustering] = {}
    silhouettes: dict[int, float] = {}
    for kk in range(2, max_k + 1):
        start = _previous_labels(prev.groups.get(kk), base_keys)
        result = _kmeans(base_centers, base_sizes, kk, start, cfg.group_iters, cfg)
        results[kk] = result
        clusterings[kk] = _Clustering(result.ids, base_keys, result.labels, result.centers)
        # With a single distinct position, the clustering has one group: as in Pol.is, it scores 0
        # (and its k still counts in the smoother).
        silhouettes[kk] = _silhouette(distances, result.labels)
    if not silhouettes:  # only with a configured max_k below 2
        center = np.average(base_centers, axis=0, weights=base_sizes)[None]
        one = _KMeansResult(np.zeros(1, np.int64), np.zeros(n_base, np.intp), center)
        return 1, 1, {}, one, clusterings, {"last_k": 1, "last_k_count": 1, "smoothed_k": 1}
    # Ties go to the larger k (Clojure's max-key keeps the last maximum).
    best_k = max(silhouettes, key=lambda kk: (silhouettes[kk], kk))
    last_k = prev.k_smoother.get("last_k")
    count = prev.k_smoother.get("last_k_count", 0) + 1 if last_k == best_k else 1
    current = prev.k_smoother.get("smoothed_k")
    smoothed = best_k if count >= cfg.k_buffer or current not in silhouettes else current
    chosen = results[smoothed]
    smoother = {"last_k": best_k, "last_k_count": count, "smoothed_k": smoothed}
    return best_k, len(chosen.ids), silhouettes, chosen, clusterings, smoother


def _result(run: _Run, votes: Votes, cfg: ClusteringConfig) -> OpinionGroups:
    keys = votes.participant_keys
    projection_map = {keys[i]: (float(run.projections[i, 0]), float(run.projections[i, 1])) for i in run.shown}
    state = run.next.to_json()
    k = run.k
    if len(run.in_conv) == 0:
        return OpinionGroups(0, 0, {}, {}, (), (), (), projection_map, {}, (), (), state)
    member_groups = run.group_of_base[run.base_labels]
    assignments = {keys[i]: int(g) for i, g in zip(run.in_conv, member_groups, strict=True)}
    group_sizes = tuple(int(x) for x in np.bincount(member_groups, minlength=k))
    base_clusters = tuple(
        BaseCluster(
            id=int(run.base_ids[b]),
            center=(float(run.base_centers[b, 0]), float(run.base_centers[b, 1])),
            members=tuple(keys[i] for i in run.in_conv[run.base_labels == b]),
            group=int(run.group_of_base[b]),
        )
        for b in range(len(run.base_ids))
    )
    # Statistics leave the moderated-out statements aside (Pol.is never shows them).
    active = ~run.moderated
    active_keys = [key for key, a in zip(votes.statement_keys, active, strict=True) if a]
    col_of = np.cumsum(active) - 1
    keep = active[votes.statements]
    stats = _group_statistics(
        votes.participants[keep], col_of[votes.statements[keep]], votes.values[keep], run.in_conv, member_groups,
        k, votes.n_participants, len(active_keys),
    )  # fmt: skip
    return OpinionGroups(
        k=k,
        best_k=run.best_k,
        silhouettes=run.silhouettes,
        assignments=assignments,
        group_sizes=group_sizes,
        group_centers=tuple((float(c[0]), float(c[1])) for c in run.group_centers),
        base_clusters=base_clusters,
        projections=projection_map,
        representative=_representative(stats, active_keys, cfg),
        consensus=_consensus(stats, active_keys, cfg),
        dividing=_dividing(stats, active_keys, cfg),
        state=state,
    )


# --- PCA and projection --------------------------------------------------------------------


def _centred_matrix(
    rows: NDArray[np.intp], cols: NDArray[np.intp], vals: NDArray[np.float64], n_p: int, n_c: int
) -> Any:
    """Mean-imputed, column-centred vote matrix; imputed cells centre to 0, so it stays sparse."""
    counts = np.bincount(cols, minlength=n_c)
    sums = np.bincount(cols, weights=vals, minlength=n_c)
    means = np.divide(sums, counts, out=np.zeros(n_c), where=counts > 0)
    return sp.csr_matrix((vals - means[cols], (rows, cols)), shape=(n_p, n_c))


# Above this many cells, X^T X v is applied through the sparse matrix instead of a dense Gram matrix.
_DENSE_GRAM_CELLS = 4_000_000


def _pca(
    centred: Any, column_keys: Sequence[Key], previous: Mapping[Key, tuple[float, float]], cfg: ClusteringConfig
) -> NDArray[np.float64]:
    """Two principal axes (2 × n_columns) by power iteration, as polismath's ``powerit-pca``."""
    n_p, n_c = centred.shape
    components = np.zeros((2, n_c))
    n_comp = min(2, n_p, n_c)
    if n_comp == 0:
        return components
    starts: list[NDArray[np.float64] | None] = [None, None]
    if previous:
        for c in range(2):
            start = np.array([previous[key][c] if key in previous else 1.0 for key in column_keys])
            starts[c] = start if np.any(start) else None
    rng = np.random.default_rng(cfg.random_state)
    gram = (centred.T @ centred).toarray() if n_p * n_c <= _DENSE_GRAM_CELLS else None
    factored: NDArray[np.float64] | None = None  # the component found so far, factored out

    def apply(v: NDArray[np.float64]) -> NDArray[np.float64]:
        if gram is not None:
            return _matvec(gram, v)
        if factored is None:
            return np.asarray(centred.T @ (centred @ v), dtype=np.float64)
        v = v - factored * _dot(factored, v)
        out = centred.T @ (centred @ v)
        return np.asarray(out - factored * _dot(factored, out), dtype=np.float64)

    for c in range(n_comp):
        begin = starts[c]
        pc = _power_iteration(apply, begin if begin is not None else rng.random(n_c), cfg.pca_iters)
        components[c] = pc
        norm2 = _dot(pc, pc)
        if c + 1 < n_comp and norm2 != 0.0:
            # "factor-matrix": remove the component from every row before looking for the next one.
            unit = pc / np.sqrt(norm2)
            if gram is not None:
                g = _matvec(gram, unit)
                gram = gram - np.outer(g, unit) - np.outer(unit, g) + _dot(unit, g) * np.outer(unit, unit)
            else:
                factored = unit
    return components


def _power_iteration(apply: Any, start: NDArray[np.float64], iters: int) -> NDArray[np.float64]:
    """polismath's ``power-iteration``: at most ``iters`` + 1 products, stop when the eigenvalue repeats."""
    vector, last = start, 0.0
    remaining = iters
    while True:
        product = apply(vector)
        eigval = float(np.sqrt(_dot(product, product)))
        normed = product / eigval if eigval > 0 else product
        if remaining <= 0 or eigval == last:
            return np.asarray(normed, dtype=np.float64)
        vector, last, remaining = normed, eigval, remaining - 1


# Reproducible products: BLAS (``@`` on dense arrays) sums in an order that depends on the CPU
# kernel and the thread count; elementwise products (each correctly rounded) summed by numpy's
# pairwise sum (a fixed order, whatever the CPU) give the same bits on every CPU.


def _dot(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    return float(np.add.reduce(a * b))


def _matvec(matrix: NDArray[np.float64], vector: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(np.add.reduce(matrix * vector, axis=1), dtype=np.float64)


# --- participants and clusters -------------------------------------------------------------


def _in_conversation(
    keys: Sequence[Key],
    vote_counts: NDArray[np.intp],
    n_columns: int,
    previous: frozenset[Key],
    cfg: ClusteringConfig,
) -> NDArray[np.intp]:
    """Indices (row order) of the participants taken into the clustering."""
    chosen = (vote_counts >= min(cfg.min_votes, n_columns)) & (vote_counts > 0)
    if previous:
        chosen |= np.fromiter((k in previous for k in keys), dtype=bool, count=len(keys))
    missing = cfg.greedy_n - int(chosen.sum())
    if missing > 0:
        # Most active first; ties by row order (first vote) so the choice is reproducible.
        order = np.lexsort((np.arange(len(keys)), -vote_counts))
        extra = [i for i in order if not chosen[i] and vote_counts[i] > 0][:missing]
        chosen[extra] = True
    return np.flatnonzero(chosen)


@dataclass(frozen=True)
class _KMeansResult:
    ids: NDArray[np.int64]  # ascending
    labels: NDArray[np.intp]  # per point: index into ids
    centers: NDArray[np.float64]


@dataclass(frozen=True)
class _Start:
    """The previous clusters over the current points."""

    ids: list[int]
    label: NDArray[np.intp]  # per current point: index into ids, -1 when new to the clustering
    sizes: list[int]  # members listed last time, present or not (Pol.is merges by this count)


def _previous_labels(clustering: _Clustering | None, keys: Sequence[Key]) -> _Start | None:
    if clustering is None:
        return None
    position = {key: i for i, key in enumerate(keys)}
    where = np.fromiter((position.get(key, -1) for key in clustering.member_keys), dtype=np.intp)
    label = np.full(len(keys), -1, dtype=np.intp)
    found = where >= 0
    label[where[found]] = clustering.member_of[found]
    sizes = np.bincount(clustering.member_of, minlength=len(clustering.ids))
    return _Start(clustering.ids.tolist(), label, sizes.tolist())


def _kmeans(
    points: NDArray[np.float64],
    weights: NDArray[np.float64] | None,
    k: int,
    previous: _Start | None,
    max_iters: int,
    cfg: ClusteringConfig,
) -> _KMeansResult:
    """polismath's ``kmeans``: a clean start from the previous clusters (or the first distinct points), then Lloyd."""
    if previous is not None:
        ids, centers = _clean_start(points, weights, previous, k)
    else:
        ids, centers = _first_distinct(points, k)
    remaining = max_iters
    while True:
        labels = _nearest(points, centers)
        used = np.bincount(labels, minlength=len(ids)) > 0
        new_ids, new_centers = ids[used], _means(points, weights, labels, len(ids))[used]
        if remaining <= 0 or _same_clustering(centers, new_centers, cfg.same_clustering):
            break
        ids, centers, remaining = new_ids, new_centers, remaining - 1
    renumber = np.cumsum(used) - 1
    order = np.argsort(new_ids, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return _KMeansResult(new_ids[order], rank[renumber[labels]].astype(np.intp), new_centers[order])


def _first_distinct(points: NDArray[np.float64], k: int) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """``init-clusters``: the first k distinct points, in order, as centres 0..k-1."""
    z = _as_complex(points)
    order = np.argsort(z, kind="stable")
    new = np.ones(len(z), dtype=bool)
    new[1:] = z[order[1:]] != z[order[:-1]]
    chosen = np.sort(order[new])[:k]  # the first occurrence of each distinct point
    return np.arange(len(chosen), dtype=np.int64), points[chosen].copy()


def _as_complex(points: NDArray[np.float64]) -> NDArray[np.complex128]:
    """2-D points as complex numbers: sorted lexicographically (x, then y), compared exactly."""
    return np.ascontiguousarray(points, dtype=np.float64).view(np.complex128).ravel()


def _means(
    points: NDArray[np.float64], weights: NDArray[np.float64] | None, labels: NDArray[np.intp], n: int
) -> NDArray[np.float64]:
    w = np.ones(len(points)) if weights is None else weights
    total = np.bincount(labels, weights=w, minlength=n)
    sums = np.stack(
        [
            np.bincount(labels, weights=w * points[:, 0], minlength=n),
            np.bincount(labels, weights=w * points[:, 1], minlength=n),
        ],
        axis=1,
    )
    return np.divide(sums, total[:, None], out=np.zeros((n, 2)), where=total[:, None] > 0)


def _nearest(points: NDArray[np.float64], centers: NDArray[np.float64]) -> NDArray[np.intp]:
    dx = points[:, 0, None] - centers[None, :, 0]
    dy = points[:, 1, None] - centers[None, :, 1]
    return np.argmin(dx * dx + dy * dy, axis=1).astype(np.intp)


def _same_clustering(a: NDArray[np.float64], b: NDArray[np.float64], threshold: float) -> bool:
    """Centres sorted, compared pairwise: all within ``threshold`` (``same-clustering?``)."""
    a = a[np.lexsort((a[:, 1], a[:, 0]))]
    b = b[np.lexsort((b[:, 1], b[:, 0]))]
    m = min(len(a), len(b))
    return bool(np.all(np.hypot(*(a[:m] - b[:m]).T) < threshold))


def _clean_start(
    points: NDArray[np.float64], weights: NDArray[np.float64] | None, start: _Start, k: int
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """``clean-start-clusters``: recentre, merge identical centres, split off the most distant points."""
    n = len(points)
    label = start.label.copy()
    present = np.bincount(label[label >= 0], minlength=len(start.ids)) > 0
    renumber = np.cumsum(present) - 1  # a cluster nobody is left in is dropped
    label = np.where(label >= 0, renumber[np.maximum(label, 0)], -1)
    ids = [cid for cid, p in zip(start.ids, present, strict=True) if p]
    sizes = [size for size, p in zip(start.sizes, present, strict=True) if p]
    if not ids:
        label[:] = 0
        ids, sizes = [max(start.ids) + 1], [n]
    centers = _means(points[label >= 0], None if weights is None else weights[label >= 0], label[label >= 0], len(ids))
    # Identical centres are merged, under the id of the larger cluster (the later one on a tie).
    first_with: dict[tuple[float, float], int] = {}
    merged_ids: list[int] = []
    merged_sizes: list[int] = []
    remap = np.empty(len(ids), dtype=np.intp)
    for j, (cid, size) in enumerate(zip(ids, sizes, strict=True)):
        key = (float(centers[j, 0]), float(centers[j, 1]))
        i = first_with.get(key)
        if i is None:
            first_with[key] = remap[j] = len(merged_ids)
            merged_ids.append(cid)
            merged_sizes.append(size)
        else:
            remap[j] = i
            merged_ids[i] = merged_ids[i] if merged_sizes[i] > size else cid
            merged_sizes[i] += size
    label = np.where(label >= 0, remap[np.maximum(label, 0)], -1)
    ids = merged_ids
    z = np.sort(_as_complex(points))
    possible = min(k, 1 + int(np.count_nonzero(z[1:] != z[:-1])) if len(z) else 0)
    while True:
        clustered = label >= 0
        used = np.bincount(label[clustered], minlength=len(ids)) > 0
        if not used.all():  # emptied by a split: dropped
            renumber = np.cumsum(used) - 1
            label = np.where(clustered, renumber[np.maximum(label, 0)], -1)
            ids = [cid for cid, u in zip(ids, used, strict=True) if u]
        centers = _means(points[clustered], None if weights is None else weights[clustered], label[clustered], len(ids))
        if possible <= len(ids):
            break
        dx = points[:, 0, None] - centers[None, :, 0]
        dy = points[:, 1, None] - centers[None, :, 1]
        nearest = np.sqrt(np.min(dx * dx + dy * dy, axis=1))
        far = n - 1 - int(np.argmax(nearest[::-1]))  # the last of equally distant points
        if nearest[far] <= 0:
            break
        label[far] = len(ids)  # leaves its cluster for a new one of its own
        ids.append(max(ids) + 1)
    return np.asarray(ids, dtype=np.int64), centers


def _pairwise(points: NDArray[np.float64]) -> NDArray[np.float64]:
    dx = points[:, 0, None] - points[None, :, 0]
    dy = points[:, 1, None] - points[None, :, 1]
    return np.asarray(np.sqrt(dx * dx + dy * dy), dtype=np.float64)


def _silhouette(distances: NDArray[np.float64], labels: NDArray[np.intp]) -> float:
    """Mean silhouette over the base clusters, unweighted; a member of a singleton group scores 0.

    So does a member of the only group (Pol.is has no other group to compare with there).
    """
    n = len(labels)
    n_labels = int(labels.max()) + 1
    onehot = np.zeros((n, n_labels))
    onehot[np.arange(n), labels] = 1.0
    counts = onehot.sum(axis=0)
    # Sum of the distances to each group's members (not ``distances @ onehot``: see _dot).
    sums = np.stack([np.add.reduce(distances[:, labels == g], axis=1) for g in range(n_labels)], axis=1)
    own_count = counts[labels]
    a = np.divide(sums[np.arange(n), labels], own_count - 1, out=np.zeros(n), where=own_count > 1)
    others = np.where(onehot > 0, np.inf, sums / np.maximum(counts, 1))
    b = others.min(axis=1)
    top = np.maximum(a, b)
    s = np.divide(b - a, top, out=np.zeros(n), where=(own_count > 1) & np.isfinite(b) & (top > 0))
    return float(s.mean())


# --- per-group statistics ------------------------------------------------------------------


@dataclass(frozen=True)
class _Stats:
    # Arrays are (k, n_statements): agree, disagree and seen counts per group, plus the
    # totals over all grouped participants.
    agree: NDArray[np.float64]
    disagree: NDArray[np.float64]
    seen: NDArray[np.float64]


def _group_statistics(
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    values: NDArray[np.int8],
    in_conv: NDArray[np.intp],
    member_groups: NDArray[np.intp],
    k: int,
    n_p: int,
    n_s: int,
) -> _Stats:
    """Counts of agree / disagree / seen (any vote, pass included, as Pol.is ``ns``) per group."""
    group_of = np.full(n_p, -1, dtype=np.intp)
    group_of[in_conv] = member_groups
    g = group_of[rows]
    grouped = g >= 0
    g, c, v = g[grouped], cols[grouped], values[grouped]
    flat = g * n_s + c
    size = k * n_s
    agree = np.bincount(flat[v == 1], minlength=size).reshape(k, n_s).astype(np.float64)
    disagree = np.bincount(flat[v == -1], minlength=size).reshape(k, n_s).astype(np.float64)
    seen = np.bincount(flat, minlength=size).reshape(k, n_s).astype(np.float64)
    return _Stats(agree, disagree, seen)


def _prop_test(success: NDArray[np.float64], n: NDArray[np.float64]) -> NDArray[np.float64]:
    """Pol.is one-proportion z against 0.5, with +1 pseudo-counts."""
    return np.asarray(2.0 * np.sqrt(n + 1.0) * ((success + 1.0) / (n + 1.0) - 0.5))


def _two_prop_test(
    success_in: NDArray[np.float64],
    success_out: NDArray[np.float64],
    n_in: NDArray[np.float64],
    n_out: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Pol.is two-proportion z (group vs the other groups), with +1 pseudo-counts."""
    s1, s2, n1, n2 = success_in + 1.0, success_out + 1.0, n_in + 1.0, n_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    denom = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return np.divide(s1 / n1 - s2 / n2, denom, out=np.zeros_like(denom), where=denom > 0)


def _representative(
    stats: _Stats, keys: Sequence[Key], cfg: ClusteringConfig
) -> dict[int, tuple[RepresentativeStatement, ...]]:
    """Top statements per group, ranked by Pol.is's repness metric ``ra * rat * pa * pat``.

    Pol.is's filter: both the one-proportion z (group vs 0.5) and the two-proportion z
    (group vs the participants of the other groups) must exceed the 90 % one-tailed threshold.
    Agree and disagree are scored separately; a statement is kept in its stronger direction.
    """
    k = stats.seen.shape[0]
    if k < 2:
        return dict.fromkeys(range(k), ())
    rest_seen = stats.seen.sum(axis=0) - stats.seen
    best: list[dict[int, RepresentativeStatement]] = [{} for _ in range(k)]
    directions: tuple[tuple[Direction, NDArray[np.float64]], ...] = (
        ("agree", stats.agree),
        ("disagree", stats.disagree),
    )
    for direction, counts in directions:
        rest = counts.sum(axis=0) - counts
        p = (counts + 1.0) / (stats.seen + 2.0)
        ratio = p / ((rest + 1.0) / (rest_seen + 2.0))
        p_z = _prop_test(counts, stats.seen)
        ratio_z = _two_prop_test(counts, rest, stats.seen, rest_seen)
        passes = (p_z > cfg.z_threshold) & (ratio_z > cfg.z_threshold) & (stats.seen > 0)
        score = ratio * ratio_z * p * p_z
        for group, s in zip(*np.nonzero(passes), strict=True):
            g, j = int(group), int(s)
            item = RepresentativeStatement(
                statement=keys[j],
                direction=direction,
                n_success=int(counts[g, j]),
                n_trials=int(stats.seen[g, j]),
                probability=float(p[g, j]),
                probability_z=float(p_z[g, j]),
                ratio=float(ratio[g, j]),
                ratio_z=float(ratio_z[g, j]),
                score=float(score[g, j]),
            )
            if j not in best[g] or best[g][j].score < item.score:
                best[g][j] = item
    return {
        g: tuple(sorted(found.values(), key=lambda r: (-r.score, str(r.statement)))[: cfg.n_representative])
        for g, found in enumerate(best)
    }


def _consensus(stats: _Stats, keys: Sequence[Key], cfg: ClusteringConfig) -> tuple[ConsensusStatement, ...]:
    """Statements every group agrees (or disagrees) with: p > 0.5 and z > 1.2816 in each group.

    Ranked by Pol.is's "group-aware consensus", the product of the groups' probabilities;
    up to ``n_consensus`` per direction, agreements first.
    """
    found: list[ConsensusStatement] = []
    directions: tuple[tuple[Direction, NDArray[np.float64]], ...] = (
        ("agree", stats.agree),
        ("disagree", stats.disagree),
    )
    for direction, counts in directions:
        p = (counts + 1.0) / (stats.seen + 2.0)
        p_z = _prop_test(counts, stats.seen)
        ok = ((p > 0.5) & (p_z > cfg.z_threshold)).all(axis=0)
        score = np.prod(p, axis=0)
        picked = sorted(np.flatnonzero(ok).tolist(), key=lambda j: (-score[j], str(keys[j])))
        found.extend(
            ConsensusStatement(
                statement=keys[j],
                direction=direction,
                probabilities=tuple(float(x) for x in p[:, j]),
                score=float(score[j]),
            )
            for j in picked[: cfg.n_consensus]
        )
    return tuple(found)


def _dividing(stats: _Stats, keys: Sequence[Key], cfg: ClusteringConfig) -> tuple[DividingStatement, ...]:
    """Statements with the largest gap between the groups' (smoothed) agree probabilities."""
    if stats.seen.shape[0] < 2:
        return ()
    p = (stats.agree + 1.0) / (stats.seen + 2.0)
    spread = p.max(axis=0) - p.min(axis=0)
    picked = sorted(np.flatnonzero(spread > 0).tolist(), key=lambda j: (-spread[j], str(keys[j])))
    return tuple(
        DividingStatement(
            statement=keys[j],
            agree_probabilities=tuple(float(x) for x in p[:, j]),
            spread=float(spread[j]),
        )
        for j in picked[: cfg.n_dividing]
    )
