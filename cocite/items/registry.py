"""Resources plug into the machinery through this registry (the twin of demarches/registry.py).

A resource app (contributions today; reports, missions, initiatives, information pages, budget
projects later) registers one `ResourceSpec` in its AppConfig.ready(), saying what its items
take part in and giving the functions the machinery needs for that. The machinery (routing,
opinions, decisions and the log, results, commitments, debate, follows and notifications, open
data, search)
reaches a resource only through its spec and `Item` rows: it never imports a resource app,
and a contract of import-linter keeps it so.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    # The registry is loaded while the apps are (AppConfig.ready): the model is a type here only.
    from cocite.accounts.models import User


@dataclass(frozen=True)
class StatusChange:
    """One item whose arbitration status the machinery changed (sent to its resource)."""

    object_id: int
    old: str
    new: str


@dataclass(frozen=True)
class Routable:
    """Routed to the department competent for its themes (decisions.actions.routing).

    `theme_ids(object_ids)`: {object id: the ids of its themes (territory.Theme)}, one query.
    """

    theme_ids: Callable[[Sequence[int]], dict[int, set[int]]]


@dataclass(frozen=True)
class Decidable:
    """Opinions, decisions in the public log, results, commitments.

    - `status_changed(changes, actor)`: the machinery moved the arbitration status of these
      objects (in its transaction); the resource mirrors it and tells its own listeners;
    - `concerned_people(object_ids)`: a queryset of the ids of the people concerned by these
      objects (authors, supporters): asked « Est-ce bien réalisé ? » when a result is done;
    - `threshold_reached_at(object_id, n)`: when the object got its n-th support (commitments),
      None while below; a resource without supports leaves it None.
    """

    status_changed: Callable[[Sequence[StatusChange], User | None], None]
    concerned_people: Callable[[Sequence[int]], Any]
    threshold_reached_at: Callable[[int, int], datetime.datetime | None] | None = None


@dataclass(frozen=True)
class CommentsDataset:
    """The open-data file of the comments on a resource's objects (written by the debate app)."""

    name: str  # file stem, lowercase ASCII: "commentaires"
    title: str  # French msgid (gettext_noop), translated when shown
    description: str  # French msgid
    column: str  # the column holding the commented object's number: "contribution"
    column_title: str  # its title in the Table Schema: "Contribution"
    column_description: str  # its description: "Numéro de la contribution commentée."


@dataclass(frozen=True)
class Commentable:
    """Comments with a stance, threaded replies and official answers (debate).

    The commented object has a `demarche` foreign key (who may see it, which phase it is in)
    and may have `themes` (the departments competent to answer officially; else the démarche's).
    - `component`: the démarche component whose rule for the "comment" action applies;
    - `can_comment(viewer, obj)`: the object's own rule, used instead of the démarche's (e.g. no
      comments on a withdrawn contribution); None: the démarche's rule alone;
    - `counter`: the object's field counting its comments not deleted, kept exact by the
      debate's actions and checked by `manage.py verify_counters`; None when it has none;
    - `dataset`: its comments in the open data; None to publish none.
    """

    component: str
    can_comment: Callable[[Any, Any], bool] | None = None
    counter: str | None = None
    dataset: CommentsDataset | None = None


@dataclass(frozen=True)
class Followable:
    """Followed by people, who are then told of what happens to the object (notifications).

    The object has a `demarche` foreign key: notifications about it are shown, counted and
    mailed exactly while its démarche is seen (cocite.notifications.queries.visibility_filter).
    - `get_for(viewer, object_id)`: the object, when this person may see it; raises Http404
      otherwise (the follow button's target);
    - `visible(viewer, object_ids)`: a queryset of those of these objects this person may see,
      with what the follows page shows of them (their démarche's title: select_related);
    - `followed_message`: what a person reads on starting to follow one (French, lazy gettext).
    The kind is the URL slug of the follow views (/suivre/<kind>/<id>/): never renamed once
    people follow objects of it.
    """

    get_for: Callable[[Any, int], Any]
    visible: Callable[[Any, Sequence[int]], Any]
    followed_message: StrOrPromise


@dataclass(frozen=True)
class ResourceSpec:
    kind: str  # stored in Item.kind: never renamed once items exist
    label: StrOrPromise
    label_plural: StrOrPromise
    model: str  # "app_label.ModelName"
    url_name: str  # the object's page, reversed with pk=object id
    # The object as a machinery page shows it: a template rendered with `object` and `item`.
    summary_template: str
    routable: Routable | None = None
    decidable: Decidable | None = None
    commentable: Commentable | None = None
    followable: Followable | None = None
    # Open-data datasets of the resource: callable() -> sequence of cocite.opendata.schema.Dataset.
    datasets: Callable[[], Sequence[Any]] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def url_of(self, object_id: int) -> str:
        return reverse(self.url_name, kwargs={"pk": object_id})


class ResourceRegistry:
    def __init__(self) -> None:
        self._specs: dict[str, ResourceSpec] = {}
        self._listeners: list[Callable[[ResourceSpec], None]] = []

    def register(self, spec: ResourceSpec) -> None:
        existing = self._specs.get(spec.kind)
        if existing is not None and existing != spec:
            raise ValueError(f"resource {spec.kind!r} is already registered")
        self._specs[spec.kind] = spec
        if existing is None:
            for listener in self._listeners:
                listener(spec)

    def on_register(self, listener: Callable[[ResourceSpec], None]) -> None:
        """Call `listener` with every spec, those registered already and those to come.

        For the machinery's wiring done once per resource (e.g. signal receivers on its model),
        whatever the order in which the apps' ready() run.
        """
        self._listeners.append(listener)
        for spec in list(self._specs.values()):
            listener(spec)

    def unregister(self, kind: str) -> None:
        """For tests that register a resource of their own."""
        self._specs.pop(kind, None)

    def spec(self, kind: str) -> ResourceSpec:
        try:
            return self._specs[kind]
        except KeyError:
            raise LookupError(f"no resource {kind!r} is registered") from None

    def get(self, kind: str) -> ResourceSpec | None:
        return self._specs.get(kind)

    def for_model(self, label: str) -> ResourceSpec | None:
        return next((s for s in self._specs.values() if s.model == label), None)

    def all(self) -> list[ResourceSpec]:
        return list(self._specs.values())


registry = ResourceRegistry()
