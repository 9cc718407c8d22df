from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.core.errors import ActionError
from cocite.core.params import parse_id, parse_ids
from cocite.decisions.http import forbidden
from cocite.decisions.queries import department_choices
from cocite.demarches.queries import visible_demarches

from . import actions, permissions, queries
from .forms import CheckForm, DoneForm, MilestoneForm, ProgressForm, ResultFilterForm, ResultForm


@require_GET
def result_list(request: HttpRequest) -> HttpResponse:
    demarches = list(visible_demarches(request.user).order_by("title").values_list("slug", "title"))
    departments = department_choices()
    form = ResultFilterForm(request.GET or None, departments=departments, demarches=demarches)
    page = queries.result_page(request.user, queries.ResultFilters(**form.filters()), request.GET.get("page"))
    return render(request, "results/list.html", {"form": form, "page": page})


@require_GET
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = queries.result_get_for(request.user, pk)
    result = detail.result
    context = {
        "detail": detail,
        "result": result,
        "check_form": CheckForm(),
        "can_answer": permissions.can_answer_check(request.user, result, detail.concerned, detail.my_check is not None),
        "can_update": permissions.can_update_result(request.user, result),
    }
    return render(request, "results/detail.html", context)


@require_http_methods(["GET", "POST"])
def result_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    source = request.POST if request.method == "POST" else request.GET
    decisions = queries.decisions_to_follow(request.user, parse_ids(source.getlist("decision")))
    if not decisions:
        messages.info(request, _("Un résultat se crée depuis une décision retenue : ouvrez la décision à suivre."))
        return redirect("decisions:list")
    department_id = decisions[0].department_id
    if not permissions.can_create_result(request.user, department_id):
        return forbidden(
            request, _("Seul·es les élu·es et les responsables du service créent le suivi d'une décision.")
        )
    first = decisions[0]
    initial = {"department": department_id, "progress": 0, "description": ""}
    if first.items.count() == 1:
        initial["title"] = first.items.get().title
    form = ResultForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = actions.result_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                department=data["department"],
                decisions=decisions,
                budget=data["budget"],
                progress=data["progress"],
                milestones=form.milestones(),
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Le suivi du résultat est publié."))
            return redirect(result)
    context = {"form": form, "decisions": decisions}
    return render(request, "results/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def result_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress, milestones and "done", for the responsible department."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    detail = queries.result_get_for(request.user, pk)
    result = detail.result
    if not permissions.can_update_result(request.user, result):
        return forbidden(request, _("Seul le service responsable met à jour ce résultat."))
    progress_form = ProgressForm(initial={"progress": result.progress}, prefix="avancement")
    milestone_form = MilestoneForm(prefix="etape")
    operation = request.POST.get("operation", "")
    status = 200
    if request.method == "POST":
        try:
            if operation == "avancement":
                progress_form = ProgressForm(request.POST, prefix="avancement")
                if progress_form.is_valid():
                    actions.result_update_progress(
                        actor=request.user,
                        result=result,
                        progress=progress_form.cleaned_data["progress"],
                        note=progress_form.cleaned_data["note"],
                    )
                    messages.success(request, _("L'avancement est mis à jour."))
                    return redirect("results:manage", pk=result.pk)
            elif operation == "etape":
                milestone_form = MilestoneForm(request.POST, prefix="etape")
                if milestone_form.is_valid():
                    actions.milestone_add(
                        actor=request.user,
                        result=result,
                        title=milestone_form.cleaned_data["title"],
                        due_on=milestone_form.cleaned_data["due_on"],
                    )
                    messages.success(request, _("L'étape est ajoutée."))
                    return redirect("results:manage", pk=result.pk)
            elif operation == "franchie":
                milestone_id = parse_id(request.POST.get("milestone"))
                milestone = queries.milestone_of(result, milestone_id) if milestone_id else None
                if milestone is not None:
                    actions.milestone_set_done(
                        actor=request.user, milestone=milestone, done=request.POST.get("done") == "1"
                    )
                    messages.success(request, _("L'étape est mise à jour."))
                return redirect("results:manage", pk=result.pk)
        except ActionError as error:
            messages.error(request, error.message)
        status = 400
    context = {
        "detail": detail,
        "result": result,
        "progress_form": progress_form,
        "milestone_form": milestone_form,
        "done_form": DoneForm(prefix="realise"),
        "can_mark_done": permissions.can_mark_done(request.user, result),
        "open_milestones": [m for m in detail.milestones if not m.done],
    }
    return render(request, "results/manage.html", context, status=status)


@require_POST
def result_done(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    detail = queries.result_get_for(request.user, pk)
    form = DoneForm(request.POST, prefix="realise")
    valid = form.is_valid()
    try:
        actions.result_mark_done(
            actor=request.user,
            result=detail.result,
            note=form.cleaned_data["note"] if valid else "",
            open_milestones_reason=form.cleaned_data["open_milestones_reason"] if valid else "",
        )
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("results:manage", pk=pk)
    messages.success(
        request,
        _("Le résultat est déclaré réalisé. Les personnes concernées peuvent maintenant dire si c'est bien le cas."),
    )
    return redirect(detail.result)


@require_POST
def result_check(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    detail = queries.result_get_for(request.user, pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Répondez oui ou non."))
        return redirect(detail.result)
    try:
        actions.completion_check_answer(
            user=request.user,
            result=detail.result,
            done=form.cleaned_data["done"],
            comment=form.cleaned_data["comment"],
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Merci, votre réponse est enregistrée."))
    return redirect(detail.result)
