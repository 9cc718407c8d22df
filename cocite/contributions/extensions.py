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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django import forms

    from cocite.accounts.models import User
    from cocite.demarches.models import Demarche

    from .models import Contribution


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
