"""Components plug into démarches through this registry.

A component app registers one `ComponentSpec` in its AppConfig.ready(). Core code
(démarche pages, permissions, stats, demo seeds) walks the registry and never imports a
component or tests a component's name. What the objects of a component take part in
(comments, decisions, open data…) is declared by their resource (cocite/items/registry.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from cocite.accounts.viewer import Viewer

    from .models import Demarche


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    label: StrOrPromise
    # Actions the component offers, e.g. ("submit", "support", "comment", "edit").
    actions: tuple[str, ...]
    # What each phase allows by default: phase kind -> actions. A démarche can override
    # it per component (DemarcheComponent.settings["phase_actions"]).
    phase_actions: Mapping[str, frozenset[str]]
    # URL name of the component's main page inside a démarche (reversed with slug=).
    main_url_name: str
    # Figures for démarche pages and analysis, for many démarches in one query:
    # callable(demarches, user) -> {demarche id: [(label, value)]}.
    stats: Callable[[list[Demarche], Viewer], dict[int, list[tuple[StrOrPromise, int]]]] | None = None
    # Template included on the démarche page (context: demarche, component, user).
    summary_template: str | None = None
    # Demo seed: callable(stdout) run by seed_demo after the démarches exist.
    seed: Callable[[Any], None] | None = None


class ComponentRegistry:
    def __init__(self) -> None:
        self._specs: dict[str, ComponentSpec] = {}

    def register(self, spec: ComponentSpec) -> None:
        existing = self._specs.get(spec.name)
        if existing is not None and existing != spec:
            raise ValueError(f"component {spec.name!r} is already registered")
        self._specs[spec.name] = spec

    def get(self, name: str) -> ComponentSpec | None:
        return self._specs.get(name)

    def all(self) -> list[ComponentSpec]:
        return list(self._specs.values())

    def choices(self) -> list[tuple[str, str]]:
        return [(spec.name, str(spec.label)) for spec in self._specs.values()]


registry = ComponentRegistry()


@dataclass(frozen=True)
class PageLink:
    """A link shown on a démarche's page by an app built on démarches (e.g. its published synthesis)."""

    label: StrOrPromise
    url: str


# Apps above démarches add links to its page without démarches importing them: each provider
# is callable(demarche, viewer) -> [PageLink], at most one bounded query, and returns only
# what this viewer may open (registered in AppConfig.ready()).
PageLinkProvider = Callable[["Demarche", "Viewer"], list[PageLink]]
_PAGE_LINKS: list[PageLinkProvider] = []


def register_page_links(provider: PageLinkProvider) -> None:
    if provider not in _PAGE_LINKS:
        _PAGE_LINKS.append(provider)


def page_links(demarche: Demarche, viewer: Viewer) -> list[PageLink]:
    return [link for provider in _PAGE_LINKS for link in provider(demarche, viewer)]
