from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Proposal


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(get_object_or_404(Proposal, pk=pk).title)
