"""Pages of the opinion map: vote one statement at a time, propose statements, see the groups.

Every form works without JavaScript (POST then redirect); with htmx, voting swaps the card
for the next one and changing a vote in "my votes" swaps that row only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from cocite.core.errors import ActionError
from cocite.core.http import local_path
from cocite.core.params import parse_id
from cocite.demarches.models import Demarche

from . import actions, permissions, queries, svg
from .forms import ModerationForm, StatementForm
from .models import Conversation, ModerationDecision, OpinionRun, Vote

# Polling stops when the server answers with this status (htmx convention).
HTMX_STOP_POLLING = 286

SHAPE_NAMES = {
    "circle": gettext_lazy("ronds"),
    "square": gettext_lazy("carrés"),
    "triangle": gettext_lazy("triangles"),
    "diamond": gettext_lazy("losanges"),
    "plus": gettext_lazy("croix"),
}
COLOUR_NAMES = [
    gettext_lazy("bleus"),
    gettext_lazy("rouges"),
    gettext_lazy("verts"),
    gettext_lazy("bruns"),
    gettext_lazy("violets"),
]
VOTE_CONFIRMATIONS = {
    Vote.Value.AGREE: gettext_lazy("Vote enregistré : d'accord."),
    Vote.Value.DISAGREE: gettext_lazy("Vote enregistré : pas d'accord."),
    Vote.Value.PASS: gettext_lazy("Vote enregistré : vous passez cette proposition."),
}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _safe_next(request: HttpRequest) -> str:
    """The "next" path of a form, only if it stays on this site."""
    return local_path(request.POST.get("next"), request) or ""


def _conversation_for(request: HttpRequest, slug: str) -> tuple[Demarche, Conversation]:
    demarche, config = queries.demarche_with_component_get_for(request.user, slug)
    return demarche, actions.conversation_ensure(demarche=demarche, config=config)


def _refused(request: HttpRequest, demarche: Demarche | None, title: str, reason: str) -> HttpResponse:
    context = {"demarche": demarche, "title": title, "reason": reason}
    return render(request, "opinions/refused.html", context, status=403)


def _card_context(
    request: HttpRequest, conversation: Conversation, *, message: str = "", error: str = ""
) -> dict[str, Any]:
    participant = queries.participant_of(request.user, conversation)
    upcoming = queries.next_statement(conversation, participant)
    can_vote = permissions.can_vote(request.user, conversation)
    return {
        "conversation": conversation,
        "demarche": conversation.demarche,
        "upcoming": upcoming,
        "statement": upcoming.statement,
        "can_vote": can_vote,
        "vote_denial": "" if can_vote else permissions.denial_reason(request.user, "vote", conversation),
        "message": message,
        "error": error,
    }


def _main_context(request: HttpRequest, conversation: Conversation, form: StatementForm) -> dict[str, Any]:
    context = _card_context(request, conversation)
    can_submit = permissions.can_submit(request.user, conversation)
    can_moderate = permissions.can_moderate(request.user, conversation)
    context.update(
        {
            "form": form,
            "can_submit": can_submit,
            "submit_denial": "" if can_submit else permissions.denial_reason(request.user, "submit", conversation),
            "can_moderate": can_moderate,
            "pending_count": queries.pending_count(conversation) if can_moderate else 0,
        }
    )
    return context


@require_GET
def main(request: HttpRequest, slug: str) -> HttpResponse:
    _demarche, conversation = _conversation_for(request, slug)
    return render(request, "opinions/main.html", _main_context(request, conversation, StatementForm()))


@require_POST
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    demarche, conversation = _conversation_for(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("opinions:main", kwargs={"slug": slug}))
    form = StatementForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            statement = actions.statement_submit(
                author=request.user, conversation=conversation, text=form.cleaned_data["text"]
            )
        except ActionError as error:
            form.add_error("text" if error.field == "text" else None, error.message)
            status = error.status
        else:
            if statement.status == statement.Status.PENDING:
                messages.success(
                    request, _("Merci ! Votre proposition sera publiée après relecture par l'équipe de modération.")
                )
            else:
                messages.success(request, _("Merci ! Votre proposition est publiée : les participant·es vont voter."))
            return redirect("opinions:main", slug=demarche.slug)
    return render(request, "opinions/main.html", _main_context(request, conversation, form), status=status)


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    statement = queries.statement_get_for(request.user, pk)
    conversation = statement.conversation
    if conversation.demarche is None:
        raise Http404
    main_url = reverse("opinions:main", kwargs={"slug": conversation.demarche.slug})
    if not request.user.is_authenticated:
        if _is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{reverse('account_login')}?next={main_url}"
            return response
        return redirect_to_login(main_url)
    value = actions.VOTE_VALUES.get(request.POST.get("value", ""))
    if value is None:
        return HttpResponseBadRequest(_("Paramètre « value » attendu : agree, disagree ou pass."))
    error = ""
    try:
        cast = actions.vote_cast(user=request.user, statement=statement, value=value)
    except ActionError as exc:
        error = exc.message
    message = "" if error else str(VOTE_CONFIRMATIONS[Vote.Value(value)])
    if _is_htmx(request):
        if request.POST.get("from") == "mes-votes":
            row_vote = (
                cast
                if not error
                else Vote.objects.select_related("statement")
                .filter(statement=statement, participant__user=request.user)
                .first()
            )
            context = {
                "vote": row_vote,
                "statement": statement,
                "can_vote": not error,
                "message": message,
                "error": error,
                "next_url": _safe_next(request),
            }
            return render(request, "opinions/partials/my_vote_row.html", context)
        # Errors are shown in the swapped card (htmx does not swap 4xx answers).
        return render(
            request, "opinions/partials/card.html", _card_context(request, conversation, message=message, error=error)
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    next_url = _safe_next(request)
    if next_url and request.POST.get("from") == "mes-votes":
        next_url = f"{next_url}#vote-{statement.pk}"
    return redirect(next_url or main_url)


@require_GET
def my_votes(request: HttpRequest, slug: str) -> HttpResponse:
    demarche, conversation = _conversation_for(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    participant = queries.participant_of(request.user, conversation)
    can_vote = permissions.can_vote(request.user, conversation)
    context = {
        "demarche": demarche,
        "conversation": conversation,
        "page": queries.my_votes_page(participant, request.GET.get("page")),
        "can_vote": can_vote,
        "vote_denial": "" if can_vote else permissions.denial_reason(request.user, "vote", conversation),
        "next_url": request.get_full_path(),
    }
    return render(request, "opinions/my_votes.html", context)


# --- results -------------------------------------------------------------------------------------


def _map_description(view: queries.ResultsView, n_shown: int, n_points: int) -> str:
    parts = [
        _(
            "Chaque point est une personne, placée selon ses votes : deux personnes qui votent de la même "
            "façon sont proches. Les axes n'ont pas d'unité."
        )
    ]
    for group in view.groups:
        parts.append(
            ngettext(
                "Groupe %(label)s : %(n)s personne (%(shape)s %(colour)s).",
                "Groupe %(label)s : %(n)s personnes (%(shape)s %(colour)s).",
                group.size,
            )
            % {
                "label": group.label,
                "n": group.size,
                "shape": SHAPE_NAMES[svg.group_shape(group.index)],
                "colour": COLOUR_NAMES[group.index % len(COLOUR_NAMES)],
            }
        )
    ungrouped = view.n_participants - view.n_grouped
    if ungrouped > 0:
        parts.append(
            ngettext(
                "%(n)s personne non regroupée, faute de votes suffisants (cercle gris vide).",
                "%(n)s personnes non regroupées, faute de votes suffisants (cercles gris vides).",
                ungrouped,
            )
            % {"n": ungrouped}
        )
    if n_shown < n_points:
        parts.append(_("La carte montre %(shown)s points sur %(total)s.") % {"shown": n_shown, "total": n_points})
    return " ".join(parts)


def _map(view: queries.ResultsView, participant_id: int | None) -> Any:
    result = view.run.result
    assignments = result.get("assignments", {})
    points = [
        svg.MapPoint(
            x=float(xy[0]),
            y=float(xy[1]),
            group=assignments.get(key),
            is_me=participant_id is not None and key == str(participant_id),
        )
        for key, xy in result.get("projections", {}).items()
    ]
    limit = 2000
    return svg.opinion_map_svg(
        points=points,
        group_labels=[_("Groupe %(label)s") % {"label": g.label} for g in view.groups],
        title=_("Carte des groupes d'opinion"),
        desc=_map_description(view, min(limit, len(points)), len(points)),
        me_label=_("Vous"),
        max_points=limit,
    )


def _results_page(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    participant = queries.participant_of(request.user, conversation)
    done = queries.latest_done_run(conversation)
    latest = queries.latest_run(conversation)
    view = queries.results_view(done, participant) if done is not None else None
    if view is not None:
        for group in view.groups:
            group.swatch = svg.legend_swatch(group.index)
    context = {
        "conversation": conversation,
        "demarche": conversation.demarche,
        "view": view,
        "map_svg": _map(view, participant.pk if participant else None) if view is not None and view.k else None,
        "latest": latest,
        "shown_run_id": done.pk if done is not None else "",
        "pending": latest is not None and latest.is_pending,
        "can_recompute": permissions.can_request_recompute(request.user, conversation),
        "ungrouped_swatch": svg.legend_swatch(None),
    }
    return render(request, "opinions/results.html", context)


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    _demarche, conversation = _conversation_for(request, slug)
    return _results_page(request, conversation)


@require_GET
def conversation_results(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = queries.conversation_get_for(request.user, pk)
    if conversation.demarche is not None:
        return redirect("opinions:results", slug=conversation.demarche.slug)
    return _results_page(request, conversation)


@require_GET
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment polled by the results page while a run is queued or running."""
    conversation = queries.conversation_get_for(request.user, pk)
    latest = queries.latest_run(conversation)
    pending = latest is not None and latest.is_pending
    shown = parse_id(request.GET.get("affiche"))
    context = {
        "conversation": conversation,
        "latest": latest,
        "pending": pending,
        "shown_run_id": shown or "",
        "newer_results": latest is not None and latest.status == OpinionRun.Status.DONE and latest.pk != shown,
    }
    return render(request, "opinions/partials/run_status.html", context, status=200 if pending else HTMX_STOP_POLLING)


@require_POST
def recompute(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = queries.conversation_get_for(request.user, pk)
    if not permissions.can_request_recompute(request.user, conversation):
        return _refused(
            request,
            conversation.demarche,
            _("Recalculer"),
            _("Seuls les agents et la modération peuvent relancer le calcul."),
        )
    run = actions.opinion_recompute_schedule(conversation_id=conversation.pk, force=True)
    if run is None:
        messages.info(request, _("Un calcul est déjà en attente ou en cours."))
    else:
        messages.success(request, _("Le calcul des groupes est lancé."))
    if conversation.demarche is not None:
        return redirect("opinions:results", slug=conversation.demarche.slug)
    return redirect("opinions:conversation", pk=conversation.pk)


# --- moderation ----------------------------------------------------------------------------------


@require_GET
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    demarche, conversation = _conversation_for(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_moderate(request.user, conversation):
        return _refused(
            request, demarche, _("Modération"), _("Seule l'équipe de modération peut modérer les propositions.")
        )
    context = {
        "demarche": demarche,
        "conversation": conversation,
        "page": queries.statements_to_moderate(conversation, request.GET.get("page")),
        "pending_count": queries.pending_count(conversation),
        "Decision": ModerationDecision.Decision,
    }
    return render(request, "opinions/moderation.html", context)


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    statement = queries.statement_get_for(request.user, pk)
    conversation = statement.conversation
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Décision inconnue : publier ou écarter."))
    try:
        moderated = actions.statement_moderate(
            moderator=request.user,
            statement=statement,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        if moderated.status == moderated.Status.ACCEPTED:
            messages.success(request, _("La proposition est publiée."))
        else:
            messages.success(request, _("La proposition est écartée."))
    if conversation.demarche is None:
        return redirect("opinions:conversation", pk=conversation.pk)
    return redirect(_safe_next(request) or reverse("opinions:moderation", kwargs={"slug": conversation.demarche.slug}))
