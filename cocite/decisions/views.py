from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.permissions import is_administrator
from cocite.core.errors import ActionError
from cocite.core.http import local_path
from cocite.core.params import parse_ids
from cocite.demarches.queries import rules_in_force_for, visible_demarches
from cocite.items.models import Item
from cocite.items.queries import item_get_for, items_get_for

from . import actions, citations, ledger, permissions, queries
from .forms import (
    BulkActionForm,
    CorrectionForm,
    DecisionFilterForm,
    DecisionForm,
    InboxFilterForm,
    OpinionForm,
    OpinionRequestFields,
    ReassignForm,
)
from .http import forbidden
from .models import Decision


def _needs_login(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _safe_next(request: HttpRequest, fallback: str) -> str:
    return local_path(request.POST.get("next"), request) or fallback


# ---------------------------------------------------------------------------
# Inbox
# ---------------------------------------------------------------------------


@require_GET
def my_inbox(request: HttpRequest) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    ids = list(permissions.memberships(request.user))
    if len(ids) == 1 and not is_administrator(request.user):
        department = queries.departments_by_name(ids)[0]
        return redirect("decisions:inbox", slug=department.slug)
    if not permissions.can_view_my_inbox(request.user):
        return forbidden(request, _("Cette page est réservée aux agents des services de la collectivité."))
    departments = queries.departments_by_name(None if is_administrator(request.user) else ids)
    return render(request, "decisions/my_inbox.html", {"departments": departments})


@require_GET
def inbox(request: HttpRequest, slug: str) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    department = queries.department_get(slug)
    if not permissions.can_view_inbox(request.user, department.pk):
        return forbidden(
            request, _("Cette boîte est réservée aux agents du service « %(name)s ».") % {"name": department.name}
        )
    form = InboxFilterForm(request.GET or None, demarches=queries.inbox_demarches(request.user, department))
    filters = queries.InboxFilters(**form.filters())
    page = queries.inbox_page(request.user, department, filters, request.GET.get("page"))
    pending, pending_total = queries.department_opinion_requests(request.user, department)
    context = {
        "department": department,
        "form": form,
        "filters": filters,
        "page": page,
        "bulk_form": BulkActionForm(ids=[]),
        "pending_requests": pending,
        "pending_total": pending_total,
        "today": timezone.localdate(),
        "now": timezone.now(),
        "is_manager": permissions.is_manager_of(request.user, department.pk) or is_administrator(request.user),
        "can_decide": permissions.can_decide(request.user, [department.pk]),
    }
    return render(request, "decisions/inbox.html", context)


@require_POST
def inbox_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    department = queries.department_get(slug)
    if not permissions.can_view_inbox(request.user, department.pk):
        return forbidden(
            request, _("Cette boîte est réservée aux agents du service « %(name)s ».") % {"name": department.name}
        )
    back = _safe_next(request, reverse("decisions:inbox", kwargs={"slug": department.slug}))
    candidate_ids = queries.routed_item_ids(department, parse_ids(request.POST.getlist("ids")))
    form = BulkActionForm(request.POST, ids=candidate_ids)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}" if label else str(error))
        return redirect(back)
    data = form.cleaned_data
    items = items_get_for(request.user, data["ids"])
    try:
        if data["action"] == "examen":
            count = actions.routing_mark_under_review(actor=request.user, items=items)
            messages.success(
                request,
                ngettext(
                    "%(n)s contribution marquée « en cours d'examen ».",
                    "%(n)s contributions marquées « en cours d'examen ».",
                    count,
                )
                % {"n": count},
            )
        elif data["action"] == "avis":
            created, skipped = actions.opinions_request(
                actor=request.user,
                items=items,
                departments=list(data["departments"]),
                aspects=data["aspects"],
                deadline=data["deadline"],
                question=data["question"],
            )
            messages.success(
                request,
                ngettext("%(n)s demande d'avis envoyée.", "%(n)s demandes d'avis envoyées.", len(created))
                % {"n": len(created)},
            )
            if skipped:
                messages.info(
                    request,
                    ngettext("%(n)s demande était déjà en attente.", "%(n)s demandes étaient déjà en attente.", skipped)
                    % {"n": skipped},
                )
        else:
            ids = ",".join(str(i.pk) for i in items)
            return redirect(f"{reverse('decisions:create')}?elements={ids}")
    except ActionError as error:
        messages.error(request, error.message)
    return redirect(back)


@require_GET
def unrouted(request: HttpRequest) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    if not permissions.can_view_unrouted(request.user):
        return forbidden(request, _("Cette page est réservée aux responsables de service."))
    page = queries.unrouted_page(request.user, request.GET.get("page"))
    departments = queries.departments_by_name()
    return render(request, "decisions/unrouted.html", {"page": page, "departments": departments})


# ---------------------------------------------------------------------------
# Instruction of one item
# ---------------------------------------------------------------------------


def _workspace_context(request: HttpRequest, item: Item, **extra: Any) -> dict[str, Any]:
    workspace = queries.workspace_for(request.user, item)
    routed = workspace.routing.department_id if workspace.routing else None
    context = {
        "item": item,
        "workspace": workspace,
        "can_route": permissions.can_route(request.user, routed),
        "can_request": permissions.can_request_opinions(request.user, routed),
        "can_decide": permissions.can_decide(request.user, [routed]) and item.status != "retiree",
        # The department's inbox is linked for its agents only: another department's agent reads its name.
        "can_view_routed_inbox": routed is not None and permissions.can_view_inbox(request.user, routed),
        # « Mon service » for those who have one (an elected official reads the instruction, has no inbox).
        "has_a_service": permissions.can_view_my_inbox(request.user),
        "reassign_form": ReassignForm(),
        "request_form": OpinionRequestFields(),
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


@require_GET
def workspace(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    item = item_get_for(request.user, kind, pk)
    if not permissions.can_view_workspace(request.user):
        return forbidden(request, _("L'instruction des contributions est réservée aux agents et aux élu·es."))
    return render(request, "decisions/workspace.html", _workspace_context(request, item))


@require_POST
def route(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    item = item_get_for(request.user, kind, pk)
    form = ReassignForm(request.POST)
    if form.is_valid():
        try:
            actions.routing_reassign(
                actor=request.user,
                item=item,
                department=form.cleaned_data["department"],
                reason=form.cleaned_data["reason"],
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Contribution orientée vers « %(name)s ».") % {"name": form.cleaned_data["department"].name},
            )
            return redirect(_safe_next(request, queries.workspace_url(item)))
    if not permissions.can_view_workspace(request.user):
        return forbidden(request, _("Seul·e un·e responsable de service peut orienter une contribution."))
    return render(
        request, "decisions/workspace.html", _workspace_context(request, item, reassign_form=form), status=400
    )


@require_POST
def request_opinions(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    item = item_get_for(request.user, kind, pk)
    form = OpinionRequestFields(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created, skipped = actions.opinions_request(
                actor=request.user,
                items=[item],
                departments=list(data["departments"]),
                aspects=data["aspects"],
                deadline=data["deadline"],
                question=data["question"],
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                ngettext("%(n)s demande d'avis envoyée.", "%(n)s demandes d'avis envoyées.", len(created))
                % {"n": len(created)},
            )
            if skipped:
                messages.info(request, _("Certains services avaient déjà un avis en attente sur cette contribution."))
            return redirect(queries.workspace_url(item))
    if not permissions.can_view_workspace(request.user):
        return forbidden(request, _("Seul·e un·e responsable de service peut demander des avis."))
    return render(request, "decisions/workspace.html", _workspace_context(request, item, request_form=form), status=400)


@require_http_methods(["GET", "POST"])
def opinion_answer(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    opinion_request = queries.opinion_request_get(pk)
    item = opinion_request.item
    if not items_get_for(request.user, [item.pk]):
        raise Http404
    if not permissions.is_member(request.user, opinion_request.department_id) and not is_administrator(request.user):
        return forbidden(
            request,
            _("Seuls les agents du service « %(name)s » peuvent rendre cet avis.")
            % {"name": opinion_request.department.name},
        )
    if opinion_request.status != opinion_request.Status.PENDING:
        messages.info(request, _("Cet avis a déjà été rendu."))
        return redirect(queries.workspace_url(item))
    form = OpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.opinion_give(
                actor=request.user,
                request=opinion_request,
                feasibility=data["feasibility"],
                recommendation=data["recommendation"],
                text=data["text"],
                estimated_cost=data["estimated_cost"],
                legal_points=data["legal_points"],
                internal_note=data["internal_note"],
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Votre avis est enregistré. Il sera publié avec la décision."))
            return redirect("decisions:inbox", slug=opinion_request.department.slug)
    context = {
        "opinion_request": opinion_request,
        "item": item,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "decisions/opinion_form.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


def _decision_form_kwargs(demarche: Any, item_ids: list[int]) -> dict[str, Any]:
    version = rules_in_force_for(demarche) if demarche is not None else None
    return {
        "criteria_choices": queries.criteria_choices(version),
        "opinions": queries.answered_opinions(item_ids),
        "officials": queries.elected_officials(),
        "citables": [(source, source.candidates(demarche.pk)) for source in citations.sources()]
        if demarche is not None
        else [],
    }


def _decision_fields(
    data: dict[str, Any], demarche: Any, kind: str, citations_cited: dict[str, list[int]] | None = None
) -> dict[str, Any]:
    merged_into = None
    if data.get("outcome") == Decision.Outcome.MERGED and data.get("merged_into"):
        merged_into = queries.merge_target(kind, data["merged_into"], demarche)
        if merged_into is None:
            raise ActionError(
                _("Aucune contribution n° %(n)s dans cette démarche.") % {"n": data["merged_into"]},
                code="merged_into_invalid",
                field="merged_into",
            )
    return {
        "outcome": data["outcome"],
        "explanation": data["explanation"],
        "criteria": data["criteria"],
        "criteria_notes": data["criteria_notes"],
        "opinions": list(data["opinions"]),
        "body": data["body"],
        "official": data["official"],
        "deliberation_ref": data["deliberation_ref"],
        "decided_on": data["decided_on"],
        "merged_into": merged_into,
        "pending_opinions_reason": data.get("pending_opinions_reason") or "",
        "citations": citations_cited or {},
    }


@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    if not permissions.can_decide_anything(request.user):
        return forbidden(request, _("Seul·es les élu·es et les responsables de service publient des décisions."))
    source = request.POST if request.method == "POST" else request.GET
    candidates = [i for i in items_get_for(request.user, parse_ids(source.getlist("elements"))) if i.demarche_id]
    if not candidates:
        messages.info(request, _("Choisissez d'abord les contributions concernées, depuis la boîte de votre service."))
        return redirect("decisions:my_inbox")
    demarche = candidates[0].demarche
    ids = [c.pk for c in candidates]
    initial = {"elements": ids}
    form = DecisionForm(
        request.POST or None, initial=initial, candidates=candidates, **_decision_form_kwargs(demarche, ids)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = actions.decision_publish(
                actor=request.user,
                items=list(data["elements"]),
                **_decision_fields(data, demarche, candidates[0].kind, form.citations()),
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("La décision est publiée et inscrite au journal public."))
            return redirect(decision)
    context = {
        "form": form,
        "demarche": demarche,
        "candidates": candidates,
        "rule_version": rules_in_force_for(demarche) if demarche is not None else None,
        "several_demarches": len({c.demarche_id for c in candidates}) > 1,
        "pending_requests": queries.pending_opinion_requests(ids),
    }
    return render(request, "decisions/decision_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def decision_correct(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := _needs_login(request)) is not None:
        return response
    detail = queries.decision_get_for(request.user, pk)
    original = detail.decision
    ids = [c.pk for c in detail.items]
    routed = queries.routed_departments(ids)
    if not permissions.can_decide(request.user, routed or [original.department_id]):
        return forbidden(request, _("Seul·es les élu·es et les responsables du service peuvent corriger une décision."))
    if detail.later:
        messages.info(request, _("Cette décision a déjà été corrigée : voici la décision la plus récente."))
        return redirect(detail.later[-1])
    initial = {
        "outcome": original.outcome,
        "merged_into": original.merged_into.object_id if original.merged_into else None,
        "explanation": original.explanation,
        "criteria": original.criteria,
        "criteria_notes": original.criteria_notes,
        "opinions": list(original.opinion_links.values_list("opinion_id", flat=True)),
        "body": original.body,
        "official": original.official_id,
        "deliberation_ref": original.deliberation_ref,
        "decided_on": timezone.localdate(),
    }
    for kind, object_id in original.citations.values_list("kind", "object_id"):
        initial.setdefault(f"cite_{kind}", []).append(object_id)
    kwargs = _decision_form_kwargs(original.demarche, ids)
    kwargs["criteria_choices"] = list(dict.fromkeys([*kwargs["criteria_choices"], *original.criteria]))
    form = CorrectionForm(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = actions.decision_correct(
                actor=request.user,
                original=original,
                correction_reason=data["correction_reason"],
                **_decision_fields(
                    data, original.demarche, detail.items[0].kind if detail.items else "", form.citations()
                ),
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("La correction est publiée ; la décision corrigée reste visible."))
            return redirect(decision)
    context = {
        "form": form,
        "original": original,
        "items": detail.items,
        "pending_requests": queries.pending_opinion_requests(ids),
    }
    return render(request, "decisions/correction_form.html", context, status=400 if form.errors else 200)


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    demarches = list(visible_demarches(request.user).order_by("title").values_list("slug", "title"))
    departments = queries.department_choices()
    form = DecisionFilterForm(request.GET or None, departments=departments, demarches=demarches)
    filters = queries.DecisionFilters(**form.filters())
    page = queries.decision_page(request.user, filters, request.GET.get("page"))
    return render(request, "decisions/list.html", {"form": form, "page": page})


@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = queries.decision_get_for(request.user, pk)
    ids = [c.pk for c in detail.items]
    routed = queries.routed_departments(ids)
    context = {
        "detail": detail,
        "decision": detail.decision,
        "can_correct": not detail.later
        and permissions.can_decide(request.user, routed or [detail.decision.department_id]),
    }
    return render(request, "decisions/detail.html", context)


# ---------------------------------------------------------------------------
# The public log
# ---------------------------------------------------------------------------


@require_GET
def journal(request: HttpRequest) -> HttpResponse:
    page = queries.log_page(request.GET.get("page"), request.user)
    return render(request, "decisions/journal.html", {"page": page, "head": ledger.latest()})


@require_GET
def journal_export(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(ledger.export_lines(), content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="journal-des-decisions.jsonl"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def journal_disclosures(request: HttpRequest) -> StreamingHttpResponse:
    """Sealed entries whose démarches became public: salt, type and payload, to check against the chain."""
    response = StreamingHttpResponse(queries.disclosure_lines(), content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="journal-des-decisions-divulgations.jsonl"'
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------
# Commitments
# ---------------------------------------------------------------------------


@require_GET
def commitments(request: HttpRequest) -> HttpResponse:
    dashboard = queries.commitments_dashboard(request.user, request.GET.get("page"))
    return render(request, "decisions/commitments.html", {"dashboard": dashboard})
