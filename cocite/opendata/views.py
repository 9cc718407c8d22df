from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocite.core.errors import ActionError

from . import actions, export
from .permissions import can_regenerate_opendata

CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json; charset=utf-8"}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    manifest = export.read_manifest()
    datasets = []
    if manifest:
        resources = {r["name"]: r for r in manifest.get("resources", [])}
        for dataset in manifest.get("datasets", []):
            datasets.append(
                {
                    **dataset,
                    "csv": resources.get(dataset["name"]),
                    "json": resources.get(f"{dataset['name']}-json"),
                }
            )
    context = {
        "manifest": manifest,
        "generated_at": export.generated_at(manifest),
        "datasets": datasets,
        "licence": export.LICENCE,
        "can_regenerate": can_regenerate_opendata(request.user),
        "export_hour": settings.OPENDATA_EXPORT_HOUR,  # when the task workers regenerate them (run_daily)
    }
    return render(request, "opendata/index.html", context)


@require_POST
def regenerate(request: HttpRequest) -> HttpResponse:
    try:
        actions.export_request(user=request.user)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("opendata:index", permanent=False)
    messages.success(request, _("La régénération des fichiers est lancée ; rechargez la page dans quelques instants."))
    return redirect("opendata:index")


@require_GET
def download(request: HttpRequest, name: str) -> FileResponse:
    """Serve a file the manifest lists (and nothing else), so it works without a media server."""
    if name not in export.published_files(export.read_manifest()):
        raise Http404
    path = export.directory() / name
    if not path.is_file():
        raise Http404
    handle = open(path, "rb")  # noqa: SIM115 — FileResponse closes it once sent
    response = FileResponse(handle, content_type=CONTENT_TYPES.get(path.suffix, "application/octet-stream"))
    response["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any site
    response["Cache-Control"] = "public, max-age=3600"
    if path.suffix == ".csv":
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
