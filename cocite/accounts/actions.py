from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.core.cache import invalidate_pages
from cocite.core.errors import ActionError
from cocite.territory.models import Quartier

from .models import ANONYMISED_DISPLAY_NAME, ANONYMISED_EMAIL_DOMAIN, MASKED_DISPLAY_NAME, User, display_name_key

# An account unused for 3 years is anonymised (privacy page, « Durées de conservation »).
INACTIVE_DAYS = 1095


@transaction.atomic
def profile_update(
    *,
    user: User,
    display_name: str,
    quartier: Quartier | None,
    first_name: str = "",
    last_name: str = "",
    public_profile: bool | None = None,
) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.display_name = display_name
    locked.quartier = quartier
    locked.first_name = first_name
    locked.last_name = last_name
    fields = ["display_name", "quartier", "first_name", "last_name"]
    if public_profile is not None:
        locked.public_profile = public_profile
        fields.append("public_profile")
    locked.save(update_fields=fields)
    return locked


def anonymised_display_name_key(user_id: int) -> str:
    """The unique key of an anonymised account (« Compte supprimé » for everyone, one key each).

    Sign-up and the profile refuse any pseudonym folding to « compte supprime… », so no one
    can take it first (see forms.clean_display_name_value).
    """
    return f"{display_name_key(ANONYMISED_DISPLAY_NAME)} #{user_id}"


def masked_display_name_key(user_id: int) -> str:
    """The unique key of a pseudonym the moderation hid (« Pseudonyme masqué », one key each);
    the forms refuse any pseudonym folding to it, as for « Compte supprimé »."""
    return f"{display_name_key(MASKED_DISPLAY_NAME)} #{user_id}"


def profile_mask(user: User, reason: str) -> None:
    """The moderation hides a public profile (an insulting pseudonym, personal data in it): the
    profile page becomes a tombstone and « Pseudonyme masqué » replaces the pseudonym everywhere.
    `user` is the locked row (cocite/moderation's action holds the lock)."""
    if user.profile_masked_at is not None:
        return
    User.objects.filter(pk=user.pk).update(
        profile_masked_at=timezone.now(),
        profile_masked_reason=reason,
        masked_display_name=user.display_name,
        display_name=MASKED_DISPLAY_NAME,
        display_name_key=masked_display_name_key(user.pk),
    )
    user.refresh_from_db()
    invalidate_pages()  # pages that show the pseudonym were cached (an update sends no signal)


def profile_unmask(user: User) -> None:
    """Restored (an appeal upheld, a moderator's mistake): the pseudonym comes back, unless someone
    took it meanwhile — then it comes back with the account's number, which no one else can hold."""
    if user.profile_masked_at is None:
        return
    name = user.masked_display_name or user.email.split("@")[0][:30]
    if User.objects.filter(display_name_key=display_name_key(name)).exclude(pk=user.pk).exists():
        name = f"{name[: 40 - len(str(user.pk)) - 3]} ({user.pk})"
    User.objects.filter(pk=user.pk).update(
        profile_masked_at=None,
        profile_masked_reason="",
        masked_display_name="",
        display_name=name,
        display_name_key=display_name_key(name),
    )
    user.refresh_from_db()
    invalidate_pages()


def profile_redact(user: User, texts: dict[str, str]) -> None:
    """A moderator edits the personal data out of a pseudonym (a real name, an address)."""
    name = " ".join(texts.get("display_name", user.display_name).split())
    if len(name) < 3 or len(name) > 40:
        raise ActionError(
            _("Le nom affiché doit compter de 3 à 40 caractères."), code="display_name_length", field="display_name"
        )
    if User.objects.filter(display_name_key=display_name_key(name)).exclude(pk=user.pk).exists():
        raise ActionError(
            _("Ce nom affiché est déjà pris, choisissez-en un autre."), code="display_name_taken", field="display_name"
        )
    user.display_name = name
    user.save(update_fields=["display_name"])
    invalidate_pages()


def _anonymised_email(user_id: int) -> str:
    return f"supprime-{user_id}@{ANONYMISED_EMAIL_DOMAIN}"


@transaction.atomic
def account_anonymise(user: User) -> User:
    """Erase the person: what they published stays, counted, but belongs to « Compte supprimé ».

    Every app's optional `AppConfig.forget_person(user)` then deletes what is only personal
    (follows, notifications, preferences, invitations…). Every session of the account ends:
    the password hash changes (Django checks it on each request) and the account is inactive.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    User.objects.filter(pk=locked.pk).update(
        is_active=False,
        password=make_password(None),
        email=_anonymised_email(locked.pk),
        first_name="",
        last_name="",
        quartier=None,
        display_name=ANONYMISED_DISPLAY_NAME,
        display_name_key=anonymised_display_name_key(locked.pk),
        residence_verified_at=None,
        residence_verified_until=None,
        is_moderator=False,
        is_elected_official=False,
        is_staff=False,
        is_superuser=False,
    )
    EmailAddress.objects.filter(user_id=locked.pk).delete()
    SocialAccount.objects.filter(user_id=locked.pk).delete()
    # The second factor's secret and recovery codes go with the account.
    Authenticator.objects.filter(user_id=locked.pk).delete()
    locked.groups.clear()
    locked.user_permissions.clear()
    locked.refresh_from_db()
    for config in django_apps.get_app_configs():
        forget = getattr(config, "forget_person", None)
        if callable(forget):
            forget(locked)
    # Pages that show the pseudonym were cached (a User update sends no model signal).
    invalidate_pages()
    return locked


def inactive_accounts(*, days: int, now: datetime.datetime | None = None) -> QuerySet[User]:
    """Accounts not yet anonymised, never staff, whose last login (or sign-up) is older than `days`.

    Accounts an administrator deactivated are included: the 3 years apply to them too.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(email__endswith="@" + ANONYMISED_EMAIL_DOMAIN)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    )


def anonymise_inactive_accounts(*, days: int = INACTIVE_DAYS, now: datetime.datetime | None = None) -> int:
    """Anonymise every account unused for `days` days; one transaction each. Returns how many."""
    ids = list(inactive_accounts(days=days, now=now).order_by("pk").values_list("pk", flat=True))
    count = 0
    for user_id in ids:
        with transaction.atomic():
            # Checked again under the lock: they may have logged in since the list was read.
            user = inactive_accounts(days=days, now=now).select_for_update().filter(pk=user_id).first()
            if user is not None:
                account_anonymise(user)
                count += 1
    return count
