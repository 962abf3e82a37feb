from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Piece


@require_GET
def piece_list(request: HttpRequest) -> HttpResponse:
    pieces = Piece.objects.for_catalogue()
    return render(request, "catalogue/piece_list.html", {"pieces": pieces})
