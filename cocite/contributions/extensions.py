"""What apps above the contributions add to the submission form (the network: « au nom de » an actor).

The contributions app never imports them (import-linter: no cycle between apps); an app registers a
`SubmitExtension` from its AppConfig.ready():

- `fields(author, demarche)`: the extra fields this person is offered (an empty dict: none); they
  check their own values, with French errors (e.g. only the actors one is a member of);
- `apply(contribution, author, values)`: called by `actions.contribution_submit`, in its
  transaction, once the contribution is saved, with the cleaned values of its fields; it writes its
  own rows and raises a cocite.core error (PermissionDenied, ActionError) to refuse, which undoes
  the whole submission.

Only an online submission made by its author gets them (not one an agent records for someone).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Field

from cocite.core.rows import quoted

from .models import Contribution

if TYPE_CHECKING:
    from django import forms
    from django.db.models import Model

    from cocite.accounts.models import User
    from cocite.demarches.models import Demarche


@dataclass(frozen=True)
class SubmitExtension:
    name: str
    fields: Callable[[User, Demarche], dict[str, forms.Field]]
    apply: Callable[[Contribution, User, Mapping[str, Any]], None]


_extensions: dict[str, SubmitExtension] = {}


def register(extension: SubmitExtension) -> None:
    _extensions[extension.name] = extension


def submit_extensions() -> list[SubmitExtension]:
    return list(_extensions.values())


# What apps above the contributions show on a contribution's page (merge credits, « au nom de », the
# missions it led to) is there on few pages. Each such panel registers an EXISTS the page's own read
# of the contribution carries (one more column, no query), and asks its query only when it finds a row.


@dataclass(frozen=True)
class PagePresence:
    """`exists()`: SQL of a boolean correlated with the contribution table (named by its table name,
    as the read of one contribution names it) and its parameters. It may find a row for a panel
    that shows nothing in the end (a mission not published yet), never miss one that shows something.
    """

    name: str
    exists: Callable[[], tuple[str, Sequence[Any]]]


_presences: dict[str, PagePresence] = {}


def register_presence(presence: PagePresence) -> None:
    _presences[presence.name] = presence


def page_presences() -> list[PagePresence]:
    return list(_presences.values())


def presence_attribute(name: str) -> str:
    return f"may_show_{name}"


def may_show(contribution: object, name: str) -> bool:
    """False only when the contribution was read with this panel's EXISTS and it found nothing."""
    return getattr(contribution, presence_attribute(name), True) is not False


def contribution_column() -> str:
    """The contribution's id as a presence's EXISTS names it (the outer read's table)."""
    meta = Contribution._meta
    return f"{quoted(meta.db_table)}.{quoted(meta.pk.column)}"


def rows_pointing_here(model: type[Model], field: str) -> Callable[[], tuple[str, Sequence[Any]]]:
    """A presence for a panel listing rows of `model` whose `field` is the contribution."""

    def exists() -> tuple[str, Sequence[Any]]:
        meta = model._meta
        table = quoted(meta.db_table)
        pointer = meta.get_field(field)
        if not isinstance(pointer, Field):
            raise TypeError(f"{model.__name__}.{field} is no column")
        column = quoted(pointer.column)
        # Names from the models; no value in the SQL.
        return f"EXISTS (SELECT 1 FROM {table} WHERE {table}.{column} = {contribution_column()})", ()  # noqa: S608

    return exists
