"""Whether a person may write now: their active suspension or ban, read with the viewer.

`write_block(user)` is what the write permissions of every app ask (demarches.permissions.can):
the signed-in person's suspension end and ban come from two columns of the query that loads
them (`register_user_annotation`), so the check costs no query on a page; a `User` loaded
elsewhere is looked up once and the answer kept on the object.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, DateTimeField
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core.dates import long_datetime
from cocite.core.errors import PermissionDenied
from cocite.core.rows import Column, quoted

from .models import Sanction

SUSPENDED_UNTIL = "_cocite_suspended_until"
BANNED = "_cocite_banned"


@dataclass(frozen=True)
class WriteBlock:
    banned: bool
    until: datetime.datetime | None

    @property
    def message(self) -> str:
        if self.banned:
            return _("Votre compte a été exclu par la modération : vous ne pouvez plus publier ni voter.")
        assert self.until is not None
        return _(
            "Votre compte est suspendu par la modération jusqu’au %(date)s : vous ne pouvez pas publier d’ici là."
        ) % {"date": long_datetime(self.until)}


def _table_and_user() -> tuple[str, str, str]:
    meta = Sanction._meta
    user_column = quoted(meta.get_field("user").column)
    owner = f"{quoted(User._meta.db_table)}.{quoted(User._meta.pk.column)}"
    return quoted(meta.db_table), user_column, owner


def suspended_until_column() -> Column:
    table, user_column, owner = _table_and_user()
    return Column(
        sql=f'(SELECT MAX("until") FROM {table} WHERE {user_column} = {owner} '  # noqa: S608
        f'AND "kind" = \'{Sanction.Kind.SUSPENSION.value}\' AND "lifted_at" IS NULL)',
        params=(),
        output_field=DateTimeField(),
    )


def banned_column() -> Column:
    table, user_column, owner = _table_and_user()
    return Column(
        sql=f"EXISTS (SELECT 1 FROM {table} WHERE {user_column} = {owner} "  # noqa: S608
        f'AND "kind" = \'{Sanction.Kind.BAN.value}\' AND "lifted_at" IS NULL)',
        params=(),
        output_field=BooleanField(),
    )


def write_block(user: Viewer | None, *, now: datetime.datetime | None = None) -> WriteBlock | None:
    """The person's active ban or suspension, or None when they may write."""
    if user is None or not is_signed_in(user):
        return None
    if not hasattr(user, BANNED) or not hasattr(user, SUSPENDED_UNTIL):
        rows = Sanction.objects.filter(
            user_id=user.pk, kind__in=[Sanction.Kind.SUSPENSION, Sanction.Kind.BAN], lifted_at__isnull=True
        )
        kinds_until = list(rows.values_list("kind", "until"))
        setattr(user, BANNED, any(kind == Sanction.Kind.BAN for kind, _until in kinds_until))
        ends = [until for kind, until in kinds_until if kind == Sanction.Kind.SUSPENSION and until is not None]
        setattr(user, SUSPENDED_UNTIL, max(ends) if ends else None)
    if getattr(user, BANNED):
        return WriteBlock(banned=True, until=None)
    until = getattr(user, SUSPENDED_UNTIL)
    if until is not None and until > (now or timezone.now()):
        return WriteBlock(banned=False, until=until)
    return None


def refuse_if_blocked(user: Viewer | None) -> None:
    """For the writes that no démarche rule guards (reports, the network, information pages, missions,
    flags…): a suspended or banned person is refused with the same French sentence as in a démarche."""
    if (block := write_block(user)) is not None:
        raise PermissionDenied(block.message, code="sanctioned")


def forget_cached_block(user: Viewer) -> None:
    """After a sanction, the object held by the caller reads it again."""
    for name in (BANNED, SUSPENDED_UNTIL):
        if hasattr(user, name):
            delattr(user, name)
