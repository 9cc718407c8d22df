"""Demo analysis: themes computed on the budget participatif, and a published synthesis.

Idempotent: the grouping runs only if the démarche has no finished run; the synthesis is
written only if the démarche has none. The synthesis lines are written as an analyst
would, each citing the contributions it stands on (found by the words of their titles),
plus one minority line for every small theme the lines do not cover yet — publishing
refuses to drop a minority view. A second version is left in draft, as an analyst
preparing an update would.

The texts are data: `demo/analysis.yaml` (its header describes each key); everything goes
through the analysis actions.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TextIO

from cocite.accounts.models import User
from cocite.contributions.models import Contribution
from cocite.core import demo
from cocite.demarches.models import Demarche

from . import actions, queries
from .models import AnalysisRun, Synthesis, ThemeAssignment

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "analysis.yaml"
LINE_KEYS = {"required": {"text"}, "optional": {"minority", "words", "kinds"}}


@dataclass(frozen=True)
class Line:
    text: str
    minority: bool
    words: tuple[str, ...]  # looked for in the titles (accents and case ignored)
    kinds: tuple[str, ...]  # or contributions of these kinds


@dataclass(frozen=True)
class Content:
    demarche: str
    analyst: str
    title: str
    introduction: str
    lines: tuple[Line, ...]
    small_theme_line: str


def load_content(data: demo.DemoData | None = None) -> Content:
    """Read and check `demo/analysis.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.analysis", DATA_FILE)
    synthesis = demo.check(
        data,
        data["synthesis"],
        required={"title", "introduction", "lines", "small_theme_line"},
        where="synthesis",
    )
    lines = []
    for index, raw in enumerate(demo.records(data, synthesis["lines"], where="synthesis: lines", **LINE_KEYS)):
        kinds = tuple(raw.get("kinds") or ())
        if set(kinds) - set(Contribution.Kind.values):
            raise demo.fail(data, f"synthesis: lines: {demo.describe(raw, index)}", f"unknown kind in {list(kinds)}")
        lines.append(Line(str(raw["text"]), bool(raw.get("minority", False)), tuple(raw.get("words") or ()), kinds))
    if "{theme}" not in synthesis["small_theme_line"]:
        raise demo.fail(data, "synthesis: small_theme_line", "must contain {theme}")
    return Content(
        demarche=str(data["demarche"]),
        analyst=str(data["analyst"]),
        title=str(synthesis["title"]),
        introduction=str(synthesis["introduction"]),
        lines=tuple(lines),
        small_theme_line=str(synthesis["small_theme_line"]),
    )


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def seed(stdout: TextIO) -> None:
    content = load_content()
    demarche = Demarche.objects.filter(slug=content.demarche).first()
    analyst = User.objects.filter(email=f"{content.analyst}@{DEMO_DOMAIN}").first()
    if demarche is None or analyst is None or not demarche.contributions.exists():
        return
    if not AnalysisRun.objects.filter(demarche=demarche, status=AnalysisRun.Status.DONE).exists():
        # Requested like an analyst does, then run at once (the queued task finds it done and stops).
        run = actions.run_request(analyst=analyst, demarche=demarche)
        actions.run_execute(run_id=run.pk)
        run.refresh_from_db()
        stdout.write(f"  analyse : {run.theme_count} thèmes proposés pour « {demarche.title} »")
    if Synthesis.objects.filter(demarche=demarche).exists():
        return
    synthesis = actions.synthesis_draft(analyst=analyst, demarche=demarche)
    actions.synthesis_update(
        analyst=analyst, synthesis=synthesis, title=content.title, introduction=content.introduction
    )
    contributions = list(
        Contribution.objects.filter(demarche=demarche)
        .exclude(status__in=actions.EXCLUDED_STATUSES)
        .values_list("pk", "title", "kind")
    )
    for line in content.lines:
        sources = [
            pk
            for pk, title, kind in contributions
            if (line.kinds and kind in line.kinds) or (line.words and any(word in _fold(title) for word in line.words))
        ]
        if sources:
            actions.line_add(
                analyst=analyst, synthesis=synthesis, text=line.text, source_ids=sources, is_minority=line.minority
            )
    for theme in queries.uncovered_small_themes(synthesis):
        members = ThemeAssignment.objects.filter(theme=theme, ended_at__isnull=True).values_list(
            "contribution_id", flat=True
        )
        actions.line_add(
            analyst=analyst,
            synthesis=synthesis,
            text=content.small_theme_line.format(theme=theme.label.lower()),
            source_ids=list(members),
            is_minority=True,
            theme=theme,
        )
    actions.synthesis_publish(analyst=analyst, synthesis=synthesis)
    # An update in preparation: the next version starts from the published lines.
    actions.synthesis_draft(analyst=analyst, demarche=demarche)
    stdout.write(f"  analyse : synthèse publiée ({synthesis.lines.count()} lignes) et version suivante en brouillon")
