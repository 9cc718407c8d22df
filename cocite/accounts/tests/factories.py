from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt

from cocite.accounts.models import User

PASSWORD = "un-mot-de-passe-solide"
# The TOTP secret of every administrator and moderator the factory makes (they must have a second
# factor, cocite.accounts.second_factor): tests type cocite.accounts.totp.code(TOTP_SECRET).
TOTP_SECRET = "COCITETESTSECRETJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    display_name = factory.Sequence(lambda n: f"Pseudo {n}")
    first_name = "Dominique"
    last_name = "Secret"

    @factory.post_generation
    def password(obj: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(obj: Any, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def second_factor(obj: Any, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        """Administrators and moderators get their TOTP authenticator (allauth.mfa's row, as its setup
        writes it) unless `second_factor=False` (to test the setup they are sent to)."""
        if create and extracted is not False and (obj.is_superuser or obj.is_moderator):
            Authenticator.objects.create(user=obj, type=Authenticator.Type.TOTP, data={"secret": encrypt(TOTP_SECRET)})
