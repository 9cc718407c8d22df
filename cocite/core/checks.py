"""System checks of Cocité's own settings and deployment (registered in CoreConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.files.storage import Storage
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .ratelimit import parse_rate


def _collected_names() -> Iterator[str]:
    """The names `collectstatic` copies (every finder, the same ignore patterns)."""
    ignore_patterns = apps.get_app_config("staticfiles").ignore_patterns  # type: ignore[attr-defined]
    for finder in get_finders():
        for name, _storage in finder.list(ignore_patterns):
            yield name


def _static_storage() -> Storage:
    """A fresh instance, so the manifest is read from disk now (not when the process started)."""
    params: dict[str, Any] = settings.STORAGES["staticfiles"]
    storage: Storage = import_string(params["BACKEND"])(**params.get("OPTIONS", {}))
    return storage


@register(Tags.staticfiles, deploy=True)
def static_manifest(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """With a strict manifest storage, a file missing from the manifest makes every page citing it a 500."""
    backend = import_string(settings.STORAGES["staticfiles"]["BACKEND"])
    if settings.DEBUG or not issubclass(backend, ManifestStaticFilesStorage) or not backend.manifest_strict:
        return []
    root = settings.STATIC_ROOT
    try:
        storage = _static_storage()
    except (ValueError, OSError) as error:
        return [
            Error(
                _("Le manifeste des fichiers statiques de %(root)s est illisible : %(error)s.")
                % {"root": root, "error": error},
                hint=_("Relancez « manage.py collectstatic --noinput » avec ces réglages."),
                id="core.E002",
            )
        ]
    names = sorted(set(_collected_names()))
    missing = []
    for name in names:
        try:
            storage.url(name)
        except ValueError:
            missing.append(name)
    if not missing:
        return []
    if len(missing) == len(names):
        return [
            Error(
                _(
                    "Aucun manifeste des fichiers statiques dans STATIC_ROOT (%(root)s) : "
                    "chaque page répondrait « erreur 500 »."
                )
                % {"root": root},
                hint=_("Lancez « manage.py collectstatic --noinput » avec ces réglages avant de démarrer le serveur."),
                id="core.E001",
            )
        ]
    return [
        Error(
            ngettext(
                "%(count)d fichier statique manque au manifeste de %(root)s (%(example)s) : "
                "les pages qui le citent répondraient « erreur 500 ».",
                "%(count)d fichiers statiques manquent au manifeste de %(root)s (par exemple %(example)s) : "
                "les pages qui les citent répondraient « erreur 500 ».",
                len(missing),
            )
            % {"count": len(missing), "root": root, "example": missing[0]},
            hint=_("Relancez « manage.py collectstatic --noinput » après chaque mise à jour du code."),
            id="core.E003",
        )
    ]


@register()
def rate_limit_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A mistyped limit in the environment fails `manage.py check`, not the first write."""
    errors = []
    for scope, text in settings.RATE_LIMITS.items():
        try:
            parse_rate(text)
        except ValueError as error:
            errors.append(Error(str(error), hint=f"RATE_LIMITS[{scope!r}]", id="cocite.E001"))
    if settings.TRUSTED_PROXY_COUNT < 0:
        errors.append(Error("TRUSTED_PROXY_COUNT must be 0 or more", id="cocite.E002"))
    return errors
