from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    # allauth's French catalogue lacks this message; ours is translated both ways.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion échouées. Réessayez dans quelques minutes "
            "ou réinitialisez votre mot de passe."
        ),
    }

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # Copy the public pseudonym and quartier before the first save: the
        # database requires a unique display name.
        data = form.cleaned_data
        user.display_name = data.get("display_name", "")
        user.quartier = data.get("quartier")
        return super().save_user(request, user, form, commit=commit)
