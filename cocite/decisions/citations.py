"""What else a decision may cite, besides the opinions of the departments: a small public extension point.

An app above the machinery (e.g. the exploration's findings) registers a `CitationSource` from its
AppConfig.ready(); decisions never import it. The decision form offers each source's candidates in
the démarche, `decision_publish` records what is cited (`DecisionCitation`, append-only, with the
title at that moment) and the decision's page shows what the viewer may see of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django_stubs_ext import StrOrPromise

from cocite.accounts.viewer import Viewer


@dataclass(frozen=True)
class Citable:
    pk: int
    title: str
    url: str


@dataclass(frozen=True)
class CitationSource:
    # The key stored with each citation ("constat"): letters, digits and « _ » only.
    kind: str
    # The form field's label (« Constats de l'exploration sur lesquels s'appuie la décision »).
    label: StrOrPromise
    # The decision page's heading (« Constats de l'exploration cités »).
    heading: StrOrPromise
    # What a decision in this démarche may cite (démarche id → candidates), one query.
    candidates: Callable[[int], list[Citable]]
    # The cited objects this viewer may see, among these ids, one query.
    visible: Callable[[Viewer, Sequence[int]], list[Citable]]


_SOURCES: dict[str, CitationSource] = {}


def register(source: CitationSource) -> None:
    existing = _SOURCES.get(source.kind)
    if existing is not None and existing != source:
        raise ValueError(f"citation source {source.kind!r} is already registered")
    _SOURCES[source.kind] = source


def sources() -> list[CitationSource]:
    return list(_SOURCES.values())


def source(kind: str) -> CitationSource | None:
    return _SOURCES.get(kind)
