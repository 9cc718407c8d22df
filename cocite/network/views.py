"""The network's pages: thin views over forms, queries and actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.models import User
from cocite.accounts.viewer import signed_in
from cocite.core.errors import ActionError
from cocite.core.params import parse_id
from cocite.decisions.models import Routing
from cocite.decisions.permissions import can_decide
from cocite.items.models import Item
from cocite.territory.queries import quartier_list

from . import actions, matching, permissions, queries
from .forms import (
    ActorForm,
    CallForm,
    DirectoryForm,
    FeedForm,
    HelpForm,
    IncubationDecisionForm,
    IncubationRequestForm,
    InitiativeFilterForm,
    InitiativeForm,
    InviteForm,
    MessageForm,
    NewsForm,
    ReferentForm,
    SkillsForm,
    StageForm,
)
from .models import Actor, Direction, Initiative


def _status(error: ActionError | None, form: Any) -> int:
    if error is not None:
        return 429 if error.code == "rate_limited" else error.status
    return 400 if form is not None and form.is_bound and form.errors else 200


def _fail(form: Any, error: ActionError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


# Directory and actors


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    filters = queries.DirectoryFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.DirectoryFilters(
            kind=data["type"],
            theme=data["theme"].pk if data["theme"] else None,
            quartier=data["quartier"].pk if data["quartier"] else None,
            offers=data["propose"],
            seeks=data["recherche"],
            q=data["q"],
        )
    view_mode = "carte" if request.GET.get("vue") == "carte" else "liste"
    context: dict[str, Any] = {"form": form, "view_mode": view_mode, "filtered": filters != queries.DirectoryFilters()}
    if view_mode == "carte":
        context["map_points"] = queries.map_points(request.user, filters)
        context["map_quartiers"] = [
            {"id": q.pk, "name": q.name, "boundary": q.boundary} for q in quartier_list() if q.boundary
        ]
    else:
        actors, next_cursor = queries.directory(request.user, filters, parse_id(request.GET.get("apres")))
        context.update(actors=actors, next_cursor=next_cursor)
    return render(request, "network/directory.html", context, status=400 if form.is_bound and form.errors else 200)


def _offers_initial(actor: Actor) -> dict[str, Any]:
    offers = list(actor.offers.all())
    return {
        "offers": [o.category for o in offers if o.direction == Direction.OFFERS],
        "offers_details": next((o.details for o in offers if o.direction == Direction.OFFERS and o.details), ""),
        "needs": [o.category for o in offers if o.direction == Direction.SEEKS],
        "needs_details": next((o.details for o in offers if o.direction == Direction.SEEKS and o.details), ""),
    }


@login_required
@require_http_methods(["GET", "POST"])
def actor_create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    form = ActorForm(request.POST or None, request.FILES or None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actor = actions.actor_create(user=user, **form.action_kwargs())
        except ActionError as exc:
            error = exc
            _fail(form, exc)
        else:
            messages.success(request, _("L'acteur est créé : vous en êtes l'administrateur·rice."))
            return redirect(actor)
    return _private(
        render(request, "network/actor_form.html", {"form": form, "actor": None}, status=_status(error, form))
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    actor = queries.actor_get(user, pk)
    if not permissions.is_actor_admin(user, queries.actor_roles(user), actor.pk):
        raise HttpForbidden(_("Seul·es les administrateur·rices de cet acteur le modifient."))
    initial = {
        "kind": actor.kind,
        "name": actor.name,
        "description": actor.description,
        "themes": list(actor.themes.all()),
        "quartiers": list(actor.quartiers.all()),
        "address": actor.address,
        "latitude": actor.latitude,
        "longitude": actor.longitude,
        "website": actor.website,
        "other_link": actor.other_link,
        "siren": actor.siren,
        "rna": actor.rna,
        **_offers_initial(actor),
    }
    form = ActorForm(request.POST or None, request.FILES or None, initial=initial)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.actor_update(user=user, actor=actor, **form.action_kwargs())
        except ActionError as exc:
            error = exc
            _fail(form, exc)
        else:
            messages.success(request, _("Le profil est enregistré."))
            return redirect(actor)
    return _private(
        render(request, "network/actor_form.html", {"form": form, "actor": actor}, status=_status(error, form))
    )


@require_GET
def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = queries.actor_page(request.user, pk)
    context = {
        "page": page,
        "actor": page.actor,
        "invite_form": InviteForm() if page.is_admin else None,
        "can_verify": permissions.can_verify_actor(request.user),
        "can_see_hidden": permissions.can_see_hidden(request.user),
    }
    response = render(request, "network/actor_detail.html", context)
    return _private(response) if request.user.is_authenticated else response


@require_GET
def actor_logo(request: HttpRequest, pk: int) -> FileResponse:
    actor = queries.actor_get(request.user, pk)
    if not actor.logo:
        raise Http404
    try:
        handle = actor.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def actor_contact(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    actor = queries.actor_get(user, pk)
    form = MessageForm(request.POST or None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.actor_message_send(user=user, actor=actor, body=form.cleaned_data["body"])
        except ActionError as exc:
            error = exc
            _fail(form, exc)
        else:
            messages.success(request, _("Votre message est envoyé : l'acteur vous répondra par la plateforme."))
            return redirect(actor)
    return _private(
        render(request, "network/actor_contact.html", {"form": form, "actor": actor}, status=_status(error, form))
    )


@login_required
@require_POST
def actor_invite(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    actor = queries.actor_get(user, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Adresse électronique invalide."))
        return redirect(actor)
    try:
        actions.invitation_create(
            user=user,
            actor=actor,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            base_url=request.build_absolute_uri("/")[:-1],
        )
    except ActionError as exc:
        if exc.code == "invite_forbidden":
            raise HttpForbidden(str(exc.message)) from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("L'invitation est envoyée."))
    return redirect(actor)


@login_required
@require_POST
def actor_leave(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    actor = queries.actor_get(user, pk)
    try:
        actions.membership_leave(user=user, actor=actor)
    except ActionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Vous avez quitté cet acteur."))
    return redirect(actor)


@login_required
@require_POST
def actor_verify(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    actor = queries.actor_get(user, pk)
    try:
        actions.actor_verify(agent=user, actor=actor, verified=request.POST.get("verified") == "1")
    except ActionError as exc:
        if exc.code == "verify_forbidden":
            raise HttpForbidden(str(exc.message)) from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("La vérification est enregistrée."))
    return redirect(actor)


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    user = signed_in(request.user)
    error: ActionError | None = None
    found = None
    try:
        found = actions.invitation_from_token(token)
    except ActionError as exc:
        error = exc
    if request.method == "POST" and found is not None:
        try:
            actions.invitation_accept(user=user, token=token)
        except ActionError as exc:
            error = exc
        else:
            messages.success(request, _("Bienvenue : vous êtes membre de %(name)s.") % {"name": found.actor.name})
            return redirect(found.actor)
    status = 404 if found is None else _status(error, None)
    # Someone who may not accept (another account, already accepted, already a member) is told why, not shown the form.
    refusal = error or (actions.invitation_refusal(user=user, invitation=found) if found is not None else None)
    context = {"invitation": found, "error": refusal}
    return _private(render(request, "network/invitation.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def skills(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    current = queries.skills_of(user)
    initial = (
        {
            "categories": current.categories,
            "skills": current.skills,
            "themes": list(current.themes.all()),
            "suggest_me": current.suggest_me,
            "notify_matches": current.notify_matches,
        }
        if current
        else {}
    )
    form = SkillsForm(request.POST or None, initial=initial)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.skills_set(
                user=user,
                categories=data["categories"],
                skills=data["skills"],
                themes=[t.pk for t in data["themes"]],
                suggest_me=data["suggest_me"],
                notify_matches=data["notify_matches"],
            )
        except ActionError as exc:
            error = exc
            _fail(form, exc)
        else:
            messages.success(request, _("Vos compétences sont enregistrées."))
            return redirect("network:skills")
    context = {"form": form, "my_actors": queries.my_actors(user)}
    return _private(render(request, "network/skills.html", context, status=_status(error, form)))


# Initiatives


@require_GET
def initiatives(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET or None)
    filters = queries.InitiativeFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.InitiativeFilters(
            stage=data["etape"],
            theme=data["theme"].pk if data["theme"] else None,
            quartier=data["quartier"].pk if data["quartier"] else None,
            q=data["q"],
        )
    rows, next_cursor = queries.initiative_list(request.user, filters, parse_id(request.GET.get("apres")))
    context = {"form": form, "initiatives": rows, "next_cursor": next_cursor}
    return render(request, "network/initiatives.html", context, status=400 if form.is_bound and form.errors else 200)


def _carried_item(request: HttpRequest) -> Item | None:
    item_id = parse_id(request.GET.get("porter") or request.POST.get("porter"))
    if item_id is None:
        return None
    item = Item.objects.filter(pk=item_id).first()
    if item is None or item.status not in actions.CARRIABLE:
        raise Http404
    return item


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    carried = _carried_item(request)
    my_actors = queries.my_actors(user)
    initial = {"title": carried.title} if carried is not None else {}
    form = InitiativeForm(request.POST or None, actors=my_actors, initial=initial)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = next((a for a in my_actors if a.pk == data["actor"]), None)
        try:
            initiative = actions.initiative_create(
                user=user,
                title=data["title"],
                need=data["need"],
                solution=data["solution"],
                stage=data["stage"],
                actor=actor,
                themes=[t.pk for t in data["themes"]],
                quartiers=[q.pk for q in data["quartiers"]],
                carries=carried,
            )
        except ActionError as exc:
            error = exc
            _fail(form, exc)
        else:
            messages.success(request, _("L'initiative est publiée. Ajoutez ses appels à l'aide."))
            return redirect(initiative)
    context = {"form": form, "carried": carried}
    return _private(render(request, "network/initiative_form.html", context, status=_status(error, form)))


def _referent_people() -> list[User]:
    return list(
        User.objects.filter(is_active=True)
        .filter(department_memberships__isnull=False)
        .distinct()
        .order_by("display_name")[:200]
    )


@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = queries.initiative_page(request.user, pk)
    user = request.user
    incubation = page.incubation
    can_decide_incubation = False
    if incubation is not None and incubation.decision_id is None and user.is_authenticated:
        routed = Routing.objects.filter(item_id=incubation.item_id).values_list("department_id", flat=True).first()
        can_decide_incubation = can_decide(user, [routed])
    my_actors = queries.my_actors(user) if user.is_authenticated else []
    context = {
        "page": page,
        "initiative": page.initiative,
        "call_form": CallForm() if page.is_holder else None,
        "news_form": NewsForm() if page.is_holder else None,
        "stage_form": StageForm(initial={"stage": page.initiative.stage}) if page.is_holder else None,
        "incubation_form": IncubationRequestForm() if page.is_holder and incubation is None else None,
        "help_form": HelpForm(actors=my_actors) if user.is_authenticated and not page.is_holder else None,
        "can_decide_incubation": can_decide_incubation,
        "referent_form": ReferentForm(people=_referent_people()) if permissions.can_name_referent(user) else None,
        "can_see_hidden": permissions.can_see_hidden(user),
    }
    response = render(request, "network/initiative_detail.html", context)
    return _private(response) if user.is_authenticated else response


def _initiative_for_write(request: HttpRequest, pk: int) -> tuple[User, Initiative]:
    user = signed_in(request.user)
    return user, queries.initiative_get(user, pk)


def _after_action(request: HttpRequest, initiative: Initiative, run: Any, success: str) -> HttpResponse:
    try:
        run()
    except ActionError as exc:
        if exc.code in ("not_holder", "referent_forbidden"):
            raise HttpForbidden(str(exc.message)) from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, success)
    return redirect(initiative)


@login_required
@require_POST
def initiative_stage(request: HttpRequest, pk: int) -> HttpResponse:
    user, initiative = _initiative_for_write(request, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez une étape."))
        return redirect(initiative)
    return _after_action(
        request,
        initiative,
        lambda: actions.initiative_set_stage(user=user, initiative=initiative, stage=form.cleaned_data["stage"]),
        _("L'étape est enregistrée."),
    )


@login_required
@require_POST
def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    user, initiative = _initiative_for_write(request, pk)
    form = CallForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("L'appel à l'aide est incomplet : indiquez le type d'aide, ce qui est recherché et quand.")
        )
        return redirect(initiative)
    data = form.cleaned_data
    return _after_action(
        request,
        initiative,
        lambda: actions.call_create(
            user=user, initiative=initiative, kind=data["kind"], what=data["what"], when=data["when"]
        ),
        _("L'appel à l'aide est publié."),
    )


@login_required
@require_POST
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    call = queries.call_get(user, pk)
    return _after_action(
        request, call.initiative, lambda: actions.call_close(user=user, call=call), _("L'appel est clos.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    call = queries.call_get(user, pk)
    my_actors = queries.my_actors(user)
    form = HelpForm(request.POST or None, actors=my_actors)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        actor = next((a for a in my_actors if a.pk == form.cleaned_data["actor"]), None)
        try:
            actions.help_offer(user=user, call=call, message=form.cleaned_data["message"], actor=actor)
        except ActionError as exc:
            error = exc
            _fail(form, exc)
        else:
            messages.success(request, _("Votre proposition est envoyée aux porteur·ses de l'initiative."))
            return redirect(call.initiative)
    context = {"form": form, "call": call, "initiative": call.initiative}
    return _private(render(request, "network/call_answer.html", context, status=_status(error, form)))


@login_required
@require_GET
def call_matches(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    call = queries.call_get(user, pk)
    if not permissions.is_holder(user, queries.holder_ids(call.initiative)):
        raise HttpForbidden(_("Seul·es les porteur·ses de l'initiative voient les suggestions."))
    context = {"call": call, "initiative": call.initiative, "suggestions": matching.suggestions(call)}
    return _private(render(request, "network/call_matches.html", context))


@login_required
@require_POST
def help_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    user = signed_in(request.user)
    answer = queries.answer_get(pk)
    initiative = queries.initiative_get(user, answer.call.initiative_id)
    accept = decision == "accepter"
    return _after_action(
        request,
        initiative,
        lambda: actions.help_decide(user=user, answer=answer, accept=accept),
        _("L'aide est acceptée : elle apparaît sur l'initiative.") if accept else _("La proposition est déclinée."),
    )


@login_required
@require_POST
def news_post(request: HttpRequest, pk: int) -> HttpResponse:
    user, initiative = _initiative_for_write(request, pk)
    form = NewsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez la nouvelle (3 000 caractères au plus)."))
        return redirect(initiative)
    return _after_action(
        request,
        initiative,
        lambda: actions.news_post(user=user, initiative=initiative, body=form.cleaned_data["body"]),
        _("La nouvelle est publiée pour les personnes qui suivent l'initiative."),
    )


@login_required
@require_POST
def incubation_request(request: HttpRequest, pk: int) -> HttpResponse:
    user, initiative = _initiative_for_write(request, pk)
    form = IncubationRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dites quel soutien vous demandez à la commune."))
        return redirect(initiative)
    return _after_action(
        request,
        initiative,
        lambda: actions.incubation_request(user=user, initiative=initiative, request=form.cleaned_data["request"]),
        _("Votre demande est transmise au service compétent : sa réponse sera publiée au journal des décisions."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def incubation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user, initiative = _initiative_for_write(request, pk)
    page = queries.initiative_page(user, pk)
    incubation = page.incubation
    if incubation is None:
        raise Http404
    routed = Routing.objects.filter(item_id=incubation.item_id).select_related("department").first()
    if not can_decide(user, [routed.department_id if routed else None]):
        raise HttpForbidden(_("Seul·es les responsables du service compétent et les élu·es répondent à cette demande."))
    form = IncubationDecisionForm(request.POST or None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = actions.incubation_decide(
                user=user,
                incubation=incubation,
                granted=data["granted"],
                explanation=data["explanation"],
                support_kind=data["support_kind"],
                amount=data["amount"],
                premises=data["premises"],
                duration_months=data["duration_months"],
            )
        except ActionError as exc:
            error = exc
            _fail(form, exc)
        else:
            messages.success(request, _("La décision est publiée au journal des décisions."))
            return redirect(decision)
    context = {
        "form": form,
        "initiative": initiative,
        "incubation": incubation,
        "department": routed.department if routed else None,
    }
    return _private(render(request, "network/incubation_decide.html", context, status=_status(error, form)))


@login_required
@require_POST
def referent(request: HttpRequest, pk: int) -> HttpResponse:
    user, initiative = _initiative_for_write(request, pk)
    form = ReferentForm(request.POST, people=_referent_people())
    if not form.is_valid():
        messages.error(request, _("Choisissez un·e agent·e ou un·e élu·e."))
        return redirect(initiative)
    chosen = User.objects.filter(pk=form.cleaned_data["referent"]).first() if form.cleaned_data["referent"] else None
    return _after_action(
        request,
        initiative,
        lambda: actions.referent_set(user=user, initiative=initiative, referent=chosen),
        _("Le·la référent·e est enregistré·e."),
    )


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    form = FeedForm(request.GET or None)
    quartier = theme = None
    if form.is_bound and form.is_valid():
        quartier, theme = form.cleaned_data["quartier"], form.cleaned_data["theme"]
    data = queries.territory_feed(
        request.user, quartier=quartier.pk if quartier else None, theme=theme.pk if theme else None
    )
    context = {"form": form, "feed": data, "quartier": quartier, "theme": theme}
    return render(request, "network/feed.html", context, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_GET
def followed(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    return _private(render(request, "network/followed.html", {"news": queries.followed_news(user)}))
