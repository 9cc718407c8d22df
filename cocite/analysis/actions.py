"""Every write of the analysis app: keyword-only, transactional, permission-checked.

Theme assignments are never updated or deleted: moving a contribution ends its current
assignment (who, when, why) and opens a new one, so every placement stays traceable.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.contributions.models import Contribution
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.taskqueue import task_named
from cocite.demarches.models import Demarche
from cocite.territory.models import Quartier

from . import permissions
from .models import (
    AnalysisRun,
    ContributionTheme,
    DuplicatePair,
    Synthesis,
    SynthesisLine,
    SynthesisSource,
    ThemeAssignment,
)
from .queries import merged_into_many, small_theme_limit, themes_overview, uncovered_small_themes
from .text import place_stems

logger = logging.getLogger(__name__)

# A run that has not reported progress for this long is considered dead (worker killed).
STALE_AFTER = timedelta(minutes=30)
UNCLASSIFIED_LABEL = gettext_noop("Contributions non classées")
STEP_QUEUED = gettext_noop("En attente d'un processus de calcul")
STEP_LOADING = gettext_noop("Lecture des contributions")
STEP_SAVING = gettext_noop("Enregistrement des thèmes")
STEP_FINISHED = gettext_noop("Terminé")
STEP_INTERRUPTED = gettext_noop("Calcul interrompu")
# Contributions that take no part in themes (they redirect elsewhere or were withdrawn).
EXCLUDED_STATUSES = (Contribution.Status.WITHDRAWN, Contribution.Status.MERGED)


def _require_analyst(user: Viewer, demarche: Demarche) -> User:
    """The analyst, signed in and allowed to analyse this démarche; PermissionDenied otherwise."""
    if not is_signed_in(user) or not permissions.can_analyse(user, demarche):
        raise PermissionDenied(
            _(
                "Seules les personnes qui animent cette démarche (agents du service pilote, équipe de la démarche) "
                "et les administrateur·rices analysent ses contributions."
            ),
            code="not_analyst",
        )
    return user


# Runs


@transaction.atomic
def run_request(*, analyst: Viewer, demarche: Demarche) -> AnalysisRun:
    """Queue a grouping of the démarche's contributions; returns the run already active if any."""
    analyst = _require_analyst(analyst, demarche)
    Demarche.objects.select_for_update().filter(pk=demarche.pk).first()  # one request at a time per démarche
    now = timezone.now()
    active = AnalysisRun.objects.filter(
        demarche=demarche, status__in=[AnalysisRun.Status.PENDING, AnalysisRun.Status.RUNNING]
    )
    active.filter(updated_at__lt=now - STALE_AFTER).update(
        status=AnalysisRun.Status.FAILED, message=STEP_INTERRUPTED, error="stale", finished_at=now
    )
    current = active.filter(updated_at__gte=now - STALE_AFTER).first()
    if current is not None:
        return current
    run = AnalysisRun.objects.create(demarche=demarche, requested_by=analyst, message=STEP_QUEUED)
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    try:
        task_named("analysis.group_themes").enqueue(run_id)
    except Exception as error:  # the task backend refused: say so on the page instead of spinning forever
        logger.exception("could not enqueue theme grouping run %s", run_id)
        AnalysisRun.objects.filter(pk=run_id).update(
            status=AnalysisRun.Status.FAILED, error=str(error)[:1000], finished_at=timezone.now()
        )


def _set_progress(run_id: int, percent: int, step: str) -> None:
    AnalysisRun.objects.filter(pk=run_id).update(
        progress=max(0, min(percent, 100)), message=step[:200], updated_at=timezone.now()
    )


def run_requeue(*, run_id: int) -> bool:
    """Put back to "pending" a run whose worker died while computing it, so the retried task takes it.

    Called by the task queue (core/taskqueue.py) in the transaction that queues `group_themes`
    again; a run that finished or failed meanwhile is left alone. Returns whether it was reset.
    """
    return bool(
        AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.RUNNING).update(
            status=AnalysisRun.Status.PENDING, progress=0, message=STEP_QUEUED, updated_at=timezone.now()
        )
    )


def run_execute(*, run_id: int) -> AnalysisRun | None:
    """The background task body: group the contributions, then replace the proposed themes.

    Themes an analyst validated keep their contributions; the others are regrouped.
    Returns None when the run is not pending (already done by another worker).
    """
    claimed = AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.PENDING).update(
        status=AnalysisRun.Status.RUNNING, started_at=timezone.now(), progress=1, message=STEP_LOADING
    )
    if not claimed:
        return None
    run = AnalysisRun.objects.select_related("demarche").get(pk=run_id)
    started = time.perf_counter()
    try:
        kept = ThemeAssignment.objects.filter(
            ended_at__isnull=True,
            theme__demarche=run.demarche,
            theme__status=ContributionTheme.Status.VALIDATED,
        ).values("contribution_id")
        rows = (
            Contribution.objects.filter(demarche=run.demarche)
            .exclude(status__in=EXCLUDED_STATUSES)
            .exclude(pk__in=kept)
            .values_list("pk", "title", "body")
        )
        # The title is what people read first: it weighs twice.
        documents = [(pk, f"{title}\n{title}\n{body}") for pk, title, body in rows.iterator(chunk_size=2000)]
        # The themes people chose help; place names and the démarche's own title do not tell themes apart.
        tags: dict[int, list[str]] = {}
        for contribution_id, slug in Contribution.themes.through.objects.filter(
            contribution__demarche=run.demarche
        ).values_list("contribution_id", "theme__slug"):
            tags.setdefault(contribution_id, []).append(slug)
        stop = place_stems([*Quartier.objects.values_list("name", flat=True), run.demarche.title])
        # Imported here: scikit-learn weighs ~60 MB, and only the background worker needs it.
        from .grouping import group_texts

        result = group_texts(
            documents, progress=lambda percent, step: _set_progress(run_id, percent, step), stop=stop, tags=tags
        )
        _set_progress(run_id, 96, STEP_SAVING)
        with transaction.atomic():
            theme_count = _replace_proposed_themes(run, result.themes, result.unclassified)
            duplicate_count = _replace_duplicates(run, result.duplicates)
            AnalysisRun.objects.filter(pk=run_id).update(
                status=AnalysisRun.Status.DONE,
                progress=100,
                message=STEP_FINISHED,
                finished_at=timezone.now(),
                contribution_count=len(documents),
                theme_count=theme_count,
                duplicate_count=duplicate_count,
                duration_ms=int((time.perf_counter() - started) * 1000),
            )
    except Exception as error:
        logger.exception("theme grouping run %s failed", run_id)
        AnalysisRun.objects.filter(pk=run_id).update(
            status=AnalysisRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:1000],
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


def _replace_proposed_themes(run: AnalysisRun, proposed: Sequence[Any], unclassified: Sequence[int]) -> int:
    now = timezone.now()
    old_themes = ContributionTheme.objects.filter(demarche=run.demarche, status=ContributionTheme.Status.PROPOSED)
    old_ids = list(old_themes.values_list("pk", flat=True))
    # Contributions regrouped now lose their previous proposed theme (ended, not deleted).
    regrouped = [pk for theme in proposed for pk in theme.members] + list(unclassified)
    ThemeAssignment.objects.filter(ended_at__isnull=True).filter(
        Q(theme_id__in=old_ids) | Q(contribution_id__in=regrouped)
    ).update(ended_at=now, end_reason=ThemeAssignment.Reason.RECOMPUTED)
    ContributionTheme.objects.filter(pk__in=old_ids).update(status=ContributionTheme.Status.REPLACED, updated_at=now)
    groups = [(theme.label, theme.terms, theme.members) for theme in proposed if theme.members]
    if unclassified:
        groups.append((_(UNCLASSIFIED_LABEL), [], list(unclassified)))
    themes = ContributionTheme.objects.bulk_create(
        [
            ContributionTheme(
                demarche=run.demarche,
                label=(label or _(UNCLASSIFIED_LABEL))[:160],
                proposed_label=(label or "")[:160],
                terms=terms,
                run=run,
            )
            for label, terms, _members in groups
        ]
    )
    if any(theme.pk is None for theme in themes):  # backends without RETURNING on bulk insert
        themes = list(ContributionTheme.objects.filter(run=run).order_by("pk"))
    ThemeAssignment.objects.bulk_create(
        [
            ThemeAssignment(contribution_id=pk, theme=theme, reason=ThemeAssignment.Reason.COMPUTED)
            for theme, (_label, _terms, members) in zip(themes, groups, strict=True)
            for pk in members
        ],
        batch_size=2000,
    )
    return len(themes)


def _replace_duplicates(run: AnalysisRun, pairs: Sequence[tuple[int, int, float]]) -> int:
    DuplicatePair.objects.filter(demarche=run.demarche, dismissed_at__isnull=True).delete()
    DuplicatePair.objects.bulk_create(
        [DuplicatePair(demarche=run.demarche, first_id=a, second_id=b, score=score, run=run) for a, b, score in pairs],
        ignore_conflicts=True,  # a pair an analyst dismissed stays dismissed
        batch_size=2000,
    )
    return len(pairs)


# Themes


def _locked_theme(theme: ContributionTheme) -> ContributionTheme:
    locked = ContributionTheme.objects.select_for_update().select_related("demarche").get(pk=theme.pk)
    if not locked.is_active:
        raise Conflict(_("Ce thème a été fusionné ou remplacé entre-temps."), code="theme_inactive")
    return locked


@transaction.atomic
def theme_validate(*, analyst: Viewer, theme: ContributionTheme) -> ContributionTheme:
    analyst = _require_analyst(analyst, theme.demarche)
    locked = _locked_theme(theme)
    if locked.status != ContributionTheme.Status.VALIDATED:
        locked.status = ContributionTheme.Status.VALIDATED
        locked.validated_by, locked.validated_at = analyst, timezone.now()
        locked.save(update_fields=["status", "validated_by", "validated_at", "updated_at"])
    return locked


def _clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not 3 <= len(label) <= 160:
        raise ActionError(_("L'intitulé doit compter entre 3 et 160 caractères."), code="label_length", field="label")
    return label


@transaction.atomic
def theme_rename(*, analyst: Viewer, theme: ContributionTheme, label: str) -> ContributionTheme:
    analyst = _require_analyst(analyst, theme.demarche)
    locked = _locked_theme(theme)
    locked.label = _clean_label(label)
    locked.save(update_fields=["label", "updated_at"])
    return locked


def _reassign(
    *,
    analyst: User,
    contribution_ids: Iterable[int],
    to_theme: ContributionTheme,
    reason: str,
) -> int:
    ids = sorted(set(contribution_ids))
    now = timezone.now()
    current = list(
        ThemeAssignment.objects.select_for_update()
        .filter(contribution_id__in=ids, ended_at__isnull=True)
        .exclude(theme=to_theme)
        .values_list("pk", "contribution_id")
    )
    already_there = set(
        ThemeAssignment.objects.filter(contribution_id__in=ids, ended_at__isnull=True, theme=to_theme).values_list(
            "contribution_id", flat=True
        )
    )
    ThemeAssignment.objects.filter(pk__in=[pk for pk, _cid in current]).update(
        ended_at=now, ended_by=analyst, end_reason=reason
    )
    moving = [cid for cid in ids if cid not in already_there]
    ThemeAssignment.objects.bulk_create(
        [ThemeAssignment(contribution_id=cid, theme=to_theme, reason=reason, assigned_by=analyst) for cid in moving]
    )
    return len(moving)


@transaction.atomic
def theme_merge(*, analyst: Viewer, source: ContributionTheme, target: ContributionTheme) -> ContributionTheme:
    """Fold `source` into `target`: its contributions move (traced), it stays as "merged into"."""
    analyst = _require_analyst(analyst, target.demarche)
    if source.pk == target.pk:
        raise ActionError(_("Choisissez un autre thème que celui-ci."), code="same_theme", field="target")
    locked = {theme.pk: _locked_theme(theme) for theme in sorted([source, target], key=lambda t: t.pk)}
    source, target = locked[source.pk], locked[target.pk]  # locked in a stable order: no deadlock
    if source.demarche_id != target.demarche_id:
        raise ActionError(_("Les deux thèmes doivent appartenir à la même démarche."), code="other_demarche")
    members = ThemeAssignment.objects.filter(theme=source, ended_at__isnull=True).values_list(
        "contribution_id", flat=True
    )
    _reassign(
        analyst=analyst, contribution_ids=list(members), to_theme=target, reason=ThemeAssignment.Reason.THEME_MERGED
    )
    source.status, source.merged_into = ContributionTheme.Status.MERGED, target
    source.save(update_fields=["status", "merged_into", "updated_at"])
    return target


@transaction.atomic
def contributions_move(
    *,
    analyst: Viewer,
    demarche: Demarche,
    contribution_ids: Sequence[int],
    to_theme: ContributionTheme | None = None,
    new_label: str = "",
) -> ContributionTheme:
    """Move contributions to an existing theme, or split them off into a new theme (`new_label`)."""
    analyst = _require_analyst(analyst, demarche)
    ids = sorted({int(pk) for pk in contribution_ids})
    if not ids:
        raise ActionError(_("Cochez au moins une contribution."), code="nothing_selected", field="contributions")
    found = Contribution.objects.filter(pk__in=ids, demarche=demarche).exclude(status__in=EXCLUDED_STATUSES).count()
    if found != len(ids):
        raise ActionError(
            _("Certaines contributions choisies n'appartiennent pas à cette démarche ou ont été fusionnées."),
            code="foreign_contribution",
            field="contributions",
        )
    if new_label.strip():
        now = timezone.now()
        target = ContributionTheme.objects.create(
            demarche=demarche,
            label=_clean_label(new_label),
            status=ContributionTheme.Status.VALIDATED,
            created_by=analyst,
            validated_by=analyst,
            validated_at=now,
        )
        reason = ThemeAssignment.Reason.SPLIT
    elif to_theme is not None:
        target = _locked_theme(to_theme)
        if target.demarche_id != demarche.pk:
            raise ActionError(_("Ce thème appartient à une autre démarche."), code="other_demarche", field="target")
        reason = ThemeAssignment.Reason.MOVED
    else:
        raise ActionError(
            _("Choisissez un thème de destination ou nommez un nouveau thème."), code="no_target", field="target"
        )
    _reassign(analyst=analyst, contribution_ids=ids, to_theme=target, reason=reason)
    return target


@transaction.atomic
def duplicate_dismiss(*, analyst: Viewer, pair: DuplicatePair) -> DuplicatePair:
    analyst = _require_analyst(analyst, pair.demarche)
    DuplicatePair.objects.filter(pk=pair.pk, dismissed_at__isnull=True).update(
        dismissed_at=timezone.now(), dismissed_by=analyst
    )
    pair.refresh_from_db()
    return pair


# Syntheses


@transaction.atomic
def synthesis_draft(*, analyst: Viewer, demarche: Demarche) -> Synthesis:
    """The démarche's draft synthesis, created if needed (from the last published version's lines)."""
    analyst = _require_analyst(analyst, demarche)
    Demarche.objects.select_for_update().filter(pk=demarche.pk).first()
    draft = Synthesis.objects.filter(demarche=demarche, status=Synthesis.Status.DRAFT).first()
    if draft is not None:
        return draft
    last = Synthesis.objects.filter(demarche=demarche).order_by("-number").first()
    number = (last.number + 1) if last else 1
    draft = Synthesis.objects.create(
        demarche=demarche,
        number=number,
        title=last.title if last else _("Synthèse des contributions"),
        introduction=last.introduction if last else "",
        created_by=analyst,
    )
    if last is not None:
        for line in last.lines.prefetch_related("source_links"):
            copy = SynthesisLine.objects.create(
                synthesis=draft, position=line.position, text=line.text, is_minority=line.is_minority, theme=line.theme
            )
            SynthesisSource.objects.bulk_create(
                [SynthesisSource(line=copy, contribution_id=link.contribution_id) for link in line.source_links.all()]
            )
    return draft


def _editable(synthesis: Synthesis) -> Synthesis:
    locked = Synthesis.objects.select_for_update().select_related("demarche").get(pk=synthesis.pk)
    if locked.is_published:
        raise Conflict(
            _("Une synthèse publiée ne se modifie plus : préparez une nouvelle version."), code="synthesis_published"
        )
    return locked


def _resolve_sources(demarche: Demarche, source_ids: Iterable[int]) -> list[int]:
    """Source ids of the démarche, merged contributions replaced by what they were merged into."""
    ids = sorted({int(pk) for pk in source_ids})
    if not ids:
        raise ActionError(
            _("Une ligne doit s'appuyer sur au moins une contribution."), code="no_source", field="sources"
        )
    targets = merged_into_many(ids)
    resolved = sorted({targets.get(pk, pk) for pk in ids})
    found = Contribution.objects.filter(pk__in=resolved, demarche=demarche).count()
    if found != len(resolved):
        raise ActionError(
            _("Certaines contributions citées n'appartiennent pas à cette démarche."),
            code="foreign_source",
            field="sources",
        )
    return resolved


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not 3 <= len(text) <= 2000:
        raise ActionError(
            _("Le texte d'une ligne compte entre 3 et 2 000 caractères."), code="text_length", field="text"
        )
    return text


@transaction.atomic
def synthesis_update(*, analyst: Viewer, synthesis: Synthesis, title: str, introduction: str) -> Synthesis:
    analyst = _require_analyst(analyst, synthesis.demarche)
    locked = _editable(synthesis)
    title = " ".join((title or "").split())
    if not 3 <= len(title) <= 200:
        raise ActionError(_("Le titre compte entre 3 et 200 caractères."), code="title_length", field="title")
    locked.title, locked.introduction = title, (introduction or "").strip()[:5000]
    locked.save(update_fields=["title", "introduction", "updated_at"])
    return locked


@transaction.atomic
def line_add(
    *,
    analyst: Viewer,
    synthesis: Synthesis,
    text: str,
    source_ids: Iterable[int],
    is_minority: bool = False,
    theme: ContributionTheme | None = None,
) -> SynthesisLine:
    analyst = _require_analyst(analyst, synthesis.demarche)
    locked = _editable(synthesis)
    sources = _resolve_sources(locked.demarche, source_ids)
    position = (locked.lines.aggregate(top=Max("position"))["top"] or 0) + 1
    line = SynthesisLine.objects.create(
        synthesis=locked, position=position, text=_clean_text(text), is_minority=is_minority, theme=theme
    )
    SynthesisSource.objects.bulk_create([SynthesisSource(line=line, contribution_id=pk) for pk in sources])
    return line


@transaction.atomic
def line_update(
    *, analyst: Viewer, line: SynthesisLine, text: str, source_ids: Iterable[int], is_minority: bool
) -> SynthesisLine:
    analyst = _require_analyst(analyst, line.synthesis.demarche)
    locked = _editable(line.synthesis)
    sources = _resolve_sources(locked.demarche, source_ids)
    line.text, line.is_minority = _clean_text(text), is_minority
    line.save(update_fields=["text", "is_minority"])
    SynthesisSource.objects.filter(line=line).exclude(contribution_id__in=sources).delete()
    SynthesisSource.objects.bulk_create(
        [SynthesisSource(line=line, contribution_id=pk) for pk in sources], ignore_conflicts=True
    )
    return line


@transaction.atomic
def line_delete(*, analyst: Viewer, line: SynthesisLine) -> None:
    analyst = _require_analyst(analyst, line.synthesis.demarche)
    _editable(line.synthesis)
    line.delete()


@transaction.atomic
def synthesis_fill_from_themes(*, analyst: Viewer, synthesis: Synthesis) -> int:
    """One line per active theme not yet cited, its contributions as sources; small themes flagged minority."""
    analyst = _require_analyst(analyst, synthesis.demarche)
    locked = _editable(synthesis)
    overview = themes_overview(locked.demarche)
    limit = small_theme_limit(overview.classified_count)
    cited_themes = set(locked.lines.exclude(theme=None).values_list("theme_id", flat=True))
    members: dict[int, list[int]] = {}
    for theme_id, contribution_id in ThemeAssignment.objects.filter(
        theme__in=[t.pk for t in overview.themes], ended_at__isnull=True
    ).values_list("theme_id", "contribution_id"):
        members.setdefault(theme_id, []).append(contribution_id)
    position = locked.lines.aggregate(top=Max("position"))["top"] or 0
    added = 0
    for theme in overview.themes:
        if theme.pk in cited_themes or not members.get(theme.pk):
            continue
        position += 1
        line = SynthesisLine.objects.create(
            synthesis=locked,
            position=position,
            text=theme.label,
            is_minority=theme.count <= limit,  # type: ignore[attr-defined]
            theme=theme,
        )
        SynthesisSource.objects.bulk_create(
            [SynthesisSource(line=line, contribution_id=pk) for pk in members[theme.pk]]
        )
        added += 1
    return added


@transaction.atomic
def synthesis_publish(*, analyst: Viewer, synthesis: Synthesis) -> Synthesis:
    """Validate and publish: records who validated and when; the synthesis is frozen from now on."""
    analyst = _require_analyst(analyst, synthesis.demarche)
    locked = _editable(synthesis)
    lines = list(locked.lines.annotate(n=Count("source_links")))
    if not lines:
        raise ActionError(_("Ajoutez au moins une ligne avant de publier."), code="empty_synthesis")
    if any(line.n == 0 for line in lines):
        raise ActionError(_("Chaque ligne doit citer au moins une contribution."), code="line_without_source")
    missing = uncovered_small_themes(locked)
    if missing:
        raise ActionError(
            _(
                "Des avis minoritaires manquent : citez au moins une contribution de chacun de ces thèmes "
                "peu représentés : %(themes)s."
            )
            % {"themes": ", ".join(f"« {t.label} »" for t in missing)},
            code="minority_missing",
        )
    now = timezone.now()
    locked.status = Synthesis.Status.PUBLISHED
    locked.validated_by, locked.validated_at = analyst, now
    locked.save(update_fields=["status", "validated_by", "validated_at", "updated_at"])
    return locked
