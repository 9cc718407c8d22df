from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions, queries
from .forms import AccountDeleteForm, ProfileForm
from .permissions import role_labels
from .viewer import signed_in


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        actions.profile_update(
            user=user,
            display_name=form.cleaned_data["display_name"],
            quartier=form.cleaned_data["quartier"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            public_profile=form.cleaned_data["public_profile"],
        )
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "roles": role_labels(user)})


@login_required
@require_POST
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """« Télécharger mes données »: a JSON file of everything the platform holds about the person."""
    body = queries.personal_data_json(signed_in(request.user))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"cocite-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """« Supprimer mon compte »: explained, confirmed with the password, then irreversible."""
    user = signed_in(request.user)
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        actions.account_anonymise(user)
        logout(request)
        messages.success(
            request,
            _(
                "Votre compte a été supprimé. Vos données personnelles ont été effacées ; "
                "vos contributions restent publiées sous « Compte supprimé »."
            ),
        )
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
