"""Benchmark of the opinion-group computation on a large synthetic conversation.

10,000 participants × 1,000 statements, ~2,000,000 votes, with a seeded latent structure
(4 opinion groups at the corners of a 2-D opinion space; activity varies from person to
person, 10 % passes). Prints the time
and peak memory of the full computation (cocite.opinions.clustering.compute_opinion_groups),
then of a second run warm-started from the first run's state, as Pol.is runs every update. Peak
memory comes from a third run under tracemalloc (which slows allocations, so it is not timed).

With ``--replay``, the same votes are also given times (spread over 30 days) and replayed
as an imported history is (cocite.opinions.clustering.replay_opinion_groups): one run per
second of votes while the work budget allows, windows growing with the conversation beyond.

    .venv/bin/python bench/opinions_bench.py [--participants N] [--statements M] [--votes V] [--replay]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cocite.opinions.clustering import Votes, compute_opinion_groups, latest_votes, replay_opinion_groups


def synthetic_votes(
    n_participants: int, n_statements: int, n_votes: int, n_groups: int = 4, seed: int = 20260101
) -> tuple[Votes, NDArray[np.intp]]:
    """Votes with latent groups; returns the votes and each participant's true group."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, n_groups, size=n_participants)
    # Groups sit at the corners of a 2-D opinion space; each statement loads on it randomly.
    positions = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])[:n_groups]
    loadings = rng.normal(size=(2, n_statements))
    leaning = np.tanh(positions @ loadings)  # -1 (against) .. 1 (for)
    p_pass = np.full((n_groups, n_statements), 0.1)
    p_agree = (1.0 - p_pass) * (0.5 + 0.4 * leaning)
    # Each participant sees a random subset of statements; activity varies between people.
    activity = rng.gamma(shape=2.0, scale=1.0, size=n_participants)
    per_person = np.minimum(np.maximum(1, np.round(activity / activity.sum() * n_votes)).astype(np.intp), n_statements)
    participants = np.repeat(np.arange(n_participants), per_person)
    # Distinct statements per person.
    statements = np.concatenate([rng.choice(n_statements, size=k, replace=False) for k in per_person])
    draw = rng.random(len(participants))
    pa = p_agree[truth[participants], statements]
    values = np.where(draw < pa, 1, np.where(draw < pa + p_pass[truth[participants], statements], 0, -1))
    votes = Votes.from_arrays(participants, statements, values.astype(np.int8))
    return votes, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=1_000)
    parser.add_argument("--votes", type=int, default=2_000_000)
    parser.add_argument("--replay", action="store_true", help="also time the replay of a timestamped history")
    args = parser.parse_args()

    start = time.perf_counter()
    votes, truth = synthetic_votes(args.participants, args.statements, args.votes)
    print(
        f"data: {votes.n_participants} participants × {votes.n_statements} statements, "
        f"{len(votes.values)} votes (generated in {time.perf_counter() - start:.1f} s)"
    )
    moderated_out = {0, 1, 2}

    # Resolving raw rows into latest votes is timed apart: it is the caller's step.
    timestamps = np.arange(len(votes.values))
    start = time.perf_counter()
    resolved = latest_votes(votes.participants, votes.statements, votes.values, timestamps)
    print(f"latest_votes on {len(timestamps)} raw rows: {time.perf_counter() - start:.2f} s")
    assert len(resolved.values) == len(votes.values)

    # CPU time is printed too: on a shared machine the wall time also measures the neighbours.
    start, cpu = time.perf_counter(), time.process_time()
    result = compute_opinion_groups(votes, moderated_out)
    print(f"full computation, cold: {time.perf_counter() - start:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")

    start, cpu = time.perf_counter(), time.process_time()
    again = compute_opinion_groups(votes, moderated_out, previous_state=result.state)
    print(
        f"full computation, with the previous state: {time.perf_counter() - start:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU"
    )

    # Memory is measured on a separate run: tracemalloc slows every allocation down.
    tracemalloc.start()
    compute_opinion_groups(votes, moderated_out)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory allocated by the computation (tracemalloc, Python + numpy): {peak / 2**20:.0f} MiB")
    maxrss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"max resident memory of the process (data included): {maxrss_mib:.0f} MiB")

    from sklearn.metrics import adjusted_rand_score  # type: ignore[import-untyped]

    keys = list(result.assignments)
    ari = adjusted_rand_score([int(truth[int(k)]) for k in keys], [result.assignments[k] for k in keys])
    print(
        f"k = {result.k}, sizes {result.group_sizes}, {len(result.assignments)} participants grouped, "
        f"ARI against the latent groups {ari:.3f}, same assignments on the warm run: "
        f"{again.assignments == result.assignments}"
    )

    if args.replay:
        # Each participant votes in one sitting (a vote every few seconds) on a day of the month.
        rng = np.random.default_rng(7)
        arrival = rng.uniform(0, 30 * 86_400_000, size=votes.n_participants)
        position = np.arange(len(votes.participants)) - np.searchsorted(votes.participants, votes.participants)
        times = (arrival[votes.participants] + position * rng.uniform(2_000, 8_000, len(position))).astype(np.int64)
        start, cpu = time.perf_counter(), time.process_time()
        replay = replay_opinion_groups(
            votes.participants, votes.statements, votes.values, times, moderated_out=sorted(moderated_out)
        )
        keys = list(replay.groups.assignments)
        ari = adjusted_rand_score([int(truth[int(k)]) for k in keys], [replay.groups.assignments[k] for k in keys])
        print(
            f"replay of the history: {replay.n_runs} runs (windows growing by {replay.ms_per_vote:g} ms per vote), "
            f"{time.perf_counter() - start:.1f} s wall, {time.process_time() - cpu:.1f} s CPU; "
            f"k = {replay.groups.k} (best on the last run: {replay.groups.best_k}, smoother "
            f"{replay.groups.state['k_smoother']}), ARI against the latent groups {ari:.3f}"
        )


if __name__ == "__main__":
    main()
