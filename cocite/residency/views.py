"""Pages: what « verified resident » means (public), one's own status, the front desk's page for agents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cocite.accounts.models import User
from cocite.accounts.viewer import signed_in
from cocite.core.errors import ActionError
from cocite.core.params import parse_id

from . import actions, queries
from .forms import AddressForm, FrontDeskSearchForm, FrontDeskVerifyForm
from .permissions import can_verify_at_front_desk


def _status_code(error: ActionError | None, form_errors: bool) -> int:
    if error is not None:
        return 429 if error.code == "rate_limited" else error.status
    return 400 if form_errors else 200


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """How to become a verified resident, for everyone (no personal data: the same page for all)."""
    return render(
        request,
        "residency/about.html",
        {"validity_days": actions.validity().days, "has_streets": queries.has_streets()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """One's own status: verified until when, how, and how to renew; the FranceConnect path."""
    user = signed_in(request.user)
    form = AddressForm(request.POST if request.method == "POST" else None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.residence_check_franceconnect(person=user, address=form.cleaned_data["address"])
        except ActionError as exc:
            error = exc
            form.add_error("address" if exc.field == "address" else None, exc.message)
        else:
            messages.success(request, _("Votre résidence est vérifiée. Merci !"))
            return redirect("residency:mine")
    context = {
        "status": queries.status_for(user),
        "form": form,
        "validity_days": actions.validity().days,
        "has_streets": queries.has_streets() or queries.has_roll(),
    }
    response = render(request, "residency/mine.html", context, status=_status_code(error, bool(form.errors)))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def front_desk(request: HttpRequest) -> HttpResponse:
    """For agents at the front desk: find the person, tick the documents checked, record it."""
    agent = signed_in(request.user)
    if not can_verify_at_front_desk(agent):
        raise HttpForbidden(_("Cette page est réservée aux agent·es de la commune."))
    search = FrontDeskSearchForm(request.GET if "personne" in request.GET else None)
    found: User | None = None
    searched = False
    if search.is_bound and search.is_valid():
        searched = True
        found = queries.front_desk_find(agent, search.cleaned_data["personne"])
    verify = FrontDeskVerifyForm(request.POST if request.method == "POST" else None)
    error: ActionError | None = None
    if request.method == "POST":
        if verify.is_valid():
            person = User.objects.filter(pk=verify.cleaned_data["person"], is_active=True).first()
            if person is None:
                verify.add_error(None, _("Cette personne est introuvable : recherchez-la à nouveau."))
            else:
                try:
                    done = actions.front_desk_verify(
                        agent=agent, person=person, document_types=verify.cleaned_data["document_types"]
                    )
                except ActionError as exc:
                    error = exc
                    verify.add_error("document_types" if exc.field == "document_types" else None, exc.message)
                else:
                    messages.success(
                        request,
                        _("La résidence de « %(name)s » est vérifiée jusqu’au %(date)s.")
                        % {
                            "name": person.display_name,
                            "date": date_format(timezone.localtime(done.expires_at), "DATE_FORMAT"),
                        },
                    )
                    return redirect("residency:front_desk")
        elif "person" in verify.errors:  # a hidden field: say it in words
            verify.add_error(None, _("Cette personne est introuvable : recherchez-la à nouveau."))
        if verify.errors:  # the form again, for the same person
            person_id = parse_id(request.POST.get("person"))
            found = User.objects.filter(pk=person_id, is_active=True).first() if person_id else None
    context = {
        "search": search,
        "searched": searched,
        "found": found,
        "verify": verify
        if request.method == "POST"
        else FrontDeskVerifyForm(initial={"person": found.pk if found else None}),
        "recent": queries.recent_front_desk(agent),
        "validity_days": actions.validity().days,
    }
    status = _status_code(error, request.method == "POST" and bool(verify.errors))
    response = render(request, "residency/front_desk.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
