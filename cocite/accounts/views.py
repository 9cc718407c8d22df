from __future__ import annotations

import requests
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.base import UpdateError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions, oidc, queries
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


def oidc_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """« S’identifier avec … »: a POST sends the browser to the provider (allauth's login view,
    with our provider: PKCE, state, nonce, acr_values). A GET shows allauth's confirmation page."""
    try:
        view = OAuth2LoginView.adapter_view(oidc.CociteOpenIDConnectAdapter(request, provider_id))
        try:
            response: HttpResponse = view(request)
        except UpdateError:
            # allauth saves the session itself to keep the state; the one this browser holds may be gone from
            # the database while the cache still has it (cached_db): the same data under a new key, and again.
            request.session.cycle_key()
            response = view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404(_("Ce fournisseur d’identité n’est pas proposé ici.")) from error
    except requests.RequestException:
        return oidc.render_refusal(request, "unavailable")
    return response


def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The provider's return: state, code, then every check of cocite/accounts/oidc.py."""
    try:
        view = OAuth2CallbackView.adapter_view(oidc.CociteOpenIDConnectAdapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404(_("Ce fournisseur d’identité n’est pas proposé ici.")) from error
    except requests.RequestException:
        return oidc.render_refusal(request, "unavailable")
    return response


def oidc_logged_out(request: HttpRequest) -> HttpResponse:
    """The provider's return after its logout (post_logout_redirect_uri), with the state we signed."""
    provider_id = oidc.logout_state_provider(request.GET.get("state", ""))
    if provider_id is None:
        return render(request, "accounts/oidc_logged_out.html", {"provider_name": None}, status=400)
    return render(request, "accounts/oidc_logged_out.html", {"provider_name": oidc.provider_name(request, provider_id)})
