from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField
from cocite.territory.models import Quartier

from .models import ANONYMISED_DISPLAY_NAME, MASKED_DISPLAY_NAME, User, display_name_key

RESERVED_NAMES = {"admin", "administrateur", "moderateur", "modérateur", "mairie", "cocite", "cocité"}

# Deleted accounts are all shown as « Compte supprimé », pseudonyms the moderation hid as
# « Pseudonyme masqué »: no one may choose either.
RESERVED_KEY_PREFIXES = (display_name_key(ANONYMISED_DISPLAY_NAME), display_name_key(MASKED_DISPLAY_NAME))


def clean_display_name_value(value: str, *, exclude_user_id: int | None = None) -> str:
    name = " ".join(value.split())
    if len(name) < 3:
        raise forms.ValidationError(_("Le nom affiché doit compter au moins 3 caractères."), code="too_short")
    if "@" in name:
        raise forms.ValidationError(
            _("N'utilisez pas d'adresse électronique comme nom affiché : il est public."), code="email_like"
        )
    if name.casefold() in RESERVED_NAMES or display_name_key(name).startswith(RESERVED_KEY_PREFIXES):
        raise forms.ValidationError(_("Ce nom est réservé, choisissez-en un autre."), code="reserved")
    taken = User.objects.filter(display_name_key=display_name_key(name))
    if exclude_user_id is not None:
        taken = taken.exclude(pk=exclude_user_id)
    if taken.exists():
        raise forms.ValidationError(_("Ce nom affiché est déjà pris, choisissez-en un autre."), code="taken")
    return name


class SignupExtraForm(forms.Form):
    """Fields allauth adds to its sign-up form (see ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = LineField(
        label=_("Nom affiché (pseudonyme public)"),
        max_length=40,
        help_text=_("Visible à côté de vos contributions. Votre nom réel et votre adresse ne sont jamais publiés."),
    )
    quartier = forms.ModelChoiceField(
        label=_("Votre quartier (facultatif)"),
        queryset=Quartier.objects.all(),
        required=False,
        empty_label=_("— Je préfère ne pas le dire —"),
    )

    def clean_display_name(self) -> str:
        return clean_display_name_value(self.cleaned_data["display_name"])

    def signup(self, request: HttpRequest, user: User) -> None:
        # The adapter already copied these fields before the first save.
        return None


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["display_name", "quartier", "first_name", "last_name", "public_profile"]
        field_classes = {"display_name": LineField, "first_name": LineField, "last_name": LineField}
        labels = {
            "display_name": _("Nom affiché (pseudonyme public)"),
            "quartier": _("Votre quartier (facultatif)"),
            "first_name": _("Prénom (privé, facultatif)"),
            "last_name": _("Nom (privé, facultatif)"),
            "public_profile": _("Montrer ma page publique (ce que j'ai publié sous mon pseudonyme)"),
        }
        help_texts = {
            "first_name": _("Jamais affiché publiquement ; utile si un service doit vous répondre personnellement."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quartier_field = self.fields["quartier"]
        assert isinstance(quartier_field, forms.ModelChoiceField)
        quartier_field.empty_label = str(_("— Je préfère ne pas le dire —"))

    def clean_display_name(self) -> str:
        if self.instance.profile_masked_at is not None:
            # Hidden by the moderation: the pseudonym stays « Pseudonyme masqué » until an appeal or a
            # moderator restores it (choosing another would undo the moderation's decision).
            if " ".join(self.cleaned_data["display_name"].split()) != self.instance.display_name:
                raise forms.ValidationError(
                    _(
                        "Votre pseudonyme a été masqué par la modération : vous ne pouvez pas en changer tant "
                        "que le masquage est en vigueur. Vous pouvez le contester depuis votre page publique."
                    ),
                    code="masked",
                )
            return self.instance.display_name
        return clean_display_name_value(self.cleaned_data["display_name"], exclude_user_id=self.instance.pk)


class AccountDeleteForm(forms.Form):
    """Deleting one's account asks for the current password: a borrowed session is not enough."""

    password = forms.CharField(
        label=_("Votre mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.is_bound:
            # Back after a refused password: the field to correct takes the focus.
            self.fields["password"].widget.attrs["autofocus"] = True

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe est incorrect."), code="wrong_password")
        return password
