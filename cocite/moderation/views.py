"""Thin views of moderation: « Signaler », the queue, redaction, sanctions, appeals, the public report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from cocite.accounts.models import User
from cocite.accounts.viewer import signed_in
from cocite.core.cache import anonymous_page_cache
from cocite.core.errors import ActionError
from cocite.core.params import parse_id

from . import actions, permissions, queries
from .forms import AppealDecisionForm, AppealForm, FlagForm, ReasonNoteForm, RedactForm, SanctionForm
from .models import Appeal, Sanction
from .reasons import Reason
from .registry import registry


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "moderation/forbidden.html", {"message": message}, status=403)


def _moderator_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_moderate(request.user):
        return _forbidden(request, _("Cette page est réservée aux modérateur·rices."))
    return None


def _posted(request: HttpRequest, form: Any, act: Callable[[], object], *, done: str, to: str) -> HttpResponse | None:
    """A moderation form sent and valid: run the action; done, its message and the redirect to `to`.
    None when there is nothing to follow (a GET, an invalid form, a refused action: its French message
    is put on the form, on its field when it names one), and the view renders the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        act()
    except ActionError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    messages.success(request, done)
    return redirect(to)


@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """« Signaler »: a small form, reachable without JavaScript from every registered item."""
    spec, obj = queries.moderated_get_for(request.user, kind, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = signed_in(request.user)
    refusal = ""
    if permissions.is_author(user, spec, obj):
        refusal = _("Vous ne pouvez pas signaler votre propre contenu.")
    elif spec.hidden(obj):
        refusal = _("Ce contenu est déjà masqué par la modération.")
    elif queries.has_flagged(user, kind, pk):
        refusal = _("Vous avez déjà signalé ce contenu : la modération l’examinera.")
    form = FlagForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and not refusal:
        sent = _posted(
            request,
            form,
            lambda: actions.flag_submit(
                user=user, kind=kind, object_id=pk, reason=form.cleaned_data["reason"], text=form.cleaned_data["text"]
            ),
            done=_("Merci : votre signalement est transmis à la modération."),
            to=spec.url(obj),
        )
        if sent is not None:
            return sent
        status = 400
    elif refusal and request.method == "POST":
        status = 409
    # A hidden item's text is the moderators' only, here as on its page.
    shown = not spec.hidden(obj) or permissions.can_moderate(user)
    context = {
        "spec": spec,
        "obj": obj,
        "item_url": spec.url(obj),
        "form": form,
        "refusal": refusal,
        "excerpt": spec.excerpt(obj) if shown else "",
    }
    return render(request, "moderation/flag.html", context, status=status)


def _parse_key(value: str) -> tuple[str, int] | None:
    kind, _sep, number = (value or "").partition(":")
    pk = parse_id(number)
    if registry.get(kind) is None or pk is None:
        return None
    return kind, pk


def _decide_pending(request: HttpRequest, user: User) -> tuple[HttpResponse | None, list[str]]:
    """« À valider »: approve one pending item, or refuse it with a reason of the charter."""
    post = request.POST
    approve = post.get("action_valider", "")
    value = approve or post.get("action_refuser", "")
    key = _parse_key(value)
    if key is None:
        return None, [_("Sélectionnez au moins un contenu.")]
    reason = post.get(f"refus-{value}", "")
    if not approve and reason not in Reason.values:
        return None, [_("Choisissez un motif de la charte pour refuser.")]
    note = post.get(f"note-valider-{value}", "")
    try:
        if approve:
            done = actions.items_approve(actor=user, kind=key[0], object_ids=[key[1]], note=note)
        else:
            done = actions.items_refuse(actor=user, kind=key[0], object_ids=[key[1]], reason=reason, note=note)
    except ActionError as error:
        return None, [error.message]
    if not done:
        return None, [_("Ce contenu n’est plus en attente de validation.")]
    messages.success(request, _("Contenu publié.") if approve else _("Contenu refusé : son auteur·rice est prévenu·e."))
    return redirect("moderation:queue"), []


@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    """The moderators' queue: flagged items, the most flagged first, then the oldest; bulk actions."""
    if (response := _moderator_only(request)) is not None:
        return response
    user = signed_in(request.user)
    errors: list[str] = []
    if request.method == "POST" and ("action_valider" in request.POST or "action_refuser" in request.POST):
        response, errors = _decide_pending(request, user)
        if response is not None:
            return response
    elif request.method == "POST":
        post = request.POST
        single_keep, single_hide = post.get("action_conserver", ""), post.get("action_masquer", "")
        if single_keep or single_hide:
            keys = [_parse_key(single_keep or single_hide)]
            hide = bool(single_hide)
            reason = post.get(f"motif-{single_hide}", "") if hide else ""
            note = post.get(f"note-{single_keep or single_hide}", "")
        else:
            keys = [_parse_key(value) for value in post.getlist("selection")]
            hide = "masquer_selection" in post
            if not hide and "conserver_selection" not in post:
                errors.append(_("Choisissez une action."))
            reason, note = post.get("motif", ""), post.get("note", "")
        chosen = [key for key in keys if key is not None]
        if not chosen and not errors:
            errors.append(_("Sélectionnez au moins un contenu."))
        if hide and reason not in Reason.values and not errors:
            errors.append(_("Choisissez un motif de la charte pour masquer."))
        if not errors:
            by_kind: dict[str, list[int]] = {}
            for kind, pk in chosen:
                by_kind.setdefault(kind, []).append(pk)
            try:
                done = 0
                for kind, ids in by_kind.items():
                    if hide:
                        done += len(actions.items_hide(actor=user, kind=kind, object_ids=ids, reason=reason, note=note))
                    else:
                        done += len(actions.items_keep(actor=user, kind=kind, object_ids=ids, note=note))
            except ActionError as error:
                errors.append(error.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Décision enregistrée pour %(n)s contenu.", "Décision enregistrée pour %(n)s contenus.", done
                    )
                    % {"n": done},
                )
                return redirect("moderation:queue")
    context = {
        "pending": queries.pending_queue(user),
        "entries": queries.queue(user),
        "appeals": queries.pending_appeals(user),
        "reasons": Reason.choices,
        "errors": errors,
    }
    return render(request, "moderation/queue.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def redact(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Edit personal data out of a text; the original stays in the log, for moderators."""
    if (response := _moderator_only(request)) is not None:
        return response
    user = signed_in(request.user)
    spec = registry.get(kind)
    obj = spec.objects([pk]).get(pk) if spec is not None else None
    if spec is None or obj is None or not spec.can_view(user, obj):
        raise Http404
    text_fields = {name: getattr(obj, name) for name in spec.text_fields}
    form = RedactForm(request.POST if request.method == "POST" else None, text_fields=text_fields)
    sent = _posted(
        request,
        form,
        lambda: actions.item_redact(
            actor=user,
            kind=kind,
            object_id=pk,
            texts={name: form.cleaned_data[name] for name in form.text_names},
            note=form.cleaned_data["note"],
        ),
        done=_("Le texte est corrigé ; l’original reste visible des modérateur·rices."),
        to=reverse("moderation:queue"),
    )
    if sent is not None:
        return sent
    context = {
        "spec": spec,
        "obj": obj,
        "item_url": spec.url(obj),
        "form": form,
        "redactions": queries.redactions_of(kind, pk),
    }
    return render(request, "moderation/redact.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def sanction(request: HttpRequest, pk: int) -> HttpResponse:
    """Warn, suspend for N days, or ban a person; they are told, with the reason."""
    if (response := _moderator_only(request)) is not None:
        return response
    user = signed_in(request.user)
    person = User.objects.filter(pk=pk, is_active=True).first()
    if person is None:
        raise Http404
    about = _parse_key(request.GET.get("objet", "") or request.POST.get("objet", ""))
    form = SanctionForm(request.POST if request.method == "POST" else None)
    sent = _posted(
        request,
        form,
        lambda: actions.person_sanction(
            actor=user,
            user=person,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            days=form.cleaned_data["days"],
            about=about,
        ),
        done=_("La sanction est enregistrée ; la personne en est informée."),
        to=reverse("moderation:queue"),
    )
    if sent is not None:
        return sent
    context = {
        "person": person,
        "form": form,
        "about": f"{about[0]}:{about[1]}" if about else "",
        "history": queries.author_history({person.pk}).get(person.pk, []),
        "running": queries.active_sanctions(person),
        "kinds": Sanction.Kind,
    }
    return render(request, "moderation/sanction.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def restore(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A moderator restores a hidden item outside an appeal, with a reason sent to its author."""
    if (response := _moderator_only(request)) is not None:
        return response
    user = signed_in(request.user)
    spec, obj = queries.moderated_get_for(user, kind, pk)
    form = ReasonNoteForm(request.POST if request.method == "POST" else None)
    hidden = spec.hidden(obj) and not spec.pending(obj)
    sent = _posted(
        request,
        form,
        lambda: actions.item_restore(actor=user, kind=kind, object_id=pk, note=form.cleaned_data["note"]),
        done=_("Le contenu est rétabli ; son auteur·rice en est informé·e."),
        to=spec.url(obj),
    )
    if sent is not None:
        return sent
    context = {
        "spec": spec,
        "obj": obj,
        "hidden": hidden,
        "reason": spec.reason_of(obj) if hidden else "",
        "excerpt": spec.excerpt(obj),
        "item_url": spec.url(obj),
        "form": form,
    }
    return render(request, "moderation/restore.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    """A moderator lifts a person's running suspension or ban early, with a reason sent to them."""
    if (response := _moderator_only(request)) is not None:
        return response
    user = signed_in(request.user)
    person = User.objects.filter(pk=pk, is_active=True).first()
    if person is None:
        raise Http404
    form = ReasonNoteForm(request.POST if request.method == "POST" else None)
    sent = _posted(
        request,
        form,
        lambda: actions.sanction_lift(actor=user, user=person, note=form.cleaned_data["note"]),
        done=_("La sanction est levée ; la personne en est informée."),
        to=reverse("moderation:sanction", kwargs={"pk": person.pk}),
    )
    if sent is not None:
        return sent
    context = {"person": person, "form": form, "running": queries.active_sanctions(person)}
    return render(request, "moderation/lift.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The author contests the hiding of their item, once, with a text."""
    spec, obj = queries.moderated_get_for(request.user, kind, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = signed_in(request.user)
    if not permissions.can_appeal(user, spec, obj):
        return _forbidden(request, _("Seul·e l’auteur·rice d’un contenu masqué peut contester son masquage."))
    existing = queries.appeal_of(kind, pk)
    form = AppealForm(request.POST if request.method == "POST" and existing is None else None)
    if existing is None:
        sent = _posted(
            request,
            form,
            lambda: actions.appeal_submit(user=user, kind=kind, object_id=pk, text=form.cleaned_data["text"]),
            done=_("Votre recours est enregistré : un·e autre modérateur·rice va l’examiner."),
            to=spec.url(obj),
        )
        if sent is not None:
            return sent
    status = 409 if request.method == "POST" and existing is not None else (400 if form.is_bound else 200)
    context = {
        "spec": spec,
        "obj": obj,
        "item_url": spec.url(obj),
        "form": form,
        "existing": existing,
        "hide": queries.last_hide(kind, pk),
    }
    return render(request, "moderation/appeal.html", context, status=status)


@require_http_methods(["GET", "POST"])
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Another moderator than the one who hid the item decides the appeal."""
    if (response := _moderator_only(request)) is not None:
        return response
    user = signed_in(request.user)
    appeal_row, spec, obj = queries.appeal_get_for(user, pk)
    may_decide = permissions.can_decide_appeal(user, appeal_row.hide.actor_id)
    form = AppealDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_decide:
            return _forbidden(
                request,
                _("Un recours est tranché par un·e autre modérateur·rice que celui ou celle qui a masqué le contenu."),
            )
        sent = _posted(
            request,
            form,
            lambda: actions.appeal_decide(
                actor=user,
                appeal_id=appeal_row.pk,
                restore=form.cleaned_data["decision"] == "retablir",
                note=form.cleaned_data["note"],
            ),
            done=_("La décision est enregistrée ; l’auteur·rice en est informé·e."),
            to=reverse("moderation:queue"),
        )
        if sent is not None:
            return sent
    context: dict[str, Any] = {
        "appeal": appeal_row,
        "spec": spec,
        "obj": obj,
        "item_url": spec.url(obj),
        "form": form,
        "may_decide": may_decide and appeal_row.outcome == Appeal.Outcome.PENDING,
        "original": spec.excerpt(obj),
    }
    return render(request, "moderation/appeal_decide.html", context, status=400 if form.is_bound else 200)


@require_GET
@anonymous_page_cache
def report(request: HttpRequest) -> HttpResponse:
    """The public report: figures only, no personal data."""
    context = {"report": queries.public_report(), "outcomes": Appeal.Outcome, "queue_url": reverse("moderation:queue")}
    return render(request, "moderation/report.html", context)
