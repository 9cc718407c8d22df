"""Opinion groups of a conversation, computed with the Pol.is method.

Pure Python (numpy, scipy.sparse, scikit-learn); no Django. The caller gives the votes
(latest vote per participant and statement, see :func:`latest_votes`), the indices of the
moderated-out statements and the ``state`` returned by the previous run, and gets an
:class:`OpinionGroups` back, whose ``state`` (JSON-serialisable) feeds the next run.

Steps, as in Pol.is (compdemocracy/polis, ``math/src/polismath/math``):

1. Participants × statements matrix. A moderated-out statement is dropped: its zeroed
   column would be constant, so it carries no variance, and its votes are not counted
   anywhere (vote counts, projection scaling, statistics), so it has no influence at all.
2. PCA with 2 components on all participants, missing votes imputed with the statement
   mean. Imputed cells equal the column mean, so once centred they are 0: the centred
   matrix is sparse (``vote - mean`` where observed) and goes to ARPACK (``svds``) as is;
   small matrices use an exact dense SVD.
3. Each projection is scaled by ``sqrt(n_statements / n_votes)`` (Pol.is
   "sparsity-aware" projection) so that people who voted little are not piled up at the
   centre. ``n_statements`` counts the statements not moderated out.
4. "In-conversation" participants: at least ``min(7, n_statements)`` votes, topped up to
   15 with the most active voters; once in, never dropped (kept in ``state``).
5. Base clusters: k-means with ``k = min(100, n_in_conv)`` on the 2-D projections (fewer
   when fewer distinct positions exist), warm-started from the previous centres.
6. Groups: k-means over base-cluster centres weighted by their sizes, for each k from 2 to
   ``min(5, 2 + n_base // 12)``, each warm-started from the previous run's centres for
   that k. k is chosen by the mean silhouette of the base-cluster centres, *unweighted*,
   as Pol.is does: each base cluster counts once, so a big blob cannot drown a small,
   well separated group. (Weighting by size was tried: on brexit-consensus it prefers 3
   groups to Pol.is's 2, and the agreement with Pol.is drops from ARI 0.88 to 0.56.)
   A new best k replaces the current one only after ``k_buffer`` (3) consecutive wins.
7. Representative statements (:func:`_representative`), consensus (:func:`_consensus`)
   and dividing statements (:func:`_dividing`) from agree / disagree / seen counts per group.

Deterministic: fixed ``random_state`` and ARPACK start vector, k-means run to an exact
fixed point (``tol=0``) and warm-started from it, PCA axis signs aligned with the previous
run. The same votes with the previous state therefore give the same groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.linalg import ArpackError, ArpackNoConvergence, svds  # type: ignore[import-untyped]
from sklearn.cluster import KMeans  # type: ignore[import-untyped]
from sklearn.metrics import silhouette_samples  # type: ignore[import-untyped]
from sklearn.utils.extmath import randomized_svd  # type: ignore[import-untyped]
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

__all__ = [
    "STATE_VERSION",
    "BaseCluster",
    "ClusteringConfig",
    "ConsensusStatement",
    "Direction",
    "DividingStatement",
    "Key",
    "OpinionGroups",
    "RepresentativeStatement",
    "Votes",
    "compute_opinion_groups",
    "latest_votes",
]

# Participant and statement identifiers: int or str so that ``state`` stays JSON-serialisable.
Key = int | str
Direction = Literal["agree", "disagree"]

STATE_VERSION = 1

# One-tailed 90 % threshold of the standard normal, as Pol.is's ``z-sig-90?``.
Z_90 = 1.2816


@dataclass(frozen=True)
class ClusteringConfig:
    """Tuning knobs; the defaults are Pol.is's."""

    min_votes: int = 7  # votes needed to be "in conversation" (capped at n_statements)
    greedy_n: int = 15  # minimum in-conv participants, topped up with the most active
    base_k: int = 100
    max_k: int = 5
    k_buffer: int = 3  # consecutive wins a new k needs before it replaces the current one
    base_n_init: int = 10
    group_n_init: int = 20
    max_iter: int = 300
    # 0 = iterate until no label changes: the centres are then an exact fixed point, so a run
    # warm-started from them on the same votes gives the very same clusters.
    tol: float = 0.0
    random_state: int = 0
    n_representative: int = 5
    n_consensus: int = 5  # per direction
    n_dividing: int = 5
    z_threshold: float = Z_90


@dataclass(frozen=True)
class Votes:
    """Resolved votes: one row per (participant, statement), indices into the key tuples."""

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
) -> Votes:
    """Keep the latest vote (by timestamp, then row order) of each participant on each statement.

    ``participants`` and ``statements`` are raw identifiers (int or str); they become the
    keys of the returned :class:`Votes`, sorted. ``all_statements`` adds statements nobody
    voted on, so that they count in ``n_statements``.
    """
    p_raw = np.asarray(participants)
    s_raw = np.asarray(statements)
    v = np.asarray(values)
    t = np.asarray(timestamps)
    if not (len(p_raw) == len(s_raw) == len(v) == len(t)):
        raise ValueError("participants, statements, values and timestamps must have the same length")
    p_keys, p_idx = np.unique(p_raw, return_inverse=True)
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
    """Run the whole Pol.is computation. ``moderated_out`` holds statement indices."""
    cfg = config or ClusteringConfig()
    prev = _PreviousState.parse(previous_state)

    active = np.ones(votes.n_statements, dtype=bool)
    for index in moderated_out:
        if 0 <= index < votes.n_statements:
            active[index] = False
    # Column index among active statements; moderated-out votes vanish entirely.
    col_of = np.cumsum(active) - 1
    keep = active[votes.statements]
    rows = votes.participants[keep]
    cols = col_of[votes.statements[keep]]
    vals = votes.values[keep].astype(np.float64)
    active_keys = [k for k, a in zip(votes.statement_keys, active, strict=True) if a]
    n_p, n_s = votes.n_participants, len(active_keys)

    vote_counts = np.bincount(rows, minlength=n_p)
    centred = _centred_matrix(rows, cols, vals, n_p, n_s)
    if centred.nnz != len(rows):  # the CSR conversion merged duplicated cells
        raise ValueError("several votes for the same participant and statement: resolve them first (latest_votes)")
    components = _pca_components(centred, active_keys, prev.components, cfg.random_state)
    projections = _project(centred, vote_counts, components)

    in_conv = _in_conversation(votes.participant_keys, vote_counts, n_s, prev.in_conv, cfg)
    present = set(votes.participant_keys)
    state: dict[str, Any] = {
        "version": STATE_VERSION,
        # Previous members absent from these votes stay listed: once in, never dropped.
        "in_conv": [votes.participant_keys[i] for i in in_conv]
        + [key for key in prev.in_conv_order if key not in present],
        "components": [[key, float(c[0]), float(c[1])] for key, c in zip(active_keys, components, strict=True)],
        "base_centers": [],
        "group_centers": {},
        "k_smoother": dict(prev.k_smoother),
    }
    shown = np.flatnonzero(vote_counts > 0)
    projection_map = {votes.participant_keys[i]: (float(projections[i, 0]), float(projections[i, 1])) for i in shown}
    for i in in_conv:
        projection_map.setdefault(votes.participant_keys[i], (float(projections[i, 0]), float(projections[i, 1])))

    if len(in_conv) == 0:
        return OpinionGroups(0, 0, {}, {}, (), (), (), projection_map, {}, (), (), state)

    points = projections[in_conv]
    # k-means on a few thousand 2-D points: OpenMP threads cost more than they bring
    # (measured 4× slower on 2 cores), so run single-threaded.
    with threadpool_limits(limits=1, user_api="openmp"):
        base_labels, base_centers = _base_clusters(points, prev.base_centers, cfg)
        base_sizes = np.bincount(base_labels, minlength=len(base_centers))
        group_of_base, group_centers, k, best_k, silhouettes, smoother, clusterings = _group_clusters(
            base_centers, base_sizes, prev, cfg
        )
    state["base_centers"] = base_centers.tolist()
    state["group_centers"] = {str(kk): centers.tolist() for kk, centers in clusterings.items()}
    state["k_smoother"] = smoother

    member_groups = group_of_base[base_labels]
    assignments = {votes.participant_keys[i]: int(g) for i, g in zip(in_conv, member_groups, strict=True)}
    group_sizes = tuple(int(x) for x in np.bincount(member_groups, minlength=k))
    base_clusters = tuple(
        BaseCluster(
            id=b,
            center=(float(base_centers[b, 0]), float(base_centers[b, 1])),
            members=tuple(votes.participant_keys[i] for i in in_conv[base_labels == b]),
            group=int(group_of_base[b]),
        )
        for b in range(len(base_centers))
    )

    stats = _group_statistics(rows, cols, votes.values[keep], in_conv, member_groups, k, n_p, n_s)
    representative = _representative(stats, active_keys, cfg)
    consensus = _consensus(stats, active_keys, cfg)
    dividing = _dividing(stats, active_keys, cfg)

    return OpinionGroups(
        k=k,
        best_k=best_k,
        silhouettes=silhouettes,
        assignments=assignments,
        group_sizes=group_sizes,
        group_centers=tuple((float(c[0]), float(c[1])) for c in group_centers),
        base_clusters=base_clusters,
        projections=projection_map,
        representative=representative,
        consensus=consensus,
        dividing=dividing,
        state=state,
    )


# --- previous state ------------------------------------------------------------------------


@dataclass(frozen=True)
class _PreviousState:
    in_conv: frozenset[Key]
    in_conv_order: tuple[Key, ...]
    components: dict[Key, tuple[float, float]]
    base_centers: NDArray[np.float64] | None
    group_centers: dict[int, NDArray[np.float64]]
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
        base = _centers_or_none(state.get("base_centers"))
        groups: dict[int, NDArray[np.float64]] = {}
        for kk, centers in dict(state.get("group_centers", {})).items():
            array = _centers_or_none(centers)
            if array is not None and len(array) == int(kk):
                groups[int(kk)] = array
        smoother = {
            name: int(value)
            for name, value in dict(state.get("k_smoother", {})).items()
            if name in ("last_k", "last_k_count", "smoothed_k") and value is not None
        }
        return cls(frozenset(in_conv_order), in_conv_order, components, base, groups, smoother)


def _centers_or_none(value: Any) -> NDArray[np.float64] | None:
    if not value:
        return None
    array = np.asarray(value, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 2 or not np.isfinite(array).all():
        return None
    return array


def _py_key(value: Any) -> Key:
    # numpy scalars and JSON round trips must give back plain int / str keys.
    if isinstance(value, (bool, np.bool_)):
        raise ValueError("keys must be int or str")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, str):
        return value
    raise ValueError(f"keys must be int or str, not {type(value).__name__}")


# --- PCA and projection --------------------------------------------------------------------


def _centred_matrix(
    rows: NDArray[np.intp], cols: NDArray[np.intp], vals: NDArray[np.float64], n_p: int, n_s: int
) -> Any:
    """Mean-imputed, column-centred vote matrix; imputed cells centre to 0, so it stays sparse."""
    counts = np.bincount(cols, minlength=n_s)
    sums = np.bincount(cols, weights=vals, minlength=n_s)
    means = np.divide(sums, counts, out=np.zeros(n_s), where=counts > 0)
    return sp.csr_matrix((vals - means[cols], (rows, cols)), shape=(n_p, n_s))


def _pca_components(
    centred: Any, statement_keys: Sequence[Key], previous: Mapping[Key, tuple[float, float]], random_state: int
) -> NDArray[np.float64]:
    """Top-2 principal axes (n_s × 2) of the mean-imputed vote matrix."""
    n_p, n_s = centred.shape
    components = np.zeros((n_s, 2))
    if n_s == 0 or n_p == 0:
        return components
    n_comp = min(2, n_p, n_s)
    if not np.any(centred.data):
        return components  # everybody votes alike: no direction of disagreement
    if min(n_p, n_s) <= 3 or n_p * n_s <= 250_000:
        # Small conversations: exact dense SVD is cheaper than ARPACK and has no start vector.
        _, _, vt = np.linalg.svd(centred.toarray(), full_matrices=False)
        axes = vt[:n_comp]
    else:
        # Fixed start vector: ARPACK is then deterministic from run to run.
        v0 = np.random.default_rng(random_state).uniform(0.5, 1.5, size=min(n_p, n_s))
        try:
            _, singular, vt = svds(centred, k=n_comp, v0=v0, solver="arpack")
        except (ArpackError, ArpackNoConvergence):
            _, singular, vt = randomized_svd(centred, n_comp, n_iter=10, random_state=random_state)
        axes = vt[np.argsort(-singular)]
    components[:, :n_comp] = axes.T
    # A singular vector's sign is arbitrary: follow the previous run, else a fixed convention.
    old = np.array([previous.get(key, (0.0, 0.0)) for key in statement_keys]) if previous else None
    for c in range(2):
        axis = components[:, c]
        reference = float(axis @ old[:, c]) if old is not None else 0.0
        if reference == 0.0:
            reference = float(axis[np.argmax(np.abs(axis))])
        if reference < 0:
            components[:, c] = -axis
    return components


def _project(centred: Any, vote_counts: NDArray[np.intp], components: NDArray[np.float64]) -> NDArray[np.float64]:
    """Pol.is sparsity-aware projection: only observed votes, scaled by sqrt(n_s / n_votes)."""
    n_p, n_s = centred.shape
    if n_s == 0 or n_p == 0:
        return np.zeros((n_p, 2))
    projected = np.asarray(centred @ components)
    scale = np.sqrt(n_s / np.maximum(vote_counts, 1))
    return projected * scale[:, None]


# --- participants and clusters -------------------------------------------------------------


def _in_conversation(
    keys: Sequence[Key],
    vote_counts: NDArray[np.intp],
    n_s: int,
    previous: frozenset[Key],
    cfg: ClusteringConfig,
) -> NDArray[np.intp]:
    """Indices (sorted) of participants taken into the clustering."""
    chosen = vote_counts >= max(1, min(cfg.min_votes, n_s))
    chosen &= vote_counts > 0
    if previous:
        chosen |= np.fromiter((k in previous for k in keys), dtype=bool, count=len(keys))
    missing = cfg.greedy_n - int(chosen.sum())
    if missing > 0:
        # Most active first, ties by index so the choice is reproducible.
        order = np.lexsort((np.arange(len(keys)), -vote_counts))
        extra = [i for i in order if not chosen[i] and vote_counts[i] > 0][:missing]
        chosen[extra] = True
    return np.flatnonzero(chosen)


def _base_clusters(
    points: NDArray[np.float64], previous: NDArray[np.float64] | None, cfg: ClusteringConfig
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Labels of ``points`` and base-cluster centres."""
    distinct, inverse = np.unique(points, axis=0, return_inverse=True)
    k = min(cfg.base_k, len(distinct))
    if k == len(distinct):
        # As many clusters as distinct positions: each position is its own cluster.
        return inverse.ravel().astype(np.intp), distinct
    if previous is not None:
        init = _extend_centers(points, previous[:k], k)
        model = KMeans(
            n_clusters=k, init=init, n_init=1, max_iter=cfg.max_iter, tol=cfg.tol, random_state=cfg.random_state
        )
    else:
        model = KMeans(
            n_clusters=k, n_init=cfg.base_n_init, max_iter=cfg.max_iter, tol=cfg.tol, random_state=cfg.random_state
        )
    labels = model.fit_predict(points)
    return _drop_empty(labels, model.cluster_centers_)


def _extend_centers(points: NDArray[np.float64], centers: NDArray[np.float64], k: int) -> NDArray[np.float64]:
    """Add the most distant points as new centres until there are k (Pol.is "most distal")."""
    chosen = list(centers)
    nearest = (
        np.min(np.linalg.norm(points[:, None, :] - np.asarray(chosen)[None, :, :], axis=2), axis=1)
        if chosen
        else np.full(len(points), np.inf)
    )
    while len(chosen) < k:
        far = int(np.argmax(nearest))
        chosen.append(points[far])
        nearest = np.minimum(nearest, np.linalg.norm(points - points[far], axis=1))
    return np.asarray(chosen, dtype=np.float64)


def _drop_empty(labels: NDArray[np.intp], centers: NDArray[np.float64]) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    used = np.bincount(labels, minlength=len(centers)) > 0
    if used.all():
        return labels.astype(np.intp), np.asarray(centers, dtype=np.float64)
    renumber = np.cumsum(used) - 1
    return renumber[labels].astype(np.intp), np.asarray(centers[used], dtype=np.float64)


def _group_clusters(
    base_centers: NDArray[np.float64],
    base_sizes: NDArray[np.intp],
    prev: _PreviousState,
    cfg: ClusteringConfig,
) -> tuple[
    NDArray[np.intp], NDArray[np.float64], int, int, dict[int, float], dict[str, int], dict[int, NDArray[np.float64]]
]:
    """Weighted k-means of the base clusters for each candidate k, then the smoothed choice of k."""
    n_base = len(base_centers)
    max_k = min(cfg.max_k, 2 + n_base // 12, n_base)
    if max_k < 2:
        center = np.average(base_centers, axis=0, weights=base_sizes)[None, :]
        smoother = {"last_k": 1, "last_k_count": 1, "smoothed_k": 1}
        return np.zeros(n_base, dtype=np.intp), center, 1, 1, {}, smoother, {}

    clusterings: dict[int, NDArray[np.float64]] = {}
    labelings: dict[int, NDArray[np.intp]] = {}
    silhouettes: dict[int, float] = {}
    for k in range(2, max_k + 1):
        labels, centers = _weighted_kmeans(base_centers, base_sizes, k, prev.group_centers.get(k), cfg)
        clusterings[k] = centers
        labelings[k] = labels
        silhouettes[k] = _silhouette(base_centers, labels)

    # Ties go to the smaller k.
    best_k = max(silhouettes, key=lambda kk: (silhouettes[kk], -kk))
    last_k = prev.k_smoother.get("last_k")
    count = prev.k_smoother.get("last_k_count", 0) + 1 if last_k == best_k else 1
    current = prev.k_smoother.get("smoothed_k")
    # First run (or a k no longer possible): take the best directly; otherwise wait for k_buffer wins.
    k = current if current is not None and current in clusterings and count < cfg.k_buffer else best_k
    smoother = {"last_k": best_k, "last_k_count": count, "smoothed_k": k}
    return labelings[k], clusterings[k], k, best_k, silhouettes, smoother, clusterings


def _weighted_kmeans(
    centers: NDArray[np.float64],
    weights: NDArray[np.intp],
    k: int,
    previous: NDArray[np.float64] | None,
    cfg: ClusteringConfig,
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    if previous is not None:
        model = KMeans(
            n_clusters=k, init=previous, n_init=1, max_iter=cfg.max_iter, tol=cfg.tol, random_state=cfg.random_state
        )
        model.fit(centers, sample_weight=weights)
        return model.labels_.astype(np.intp), np.asarray(model.cluster_centers_, dtype=np.float64)
    model = KMeans(
        n_clusters=k, n_init=cfg.group_n_init, max_iter=cfg.max_iter, tol=cfg.tol, random_state=cfg.random_state
    )
    model.fit(centers, sample_weight=weights)
    labels = model.labels_.astype(np.intp)
    result_centers = np.asarray(model.cluster_centers_, dtype=np.float64)
    # Fresh run: number groups by decreasing size (then x) so that group 0 is the largest.
    size = np.bincount(labels, weights=weights, minlength=k)
    order = np.lexsort((result_centers[:, 1], result_centers[:, 0], -size))
    rank = np.empty(k, dtype=np.intp)
    rank[order] = np.arange(k)
    return rank[labels], result_centers[order]


def _silhouette(points: NDArray[np.float64], labels: NDArray[np.intp]) -> float:
    """Mean silhouette over base clusters; a singleton cluster scores 0, as in Pol.is."""
    n_labels = len(np.unique(labels))
    if n_labels < 2:
        return -1.0
    if n_labels >= len(points):
        return 0.0
    return float(np.mean(silhouette_samples(points, labels)))


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
