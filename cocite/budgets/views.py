"""Pages of the participatory budget: projects and the cart, the summary, the receipt, the agents'
pages (projects, paper ballots, counts), the outcome, the open data and the public recount."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.viewer import signed_in
from cocite.core import ratelimit
from cocite.core.errors import ActionError
from cocite.core.network import client_ip
from cocite.core.params import parse_id, parse_ids
from cocite.decisions.models import Opinion
from cocite.demarches.models import Demarche
from cocite.items.models import Item
from cocite.territory.models import Quartier, Theme

from . import actions, counting, exports, queries
from .forms import BudgetRulesAdoptForm, CountForm, PaperForm, ProjectForm, RecountForm
from .models import BudgetRules, Envelope, Method, Project
from .permissions import can_key_paper, can_manage_budget, vote_denial
from .presentation import explain_count, explain_outcome


def _status(error: ActionError | None) -> int:
    if error is None:
        return 400
    return 429 if error.code == "rate_limited" else error.status


def _cart(demarche: Demarche, rules: BudgetRules | None, chosen_ids: list[int]) -> dict[str, Any]:
    chosen = list(Project.objects.filter(demarche=demarche, pk__in=chosen_ids).order_by("title", "pk"))
    total = sum(project.cost for project in chosen)
    budget = rules.total_budget if rules else 0
    return {
        "chosen": chosen,
        "chosen_ids": [project.pk for project in chosen],
        "spent": total,
        "remaining": budget - total,
        "over": rules is not None and rules.method == Method.APPROVAL_BUDGET and total > budget,
        "too_many": rules is not None
        and rules.method == Method.K_APPROVAL
        and rules.max_choices is not None
        and len(chosen) > rules.max_choices,
    }


MARK_PREFIX = "mark-"


def _parse_marks(params: Any) -> tuple[dict[int, int], bool]:
    """A ranking's ranks or the points given, from `mark-<project id>` fields (blank: nothing);
    the flag says a value was not a whole number."""
    marks: dict[int, int] = {}
    bad = False
    for name in list(params.keys())[:2000]:
        if not name.startswith(MARK_PREFIX) or len(marks) >= queries.LIST_LIMIT:
            continue
        pk = parse_id(name[len(MARK_PREFIX) :])
        value = (params.get(name) or "").strip()
        if pk is None or not value:
            continue
        if not (value.isascii() and value.isdigit()) or len(value) > 6:
            bad = True
            continue
        marks[pk] = int(value)
    return marks, bad


def _scored_cart(
    demarche: Demarche, rules: BudgetRules, marks: dict[int, int], envelopes: list[Envelope] | None = None
) -> dict[str, Any]:
    """The ballot being filled. For a ranking, each project's score is the one the count will use:
    each quartier's envelope is counted apart (`queries.election_for`), so a project's Borda score
    comes from its place among the projects of its own part that the ballot ranks."""
    given = {pk: value for pk, value in marks.items() if value > 0}
    found = list(Project.objects.filter(demarche=demarche, pk__in=sorted(given)))
    ranking = rules.method == Method.RANKING
    labels: dict[int | None, str] = {envelope.quartier_id: envelope.quartier.name for envelope in envelopes or []}
    by_part: dict[int | None, dict[str, int]] = {}
    for project in found:
        value = given[project.pk]
        part = project.quartier_id if project.quartier_id in labels else None
        project.mark = value  # type: ignore[attr-defined]
        project.part_label = labels.get(project.quartier_id, "")  # type: ignore[attr-defined]
        by_part.setdefault(part, {})[str(project.pk)] = value
    scores: dict[str, int] = {}
    for ranks in by_part.values():
        scores.update(counting.borda(ranks, rules.max_choices or 0) if ranking else ranks)
    for project in found:
        project.score = max(scores[str(project.pk)], 0)  # type: ignore[attr-defined]
    found.sort(key=lambda p: (given[p.pk], p.title, p.pk) if ranking else (p.title, p.pk))
    points_given = sum(given[p.pk] for p in found) if not ranking else 0
    return {
        "chosen": found,
        "chosen_ids": [project.pk for project in found],
        "marks": {project.pk: given[project.pk] for project in found},
        "spent": sum(project.cost for project in found),
        "remaining": 0,
        "points_given": points_given,
        "points_left": (rules.points or 0) - points_given,
        "over": not ranking and points_given > (rules.points or 0),
        "too_many": ranking and len(found) > (rules.max_choices or 0),
        "rank_choices": list(range(1, (rules.max_choices or 0) + 1)) if ranking else [],
        "ranked_parts": ranking and bool(labels),  # the summary says in which part each project counts
    }


def _main_context(
    request: HttpRequest,
    demarche: Demarche,
    chosen_ids: list[int] | None = None,
    marks: dict[int, int] | None = None,
    terms: queries.VoteTerms | None = None,
) -> dict[str, Any]:
    rules = terms.rules if terms is not None else queries.rules_for(demarche)
    params = request.POST if request.method == "POST" else request.GET
    quartier = parse_id(params.get("quartier"))
    theme = parse_id(params.get("theme"))
    commune_wide = params.get("quartier") == "commune"
    mine = queries.my_ballot(request.user, demarche)
    scored = rules is not None and rules.scored
    if scored and marks is None:
        marks = _parse_marks(request.GET)[0]
        if not marks and mine is not None:
            marks = queries.ballot_marks(mine)
    elif chosen_ids is None:
        chosen_ids = parse_ids(request.GET.getlist("projects"))
        if not chosen_ids and mine is not None:
            chosen_ids = [project.pk for project in mine.projects.all()]
    listed = queries.projects(demarche, quartier=quartier, theme=theme, commune_wide=commune_wide)
    found_envelopes = queries.envelopes(rules) if rules else []
    if scored:
        assert rules is not None
        cart = _scored_cart(demarche, rules, marks or {}, found_envelopes)
        for project in listed:
            project.mark = cart["marks"].get(project.pk)  # type: ignore[attr-defined]
    else:
        cart = _cart(demarche, rules, chosen_ids or [])
    closed = rules is not None and timezone.now() >= rules.closes_at
    return {
        "demarche": demarche,
        "rules": rules,
        "envelopes": found_envelopes,
        "projects": listed,
        "hidden_chosen": [p for p in cart["chosen"] if p not in listed],
        "quartiers": list(Quartier.objects.filter(pk__in=Project.objects.filter(demarche=demarche).values("quartier"))),
        "themes": list(Theme.objects.filter(pk__in=Project.objects.filter(demarche=demarche).values("theme"))),
        "filter_quartier": "commune" if commune_wide else quartier,
        "filter_theme": theme,
        "denial": vote_denial(request.user, demarche, rules),
        "mine": mine,
        "closed": closed,
        "counts": queries.counts(demarche) if closed else [],
        "export_parts": queries.parts(demarche, rules) if closed and rules else [],
        "infeasible": queries.infeasible(demarche),
        "can_manage": can_manage_budget(request.user, demarche),
        "can_key_paper": can_key_paper(request.user, demarche),
        **cart,
    }


@require_GET
def main(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = queries.budget_demarche(request.user, slug)
    response = render(request, "budgets/main.html", _main_context(request, demarche))
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def project(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    demarche = queries.budget_demarche(request.user, slug)
    found = queries.project_get(demarche, pk)
    return render(
        request,
        "budgets/project.html",
        {"demarche": demarche, "project": found, "sources": queries.project_sources(found)},
    )


@require_GET
def project_image(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    demarche = queries.budget_demarche(request.user, slug)
    found = queries.project_get(demarche, pk)
    if not found.image:
        raise Http404
    content_type = mimetypes.guess_type(found.image.name or "")[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        raise Http404
    response = FileResponse(found.image.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def ballot(request: HttpRequest, slug: str) -> HttpResponse:
    """Without JavaScript as with it: « Vérifier mon panier » shows the summary, « Confirmer » casts."""
    user = signed_in(request.user)
    demarche = queries.budget_demarche(user, slug)
    terms = queries.vote_terms(demarche)
    rules = terms.rules
    scored = rules is not None and rules.scored
    chosen_ids = [] if scored else parse_ids(request.POST.getlist("projects"))
    marks, bad_marks = _parse_marks(request.POST) if scored else ({}, False)
    error: ActionError | None = None
    if bad_marks and request.POST.get("step") != "filter":
        error = ActionError(_("Les rangs et les points sont des nombres entiers."), code="mark_invalid")
    elif request.POST.get("step") == "confirm":
        try:
            actions.ballot_cast(
                voter=user,
                demarche=demarche,
                project_ids=chosen_ids,
                marks=marks,
                age_confirmed=request.POST.get("age") == "on",
                terms=terms,
            )
        except ActionError as exc:
            error = exc
        else:
            messages.success(request, _("Votre vote est enregistré. Merci !"))
            return redirect("budgets:receipt", slug=demarche.slug)
    context = _main_context(request, demarche, chosen_ids, marks if scored else None, terms)
    if request.POST.get("step") == "filter":
        response = render(request, "budgets/main.html", context)
        response["Cache-Control"] = "private, no-store"
        return response
    if error is None and scored and not context["denial"]:
        assert rules is not None
        try:
            actions.ballot_check(terms=terms, marks=marks)
        except ActionError as exc:
            error = exc
    if (
        error is None
        and not context["denial"]
        and context["chosen"]
        and not context["over"]
        and not context["too_many"]
    ):
        response = render(request, "budgets/review.html", context)
    else:
        if error is None:
            if context["denial"]:
                error = ActionError(context["denial"], code="vote_forbidden")
                error.status = 403
            elif not context["chosen"]:
                error = ActionError(_("Choisissez au moins un projet."), code="empty_ballot")
            else:
                error = ActionError(
                    _("Votre panier dépasse ce que le règlement permet : retirez un projet."), code="over"
                )
        context["error"] = error
        template = "budgets/review.html" if error.code == "age" else "budgets/main.html"
        response = render(request, template, context, status=_status(error))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def receipt(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in(request.user)
    demarche = queries.budget_demarche(user, slug)
    rules = queries.rules_for(demarche)
    mine = queries.my_ballot(user, demarche)
    projects = sorted(mine.projects.all(), key=lambda p: (p.title, p.pk)) if mine else []
    if mine is not None and rules is not None and rules.scored:
        marks = queries.ballot_marks(mine)
        for project in projects:
            project.mark = marks.get(project.pk)
        if rules.method == Method.RANKING:
            projects.sort(key=lambda p: (marks.get(p.pk, 0), p.title))
    context = {
        "demarche": demarche,
        "rules": rules,
        "mine": mine,
        "chosen": projects,
        "spent": sum(p.cost for p in projects),
        "may_change": bool(mine and rules and rules.changeable and not vote_denial(user, demarche, rules)),
    }
    response = render(request, "budgets/receipt.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in(request.user)
    demarche = queries.budget_demarche(user, slug)
    if not can_manage_budget(user, demarche):
        raise HttpForbidden(_("Cette page est réservée à l'équipe de la démarche."))
    what = request.POST.get("action", "")
    project_form = ProjectForm(request.POST if what == "project" else None, request.FILES or None, demarche=demarche)
    count_form = CountForm(request.POST if what == "count" else None)
    rules_form = BudgetRulesAdoptForm(request.POST if what == "rules" else None)
    error: ActionError | None = None
    if what == "project" and project_form.is_valid():
        data = project_form.cleaned_data
        try:
            made = actions.project_create(
                actor=user,
                demarche=demarche,
                title=data["title"],
                description=data["description"],
                items=list(Item.objects.filter(pk__in=data["items"])),
                cost_opinion=Opinion.objects.select_related("request").get(pk=data["cost_opinion"]),
                quartier=data["quartier"],
                theme=data["theme"],
                image=data.get("image"),
                image_alt=data.get("image_alt") or "",
            )
        except ActionError as exc:
            error = exc
            project_form.add_error(None, exc.message)
        else:
            messages.success(request, _("Le projet « %(title)s » est ajouté.") % {"title": made.title})
            return redirect("budgets:manage", slug=demarche.slug)
    elif what == "rules" and rules_form.is_valid():
        data = rules_form.cleaned_data
        try:
            actions.budget_rules_adopt(
                actor=user,
                demarche=demarche,
                change_note=data["change_note"],
                total_budget=data["total_budget"],
                method=data["method"],
                counting_rule=data["counting"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                max_choices=data.get("max_choices"),
                points=data.get("points"),
                verified_only=data["verified_only"],
                minimum_age=data["minimum_age"],
                agents_may_vote=data["agents_may_vote"],
                changeable=data["changeable"],
            )
        except ActionError as exc:
            error = exc
            rules_form.add_error(exc.field if exc.field in rules_form.fields else None, exc.message)
        else:
            messages.success(request, _("Les règles du vote sont publiées dans une nouvelle version du règlement."))
            return redirect("budgets:manage", slug=demarche.slug)
    elif what == "count" and count_form.is_valid():
        try:
            made_count = actions.count_publish(actor=user, demarche=demarche, rule=count_form.cleaned_data["rule"])
        except ActionError as exc:
            error = exc
            count_form.add_error(None, exc.message)
        else:
            return redirect(made_count.get_absolute_url())
    elif what == "results":
        found = queries.count_get(demarche, parse_id(request.POST.get("count")) or 0)
        try:
            made_results = actions.winners_to_results(actor=user, count=found)
        except ActionError as exc:
            error = exc
        else:
            messages.success(
                request, _("%(n)s projets lauréats sont suivis dans « Résultats ».") % {"n": len(made_results)}
            )
            return redirect(found.get_absolute_url())
    elif what:
        error = ActionError(_("Vérifiez le formulaire."), code="invalid")
    context = {
        "demarche": demarche,
        "rules": queries.rules_for(demarche),
        "project_form": project_form,
        "count_form": count_form,
        "rules_form": rules_form,
        "projects": queries.projects(demarche),
        "counts": queries.counts(demarche),
        "ballots": queries.ballot_count(demarche),
        "error": error,
    }
    response = render(request, "budgets/manage.html", context, status=_status(error) if what else 200)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in(request.user)
    demarche = queries.budget_demarche(user, slug)
    if not can_key_paper(user, demarche):
        raise HttpForbidden(_("Cette page est réservée aux agent·es de la commune."))
    rules = queries.rules_for(demarche)
    form = PaperForm(request.POST if request.method == "POST" else None, demarche=demarche, rules=rules)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            entry = actions.paper_entry_key(
                agent=user,
                demarche=demarche,
                station=form.cleaned_data["station"],
                sheet=form.cleaned_data["sheet"],
                project_ids=form.cleaned_data.get("projects") or [],
                marks=form.marks(),
            )
        except ActionError as exc:
            error = exc
            form.add_error(None, exc.message)
        else:
            if entry.ballot_id:
                messages.success(
                    request,
                    _("Les deux saisies concordent : le bulletin %(sheet)s est compté.") % {"sheet": entry.sheet},
                )
            else:
                messages.info(
                    request,
                    _(
                        "Saisie enregistrée. Le bulletin %(sheet)s comptera quand un·e autre agent·e "
                        "l'aura saisi à l'identique."
                    )
                    % {"sheet": entry.sheet},
                )
            return redirect("budgets:paper", slug=demarche.slug)
    context = {
        "demarche": demarche,
        "form": form,
        "entries": queries.recent_paper_entries(user, demarche),
        "mismatches": queries.paper_mismatches(user, demarche),
    }
    status = _status(error) if request.method == "POST" and (error or form.errors) else 200
    response = render(request, "budgets/paper.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def outcome(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    demarche = queries.budget_demarche(request.user, slug)
    found = queries.count_get(demarche, pk)
    return render(
        request,
        "budgets/outcome.html",
        {
            "demarche": demarche,
            "count": found,
            "parts": explain_count(found),
            "can_manage": can_manage_budget(request.user, demarche),
        },
    )


def _closed_rules(demarche: Demarche) -> BudgetRules:
    """Ballots are published once the vote is closed, never during it."""
    rules = queries.rules_for(demarche)
    if rules is None or timezone.now() < rules.closes_at:
        raise Http404
    return rules


@require_GET
def export_pb(request: HttpRequest, slug: str, part: int) -> HttpResponse:
    demarche = queries.budget_demarche(request.user, slug)
    rules = _closed_rules(demarche)
    parts = queries.parts(demarche, rules)
    if part >= len(parts):
        raise Http404
    response = HttpResponse(exports.pb_text(demarche, rules, part), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{demarche.slug}-{part}.pb"'
    return response


@require_GET
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = queries.budget_demarche(request.user, slug)
    rules = _closed_rules(demarche)
    response = HttpResponse(exports.csv_text(demarche, rules), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{demarche.slug}-bulletins.csv"'
    return response


@require_http_methods(["GET", "POST"])
def recount(request: HttpRequest) -> HttpResponse:
    """Anyone recounts a pabulib file (ours or another city's): nothing is stored."""
    form = RecountForm(request.POST or None, request.FILES or None)
    result = None
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.enforce(
                "pb_recount", client_ip(request), _("Trop de recomptages d'affilée : réessayez à partir de %(moment)s.")
            )
            election, meta, declared = form.cleaned_data["parsed"]
            computed = counting.count(election, form.cleaned_data["rule"])
            result = explain_outcome(computed, meta, declared)
        except ActionError as exc:
            error = exc
            form.add_error(None, exc.message)
    status = _status(error) if request.method == "POST" and (error or form.errors) else 200
    return render(request, "budgets/recount.html", {"form": form, "result": result}, status=status)
