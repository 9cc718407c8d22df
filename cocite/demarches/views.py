from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cocite.core.cache import anonymous_page_cache, demarche_scope
from cocite.core.errors import ActionError
from cocite.core.markdown import render_markdown
from cocite.core.params import parse_int
from cocite.territory import queries as territory_queries
from cocite.territory.models import Department

from . import actions, permissions, presets, queries
from .models import Rulebook, RuleVersion
from .registry import page_links, registry


@require_GET
@anonymous_page_cache
def home(request: HttpRequest) -> HttpResponse:
    """The home page: the open démarches, the quartiers and the departments."""
    open_demarches = [d for d in queries.demarche_list_for(request.user) if d.status == "published"][:6]
    context = {
        "demarches": open_demarches,
        "quartiers": territory_queries.quartier_list(),
        "departments": territory_queries.department_list_public(),
    }
    return render(request, "demarches/home.html", context)


@require_GET
@anonymous_page_cache
def demarche_list(request: HttpRequest) -> HttpResponse:
    demarches = queries.demarche_list_for(request.user)
    launch = request.user.is_authenticated and permissions.departments_for_service_improvement(request.user) != set()
    return render(request, "demarches/list.html", {"demarches": demarches, "can_launch_service_improvement": launch})


def _demarche_scopes(request: HttpRequest, slug: str) -> tuple[str, ...]:
    demarche_id = queries.demarche_id_for_slug(slug)
    return (demarche_scope(demarche_id),) if demarche_id is not None else ()


@require_GET
@anonymous_page_cache(scopes=_demarche_scopes)
def demarche_detail(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = queries.demarche_get_for(request.user, slug)
    queries.attach_component_stats([demarche], request.user)
    components = []
    for config in demarche.enabled_components():
        spec = registry.get(config.name)
        if spec is not None:
            components.append({"spec": spec, "config": config})
    context = {
        "demarche": demarche,
        "context_html": render_markdown(demarche.context),
        "timeline": queries.timeline(demarche),
        "current_phase": demarche.current_phase(),
        "components": components,
        "rules": queries.rules_in_force_for(demarche),
        "can_take_part": permissions.can_take_part(request.user, demarche),
        "page_links": page_links(demarche, request.user),
    }
    return render(request, "demarches/detail.html", context)


def _rulebook_page(request: HttpRequest, rulebook: Rulebook | None, demarche: object | None) -> HttpResponse:
    if rulebook is None:
        raise Http404
    versions = queries.rulebook_versions(rulebook)
    if not versions:
        raise Http404
    in_force = queries.version_in_force(rulebook)
    shown: RuleVersion = in_force or versions[-1]
    requested = parse_int(request.GET.get("version"))
    if requested is not None:
        shown = next((v for v in versions if v.number == requested), shown)
    diff = None
    old_n, new_n = parse_int(request.GET.get("de")), parse_int(request.GET.get("a"))
    diff_error = ""
    if request.GET.get("de") or request.GET.get("a"):
        by_number = {v.number: v for v in versions}
        if old_n is not None and new_n is not None and old_n in by_number and new_n in by_number:
            diff = queries.diff_versions(by_number[old_n], by_number[new_n])
        else:
            diff_error = _("Choisissez deux versions existantes à comparer.")
    context = {
        "rulebook": rulebook,
        "demarche": demarche,
        "versions": versions,
        "in_force": in_force,
        "shown": shown,
        "shown_html": render_markdown(shown.text),
        "diff": diff,
        "diff_error": diff_error,
    }
    return render(request, "demarches/rules.html", context)


@require_GET
@anonymous_page_cache
def charter(request: HttpRequest) -> HttpResponse:
    return _rulebook_page(request, queries.charter_get(), None)


@require_GET
@anonymous_page_cache
def demarche_rules(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = queries.demarche_get_for(request.user, slug)
    rulebook = Rulebook.objects.filter(demarche=demarche).first()
    return _rulebook_page(request, rulebook, demarche)


class ServiceImprovementForm(forms.Form):
    department = forms.TypedChoiceField(
        label=gettext_lazy("Service"),
        coerce=int,
        error_messages={
            "required": gettext_lazy("Choisissez le service."),
            "invalid_choice": gettext_lazy("Choisissez un service de la liste."),
        },
    )

    def __init__(self, *args: object, departments: list[Department], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["department"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(d.pk, d.name) for d in departments]


@require_http_methods(["GET", "POST"])
def service_improvement_new(request: HttpRequest) -> HttpResponse:
    """« Améliorer notre service »: a department's manager (or an administrator) launches the agents-only,
    pseudonymous démarche of their department in one step."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    allowed = permissions.departments_for_service_improvement(request.user)
    departments = queries.departments_among(allowed)
    if not departments:
        raise HttpForbidden(_("Seul·es les responsables de service et l’administration lancent cette démarche."))
    form = ServiceImprovementForm(request.POST or None, departments=departments)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            department = next(d for d in departments if d.pk == form.cleaned_data["department"])
            try:
                demarche = actions.demarche_from_preset(
                    actor=request.user, preset=presets.SERVICE_IMPROVEMENT, department=department
                )
            except ActionError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("La démarche est ouverte : les agents peuvent y contribuer."))
                return redirect(demarche)
        else:
            status = 400
    context = {"form": form, "preset": presets.SERVICE_IMPROVEMENT}
    return render(request, "demarches/service_improvement.html", context, status=status)
