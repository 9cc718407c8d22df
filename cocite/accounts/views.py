from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import actions
from .forms import ProfileForm
from .permissions import role_labels


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        actions.profile_update(
            user=user,  # type: ignore[arg-type]
            display_name=form.cleaned_data["display_name"],
            quartier=form.cleaned_data["quartier"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "roles": role_labels(user)})
