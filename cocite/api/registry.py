"""Where each app plugs its own routers into `/api/v1/`, without touching this app.

An app exposes its endpoints in `cocite/<app>/api.py`:

    from ninja import Router
    router = Router(tags=["Signalements"])   # required
    prefix = "/signalements"                 # optional, default "/<app label>"

and the API finds it at start-up (every installed app is looked at, in INSTALLED_APPS order).
An app may instead call `register("/prefix", router)` from its AppConfig.ready(). Such a module
reads through its own queries.py getters, writes through its actions, and may use this app's
helpers (`cocite.api.auth.reader` for who is reading, `TokenAuth` and `permissions.can_write`
for writes, `schemas.Problem` for errors): nothing more is needed for its operations to appear
in the OpenAPI description, the docs page and the schemathesis run.

Webhooks the same way round: the app's `webhooks.py` listens to its own public signals and calls
`cocite.api.actions.webhook_emit` with an event of `cocite.api.models.WebhookEvent` (see receivers.py).
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from django.apps import apps
from ninja import Router

SELF = "cocite.api"


@dataclass(frozen=True)
class Mount:
    prefix: str
    router: Router
    app: str


_registered: list[Mount] = []


def register(prefix: str, router: Router, *, app: str = "") -> None:
    """Add a router under `/api/v1<prefix>` (call it from AppConfig.ready(), before the URLs load)."""
    if any(m.router is router for m in _registered):
        return
    _registered.append(Mount(prefix=prefix, router=router, app=app))


def discovered() -> list[Mount]:
    """Routers of installed apps' `api.py` modules, then those registered by hand."""
    found: list[Mount] = []
    for config in apps.get_app_configs():
        if config.name == SELF or not config.name.startswith("cocite."):
            continue
        module_name = f"{config.name}.api"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        router = getattr(module, "router", None)
        if not isinstance(router, Router):
            raise TypeError(f"{module_name} must define `router`, a ninja.Router")
        found.append(Mount(prefix=getattr(module, "prefix", f"/{config.label}"), router=router, app=config.label))
    return [*found, *(m for m in _registered if all(m.router is not f.router for f in found))]
