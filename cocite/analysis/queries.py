"""Reads of the analysis pages: bounded queries, permission-checked getters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer
from cocite.contributions.models import Contribution, Support
from cocite.core.personal_data import rows
from cocite.demarches.models import Demarche
from cocite.demarches.permissions import can_view_demarche
from cocite.demarches.queries import demarches_run_by, visible_demarches
from cocite.demarches.registry import PageLink

from . import permissions
from .models import (
    AnalysisRun,
    ContributionTheme,
    DuplicatePair,
    MergeCredit,
    MergeRecord,
    Synthesis,
    SynthesisLine,
    SynthesisSource,
    ThemeAssignment,
)

EXCLUDED_STATUSES = (Contribution.Status.WITHDRAWN, Contribution.Status.MERGED)
THEME_PAGE_SIZE = 100
MAX_MERGE_CHAIN = 50


def analysed_demarche_get_for(user: Viewer, slug: str) -> Demarche:
    """A démarche the person may analyse: 404 if hidden from them, 403 if they are not an analyst."""
    demarche = visible_demarches(user).filter(slug=slug).first()
    if demarche is None:
        raise Http404
    if not permissions.can_analyse(user, demarche):
        raise PermissionDenied
    return demarche


def analysable_demarches(user: Viewer) -> list[Demarche]:
    """Démarches an analyst can work on, with their latest run and counts (three queries)."""
    if not permissions.is_analyst(user):
        return []
    demarches: list[Demarche] = list(
        demarches_run_by(user)
        .annotate(
            n_contributions=Count("contributions", filter=~Q(contributions__status__in=EXCLUDED_STATUSES)),
        )
        .order_by("status", "-created_at")
    )
    ids = [d.pk for d in demarches]
    latest: dict[int, AnalysisRun] = {}
    for run in AnalysisRun.objects.filter(demarche_id__in=ids).order_by("demarche_id", "-created_at", "-pk"):
        latest.setdefault(run.demarche_id, run)
    theme_counts = dict(
        ContributionTheme.objects.filter(demarche_id__in=ids, status__in=ContributionTheme.ACTIVE)
        .values("demarche_id")
        .annotate(n=Count("pk"))
        .values_list("demarche_id", "n")
    )
    for demarche in demarches:
        demarche.latest_run = latest.get(demarche.pk)  # type: ignore[attr-defined]
        demarche.theme_count = theme_counts.get(demarche.pk, 0)  # type: ignore[attr-defined]
    return demarches


def latest_run(demarche: Demarche) -> AnalysisRun | None:
    return AnalysisRun.objects.filter(demarche=demarche).order_by("-created_at", "-pk").first()


def run_get_for(user: Viewer, demarche: Demarche, pk: int) -> AnalysisRun:
    run = AnalysisRun.objects.filter(demarche=demarche, pk=pk).first()
    if run is None:
        raise Http404
    return run


@dataclass
class ThemesOverview:
    themes: list[ContributionTheme]  # active themes, each with .contribution_count, largest first
    total: int  # contributions taking part (neither withdrawn nor merged)
    classified_count: int
    unassigned_count: int
    small_limit: int


def _current_members() -> Q:
    return Q(assignments__ended_at__isnull=True) & ~Q(assignments__contribution__status__in=EXCLUDED_STATUSES)


def small_theme_limit(total: int) -> int:
    """A theme with at most this many contributions is "few contributions" (minority views)."""
    return max(2, round(total * 0.03))


def themes_overview(demarche: Demarche) -> ThemesOverview:
    themes: list[ContributionTheme] = list(
        ContributionTheme.objects.filter(demarche=demarche, status__in=ContributionTheme.ACTIVE)
        .annotate(contribution_count=Count("assignments", filter=_current_members()))
        .select_related("validated_by", "created_by")
        .order_by("-contribution_count", "label", "pk")
    )
    total = Contribution.objects.filter(demarche=demarche).exclude(status__in=EXCLUDED_STATUSES).count()
    classified = sum(t.contribution_count for t in themes)  # type: ignore[attr-defined]
    for theme in themes:
        theme.count = theme.contribution_count  # type: ignore[attr-defined]
    return ThemesOverview(
        themes=themes,
        total=total,
        classified_count=classified,
        unassigned_count=max(total - classified, 0),
        small_limit=small_theme_limit(classified),
    )


def uncovered_small_themes(synthesis: Synthesis) -> list[ContributionTheme]:
    """Small themes none of whose contributions is cited by a line: publishing would drop a minority view."""
    overview = themes_overview(synthesis.demarche)
    limit = small_theme_limit(overview.classified_count)
    small = [t for t in overview.themes if 0 < t.count <= limit]  # type: ignore[attr-defined]
    if not small:
        return []
    cited = SynthesisSource.objects.filter(line__synthesis=synthesis).values("contribution_id")
    covered = set(
        ThemeAssignment.objects.filter(
            theme__in=[t.pk for t in small], ended_at__isnull=True, contribution_id__in=cited
        ).values_list("theme_id", flat=True)
    )
    return [t for t in small if t.pk not in covered]


def theme_get_for(user: Viewer, pk: int) -> ContributionTheme:
    theme = ContributionTheme.objects.select_related("demarche", "validated_by", "created_by", "merged_into").filter(
        pk=pk, demarche__in=visible_demarches(user)
    )
    found = theme.first()
    if found is None:
        raise Http404
    if not permissions.can_analyse(user, found.demarche):
        raise PermissionDenied
    return found


def theme_members_page(theme: ContributionTheme, page_number: Any = 1) -> Page[Contribution]:
    contributions = (
        Contribution.objects.filter(
            theme_assignments__theme=theme,
            theme_assignments__ended_at__isnull=True,
        )
        .exclude(status__in=EXCLUDED_STATUSES)
        .select_related("author", "quartier")
        .only("id", "title", "body", "kind", "support_count", "created_at", "author__display_name", "quartier__name")
        .order_by("-support_count", "pk")
    )
    return Paginator(contributions, THEME_PAGE_SIZE).get_page(page_number)


def theme_history(theme: ContributionTheme, limit: int = 200) -> list[ThemeAssignment]:
    """Every placement into or out of this theme, latest first (who, when, why)."""
    return list(
        ThemeAssignment.objects.filter(theme=theme)
        .select_related("contribution", "assigned_by", "ended_by")
        .only(
            "pk",
            "reason",
            "created_at",
            "ended_at",
            "end_reason",
            "contribution__id",
            "contribution__title",
            "assigned_by__display_name",
            "ended_by__display_name",
        )
        .order_by("-created_at", "-pk")[:limit]
    )


def other_themes(theme: ContributionTheme) -> QuerySet[ContributionTheme]:
    return ContributionTheme.objects.filter(demarche_id=theme.demarche_id, status__in=ContributionTheme.ACTIVE).exclude(
        pk=theme.pk
    )


def contribution_history(contribution_ids: Iterable[int]) -> dict[int, list[ThemeAssignment]]:
    history: dict[int, list[ThemeAssignment]] = {}
    for row in (
        ThemeAssignment.objects.filter(contribution_id__in=list(contribution_ids))
        .select_related("theme", "assigned_by")
        .order_by("created_at", "pk")
    ):
        history.setdefault(row.contribution_id, []).append(row)
    return history


def duplicate_pairs(demarche: Demarche, limit: int = 100) -> list[DuplicatePair]:
    """Pairs to look at: not dismissed, both contributions still taking part."""
    return list(
        DuplicatePair.objects.filter(demarche=demarche, dismissed_at__isnull=True)
        .exclude(first__status__in=EXCLUDED_STATUSES)
        .exclude(second__status__in=EXCLUDED_STATUSES)
        .select_related("first__author", "first__demarche", "second__author", "second__demarche")
        .order_by("-score", "pk")[:limit]
    )


def duplicate_get_for(user: Viewer, pk: int) -> DuplicatePair:
    pair = DuplicatePair.objects.select_related("demarche").filter(pk=pk, demarche__in=visible_demarches(user)).first()
    if pair is None:
        raise Http404
    if not permissions.can_analyse(user, pair.demarche):
        raise PermissionDenied
    return pair


# Merges


def merged_into(contribution_id: int) -> int | None:
    """The contribution this one was merged into, following merges of merges; None if not merged."""
    return merged_into_many([contribution_id]).get(contribution_id)


def merged_into_many(contribution_ids: Iterable[int]) -> dict[int, int]:
    """{merged id: final target id} for those of `contribution_ids` that were merged (one query per hop)."""
    final: dict[int, int] = {}
    frontier = {pk: pk for pk in set(contribution_ids)}  # original id -> where it points now
    for _hop in range(MAX_MERGE_CHAIN):
        edges = dict(
            MergeRecord.objects.filter(source_id__in=set(frontier.values())).values_list("source_id", "target_id")
        )
        if not edges:
            break
        frontier = {original: edges[current] for original, current in frontier.items() if current in edges}
        final.update(frontier)
    return final


def merge_credits(contribution: Contribution) -> list[MergeCredit]:
    return list(
        MergeCredit.objects.filter(target=contribution).select_related("author", "source").order_by("created_at", "pk")
    )


def merge_concerned_user_ids(target: Contribution, sources: Iterable[Contribution]) -> set[int]:
    """Authors and supporters of the target and of the merged contributions: who should hear of a merge."""
    ids = [target.pk, *(s.pk for s in sources)]
    people = set(Support.objects.filter(contribution_id__in=ids).values_list("user_id", flat=True))
    people |= {
        pk for pk in Contribution.objects.filter(pk__in=ids).values_list("author_id", flat=True) if pk is not None
    }
    return people


# Syntheses


def _lines_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "lines",
        queryset=SynthesisLine.objects.annotate(source_count=Count("source_links"))
        .prefetch_related(
            Prefetch(
                "sources",
                queryset=Contribution.objects.only("id", "title", "status", "support_count").order_by("pk"),
            )
        )
        .order_by("position", "pk"),
    )


def published_synthesis(demarche: Demarche, number: int | None = None) -> Synthesis | None:
    qs = Synthesis.objects.filter(demarche=demarche, status=Synthesis.Status.PUBLISHED)
    if number is not None:
        qs = qs.filter(number=number)
    return qs.select_related("validated_by").prefetch_related(_lines_prefetch()).order_by("-number").first()


def draft_synthesis(demarche: Demarche) -> Synthesis | None:
    return (
        Synthesis.objects.filter(demarche=demarche, status=Synthesis.Status.DRAFT)
        .select_related("created_by")
        .prefetch_related(_lines_prefetch())
        .first()
    )


def synthesis_versions(demarche: Demarche) -> list[Synthesis]:
    return list(
        Synthesis.objects.filter(demarche=demarche, status=Synthesis.Status.PUBLISHED)
        .select_related("validated_by")
        .only("id", "number", "title", "validated_at", "validated_by__display_name", "demarche_id", "status")
        .order_by("-number")
    )


def line_get_for(user: Viewer, pk: int) -> SynthesisLine:
    line = (
        SynthesisLine.objects.select_related("synthesis", "synthesis__demarche", "theme")
        .filter(pk=pk, synthesis__demarche__in=visible_demarches(user))
        .first()
    )
    if line is None:
        raise Http404
    if not permissions.can_analyse(user, line.synthesis.demarche):
        raise PermissionDenied
    return line


def candidate_sources(demarche: Demarche, line: SynthesisLine, limit: int = 300) -> list[Contribution]:
    """Contributions offered as sources of a line: its current sources, then its theme's members."""
    current = Contribution.objects.filter(synthesis_sources__line=line)
    rows: list[Contribution] = list(current.only("id", "title", "support_count").order_by("pk"))
    if line.theme_id:
        seen = {c.pk for c in rows}
        members = (
            Contribution.objects.filter(
                theme_assignments__theme_id=line.theme_id, theme_assignments__ended_at__isnull=True
            )
            .exclude(status__in=EXCLUDED_STATUSES)
            .only("id", "title", "support_count")
            .order_by("-support_count", "pk")[:limit]
        )
        rows += [c for c in members if c.pk not in seen]
    return rows


def personal_data(user: User) -> dict[str, Any]:
    """Merge credits, and what the person did as an analyst; one query each."""
    pk = user.pk
    return {
        "analysis_runs_requested": rows(
            AnalysisRun.objects.filter(requested_by_id=pk).order_by("pk"), ["id", "demarche_id", "created_at"]
        ),
        "themes_created": rows(
            ContributionTheme.objects.filter(created_by_id=pk).order_by("pk"), ["id", "label", "created_at"]
        ),
        "themes_validated": rows(
            ContributionTheme.objects.filter(validated_by_id=pk).order_by("pk"), ["id", "label", "validated_at"]
        ),
        "theme_assignments_made": rows(
            ThemeAssignment.objects.filter(assigned_by_id=pk).order_by("pk"),
            ["contribution_id", "theme_id", "reason", "created_at"],
        ),
        "theme_assignments_ended": rows(
            ThemeAssignment.objects.filter(ended_by_id=pk).order_by("pk"),
            ["contribution_id", "theme_id", "end_reason", "ended_at"],
        ),
        "duplicates_dismissed": rows(
            DuplicatePair.objects.filter(dismissed_by_id=pk).order_by("pk"), ["first_id", "second_id", "dismissed_at"]
        ),
        "syntheses_written": rows(
            Synthesis.objects.filter(created_by_id=pk).order_by("pk"), ["id", "title", "number", "created_at"]
        ),
        "syntheses_validated": rows(
            Synthesis.objects.filter(validated_by_id=pk).order_by("pk"), ["id", "title", "number", "validated_at"]
        ),
        "merges_made": rows(
            MergeRecord.objects.filter(analyst_id=pk).order_by("pk"), ["source_id", "target_id", "created_at"]
        ),
        "merge_credits": rows(
            MergeCredit.objects.filter(author_id=user.pk).order_by("pk"),
            ["target_id", "source_id", "created_at"],
        ),
    }


def demarche_page_links(demarche: Demarche, viewer: Viewer) -> list[PageLink]:
    """The démarche page links to its latest published synthesis (one query), for those who see the démarche."""
    if not can_view_demarche(viewer, demarche):
        return []
    latest = (
        Synthesis.objects.filter(demarche=demarche, status=Synthesis.Status.PUBLISHED)
        .order_by("-number")
        .values_list("title", flat=True)
        .first()
    )
    if latest is None:
        return []
    url = reverse("analysis:synthesis", kwargs={"slug": demarche.slug})
    return [PageLink(label=_("Lire la synthèse publiée : « %(title)s »") % {"title": latest}, url=url)]
