from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.contributions.models import Contribution
from cocite.core import csv_writer
from cocite.core.errors import ActionError
from cocite.core.params import parse_ids, parse_int
from cocite.demarches.models import Demarche
from cocite.demarches.queries import attach_component_stats, demarche_get_for, visible_demarches

from . import actions, dashboards, permissions, queries
from .forms import LineForm, MoveForm, RenameForm, SynthesisForm, ThemeMergeForm
from .merge import contribution_merge
from .models import AnalysisRun


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _require_login(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _csv_response(table: dashboards.Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{table.key}.csv"'
    writer = csv_writer.writer(response, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            [
                value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else value)
                for value in row
            ]
        )
    return response


def _dashboard_response(
    request: HttpRequest, board: dashboards.Dashboard, filename: str, template: str, context: dict[str, Any]
) -> HttpResponse:
    if request.GET.get("format") == "csv":
        table = board.table(request.GET.get("table", ""))
        if table is None:
            raise Http404
        return _csv_response(table, filename)
    context["board"] = board
    return render(request, template, context)


# Dashboards (public, within what each person may see)


@require_GET
def platform_dashboard(request: HttpRequest) -> HttpResponse:
    visible = Demarche.objects.filter(pk__in=visible_demarches(request.user).values("pk"))
    board = dashboards.build(visible)
    context: dict[str, Any] = {"demarches": dashboards.demarche_rows(visible)}
    if permissions.is_analyst(request.user):
        context["analysable"] = queries.analysable_demarches(request.user)
    return _dashboard_response(request, board, "participation", "analysis/platform.html", context)


@require_GET
def demarche_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = demarche_get_for(request.user, slug)
    board = dashboards.build([demarche], scope=dashboards.demarche_scope(demarche))
    attach_component_stats([demarche], request.user)
    context = {
        "demarche": demarche,
        "can_analyse": permissions.can_analyse(request.user, demarche),
        "synthesis": queries.synthesis_versions(demarche)[:1],
    }
    return _dashboard_response(request, board, f"participation-{demarche.slug}", "analysis/demarche.html", context)


# Themes


def _themes_context(demarche: Demarche) -> dict[str, Any]:
    return {
        "demarche": demarche,
        "run": queries.latest_run(demarche),
        "overview": queries.themes_overview(demarche),
    }


@require_GET
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    if (response := _require_login(request)) is not None:
        return response
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    return render(request, "analysis/themes.html", _themes_context(demarche))


@require_POST
def run_start(request: HttpRequest, slug: str) -> HttpResponse:
    if (response := _require_login(request)) is not None:
        return response
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    run = actions.run_request(analyst=request.user, demarche=demarche)
    if run.status == AnalysisRun.Status.DONE:
        messages.success(request, _("Les thèmes ont été recalculés."))
    elif run.is_active:
        messages.info(request, _("Le calcul des thèmes est lancé. Cette page montre son avancement."))
    return redirect("analysis:themes", slug=demarche.slug)


@require_GET
def run_progress(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """The progress box alone (htmx polls it every 2 s while the run is active)."""
    if (response := _require_login(request)) is not None:
        return response
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    run = queries.run_get_for(request.user, demarche, run_id)
    if not _is_htmx(request):
        return redirect("analysis:themes", slug=demarche.slug)
    response = render(request, "analysis/partials/run_progress.html", {"demarche": demarche, "run": run})
    if not run.is_active:
        # The run just finished: reload the page so the new themes show.
        response["HX-Refresh"] = "true"
    return response


@require_GET
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := _require_login(request)) is not None:
        return response
    theme = queries.theme_get_for(request.user, pk)
    page = queries.theme_members_page(theme, request.GET.get("page", 1))
    others = queries.other_themes(theme).order_by("label")
    context = {
        "theme": theme,
        "demarche": theme.demarche,
        "page": page,
        "history": queries.theme_history(theme),
        "rename_form": RenameForm(initial={"label": theme.label}),
        "merge_form": ThemeMergeForm(themes=others),
        "move_form": MoveForm(themes=others, choices=[(c.pk, c.title) for c in page.object_list]),
    }
    return render(request, "analysis/theme_detail.html", context)


def _theme_action(request: HttpRequest, pk: int) -> Any:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return queries.theme_get_for(request.user, pk)


@require_POST
def theme_validate(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme_action(request, pk)
    try:
        actions.theme_validate(analyst=request.user, theme=theme)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thème validé."))
    return redirect(theme)


@require_POST
def theme_rename(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme_action(request, pk)
    form = RenameForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("L'intitulé doit compter entre 3 et 160 caractères."), code="label_length")
        actions.theme_rename(analyst=request.user, theme=theme, label=form.cleaned_data["label"])
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thème renommé."))
    return redirect(theme)


@require_POST
def theme_merge(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme_action(request, pk)
    form = ThemeMergeForm(request.POST, themes=queries.other_themes(theme))
    if not form.is_valid():
        messages.error(request, _("Choisissez le thème dans lequel fusionner celui-ci."))
        return redirect(theme)
    try:
        target = actions.theme_merge(analyst=request.user, source=theme, target=form.cleaned_data["target"])
    except ActionError as error:
        messages.error(request, error.message)
        return redirect(theme)
    messages.success(request, _("Les deux thèmes sont fusionnés."))
    return redirect(target)


@require_POST
def contributions_move(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme_action(request, pk)
    ids = parse_ids(request.POST.getlist("contributions"))
    form = MoveForm(request.POST, themes=queries.other_themes(theme), choices=[(i, str(i)) for i in ids])
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Cochez au moins une contribution.")]:
            messages.error(request, str(error))
        return redirect(theme)
    try:
        target = actions.contributions_move(
            analyst=request.user,
            demarche=theme.demarche,
            contribution_ids=form.cleaned_data["contributions"],
            to_theme=form.cleaned_data["target"],
            new_label=form.cleaned_data["new_label"] or "",
        )
    except ActionError as error:
        messages.error(request, error.message)
        return redirect(theme)
    messages.success(
        request,
        _("%(n)s contribution(s) déplacée(s) vers « %(theme)s ».")
        % {"n": len(form.cleaned_data["contributions"]), "theme": target.label},
    )
    return redirect(theme)


# Duplicates and merges


@require_GET
def duplicates(request: HttpRequest, slug: str) -> HttpResponse:
    if (response := _require_login(request)) is not None:
        return response
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    return render(
        request,
        "analysis/duplicates.html",
        {"demarche": demarche, "pairs": queries.duplicate_pairs(demarche), "run": queries.latest_run(demarche)},
    )


@require_POST
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    pair = queries.duplicate_get_for(request.user, pk)
    actions.duplicate_dismiss(analyst=request.user, pair=pair)
    messages.success(request, _("Paire écartée : elle ne sera plus proposée."))
    return redirect("analysis:duplicates", slug=pair.demarche.slug)


@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirm, then merge: ?cible=<id>&sources=<id>[,<id>…] (the duplicates page fills them in)."""
    if (response := _require_login(request)) is not None:
        return response
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    data = request.POST if request.method == "POST" else request.GET
    target_ids = parse_ids(data.getlist("cible"))
    source_ids = [pk for pk in parse_ids(data.getlist("sources")) if pk not in target_ids]
    in_demarche = Contribution.objects.filter(demarche=demarche).select_related("author")
    target = in_demarche.filter(pk=target_ids[0]).first() if target_ids else None
    sources = list(in_demarche.filter(pk__in=source_ids).order_by("pk"))
    error = ""
    if request.method == "POST":
        if target is None or not sources:
            error = _("Choisissez la contribution à garder et au moins une contribution à fusionner.")
        else:
            try:
                result = contribution_merge(analyst=request.user, target=target, sources=sources)
            except ActionError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    _(
                        "Fusion faite : %(n)s contribution(s) renvoient désormais ici ; "
                        "%(added)s soutien(s) ajouté(s), %(total)s au total."
                    )
                    % {"n": len(result.sources), "added": result.supports_added, "total": result.support_count},
                )
                return redirect(result.target)
    candidates = [target, *sources] if target else sources
    context = {
        "demarche": demarche,
        "target": target,
        "sources": sources,
        "candidates": [c for c in candidates if c is not None],
        "error": error,
    }
    return render(request, "analysis/merge.html", context, status=400 if error else 200)


# Syntheses


@require_GET
def synthesis_public(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = demarche_get_for(request.user, slug)
    number = request.GET.get("version", "")
    synthesis = queries.published_synthesis(demarche, parse_int(number))
    can_analyse = permissions.can_analyse(request.user, demarche)
    if synthesis is None and number:
        raise Http404
    context = {
        "demarche": demarche,
        "synthesis": synthesis,
        "versions": queries.synthesis_versions(demarche),
        "can_analyse": can_analyse,
    }
    return render(request, "analysis/synthesis.html", context)


def _synthesis_context(demarche: Demarche) -> dict[str, Any]:
    draft = queries.draft_synthesis(demarche)
    context: dict[str, Any] = {
        "demarche": demarche,
        "draft": draft,
        "published": queries.synthesis_versions(demarche),
        "overview": queries.themes_overview(demarche),
    }
    if draft is not None:
        context["form"] = SynthesisForm(initial={"title": draft.title, "introduction": draft.introduction})
        context["line_form"] = LineForm()
        context["uncovered"] = queries.uncovered_small_themes(draft)
        cited = {c.pk for line in draft.lines.all() for c in line.sources.all()}
        context["cited_count"] = len(cited)
    return context


@require_http_methods(["GET", "POST"])
def synthesis_edit(request: HttpRequest, slug: str) -> HttpResponse:
    if (response := _require_login(request)) is not None:
        return response
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    if request.method == "POST":
        draft = queries.draft_synthesis(demarche)
        form = SynthesisForm(request.POST)
        if draft is None:
            raise Http404
        if form.is_valid():
            try:
                actions.synthesis_update(
                    analyst=request.user,
                    synthesis=draft,
                    title=form.cleaned_data["title"],
                    introduction=form.cleaned_data["introduction"],
                )
            except ActionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Synthèse enregistrée."))
                return redirect("analysis:synthesis_edit", slug=demarche.slug)
        context = _synthesis_context(demarche)
        context["form"] = form
        return render(request, "analysis/synthesis_edit.html", context, status=400)
    return render(request, "analysis/synthesis_edit.html", _synthesis_context(demarche))


@require_POST
def synthesis_start(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    actions.synthesis_draft(analyst=request.user, demarche=demarche)
    messages.success(request, _("Brouillon de synthèse prêt."))
    return redirect("analysis:synthesis_edit", slug=demarche.slug)


@require_POST
def synthesis_fill(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    draft = queries.draft_synthesis(demarche)
    if draft is None:
        raise Http404
    try:
        added = actions.synthesis_fill_from_themes(analyst=request.user, synthesis=draft)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s ligne(s) ajoutée(s) à partir des thèmes.") % {"n": added})
    return redirect("analysis:synthesis_edit", slug=demarche.slug)


@require_POST
def synthesis_publish(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    draft = queries.draft_synthesis(demarche)
    if draft is None:
        raise Http404
    try:
        actions.synthesis_publish(analyst=request.user, synthesis=draft)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("analysis:synthesis_edit", slug=demarche.slug)
    messages.success(request, _("Synthèse validée et publiée."))
    return redirect("analysis:synthesis", slug=demarche.slug)


@require_POST
def line_add(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    demarche = queries.analysed_demarche_get_for(request.user, slug)
    draft = queries.draft_synthesis(demarche)
    if draft is None:
        raise Http404
    form = LineForm(request.POST)
    if form.is_valid():
        try:
            actions.line_add(
                analyst=request.user,
                synthesis=draft,
                text=form.cleaned_data["text"],
                source_ids=form.source_ids(),
                is_minority=form.cleaned_data["is_minority"],
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Ligne ajoutée."))
            return redirect("analysis:synthesis_edit", slug=demarche.slug)
    context = _synthesis_context(demarche)
    context["line_form"] = form
    return render(request, "analysis/synthesis_edit.html", context, status=400)


@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := _require_login(request)) is not None:
        return response
    line = queries.line_get_for(request.user, pk)
    demarche = line.synthesis.demarche
    candidates = queries.candidate_sources(demarche, line)
    choices = [(c.pk, c.title) for c in candidates]
    current = [c.pk for c in candidates if c.pk in set(line.source_links.values_list("contribution_id", flat=True))]
    if request.method == "POST":
        form = LineForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                actions.line_update(
                    analyst=request.user,
                    line=line,
                    text=form.cleaned_data["text"],
                    source_ids=form.source_ids(),
                    is_minority=form.cleaned_data["is_minority"],
                )
            except ActionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Ligne enregistrée."))
                return redirect(
                    reverse("analysis:synthesis_edit", kwargs={"slug": demarche.slug}) + f"#ligne-{line.pk}"
                )
    else:
        form = LineForm(
            initial={"text": line.text, "is_minority": line.is_minority, "sources": current}, choices=choices
        )
    context = {"line": line, "demarche": demarche, "form": form, "editable": not line.synthesis.is_published}
    return render(request, "analysis/line_edit.html", context, status=400 if form.errors else 200)


@require_POST
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    line = queries.line_get_for(request.user, pk)
    try:
        actions.line_delete(analyst=request.user, line=line)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Ligne supprimée."))
    return redirect("analysis:synthesis_edit", slug=line.synthesis.demarche.slug)
