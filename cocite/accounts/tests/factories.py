from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress

from cocite.accounts.models import User

PASSWORD = "un-mot-de-passe-solide"


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
