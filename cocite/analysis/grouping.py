"""Theme grouping and near-duplicate detection on French texts: a pure module (no database).

    texts (id, title + body)
      -> TF-IDF of Snowball stems and stem bigrams (sublinear tf, l2)   [FrenchAnalyzer]
      -> LSA: truncated SVD to <= 100 dimensions, re-normalised          (large corpora only)
      -> spherical k-means (k-means on unit vectors ~ cosine), k chosen by the best
         cosine silhouette over a dozen candidate k, on a fixed sample
      -> a label per theme: the terms most over-represented in the theme (cluster mean
         minus corpus mean of TF-IDF), written with their most frequent surface words.

Near-duplicates are pairs whose TF-IDF cosine similarity reaches a threshold, computed by
sparse products in row blocks so memory stays bounded.

Everything is deterministic: inputs are sorted by id, every estimator has random_state=0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext_noop
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.cluster import KMeans, MiniBatchKMeans  # type: ignore[import-untyped]
from sklearn.decomposition import TruncatedSVD  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.metrics import silhouette_score  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from .text import FrenchAnalyzer

# progress(percent, step): steps are French msgids, translated when shown.
Progress = Callable[[int, str], None]
STEP_VOCABULARY = gettext_noop("Analyse du vocabulaire")
STEP_DUPLICATES = gettext_noop("Recherche des doublons probables")
STEP_REDUCTION = gettext_noop("Réduction de dimension")
STEP_CHOOSING_K = gettext_noop("Essai de plusieurs nombres de thèmes")
STEP_LABELS = gettext_noop("Choix des intitulés")
STEP_DONE = gettext_noop("Thèmes calculés")

RANDOM_STATE = 0
MAX_THEMES = 40
LSA_MIN_DOCUMENTS = 300
LSA_COMPONENTS = 100
SILHOUETTE_SAMPLE = 2000
MINIBATCH_FROM = 3000
K_CANDIDATES = 12
LABEL_TERMS = 3
BIGRAM_WEIGHT = 0.5
# Weight of the themes people chose themselves, next to the words of their text (rows are
# re-normalised after stacking): a hint that helps on small consultations, where every
# project is different and words alone mostly share place names.
TAG_WEIGHT = 0.6
DUPLICATE_THRESHOLD = 0.6
MAX_DUPLICATES = 500
DUPLICATE_BLOCK = 1000


@dataclass
class ProposedTheme:
    label: str
    terms: list[str]
    members: list[int]


@dataclass
class GroupingResult:
    themes: list[ProposedTheme]
    # Texts with no usable word (empty, or only words found nowhere else).
    unclassified: list[int]
    k: int
    silhouette: float | None
    duplicates: list[tuple[int, int, float]] = field(default_factory=list)


def _noop(percent: int, message: str) -> None:
    return None


def vectorize(
    texts: Sequence[str], stop: frozenset[str] = frozenset()
) -> tuple[sparse.csr_matrix, list[str], FrenchAnalyzer]:
    """TF-IDF matrix (rows l2-normalised), feature names, and the analyser (for surface words)."""
    analyzer = FrenchAnalyzer(stop=stop)
    many = len(texts) >= 50
    vectorizer = TfidfVectorizer(
        analyzer=analyzer,
        min_df=2 if len(texts) >= 20 else 1,
        max_df=0.5 if many else 1.0,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary
        return sparse.csr_matrix((len(texts), 0), dtype=np.float32), [], analyzer
    features = list(vectorizer.get_feature_names_out())
    # A bigram repeats its two words: down-weighted, it labels a theme without splitting it.
    weights = np.array([BIGRAM_WEIGHT if " " in f else 1.0 for f in features], dtype=np.float32)
    matrix = normalize(matrix.tocsr() @ sparse.diags(weights))
    return matrix.tocsr(), features, analyzer


def _candidate_ks(n: int, max_k: int) -> list[int]:
    upper = min(max_k, max(2, 2 * int(math.sqrt(n / 2))), n - 1)
    if upper < 2:
        return []
    return sorted({round(float(k)) for k in np.linspace(2, upper, num=min(K_CANDIDATES, upper - 1))})


def _kmeans(points: NDArray[np.float64] | sparse.csr_matrix, k: int, *, n_init: int) -> NDArray[np.intp]:
    model: KMeans | MiniBatchKMeans
    if points.shape[0] >= MINIBATCH_FROM:
        model = MiniBatchKMeans(n_clusters=k, random_state=RANDOM_STATE, n_init=n_init, batch_size=2048)
    else:
        model = KMeans(n_clusters=k, random_state=RANDOM_STATE, n_init=n_init)
    return np.asarray(model.fit_predict(points), dtype=np.intp)


def _label(
    matrix: sparse.csr_matrix,
    rows: NDArray[np.intp],
    corpus_mean: NDArray[np.float64],
    corpus_coverage: NDArray[np.float64],
    features: list[str],
    analyzer: FrenchAnalyzer,
) -> list[str]:
    """Surface words of the terms most over-represented in `rows`, bigrams first when they cover unigrams."""
    # How many more of the theme's texts use a term than texts overall (coverage, not weight:
    # a label should describe most of the theme), TF-IDF weight breaking ties.
    cluster = matrix[rows]
    coverage = np.asarray((cluster > 0).mean(axis=0)).ravel()
    cluster_mean = np.asarray(cluster.mean(axis=0)).ravel()
    lift = (coverage - corpus_coverage) + 0.1 * (cluster_mean - corpus_mean)
    order = np.argsort(-lift, kind="stable")[: LABEL_TERMS * 4]
    chosen: list[str] = []
    covered: set[str] = set()
    for index in order:
        if lift[index] <= 0 or len(chosen) >= LABEL_TERMS:
            break
        feature = features[index]
        parts = feature.split(" ")
        if feature in covered or (len(parts) == 1 and feature in covered):
            continue
        if len(parts) == 2 and any(p in covered for p in parts) and len(chosen) >= 1:
            continue
        chosen.append(feature)
        covered.update(parts)
        covered.add(feature)
    return [analyzer.surface(feature) for feature in chosen]


def label_from_terms(terms: Sequence[str]) -> str:
    if not terms:
        return ""
    text = ", ".join(terms)
    return text[:1].upper() + text[1:]


def near_duplicates(
    matrix: sparse.csr_matrix,
    ids: Sequence[int],
    *,
    threshold: float = DUPLICATE_THRESHOLD,
    limit: int = MAX_DUPLICATES,
) -> list[tuple[int, int, float]]:
    """Pairs (smaller id, larger id, cosine) with similarity >= threshold, best first, at most `limit`."""
    n = matrix.shape[0]
    if n < 2 or matrix.shape[1] == 0:
        return []
    transposed = matrix.T.tocsc()  # columns sliced below: only pairs (row, col > row) are computed
    values: list[NDArray[np.float32]] = []
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    for start in range(0, n, DUPLICATE_BLOCK):
        block = (matrix[start : start + DUPLICATE_BLOCK] @ transposed[:, start:]).tocoo()
        block_rows = block.row.astype(np.int64) + start
        block_cols = block.col.astype(np.int64) + start
        keep = (block_cols > block_rows) & (block.data >= threshold - 1e-6)
        if not keep.any():
            continue
        kept_values, kept_rows, kept_cols = block.data[keep], block_rows[keep], block_cols[keep]
        if len(kept_values) > limit:  # only the best `limit` of each block can make the final list
            best = np.argpartition(-kept_values, limit)[:limit]
            kept_values, kept_rows, kept_cols = kept_values[best], kept_rows[best], kept_cols[best]
        values.append(kept_values)
        rows.append(kept_rows)
        cols.append(kept_cols)
    if not values:
        return []
    all_values, all_rows, all_cols = np.concatenate(values), np.concatenate(rows), np.concatenate(cols)
    # Best first; ties broken by position so the list is stable.
    order = np.lexsort((all_cols, all_rows, -all_values))[:limit]
    pairs = []
    for index in order:
        a, b = sorted((ids[int(all_rows[index])], ids[int(all_cols[index])]))
        pairs.append((a, b, round(min(float(all_values[index]), 1.0), 4)))
    return pairs


def _tag_matrix(ids: Sequence[int], tags: Mapping[int, Sequence[str]]) -> sparse.csr_matrix:
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for row, doc_id in enumerate(ids):
        for tag in set(tags.get(doc_id, ())):
            rows.append(row)
            cols.append(vocabulary.setdefault(tag, len(vocabulary)))
    counts = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(ids), max(len(vocabulary), 1))
    )
    # Rare tags say more than common ones, as for words.
    document_frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
    idf = np.log((1 + len(ids)) / (1 + document_frequency)) + 1
    return normalize(counts @ sparse.diags(idf))


def group_texts(
    documents: Sequence[tuple[int, str]],
    *,
    progress: Progress = _noop,
    max_k: int = MAX_THEMES,
    duplicate_threshold: float = DUPLICATE_THRESHOLD,
    stop: frozenset[str] = frozenset(),
    tags: Mapping[int, Sequence[str]] | None = None,
) -> GroupingResult:
    """Group (id, text) pairs into themes and flag near-duplicates. Deterministic.

    Runs single-threaded: on a shared machine (web workers, other tasks) OpenMP/BLAS
    threads that wait on each other made k-means three to six times slower, not faster.
    """
    with threadpool_limits(limits=1):
        return _group_texts(
            documents,
            progress=progress,
            max_k=max_k,
            duplicate_threshold=duplicate_threshold,
            stop=stop,
            tags=tags or {},
        )


def _group_texts(
    documents: Sequence[tuple[int, str]],
    *,
    progress: Progress,
    max_k: int,
    duplicate_threshold: float,
    stop: frozenset[str],
    tags: Mapping[int, Sequence[str]],
) -> GroupingResult:
    documents = sorted(documents, key=lambda item: item[0])
    ids = [doc_id for doc_id, _text in documents]
    progress(5, STEP_VOCABULARY)
    matrix, features, analyzer = vectorize([text for _id, text in documents], stop)
    progress(30, STEP_DUPLICATES)
    duplicates = near_duplicates(matrix, ids, threshold=duplicate_threshold)

    features_matrix = matrix
    if any(tags.get(doc_id) for doc_id in ids):
        features_matrix = normalize(sparse.hstack([matrix, TAG_WEIGHT * _tag_matrix(ids, tags)]).tocsr())
    nonzero = (
        np.flatnonzero(features_matrix.getnnz(axis=1) > 0) if features_matrix.shape[1] else np.array([], dtype=np.intp)
    )
    unclassified = sorted(set(ids) - {ids[i] for i in nonzero})
    if len(nonzero) == 0:
        progress(95, STEP_DONE)
        return GroupingResult(themes=[], unclassified=unclassified, k=0, silhouette=None, duplicates=duplicates)
    usable = features_matrix[nonzero]
    text_usable = matrix[nonzero]
    corpus_mean = np.asarray(text_usable.mean(axis=0)).ravel()
    corpus_coverage = np.asarray((text_usable > 0).mean(axis=0)).ravel()

    # float64 throughout: scikit-learn upcasts float32 in its distance computations anyway.
    points: NDArray[np.float64] | sparse.csr_matrix
    if usable.shape[0] >= LSA_MIN_DOCUMENTS and usable.shape[1] > LSA_COMPONENTS:
        progress(40, STEP_REDUCTION)
        svd = TruncatedSVD(n_components=LSA_COMPONENTS, random_state=RANDOM_STATE)
        points = normalize(svd.fit_transform(usable.astype(np.float64)))
    else:
        points = usable.astype(np.float64)

    candidates = _candidate_ks(usable.shape[0], max_k)
    best_labels = np.zeros(usable.shape[0], dtype=np.intp)
    best_k, best_score = 1, None
    if candidates:
        rng = np.random.default_rng(RANDOM_STATE)
        sample = (
            np.sort(rng.choice(usable.shape[0], size=SILHOUETTE_SAMPLE, replace=False))
            if usable.shape[0] > SILHOUETTE_SAMPLE
            else np.arange(usable.shape[0])
        )
        for step, k in enumerate(candidates):
            progress(45 + int(40 * step / len(candidates)), STEP_CHOOSING_K)
            # One initialisation per candidate to compare k; the chosen k is refitted with more.
            labels = _kmeans(points, k, n_init=1 if usable.shape[0] >= MINIBATCH_FROM else 4)
            if len(set(labels[sample].tolist())) < 2:
                continue
            score = float(silhouette_score(points[sample], labels[sample], metric="cosine"))
            if best_score is None or score > best_score + 1e-9:
                best_k, best_score = k, score
        if best_score is not None:
            progress(85, STEP_CHOOSING_K)
            best_labels = _kmeans(points, best_k, n_init=4)

    progress(88, STEP_LABELS)
    themes = []
    for cluster in range(best_k):
        rows = np.flatnonzero(best_labels == cluster)
        if len(rows) == 0:
            continue
        terms = _label(text_usable, rows, corpus_mean, corpus_coverage, features, analyzer)
        members = sorted(ids[nonzero[i]] for i in rows)
        themes.append(ProposedTheme(label=label_from_terms(terms), terms=terms, members=members))
    # Largest themes first; ties by smallest member id, for a stable order.
    themes.sort(key=lambda theme: (-len(theme.members), theme.members[0]))
    progress(95, STEP_DONE)
    return GroupingResult(
        themes=themes, unclassified=unclassified, k=best_k, silhouette=best_score, duplicates=duplicates
    )
