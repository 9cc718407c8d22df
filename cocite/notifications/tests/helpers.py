"""Builders shared by the notification tests."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cocite.accounts.tests.factories import UserFactory
from cocite.notifications.models import Follow, NotificationPreference


def follow(user: Any, target: models.Model) -> Follow:
    return Follow.objects.create(user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


def followers(target: models.Model, count: int, **user_fields: Any) -> list[Any]:
    """`count` people following `target`, created and followed in bulk."""
    from cocite.accounts.models import User

    start = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(email=f"abonne{start + i}@exemple.fr", display_name=f"Abonné {start + i}",
                 display_name_key=f"abonne {start + i}", **user_fields)
            for i in range(count)
        ]
    )  # fmt: skip
    if users and users[0].pk is None:  # backends that do not return ids
        users = list(User.objects.filter(email__in=[u.email for u in users]))
    content_type = ContentType.objects.get_for_model(target)
    Follow.objects.bulk_create([Follow(user=u, content_type=content_type, object_id=target.pk) for u in users])
    return users


def with_verified_email(users: list[Any]) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])


def prefer(user: Any, frequency: str) -> None:
    NotificationPreference.objects.update_or_create(user=user, defaults={"email_frequency": frequency})


def person(**fields: Any) -> Any:
    return UserFactory(**fields)
