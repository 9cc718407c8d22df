from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cocite.accounts.permissions import role_labels
from cocite.accounts.viewer import signed_in
from cocite.core import search
from cocite.core.cache import anonymous_page_cache
from cocite.core.params import parse_id

from . import queries
from .forms import SearchForm


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


@require_GET
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """A pseudonym's public page: what they published that this viewer may see, nothing private."""
    focus = request.GET.get("liste", "")
    after = parse_id(request.GET.get("apres")) if focus else None
    try:
        profile = queries.public_profile(request.user, pk, focus=focus, after=after)
    except queries.ProfileUnavailable as missing:
        return render(request, "spaces/person_missing.html", {"reason": missing.reason}, status=404)
    except queries.ProfileMasked as masked:
        return render(request, "spaces/person_masked.html", {"person": masked.person})
    return render(request, "spaces/person.html", {"profile": profile})


@require_GET
def site_search(request: HttpRequest) -> HttpResponse:
    """The site's search, from the header: démarches, contributions, decisions and results this
    person may see, grouped by kind with their counts, each group paged with « Voir plus »."""
    form = SearchForm(request.GET or None)
    query, groups, no_words = "", [], False
    group = request.GET.get("groupe", "")
    group = group if group in queries.SEARCH_GROUPS else ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query and not search.query_stems(query):
            no_words = True
        elif query:
            after = parse_id(request.GET.get("apres")) if group else None
            groups = queries.site_search(request.user, query, group=group, after=after)
    context = {
        "form": form,
        "query": query,
        "groups": groups,
        "group": group,
        "no_words": no_words,
        "total": sum(g.total for g in groups),
    }
    return render(request, "spaces/search.html", context)
