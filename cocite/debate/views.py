"""Debate pages and forms. Thin: reads come from queries, writes from actions.

Every form works without JavaScript (full pages, redirects); with htmx, replies,
"utile" marks and further comments swap in place and announce themselves in the
section's live region.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.core.cache import anonymous_page_cache
from cocite.core.errors import ActionError
from cocite.core.http import local_path
from cocite.core.params import parse_int

from . import actions, permissions, queries
from .forms import CommentForm, EditForm, OfficialAnswerForm, ReplyForm
from .models import Comment
from .permissions import CommentTarget

EMBEDDED_LEVEL = 4  # top-level comments are h4 inside the contribution page's debate section
PAGE_LEVEL = 3  # and h3 on the debate's own pages


def _pending_message() -> str:
    """Pre-moderation: what the author reads once a held-back comment is saved (never a dead end)."""
    return _(
        "Merci ! Votre message est enregistré : il sera publié dès qu’un·e modérateur·rice l’aura validé, et vous "
        "en serez prévenu·e."
    )


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _level(request: HttpRequest, default: int) -> int:
    """The heading level of top-level comments where an htmx fragment lands (2, 3 or 4)."""
    raw = request.POST.get("niveau") if request.method == "POST" else request.GET.get("niveau")
    return int(raw) if raw in ("2", "3", "4") else default


def _to_login(request: HttpRequest, next_url: str) -> HttpResponse:
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("account_login") + "?" + urlencode({"next": next_url})
        return response
    return redirect_to_login(next_url)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    return local_path(request.POST.get("next"), request) or fallback


def _debate_url(target: CommentTarget) -> str:
    return target.get_absolute_url() + "#debat"


def _new_comment_url(target: CommentTarget, comment: Comment) -> str:
    # Newest first, so the comment just posted is on the first page whatever its usefulness.
    return f"{target.get_absolute_url()}?tri=recents#commentaire-{comment.pk}"


def _apply_error(form: forms.Form, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _error_status(form: forms.Form, error: ActionError | None) -> int:
    if error is not None and error.code == "rate_limited":
        return 429
    if error is not None and error.status == 403:
        return 403
    return 400 if form.errors else 200


def _closed(request: HttpRequest, target: CommentTarget, reason: str) -> HttpResponse:
    return render(request, "debate/closed.html", {"target": target, "reason": reason}, status=403)


def _common(request: HttpRequest, target: CommentTarget) -> dict[str, Any]:
    return {
        "target": target,
        "next_url": request.get_full_path(),
        "can_see_revisions": permissions.can_see_revisions(request.user),
    }


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


@require_GET
@anonymous_page_cache(scopes=lambda request, pk, target_model: (f"{target_model.lower()}:{pk}",))
def debate_page(request: HttpRequest, pk: int, target_model: str) -> HttpResponse:
    """The debate of a target, page by page (keyset); with htmx, only the next threads."""
    target = queries.target_get_for(request.user, target_model, pk)
    level = _level(request, PAGE_LEVEL) if _is_htmx(request) else PAGE_LEVEL
    view = queries.debate_view(
        user=request.user,
        target=target,
        sort=request.GET.get("tri", ""),
        after=request.GET.get("apres", "")[:40],
        base_level=level,
    )
    context = {**_common(request, target), "view": view, "embedded": level == EMBEDDED_LEVEL}
    if _is_htmx(request):
        if view.threads:
            view.threads[0].root.autofocus = True
        context["next_url"] = target.get_absolute_url()
        return render(request, "debate/partials/more.html", context)
    context.update(_forms_for(request, view))
    return render(request, "debate/page.html", context)


def _forms_for(request: HttpRequest, view: queries.DebateView) -> dict[str, Any]:
    forms_: dict[str, Any] = {}
    if view.can_comment:
        forms_["form"] = CommentForm(auto_id="comment-%s")
    if view.official_departments:
        forms_["official_form"] = OfficialAnswerForm(auto_id="official-%s", departments=view.official_departments)
    return forms_


@require_GET
@anonymous_page_cache(scopes=lambda request, pk: (f"debate.comment:{pk}",))
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    """A whole thread; with htmx, only its replies (for "voir les N réponses")."""
    comment, target = queries.comment_get_for(request.user, pk)
    after = parse_int(request.GET.get("apres")) or 0
    embedded = _is_htmx(request)
    page = queries.thread_page(
        user=request.user,
        comment=comment,
        target=target,
        after=after,
        base_level=_level(request, EMBEDDED_LEVEL) if embedded else PAGE_LEVEL - 1,
    )
    if not page.thread.root.visible:
        raise Http404
    context = {**_common(request, target), "page": page, "thread": page.thread, "embedded": embedded}
    if embedded:
        context["next_url"] = target.get_absolute_url()
        context["loaded"] = True
        return render(request, "debate/partials/replies.html", context)
    return render(request, "debate/thread.html", context)


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Earlier versions of an edited comment: for moderators only."""
    comment, target = queries.comment_get_for(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_revisions(request.user):
        return _closed(request, target, _("Les versions précédentes ne sont visibles que par la modération."))
    revisions = list(comment.revisions.select_related("edited_by"))
    return render(request, "debate/history.html", {"comment": comment, "target": target, "revisions": revisions})


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def comment_create(request: HttpRequest, pk: int, target_model: str) -> HttpResponse:
    """Post a top-level comment (stance + argument). The form also sits in the debate section."""
    target = queries.target_get_for(request.user, target_model, pk)
    if not request.user.is_authenticated:
        return _to_login(request, _debate_url(target) if request.method == "POST" else request.get_full_path())
    if not permissions.can_comment(request.user, target):
        return _closed(request, target, permissions.comment_denial_reason(request.user, target))
    form = CommentForm(request.POST or None, auto_id="comment-%s")
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            comment = actions.comment_post(
                author=request.user,
                target=target,
                stance=form.cleaned_data["stance"],
                body=form.cleaned_data["body"],
            )
        except ActionError as exc:
            error = exc
            _apply_error(form, exc)
        else:
            messages.success(request, _pending_message() if comment.is_pending else _("Votre commentaire est publié."))
            return redirect(_new_comment_url(target, comment))
    return render(
        request,
        "debate/comment_form.html",
        {**_common(request, target), "form": form},
        status=_error_status(form, error),
    )


@require_http_methods(["GET", "POST"])
def official_answer(request: HttpRequest, pk: int, target_model: str) -> HttpResponse:
    target = queries.target_get_for(request.user, target_model, pk)
    if not request.user.is_authenticated:
        return _to_login(request, _debate_url(target) if request.method == "POST" else request.get_full_path())
    departments = permissions.official_departments(request.user, target)
    if not permissions.can_post_official_answer(request.user, target, departments):
        reason = (
            _("Seul un agent d'un service compétent pour ce sujet peut publier une réponse officielle.")
            if permissions.can_comment(request.user, target)
            else permissions.comment_denial_reason(request.user, target)
        )
        return _closed(request, target, reason)
    form = OfficialAnswerForm(request.POST or None, auto_id="official-%s", departments=departments)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            comment = actions.official_answer_post(
                author=request.user,
                target=target,
                department=form.cleaned_data["department"],
                body=form.cleaned_data["body"],
                signed=form.cleaned_data["signed"],
            )
        except ActionError as exc:
            error = exc
            _apply_error(form, exc)
        else:
            messages.success(request, _("La réponse officielle est publiée."))
            return redirect(f"{target.get_absolute_url()}#commentaire-{comment.pk}")
    return render(
        request,
        "debate/official_form.html",
        {**_common(request, target), "form": form},
        status=_error_status(form, error),
    )


def _reply_form(request: HttpRequest, parent: Comment, data: Any = None) -> ReplyForm:
    form = ReplyForm(data, auto_id=f"reply-{parent.pk}-%s")
    if _is_htmx(request):
        form.fields["body"].widget.attrs["autofocus"] = True
    return form


@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Reply to a comment: an inline form with htmx, a page of its own without."""
    parent, target = queries.comment_get_for(request.user, pk)
    if not request.user.is_authenticated:
        return _to_login(request, request.get_full_path() if request.method == "GET" else parent.get_absolute_url())
    if not permissions.can_reply(request.user, parent, target):
        reason = (
            _("On ne peut pas répondre à un commentaire supprimé ou masqué.")
            if permissions.can_comment(request.user, target)
            else permissions.comment_denial_reason(request.user, target)
        )
        if _is_htmx(request):
            return render(request, "debate/partials/notice.html", {"message": reason})
        return _closed(request, target, reason)
    form = _reply_form(request, parent, request.POST or None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            new = actions.comment_post(
                author=request.user, parent=parent, stance=form.cleaned_data["stance"], body=form.cleaned_data["body"]
            )
        except ActionError as exc:
            error = exc
            _apply_error(form, exc)
        else:
            if _is_htmx(request):
                return _replies_after_post(request, new, target, _level(request, EMBEDDED_LEVEL))
            messages.success(request, _pending_message() if new.is_pending else _("Votre réponse est publiée."))
            return redirect(new.get_absolute_url())
    context = {
        **_common(request, target),
        "parent": parent,
        "form": form,
        "inline": _is_htmx(request),
        "level": _level(request, EMBEDDED_LEVEL),
    }
    if _is_htmx(request):
        response = render(request, "debate/partials/reply_form.html", context)
        if request.method == "POST":
            # Errors go back into the inline form, not over the thread.
            response["HX-Retarget"] = f"#reply-slot-{parent.pk}"
            response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "debate/reply.html", context, status=_error_status(form, error))


def _replies_after_post(request: HttpRequest, new: Comment, target: CommentTarget, level: int) -> HttpResponse:
    """The thread's replies again, the new one focused, and a word in the live region."""
    page = queries.thread_page(user=request.user, comment=new, target=target, base_level=level)
    for node in page.thread.root.walk():
        if node.comment.pk == new.pk:
            node.autofocus = True
    context = {
        **_common(request, target),
        "page": page,
        "thread": page.thread,
        "embedded": True,
        "next_url": target.get_absolute_url(),
        "status_message": _("Votre réponse est publiée."),
        "cleared_slot": new.parent_id,
    }
    return render(request, "debate/partials/replies.html", context)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment, target = queries.comment_get_for(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_edit(request.user, comment):
        reason = (
            _("Un commentaire ne peut plus être modifié 15 minutes après sa publication.")
            if comment.author_id == request.user.pk
            else _("Seul l'auteur peut modifier son commentaire.")
        )
        return _closed(request, target, reason)
    stance_mode = "none" if comment.is_official else ("required" if comment.depth == 0 else "optional")
    form = EditForm(
        request.POST or None,
        auto_id="edit-%s",
        stance_mode=stance_mode,
        initial={"stance": comment.stance, "body": comment.body},
    )
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.comment_edit(
                user=request.user,
                comment=comment,
                body=form.cleaned_data["body"],
                stance=form.cleaned_data.get("stance"),
            )
        except ActionError as exc:
            error = exc
            _apply_error(form, exc)
        else:
            messages.success(request, _("Votre commentaire est modifié."))
            return redirect(comment.get_absolute_url())
    return render(
        request,
        "debate/edit.html",
        {**_common(request, target), "comment": comment, "form": form},
        status=_error_status(form, error),
    )


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    comment, target = queries.comment_get_for(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_delete(request.user, comment):
        return _closed(request, target, _("Seul l'auteur peut supprimer son commentaire."))
    if request.method == "POST":
        try:
            actions.comment_delete(user=request.user, comment=comment)
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Votre commentaire est supprimé."))
        return redirect(_debate_url(target))
    return render(request, "debate/delete.html", {**_common(request, target), "comment": comment})


@require_POST
def useful(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark (useful=1) or unmark (useful=0) a comment as useful."""
    comment, target = queries.comment_get_for(request.user, pk)
    fallback = comment.get_absolute_url()
    if not request.user.is_authenticated:
        return _to_login(request, fallback)
    wanted = request.POST.get("useful")
    if wanted not in ("0", "1"):
        return render(
            request,
            "debate/closed.html",
            {"target": target, "reason": _("Requête incomplète : précisez si le commentaire vous semble utile.")},
            status=400,
        )
    error = ""
    try:
        marked, count = actions.useful_set(user=request.user, comment=comment, useful=wanted == "1")
    except ActionError as exc:
        error = exc.message
        marked, count = False, comment.useful_count
    next_url = _safe_next(request, fallback)
    if _is_htmx(request):
        node = queries.Node(comment=comment, level=0, can_mark_useful=not error, marked_useful=marked)
        comment.useful_count = count
        return render(
            request,
            "debate/partials/useful.html",
            {"node": node, "next_url": next_url, "error": error, "announce": True},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Commentaire marqué comme utile.") if marked else _("Marque « utile » retirée."))
    return redirect(next_url)
