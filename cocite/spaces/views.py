from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cocite.accounts.permissions import role_labels
from cocite.accounts.viewer import signed_in
from cocite.core.cache import anonymous_page_cache

from . import queries


@login_required
@require_GET
def my_space(request: HttpRequest) -> HttpResponse:
    """« Mon espace »: where a person lands after login, with what each of their roles asks of them."""
    user = signed_in(request.user)
    return render(request, "spaces/my_space.html", {"space": queries.space_for(user), "roles": role_labels(user)})


@require_GET
@anonymous_page_cache
def quartier(request: HttpRequest, slug: str) -> HttpResponse:
    """A quartier: the démarches about it and the latest contributions placed in it (home page's cards)."""
    return render(request, "spaces/quartier.html", {"page": queries.quartier_page(request.user, slug)})


@require_GET
@anonymous_page_cache
def department(request: HttpRequest, slug: str) -> HttpResponse:
    """A department's public page: what it handles, the démarches it runs, its official answers, its results."""
    return render(request, "spaces/department.html", {"page": queries.department_page(request.user, slug)})
