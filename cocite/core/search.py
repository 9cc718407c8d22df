"""Full-text search in French: one interface, two backends.

PostgreSQL: a `french_unaccent` text-search configuration (unaccent + french_stem) and a
GIN-indexed tsvector per document (`core_searchdocument`).
SQLite: an FTS5 table (`core_search_fts`, unicode61 with remove_diacritics) holding text
stemmed in Python with the same Snowball French stemmer PostgreSQL uses, so "velo" finds
"Vélos" and "ecole" finds "école" on both.

Apps index their objects under a `kind` ("contribution", …) and filter querysets with
`filter_queryset`, so permission rules stay in the caller's queryset.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
# PostgreSQL's french.stop list (the common part), applied on SQLite so both backends agree.
FRENCH_STOP_WORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "même",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "c",
        "d",
        "j",
        "l",
        "à",
        "m",
        "n",
        "s",
        "t",
        "y",
        "été",
        "étée",
        "étées",
        "étés",
        "étant",
        "suis",
        "es",
        "est",
        "sommes",
        "êtes",
        "sont",
        "serai",
        "seras",
        "sera",
        "serons",
        "serez",
        "seront",
        "serais",
        "serait",
        "serions",
        "seriez",
        "seraient",
        "étais",
        "était",
        "étions",
        "étiez",
        "étaient",
        "fus",
        "fut",
        "fûmes",
        "fûtes",
        "furent",
        "sois",
        "soit",
        "soyons",
        "soyez",
        "soient",
        "fusse",
        "fusses",
        "fût",
        "fussions",
        "fussiez",
        "fussent",
        "ayant",
        "eu",
        "eue",
        "eues",
        "eus",
        "ai",
        "as",
        "avons",
        "avez",
        "ont",
        "aurai",
        "auras",
        "aura",
        "aurons",
        "aurez",
        "auront",
        "aurais",
        "aurait",
        "aurions",
        "auriez",
        "auraient",
        "avais",
        "avait",
        "avions",
        "aviez",
        "avaient",
        "eut",
        "eûmes",
        "eûtes",
        "eurent",
        "aie",
        "aies",
        "ait",
        "ayons",
        "ayez",
        "aient",
        "eusse",
        "eusses",
        "eût",
        "eussions",
        "eussiez",
        "eussent",
        "ceci",
        "cela",
        "celà",
        "cet",
        "cette",
        "ici",
        "ils",
        "les",
        "leurs",
        "quel",
        "quels",
        "quelle",
        "quelles",
        "sans",
        "soi",
    ]
)
MAX_QUERY_TERMS = 12


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("french")


def stem_tokens(text: str) -> list[str]:
    words = [w for w in WORD.findall(text.casefold()) if w not in FRENCH_STOP_WORDS]
    stems: list[str] = _stemmer().stemWords(words)
    return [_strip_accents(s) for s in stems if s]


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# A search within one démarche (say) matched every document of the kind, then kept that démarche's:
# 80–100 ms for a common word among 100,000 contributions, the bulk of a search page. A document
# indexed with a `scope` carries it as one more lexeme, which no French word can give (`~`: the
# parser splits words there, and the terms of a query are \w+), and a search given the scope asks
# for it with the words: the GIN index intersects both (about 1 ms). SQLite's FTS5 table has no
# such lexeme: there the query's own filter keeps the scope.
SCOPE_LEXEME = "~s{}"
_UPSERT_SQL = (
    "INSERT INTO core_searchdocument (kind, object_id, vector) "
    "VALUES (%s, %s, to_tsvector('french_unaccent', %s) || array_to_tsvector(%s::text[])) "
    "ON CONFLICT (kind, object_id) DO UPDATE SET vector = EXCLUDED.vector"
)


def _scope_lexemes(scope: int | None) -> list[str]:
    return [] if scope is None else [SCOPE_LEXEME.format(int(scope))]


def index_document(kind: str, object_id: int, *parts: str, scope: int | None = None) -> None:
    """Create or replace the search document of one object (`scope`: see SCOPE_LEXEME)."""
    text = "\n".join(p for p in parts if p)
    if _is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                _UPSERT_SQL,
                [kind, object_id, text, _scope_lexemes(scope)],
            )
    else:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_search_fts WHERE kind = %s AND object_id = %s", [kind, object_id])
            cursor.execute(
                "INSERT INTO core_search_fts (kind, object_id, body) VALUES (%s, %s, %s)",
                [kind, object_id, " ".join(stem_tokens(text))],
            )


def index_documents_bulk(kind: str, rows: list[tuple[int, str]], *, scopes: dict[int, int] | None = None) -> None:
    """Index many (object_id, text) pairs at once (seeding, imports); `scopes`: {object_id: scope}."""
    if not rows:
        return
    scopes = scopes or {}
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.executemany(
                _UPSERT_SQL,
                [(kind, object_id, text, _scope_lexemes(scopes.get(object_id))) for object_id, text in rows],
            )
        else:
            ids = [object_id for object_id, _text in rows]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                placeholders = ",".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM core_search_fts WHERE kind = %s AND object_id IN ({placeholders})",  # noqa: S608
                    [kind, *chunk],
                )
            cursor.executemany(
                "INSERT INTO core_search_fts (kind, object_id, body) VALUES (%s, %s, %s)",
                [(kind, object_id, " ".join(stem_tokens(text))) for object_id, text in rows],
            )


def remove_document(kind: str, object_id: int) -> None:
    table = "core_searchdocument" if _is_postgres() else "core_search_fts"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE kind = %s AND object_id = %s", [kind, object_id])  # noqa: S608


def _pg_terms(query: str) -> list[str]:
    words = [w for w in WORD.findall(query.casefold()) if w and w not in FRENCH_STOP_WORDS]
    return words[:MAX_QUERY_TERMS]


def _match_sql(query: str, *, any_term: bool, prefix: bool, scope: int | None = None) -> tuple[str, list[Any]] | None:
    """SQL selecting matching object ids (and a rank) for `kind`, or None for an empty query.

    `scope`: only documents indexed with that scope, on PostgreSQL (SCOPE_LEXEME); the caller's
    own filter must keep the scope too (SQLite ignores it).
    """
    joiner_pg, joiner_fts = (" | ", " OR ") if any_term else (" & ", " AND ")
    if _is_postgres():
        terms = _pg_terms(query)
        if not terms:
            return None
        suffix = ":*" if prefix else ""
        tsquery = joiner_pg.join(f"'{t}'{suffix}" for t in terms)
        params: list[Any] = [tsquery, "{kind}", tsquery]
        sql = (
            "SELECT object_id, ts_rank(vector, to_tsquery('french_unaccent', %s)) AS rank "
            "FROM core_searchdocument WHERE kind = %s AND vector @@ to_tsquery('french_unaccent', %s)"
        )
        if scope is not None:  # the words and the scope's lexeme, in one tsquery: the GIN index intersects them
            sql += " AND vector @@ %s::tsquery"
            params.append("'" + SCOPE_LEXEME.format(int(scope)) + "'")
        return sql, params
    stems = stem_tokens(query)[:MAX_QUERY_TERMS]
    if not stems:
        return None
    suffix = "*" if prefix else ""
    match = joiner_fts.join(f'"{s}"{suffix}' for s in stems)
    sql = (
        "SELECT object_id, -bm25(core_search_fts) AS rank FROM core_search_fts "
        "WHERE core_search_fts MATCH %s AND kind = %s"
    )
    return sql, [match, "{kind}"]


def _bind(params: list[Any], kind: str) -> list[Any]:
    return [kind if p == "{kind}" else p for p in params]


def filter_queryset[M: Model](queryset: QuerySet[M], kind: str, query: str, *, scope: int | None = None) -> QuerySet[M]:
    """Keep the objects of `queryset` matching every word of `query` (French stemming, accents ignored).

    Terms match as prefixes of the stemmed words, because Snowball keeps "vélos" whole
    ("velo" must still find it) on both backends. `scope`: the queryset keeps only objects
    indexed with that scope (see SCOPE_LEXEME), and the index is asked for those only.
    """
    built = _match_sql(query, any_term=False, prefix=True, scope=scope)
    if built is None:
        return queryset
    sql, params = built
    subquery = RawSQL(f"SELECT object_id FROM ({sql}) AS matches", _bind(params, kind))  # noqa: S608, S611
    return queryset.filter(pk__in=subquery)


def ranked_ids(
    kind: str,
    query: str,
    *,
    within: QuerySet[Any] | None = None,
    scope: int | None = None,
    any_term: bool = True,
    prefix: bool = True,
    limit: int = 50,
) -> list[int]:
    """Ids of the best matches among `within` (a queryset, in `scope` if given: see `filter_queryset`),
    best first — "similar contributions" while typing."""
    built = _match_sql(query, any_term=any_term, prefix=prefix, scope=scope)
    if built is None:
        return []
    sql, params = built
    params = _bind(params, kind)
    if within is not None:
        within_sql, within_params = within.values("pk").query.sql_with_params()
        sql = f"{sql} AND object_id IN ({within_sql})"
        params = [*params, *within_params]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY rank DESC LIMIT %s", [*params, limit])
        return [row[0] for row in cursor.fetchall()]


# Near-duplicates ("Des contributions proches existent déjà")


def _features(text: str) -> set[str]:
    """Stems (stop words left out) and pairs of neighbouring stems (stop words kept: « rue aux écoles »).

    Pairs tell a named thing (« rue aux écoles ») from the same words scattered in a text.
    """
    words = WORD.findall(text.casefold())
    stems = [_strip_accents(s) for s in _stemmer().stemWords(words)]
    kept = {stem for word, stem in zip(words, stems, strict=True) if stem and word not in FRENCH_STOP_WORDS}
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(stems) if a and b}
    return kept | pairs


def similarity_order(query: str, documents: dict[int, tuple[str, str]], *, limit: int) -> list[int]:
    """Ids of `documents` ({id: (title, body)}) most like `query`, best first, at least one feature shared.

    Each feature of the query (a stem, or two neighbouring stems) weighs its rarity among the
    documents (BM25's inverse document frequency), twice when the document's title has it:
    words every candidate shares (the démarche's street, its school) weigh little, a phrase few
    contain weighs much. Pure Python over the candidates the full-text search found, so both
    databases give the same order.
    """
    wanted = _features(query)
    if not wanted or not documents:
        return []
    described = {pk: (_features(title), _features(body)) for pk, (title, body) in documents.items()}
    total = len(described)
    frequency: dict[str, int] = dict.fromkeys(wanted, 0)
    for title, body in described.values():
        for feature in wanted & (title | body):
            frequency[feature] += 1
    weight = {f: math.log(1 + (total - n + 0.5) / (n + 0.5)) for f, n in frequency.items()}
    scores: list[tuple[float, int]] = []
    for pk, (title, body) in described.items():
        score = sum(weight[f] * (2 if f in title else 1) for f in wanted & (title | body))
        if score > 0:
            scores.append((-score, pk))
    scores.sort()
    return [pk for _score, pk in scores[:limit]]


def query_stems(query: str) -> list[str]:
    """The stems a query searches for (empty: nothing to search, e.g. only punctuation or stop words)."""
    return stem_tokens(query)[:MAX_QUERY_TERMS]


def highlight(text: str, query: str, *, length: int = 240) -> SafeString:
    """An excerpt of `text` (HTML-escaped) around the first word matching `query`, matches in <mark>.

    A word matches when its stem starts with a stem of the query, as `filter_queryset` matches
    (Snowball stemmer, accents ignored): « velo » marks « Vélos ». Everything outside the
    <mark> tags is escaped here, so the result is safe to show as HTML.
    """
    stems = query_stems(query)
    words = list(WORD.finditer(text))

    def matches(word: str) -> bool:
        found = stem_tokens(word)
        return bool(found) and any(found[0].startswith(stem) for stem in stems)

    hits = [m for m in words if stems and matches(m.group())]
    start = 0  # a text that fits is shown whole; else the window starts a little before the first match
    if len(text) > length and hits and hits[0].end() > length * 2 // 3:
        start = text.rfind(" ", 0, hits[0].start() - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + length // 2)
    parts: list[str] = ["…" if start > 0 else ""]
    position = start
    for match in hits:
        if match.start() < start:
            continue
        if match.end() > end:
            break
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of the text was escaped above
