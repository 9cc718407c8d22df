"""Who is looking: the one type every permission, query and action takes for the person acting.

A viewer is either a signed-in person (`User`, with their roles) or an anonymous visitor
(`AnonymousUser`, which is what `request.user` holds before login). Functions that only a
signed-in person can reach (an action behind a login-required view) take a `User` instead.

The alias lives in accounts, below every app but core and territory; those two never need a
viewer (territory only reads a person's primary key, typed with Django's `AbstractBaseUser`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from .models import User

if TYPE_CHECKING:
    # typing.TypeIs is Python 3.13; mypy checks against 3.12 (pyproject.toml).
    from typing_extensions import TypeIs

type Viewer = User | AnonymousUser


def is_signed_in(viewer: Viewer | None) -> TypeIs[User]:
    """True for a signed-in person (even an inactive one); narrows `viewer` to `User`, and to
    `AnonymousUser | None` otherwise."""
    return viewer is not None and viewer.is_authenticated


def is_active_user(viewer: Viewer | None) -> TypeGuard[User]:
    """True for a signed-in, active person; narrows `viewer` to `User` (a False answer may still
    be an inactive `User`, hence a TypeGuard rather than a TypeIs)."""
    return is_signed_in(viewer) and viewer.is_active


def signed_in(viewer: Viewer) -> User:
    """The person behind a view that requires a login (`@login_required`), typed as such.

    Never refuses behind `login_required`; anywhere else a visitor gets a 403 rather than reaching
    a write that needs a person.
    """
    if not is_signed_in(viewer):
        raise PermissionDenied
    return viewer
